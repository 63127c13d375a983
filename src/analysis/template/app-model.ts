/**
 * The access models of every stack of an app, built together so that `Fn::ImportValue` resolves to
 * what the exporting stack exports (the same symbolic value the exporting stack's own model uses).
 */
import { AccessModel, buildPeerModels } from './access-model';
import {
  CfnTemplate, describeParameterClass, IntrinsicResolver, ParameterClass, ResolverLinks, StackEnvironment, stackEnvironment, UnresolvedValueError,
} from './intrinsics';

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

/** How many ways the parameters and conditions of one stack are analyzed at most. */
export const CONDITION_BRANCH_BUDGET = 8;

/** How the problem of a stack whose conditions do not fit the budget begins (see buildAppModels). */
export const OVER_BRANCH_BUDGET = 'access depends on more CloudFormation parameter values and conditions than are analyzed';

/** One way the parameters (and conditions no parameter value decides) of one stack can go. */
interface Branch {
  readonly parameters?: ReadonlyMap<string, ParameterClass>;
  readonly conditions?: ReadonlyMap<string, boolean>;
  /** `parameter Env is "prod" and condition InUsEast1 is true`. */
  readonly description: string;
}

const AS_WRITTEN: Branch = { description: '' };

/**
 * Builds the models of all stacks; each model resolves imports against the other stacks' exports.
 * A stack whose access depends on template parameters (through CloudFormation conditions, or used
 * directly in an access property such as a method's AuthorizationType) gets one model per class of values they can
 * take (see branchPlan): the first is the stack's model, the others its `variants`.
 */
export function buildAppModels(stacks: readonly StackTemplate[]): AccessModel[] {
  const asWritten = buildWith(stacks, stacks.map(() => AS_WRITTEN));
  const plans = asWritten.map((model, i) => branchPlan(model, stacks[i]));
  const first = plans.map(p => p.branches[0]);
  const models = first.every(b => b === AS_WRITTEN) ? asWritten : buildWith(stacks, first);
  stacks.forEach((_stack, i) => {
    const { branches, exceeded } = plans[i];
    const model = models[i] as { condition?: string; variants?: AccessModel[]; problems: AccessModel['problems'] };
    if (exceeded.length > 0) {
      // Sound although not enumerated: the problem lands on every API of the stack (or, without one,
      // every principal), so the map says undecided wherever it would otherwise say denied.
      const what = `${OVER_BRANCH_BUDGET} (${CONDITION_BRANCH_BUDGET} ways at most); not enumerated: `
        + `${exceeded.map(e => e.what).join(', ')}. Resources under them are read as if they held, and what they could deny is undecided`;
      const on = models[i].apis.length > 0 ? models[i].apis.map(a => a.logicalId) : models[i].principals.map(p => p.logicalId);
      for (const logicalId of on.length > 0 ? on : [exceeded[0].logicalId]) model.problems.push({ logicalId, what });
    }
    if (branches.length <= 1) return;
    model.condition = branches[0].description;
    model.variants = branches.slice(1).map(branch => {
      const variant = buildWith(stacks, first.map((f, j) => (j === i ? branch : f)))[i] as { condition?: string; problems: AccessModel['problems'] };
      variant.condition = branch.description;
      variant.problems.push(...model.problems.filter(p => p.what.startsWith(OVER_BRANCH_BUDGET)));
      return variant as AccessModel;
    });
  });
  return models;
}

/** Resource types whose Condition or Fn::If can change who may call or manage an API. */
function decidesAccess(type: string): boolean {
  return type.startsWith('AWS::ApiGateway::') || type.startsWith('AWS::IAM::') || type === 'AWS::Lambda::Permission' || type === 'AWS::CloudFormation::Stack';
}

/**
 * The values of access properties that, given as `Ref` to a template parameter with AllowedValues,
 * are enumerated like a parameter a condition tests: a method's authorization type, verb and API key
 * requirement, an API's endpoint type. Where the property itself takes only a few values, those are
 * `implied`: a parameter without AllowedValues can be deployed with no other (CloudFormation User Guide,
 * AWS::ApiGateway::RestApi EndpointConfiguration `Types`: "Valid values: EDGE | PRIVATE | REGIONAL";
 * AWS::ApiGateway::Method `ApiKeyRequired`: Boolean), so it is enumerated with those.
 */
