/**
 * The shape CloudFormation requires of a template's Parameters and Conditions sections, checked before
 * the analysis enumerates parameter values and conditions. CloudFormation refuses a template that breaks
 * these rules ("Template format error"), so no deployed API can depend on one; reading it anyway would
 * turn a malformed value into a branch (an AllowedValues object read as the value "[object Object]",
 * Fn::Equals with three arguments read as if it had two) or into a crash. The first problem is returned
 * as a message naming the field and what CloudFormation expects there.
 *
 * Sources: CloudFormation User Guide, "Parameters syntax" (each parameter an object with a Type;
 * AllowedValues "an array containing the list of values allowed"), "Condition functions" (Fn::Equals
 * "compares if two values are equal"; Fn::And and Fn::Or take "a minimum of 2 conditions and a maximum
 * of 10"; Fn::Not takes one condition), "Conditions syntax" (Ref in Conditions may name only parameters
 * and pseudo parameters; a condition may name other conditions, not in a cycle).
 */

/** The first way the template's Parameters or Conditions break CloudFormation's rules, or undefined. */
export function templateSectionProblem(template: { readonly [section: string]: unknown }): string | undefined {
  const refused = parametersProblem(template.Parameters)
    ?? conditionsProblem(template.Conditions, template.Parameters as Record<string, unknown> | undefined)
    ?? conditionUsesProblem(template);
  return refused !== undefined ? `${refused}; CloudFormation refuses such a template` : conditionDepthProblem(template.Conditions);
}

/**
 * A resource's or output's `Condition`, or an `Fn::If`, naming a condition the template does not
 * define (CloudFormation: "Template format error: Unresolved dependencies"). Read anyway, the
 * undefined condition became a branch of its own.
 */
