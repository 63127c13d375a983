/**
 * The access models of every stack of an app, built together so that `Fn::ImportValue` resolves to
 * what the exporting stack exports (the same symbolic value the exporting stack's own model uses).
 */
import { AccessModel, buildPeerModels } from './access-model';
import { CfnTemplate, IntrinsicResolver, ResolverLinks, stackEnvironment, UnresolvedValueError } from './intrinsics';

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

/** Builds the models of all stacks; each model resolves imports against the other stacks' exports. */
export function buildAppModels(stacks: readonly StackTemplate[]): AccessModel[] {
  const index = new Map<StackTemplate, number>(stacks.map((s, i) => [s, i]));
  const envs = stacks.map(s => {
    // A nested stack is deployed in its parent's account and region.
    let root = s;
    while (root.parent && index.has(root.parent.template)) root = root.parent.template;
    return stackEnvironment(s.stackName, s.account ?? root.account, s.region ?? root.region);
  });
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
  stacks.forEach((stack, i) => resolvers.push(new IntrinsicResolver(stack.template, envs[i], name => importValue(name), links[i])));
  const exports = new Map<string, () => unknown>();
  stacks.forEach((stack, i) => {
    const resolver = resolvers[i];
    for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
      if (output?.Export?.Name === undefined) continue;
      try {
        const exportName = resolver.resolveString(output.Export.Name, `Outputs.${name}.Export.Name`);
        exports.set(exportName, () => guarded(`export ${exportName}`, `Outputs.${name}.Value`, () => resolver.resolve(output.Value, `Outputs.${name}.Value`)));
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
      }
    }
  });
  const importValue = (name: string): unknown => {
    const read = exports.get(name);
    if (!read) return undefined;
    try {
      return read();
    } catch (e) {
      if (e instanceof UnresolvedValueError) return undefined;
      throw e;
    }
  };
  const models = buildPeerModels(stacks.map((stack, i) => ({ template: stack.template, env: envs[i], links: links[i] })), importValue);
  stacks.forEach((stack, i) => models[i].problems.push(...stack.unread ?? []));
  return models;
}