function enumeratedProperties(type: string, props: Record<string, unknown>): Array<{ value: unknown; implied?: readonly string[] }> {
  switch (type) {
    case 'AWS::ApiGateway::Method':
      return [{ value: props.AuthorizationType }, { value: props.HttpMethod }, { value: props.ApiKeyRequired, implied: ['false', 'true'] }];
    case 'AWS::ApiGateway::RestApi': {
      const types = (props.EndpointConfiguration as { Types?: unknown } | undefined)?.Types;
      return (Array.isArray(types) ? types : [types]).map(value => ({ value, implied: ['EDGE', 'PRIVATE', 'REGIONAL'] }));
    }
    default:
      return [];
  }
}

/** A template parameter that decides access, and what it is compared with. */
interface DecidingParameter {
  readonly name: string;
  /** A resource whose access depends on it. */
  readonly logicalId: string;
  /** Literals the conditions compare it with. */
  readonly literals: Set<string>;
  /** The only values it can be deployed with, from the property it is given as (see `enumeratedProperties`). */
  readonly implied?: readonly string[];
}

/**
 * The ways the stack's access can go. Enumerated are the classes of value of each template parameter
 * that access depends on, not the conditions: a parameter's class fixes every condition on it, so two
 * conditions on one parameter never go an impossible way (IsProd and IsDev both true). The parameters
 * are those the conditions named by access resources (their Condition, or an Fn::If in their
 * properties) test, and those with AllowedValues given as a method's AuthorizationType, HttpMethod or
 * ApiKeyRequired, or an API's endpoint type (the last two also without: see `enumeratedProperties`).
 * A parameter's classes: each of its AllowedValues (CloudFormation deploys nothing else); else the values
 * the property it is given as takes; otherwise its Default, each literal the conditions compare it with,
 * and any other value.
 * A nested stack's parameter the parent passes is the parent's value; one it does not pass is the
 * Default: both are read through the model's links, so only what stays unknown is enumerated.
 * Conditions that the parameter values still leave undecided (on AWS::Region or AWS::AccountId of an
 * environment-agnostic stack, whose placeholder the ARNs of the model use; or comparing two parameters)
 * are enumerated true and false, as a condition that may go either way; so are the conditions on a
 * parameter whose classes do not fit the budget (fewer ways, some perhaps impossible, none missed).
 * What fits in neither is a problem on every API of the stack: undecided, never assumed denied.
 */
