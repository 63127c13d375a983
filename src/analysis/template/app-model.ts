/**
 * The access models of every stack of an app, built together so that `Fn::ImportValue` resolves to
 * what the exporting stack exports (the same symbolic value the exporting stack's own model uses).
 */
import { AccessModel, buildPeerModels } from './access-model';
import { CfnTemplate, IntrinsicResolver, ResolverLinks, StackEnvironment, stackEnvironment, UnresolvedValueError } from './intrinsics';

/** One stack's template and environment. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The stack's account and region when concrete (placeholders otherwise). */
  readonly account?: string;
  readonly region?: string;
  /**
   * For a nested stack: the stack whose `AWS::CloudFormation::Stack` resource `logicalId` creates it
   * (its parameters come from that resource, its outputs are that resource's `Outputs.*`).
   */
  readonly parent?: { readonly template: StackTemplate; readonly logicalId: string };
  /** What the reader could not read of this stack (e.g. a nested template not in the assembly). */
  readonly unread?: ReadonlyArray<{ readonly logicalId: string; readonly what: string }>;
}

/** How many ways the conditions of one stack are analyzed at most (2^3: three free conditions). */
export const CONDITION_BRANCH_BUDGET = 8;

/**
 * Builds the models of all stacks; each model resolves imports against the other stacks' exports.
 * A stack whose access depends on CloudFormation conditions that cannot be decided before deployment
 * gets one model per way they can go: the first is the stack's model, the others its `variants`.
 */
export function buildAppModels(stacks: readonly StackTemplate[]): AccessModel[] {
  const envs = environments(stacks);
  const branches = stacks.map((stack, i) => conditionBranches(stack.template, envs[i]));
  const first = branches.map(b => b.assignments[0]);
  const models = buildWith(stacks, first);
  stacks.forEach((_stack, i) => {
    const { assignments, free, exceeded } = branches[i];
    const model = models[i] as { condition?: string; variants?: AccessModel[]; problems: AccessModel['problems'] };
    if (exceeded.length > 0) {
      model.problems.push({
        logicalId: exceeded[0].logicalId,
        what: `access depends on more CloudFormation conditions than are analyzed (${CONDITION_BRANCH_BUDGET} ways at most): `
          + `${exceeded.map(c => `'${c.name}'`).join(', ')} were not enumerated, so resources and values under them are read as if the condition held`,
      });
    }
    if (assignments.length <= 1) return;
    model.condition = describeBranch(free, assignments[0]!);
    model.variants = assignments.slice(1).map(assignment => {
      const variant = buildWith(stacks, first.map((f, j) => (j === i ? assignment : f)))[i] as { condition?: string };
      variant.condition = describeBranch(free, assignment!);
      return variant as AccessModel;
    });
  });
  return models;
}

function describeBranch(free: readonly string[], assignment: ReadonlyMap<string, boolean>): string {
  return free.filter(name => assignment.has(name)).map(name => `condition ${name} is ${assignment.get(name)}`).join(' and ');
}

/** Resource types whose Condition or Fn::If can change who may call or manage an API. */
function decidesAccess(type: string): boolean {
  return type.startsWith('AWS::ApiGateway::') || type.startsWith('AWS::IAM::') || type === 'AWS::Lambda::Permission' || type === 'AWS::CloudFormation::Stack';
}

/**
 * The ways the conditions that decide access can go: only conditions named by access resources
 * (their Condition, or an Fn::If in their properties) that cannot be evaluated before deployment
 * (they test a parameter) are enumerated, each as true and as false, within the budget.
 */
function conditionBranches(template: CfnTemplate, env: StackEnvironment) {
  const named = new Map<string, string>(); // condition -> a resource that depends on it
  const scan = (value: unknown, logicalId: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(v => scan(v, logicalId));
      return;
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string' && !named.has(v[0])) named.set(v[0], logicalId);
      scan(v, logicalId);
    }
  };
  for (const [logicalId, entry] of Object.entries(template.Resources ?? {})) {
    if (!entry || !decidesAccess(entry.Type)) continue;
    if (typeof entry.Condition === 'string' && !named.has(entry.Condition)) named.set(entry.Condition, logicalId);
    scan(entry.Properties, logicalId);
  }
  const probe = new IntrinsicResolver(template, env);
  const free = [...named.keys()].filter(name => {
    try {
      probe.condition(name, name);
      return false;
    } catch (e) {
      if (e instanceof UnresolvedValueError) return true;
      throw e;
    }
  });
  const max = Math.floor(Math.log2(CONDITION_BRANCH_BUDGET));
  const enumerated = free.slice(0, max);
  const exceeded = free.slice(max).map(name => ({ name, logicalId: named.get(name)! }));
  const assignments: Array<ReadonlyMap<string, boolean> | undefined> = enumerated.length === 0 ? [undefined] : [];
  for (let branch = 0; branch < 2 ** enumerated.length && enumerated.length > 0; branch++) {
    // Branch 0 first: every condition true, the branch that creates every conditional resource.
    assignments.push(new Map(enumerated.map((name, i) => [name, Math.floor(branch / 2 ** i) % 2 === 0])));
  }
  return { assignments, free: enumerated, exceeded };
}