function conditionUsesProblem(template: { readonly [section: string]: unknown }): string | undefined {
  const defined = new Set(isObject(template.Conditions) ? Object.keys(template.Conditions) : []);
  const walk = (value: unknown, field: string): string | undefined => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${field}[${i}]`)).find(p => p !== undefined);
    if (!isObject(value)) return undefined;
    const fnIf = value['Fn::If'];
    if (Array.isArray(fnIf) && typeof fnIf[0] === 'string' && !defined.has(fnIf[0])) {
      return `${field}.Fn::If[0]: ${quote(fnIf[0])} is not a condition of the template`;
    }
    for (const [key, inner] of Object.entries(value)) {
      const problem = walk(inner, `${field}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
  for (const section of ['Resources', 'Outputs']) {
    const entries = template[section];
    if (!isObject(entries)) continue;
    for (const [id, entry] of Object.entries(entries)) {
      const condition = isObject(entry) ? entry.Condition : undefined;
      if (typeof condition === 'string' && !defined.has(condition)) {
        return `${section}.${id}.Condition: ${quote(condition)} is not a condition of the template`;
      }
      const problem = walk(entry, `${section}.${id}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function parametersProblem(parameters: unknown): string | undefined {
  if (parameters === undefined) return undefined;
  if (!isObject(parameters)) return `Parameters: expected an object of parameters, got ${kindOf(parameters)}`;
  for (const [name, parameter] of Object.entries(parameters)) {
    const field = `Parameters.${name}`;
    if (!isObject(parameter)) return `${field}: expected an object with a Type, got ${kindOf(parameter)}`;
    if (typeof parameter.Type !== 'string') return `${field}.Type: expected a parameter type such as "String", got ${kindOf(parameter.Type)}`;
    const allowed = parameter.AllowedValues;
    if (allowed !== undefined) {
      if (!Array.isArray(allowed)) return `${field}.AllowedValues: expected a list of values, got ${kindOf(allowed)}`;
      const bad = allowed.findIndex(v => !isScalar(v));
      if (bad >= 0) return `${field}.AllowedValues[${bad}]: expected a string or number, got ${kindOf(allowed[bad])}`;
    }
    if (parameter.Default !== undefined && !isScalar(parameter.Default)) {
      return `${field}.Default: expected a string or number, got ${kindOf(parameter.Default)}`;
    }
  }
  return undefined;
}

const PSEUDO_PARAMETER = /^AWS::(AccountId|NotificationARNs|NoValue|Partition|Region|StackId|StackName|URLSuffix)$/;

function conditionsProblem(conditions: unknown, parameters: Record<string, unknown> | undefined): string | undefined {
  if (conditions === undefined) return undefined;
  if (!isObject(conditions)) return `Conditions: expected an object of conditions, got ${kindOf(conditions)}`;
  const names = new Set(Object.keys(conditions));
  const params = new Set(isObject(parameters) ? Object.keys(parameters) : []);
  const uses = new Map<string, string[]>();

  const check = (value: unknown, field: string, named: string[]): string | undefined => {
    if (!isObject(value) || Object.keys(value).length !== 1) {
      return `${field}: expected a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), got ${kindOf(value)}`;
    }
    const [fn, args] = Object.entries(value)[0];
    const at = `${field}.${fn}`;
    switch (fn) {
      case 'Condition':
        if (typeof args !== 'string' || !names.has(args)) return `${at}: names no condition of the template (${kindOf(args)})`;
        named.push(args);
        return undefined;
      case 'Fn::Equals':
        if (!Array.isArray(args) || args.length !== 2) return `${at}: expected a list of 2 values, got ${countOf(args)}`;
        return args.map((a, i) => refProblem(a, `${at}[${i}]`)).find(p => p !== undefined);
      case 'Fn::Not':
        if (!Array.isArray(args) || args.length !== 1) return `${at}: expected a list of 1 condition, got ${countOf(args)}`;
        return check(args[0], `${at}[0]`, named);
      case 'Fn::And':
      case 'Fn::Or':
        if (!Array.isArray(args) || args.length < 2 || args.length > 10) return `${at}: expected a list of 2 to 10 conditions, got ${countOf(args)}`;
        return args.map((a, i) => check(a, `${at}[${i}]`, named)).find(p => p !== undefined);
      default:
        return `${at}: not a condition function (expected Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)`;
    }
  };

  // A Ref in a condition names a parameter or a pseudo parameter; CloudFormation refuses anything else.
  const refProblem = (value: unknown, field: string): string | undefined => {
    if (Array.isArray(value)) return value.map((v, i) => refProblem(v, `${field}[${i}]`)).find(p => p !== undefined);
    if (!isObject(value)) return undefined;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !params.has(inner) && !PSEUDO_PARAMETER.test(inner)) {
        return `${field}.Ref: ${quote(inner)} is not a parameter of the template (a condition may refer only to parameters and pseudo parameters)`;
      }
      const problem = refProblem(inner, `${field}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };

  for (const [name, condition] of Object.entries(conditions)) {
    const named: string[] = [];
    const problem = check(condition, `Conditions.${name}`, named);
    if (problem) return problem;
    uses.set(name, named);
  }
  const cycle = firstCycle(uses, new Map());
  return cycle ? `Conditions.${cycle[0]}: the conditions ${cycle.map(quote).join(' -> ')} depend on each other in a cycle` : undefined;
}

/**
 * A chain of conditions naming conditions far deeper than any template needs: the analysis follows
 * Condition references recursively, and thousands would exhaust the stack (as JSON nested deeper
 * than the readers' limit would). Run after conditionsProblem, so the conditions are well formed.
 */
function conditionDepthProblem(conditions: unknown): string | undefined {
  if (!isObject(conditions)) return undefined;
  const uses = new Map<string, string[]>();
  const collect = (value: unknown, into: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach(v => collect(v, into));
    } else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Condition' && typeof inner === 'string') into.push(inner);
        else collect(inner, into);
      }
    }
  };
  for (const [name, condition] of Object.entries(conditions)) {
    const named: string[] = [];
    collect(condition, named);
    uses.set(name, named);
  }
  const depths = new Map<string, number>();
  firstCycle(uses, depths);
  const deepest = [...depths].find(([, depth]) => depth > MAX_CONDITION_CHAIN);
  return deepest ? `Conditions.${deepest[0]}: names conditions that name others more than ${MAX_CONDITION_CHAIN} deep, which no template needs` : undefined;
}

/** How long a chain of conditions naming conditions is read (the resolver follows 64). */
const MAX_CONDITION_CHAIN = 64;

/**
 * A cycle among conditions naming each other, as the names along it (first repeated at the end);
 * without one, `depths` gets each condition's longest chain of conditions it names (itself 1).
 * Iterative (an explicit stack): a template may chain thousands of conditions.
 */
function firstCycle(uses: ReadonlyMap<string, readonly string[]>, depths: Map<string, number>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of uses.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const name = path[path.length - 1];
      const targets = uses.get(name) ?? [];
      const i = next[next.length - 1]++;
      if (i >= targets.length) {
        state.set(name, 'done');
        // Post-order: every condition it names has its depth already.
        depths.set(name, 1 + Math.max(0, ...targets.map(t => depths.get(t) ?? 0)));
        path.pop();
        next.pop();
        continue;
      }
      const target = targets[i];
      if (state.get(target) === 'open') return [...path.slice(path.indexOf(target)), target];
      if (state.has(target)) continue;
      state.set(target, 'open');
      path.push(target);
      next.push(0);
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function countOf(value: unknown): string {
  return Array.isArray(value) ? `${value.length}` : kindOf(value);
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quote(value)}`;
}

/** A value as a message quotes it: at most a short prefix. */
function quote(value: unknown): string {
  const text = JSON.stringify(String(value));
  return text.length > 60 ? `${text.slice(0, 56)}..."` : text;
}