function branchPlan(model: AccessModel, stack: StackTemplate): { branches: Branch[]; exceeded: Array<{ what: string; logicalId: string }> } {
  const resolver = model.resolver;
  const template = resolver.template;
  const named = new Map<string, string>(); // condition -> a resource that depends on it
  const direct: DecidingParameter[] = [];
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
    for (const { value, implied } of enumeratedProperties(entry.Type, entry.Properties ?? {})) {
      const name = refName(value);
      if (name === undefined || direct.some(d => d.name === name) || !unknownParameter(resolver, name)) continue;
      const p = { name, logicalId, literals: new Set<string>(), ...(implied ? { implied } : {}) };
      if ((allowedValues(stack, name) !== undefined || implied) && classesOf(stack, p)[0].value !== undefined) direct.push(p);
    }
  }
  const free = [...named.keys()].filter(name => !decided(() => resolver.condition(name, name)));

  const parameters = new Map<string, DecidingParameter>();
  for (const name of free) {
    collectParameters(resolver, template.Conditions?.[name], named.get(name)!, parameters, new Set([name]));
  }
  for (const d of direct) {
    const tested = parameters.get(d.name);
    parameters.set(d.name, tested ? { ...tested, ...(d.implied ? { implied: d.implied } : {}) } : d);
  }

  // Within the budget: as many parameters as fit, in the order access resources name them.
  let ways = 1;
  const enumerated: Array<{ name: string; classes: ParameterClass[] }> = [];
  const exceeded: Array<{ what: string; logicalId: string }> = [];
  for (const p of parameters.values()) {
    const classes = classesOf(stack, p);
    // "Any value" alone tells nothing apart: its conditions, if any, go true and false below.
    if (classes.length === 1 && classes[0].value === undefined) continue;
    // Over the budget, a parameter's conditions are enumerated true and false below, as conditions
    // no parameter value decides (fewer ways, some maybe impossible, none missed).
    if (ways * classes.length > CONDITION_BRANCH_BUDGET) continue;
    ways *= classes.length;
    enumerated.push({ name: p.name, classes });
  }
  let assignments: Array<Map<string, ParameterClass>> = [new Map()];
  for (const { name, classes } of enumerated) {
    assignments = assignments.flatMap(a => classes.map(c => new Map([...a, [name, c]])));
  }
  // Conditions the parameter values do not decide go either way, in each assignment where they are
  // undecided (Fn::And of IsProd and a Region test is false whenever Env is not prod), within the budget.
  const undecidedIn = assignments.map(a => new Set(free.filter(name => !decided(() => resolver.withParameters(a).condition(name, name)))));
  const waysWith = (chosen: ReadonlySet<string>) => undecidedIn.reduce((sum, u) => sum + 2 ** [...u].filter(n => chosen.has(n)).length, 0);
  let chosen = new Set<string>();
  for (const name of free.filter(n => undecidedIn.some(u => u.has(n)))) {
    const next = new Set([...chosen, name]);
    if (waysWith(next) > CONDITION_BRANCH_BUDGET) {
      const on = [...parameters.keys()].filter(p => dependsOn(template.Conditions?.[name], p, template));
      exceeded.push({ what: `condition '${name}'${on.length > 0 ? ` (on parameter ${on.map(p => `'${p}'`).join(', ')})` : ''}`, logicalId: named.get(name)! });
      continue;
    }
    chosen = next;
  }
  if (enumerated.length === 0 && chosen.size === 0) return { branches: [AS_WRITTEN], exceeded };
  const branches: Branch[] = [];
  assignments.forEach((assignment, i) => {
    const residual = free.filter(n => chosen.has(n) && undecidedIn[i].has(n));
    for (let way = 0; way < 2 ** residual.length; way++) {
      // Way 0 first: every such condition true, the way that creates every conditional resource.
      const conditions = new Map(residual.map((name, j) => [name, Math.floor(way / 2 ** j) % 2 === 0]));
      const description = [
        ...[...assignment].map(([name, c]) => describeParameterClass(name, c)),
        ...[...conditions].map(([name, value]) => `condition ${name} is ${value}`),
      ].join(' and ');
      branches.push({ parameters: assignment, conditions, description });
    }
  });
  return { branches, exceeded };
}

/** The parameters a condition tests (through Fn::Equals, And, Or, Not and Condition), and the literals it compares them with. */
function collectParameters(resolver: IntrinsicResolver, expression: unknown, logicalId: string,
  into: Map<string, DecidingParameter>, seen: Set<string>): void {
  const template = resolver.template;
  const visit = (value: unknown, comparedWith?: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(v => visit(v));
      return;
    }
    const obj = value as Record<string, unknown>;
    const ref = refName(obj);
    if (ref !== undefined) {
      if (!unknownParameter(resolver, ref)) return;
      let p = into.get(ref);
      if (!p) into.set(ref, p = { name: ref, logicalId, literals: new Set() });
      const literal = comparedWith === undefined ? undefined : decidedValue(() => resolver.resolve(comparedWith, 'Fn::Equals'));
      if (typeof literal === 'string' || typeof literal === 'number' || typeof literal === 'boolean') p.literals.add(String(literal));
      return;
    }
    for (const [key, v] of Object.entries(obj)) {
      if (key === 'Fn::Equals' && Array.isArray(v) && v.length === 2) {
        visit(v[0], v[1]);
        visit(v[1], v[0]);
      } else if (key === 'Condition' && typeof v === 'string') {
        if (seen.has(v)) continue;
        seen.add(v);
        visit(template.Conditions?.[v]);
      } else if (key === 'Fn::Sub' && (typeof v === 'string' || Array.isArray(v))) {
        // A parameter inside a text compared with something: enumerated with its own classes.
        const text = typeof v === 'string' ? v : v[0];
        for (const [, name] of String(text).matchAll(/\$\{([A-Za-z0-9]+)\}/g)) visit({ Ref: name });
        if (Array.isArray(v)) visit(v[1]);
      } else {
        visit(v);
      }
    }
  };
  visit(expression);
}