/**
 * Each stack's environment; a nested stack is deployed in its parent's account and region. Stacks of
 * the app with one name in one environment (CDK lets two environment-agnostic stacks have the same
 * stackName; each may be deployed to its own account) are numbered after the first, so their
 * resources still get identities of their own: never one role, or one API, for two stacks.
 */
function environments(stacks: readonly StackTemplate[]): StackEnvironment[] {
  const known = new Set(stacks);
  const seen = new Map<string, number>();
  return stacks.map(s => {
    let root = s;
    while (root.parent && known.has(root.parent.template)) root = root.parent.template;
    const env = stackEnvironment(s.stackName, s.account ?? root.account, s.region ?? root.region);
    const key = [env.partition, env.account, env.region, env.stackName].join('\n');
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return count === 0 ? env : { ...env, duplicate: count };
  });
}

function buildWith(stacks: readonly StackTemplate[], conditions: ReadonlyArray<ReadonlyMap<string, boolean> | undefined>): AccessModel[] {
  const index = new Map<StackTemplate, number>(stacks.map((s, i) => [s, i]));
  const envs = environments(stacks);
  const resolvers: IntrinsicResolver[] = [];
  const inProgress = new Set<string>();
  /** Resolves once, refusing a value that depends on itself through parameters and outputs. */
  const guarded = (key: string, path: string, read: () => unknown): unknown => {
    if (inProgress.has(key)) throw new UnresolvedValueError(path, 'the value depends on itself through nested stack parameters and outputs');
    inProgress.add(key);
    try {
      return read();
    } finally {
      inProgress.delete(key);
    }
  };
  const linksOf = (stack: StackTemplate, i: number): ResolverLinks => {
    const parent = stack.parent;
    const parentIndex = parent ? index.get(parent.template) : undefined;
    return {
      conditions: conditions[i],
      parameter: parent && parentIndex !== undefined ? (name: string) => {
        const passed = (parent.template.template.Resources?.[parent.logicalId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
        if (!(name in passed)) return undefined;
        const path = `${parent.logicalId}.Parameters.${name}`;
        return guarded(`${i} parameter ${name}`, path, () => resolvers[parentIndex].resolve(passed[name], path));
      } : undefined,
      nestedOutput: (logicalId: string, output: string) => {
        const child = stacks.findIndex(s => s.parent?.template === stack && s.parent.logicalId === logicalId);
        const value = stacks[child]?.template.Outputs?.[output]?.Value;
        if (value === undefined) return undefined;
        const path = `Outputs.${output}.Value`;
        return guarded(`${child} output ${output}`, path, () => resolvers[child].resolve(value, path));
      },
    };
  };
  const links = stacks.map((stack, i) => linksOf(stack, i));
  stacks.forEach((stack, i) => resolvers.push(new IntrinsicResolver(stack.template, envs[i], name => importValue(envs[i], name), links[i])));
  // "For each AWS account, Export names must be unique within a Region", and Fn::ImportValue imports
  // "only values that have been exported within the same Region" (CloudFormation template reference,
  // Fn::ImportValue): the same export name in two environments (one Stage per region) is two values.
  const exports = new Map<string, () => unknown>();
  const exportKey = (env: StackEnvironment, name: string) => [env.partition, env.account, env.region, name].join('\n');
  stacks.forEach((stack, i) => {
    const resolver = resolvers[i];
    for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
      if (output?.Export?.Name === undefined) continue;
      try {
        const exportName = resolver.resolveString(output.Export.Name, `Outputs.${name}.Export.Name`);
        exports.set(exportKey(envs[i], exportName), () => guarded(`export ${exportName}`, `Outputs.${name}.Value`, () => resolver.resolve(output.Value, `Outputs.${name}.Value`)));
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
      }
    }
  });
  const importValue = (env: StackEnvironment, name: string): unknown => {
    const read = exports.get(exportKey(env, name));
    if (!read) return undefined;
    try {
      return read();
    } catch (e) {
      if (e instanceof UnresolvedValueError) return undefined;
      throw e;
    }
  };
  const models = buildPeerModels(stacks.map((stack, i) => ({
    template: stack.template, env: envs[i], links: links[i], importValue: (name: string) => importValue(envs[i], name),
  })));
  stacks.forEach((stack, i) => models[i].problems.push(...stack.unread ?? []));
  return models;
}