/** Whether a condition's definition names the parameter (directly, in a Fn::Sub, or through another condition). */
function dependsOn(expression: unknown, parameter: string, template: CfnTemplate, seen: Set<string> = new Set()): boolean {
  if (expression === null || typeof expression !== 'object') return false;
  if (Array.isArray(expression)) return expression.some(e => dependsOn(e, parameter, template, seen));
  return Object.entries(expression as Record<string, unknown>).some(([key, v]) => {
    if (key === 'Ref') return v === parameter;
    if (key === 'Fn::Sub') return JSON.stringify(v).includes(`\${${parameter}}`) || dependsOn(v, parameter, template, seen);
    if (key === 'Condition' && typeof v === 'string') {
      if (seen.has(v)) return false;
      seen.add(v);
      return dependsOn(template.Conditions?.[v], parameter, template, seen);
    }
    return dependsOn(v, parameter, template, seen);
  });
}

/** The classes of value of a parameter: its AllowedValues; else its Default, the literals compared with, and any other value. */
function classesOf(stack: StackTemplate, p: DecidingParameter): ParameterClass[] {
  const template = stack.template;
  // A list's Ref is a list, and an SSM parameter type's value is read from Systems Manager (its
  // AllowedValues constrain the parameter's name, not the value): one class, any value.
  const type = String((template.Parameters?.[p.name] as { Type?: unknown } | undefined)?.Type ?? 'String');
  if (type === 'CommaDelimitedList' || type.startsWith('List<') || type.startsWith('AWS::SSM::Parameter::')) return [{ noneOf: [] }];
  const allowed = allowedValues(stack, p.name);
  if (allowed !== undefined) return allowed.map(value => ({ value }));
  // The property it is given as takes no other value: any other, and nothing is deployed.
  if (p.implied !== undefined) return p.implied.map(value => ({ value }));
  const defaultValue = (template.Parameters?.[p.name] as { Default?: unknown } | undefined)?.Default;
  const known = [...new Set([...(defaultValue === undefined ? [] : [String(defaultValue)]), ...p.literals])];
  return [...known.map(value => ({ value })), { noneOf: known }];
}

/**
 * The values a parameter can be deployed with: its AllowedValues and, for a nested stack's parameter
 * the parent passes as `Ref` to a parameter of its own, that parameter's (both must hold).
 */
function allowedValues(stack: StackTemplate, name: string): string[] | undefined {
  const own = declaredAllowedValues(stack.template, name);
  const passed = stack.parent?.template.template.Resources?.[stack.parent.logicalId]?.Properties?.Parameters as Record<string, unknown> | undefined;
  const parentName = refName(passed?.[name]);
  const inherited = parentName === undefined ? undefined : allowedValues(stack.parent!.template, parentName);
  if (own === undefined || inherited === undefined) return own ?? inherited;
  const both = own.filter(v => inherited.includes(v));
  return both.length > 0 ? both : undefined; // none: the stack cannot be deployed; read as unconstrained
}

function declaredAllowedValues(template: CfnTemplate, name: string): string[] | undefined {
  const allowed = (template.Parameters?.[name] as { AllowedValues?: unknown } | undefined)?.AllowedValues;
  return Array.isArray(allowed) && allowed.length > 0 ? [...new Set(allowed.map(v => String(v)))] : undefined;
}

/** A template parameter whose value is not known before deployment (a nested stack's may be: passed or defaulted). */
function unknownParameter(resolver: IntrinsicResolver, name: string): boolean {
  const template = resolver.template;
  if (!template.Parameters || !(name in template.Parameters) || template.Resources?.[name] !== undefined) return false;
  return !decided(() => resolver.resolve({ Ref: name }, name));
}

function refName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const ref = (value as { Ref?: unknown }).Ref;
  return keys.length === 1 && typeof ref === 'string' ? ref : undefined;
}

/** Whether `read` gives a value before deployment. */
function decided(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch (e) {
    if (e instanceof UnresolvedValueError) return false;
    throw e;
  }
}

function decidedValue(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnresolvedValueError) return undefined;
    throw e;
  }
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

function buildWith(stacks: readonly StackTemplate[], branches: readonly Branch[]): AccessModel[] {
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
      conditions: branches[i].conditions,
      parameters: branches[i].parameters,
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
