/**
 * Bounding a decision the map cannot split exactly.
 *
 * Some distinctions have no exact classes here: a `StringLike` on a principal ARN of another
 * account, a numeric test on a header, a policy variable in a Resource, a managed policy outside the
 * app. Instead of sampling one value, the builder asks the evaluator twice with the unreadable parts
 * replaced by their extremes:
 * - optimistic: every unreadable clause of an Allow statement holds (the clause is removed), every
 *   Deny statement with one never applies (the statement is removed);
 * - pessimistic: the reverse.
 * An IAM decision only grows when Allow statements apply to more requests and Deny statements to
 * fewer (IAM User Guide, "Policy evaluation logic": an explicit Deny wins, else an Allow is needed,
 * on each side that must allow), so whatever the unreadable parts are, the true decision lies
 * between the two answers: ALLOW when even the pessimistic one allows, denied when even the
 * optimistic one does not, and undecided otherwise.
 */
import { PolicyDocument, PolicyStatementJson, statementsOf } from '../template/access-model';

export type Bound = 'optimistic' | 'pessimistic';

/** What of a policy is unreadable: condition keys (lower-cased), and Resources with policy variables. */
export interface Unreadable {
  readonly keys: ReadonlySet<string>;
  /** A stable text of `keys`, for caching. */
  readonly id: string;
}

export function unreadable(keys: Iterable<string>): Unreadable {
  const set = new Set(keys);
  return { keys: set, id: [...set].sort().join(',') };
}

const bounded = new WeakMap<object, Map<string, PolicyDocument>>();

/** The document with its unreadable parts at one extreme (the same object again for the same question). */
export function boundDocument(document: PolicyDocument, what: Unreadable, bound: Bound): PolicyDocument {
  let byQuestion = bounded.get(document);
  if (!byQuestion) bounded.set(document, byQuestion = new Map());
  const cacheKey = `${bound}|${what.id}`;
  const known = byQuestion.get(cacheKey);
  if (known) return known;
  const variablesOn = document.Version === '2012-10-17';
  const statements: PolicyStatementJson[] = [];
  let changed = false;
  for (const statement of statementsOf(document)) {
    const touched = touches(statement, what, variablesOn);
    if (!touched) {
      statements.push(statement);
      continue;
    }
    changed = true;
    // Allow at the optimistic extreme and Deny at the pessimistic one apply as widely as they can.
    const widen = (statement.Effect === 'Allow') === (bound === 'optimistic');
    if (widen) statements.push(widened(statement, what, variablesOn));
  }
  const result = changed ? { ...document, Statement: statements } : document;
  byQuestion.set(cacheKey, result);
  return result;
}

function hasVariable(value: unknown): boolean {
  const list = Array.isArray(value) ? value : [value];
  return list.some(v => typeof v === 'string' && v.includes('${'));
}

function touches(statement: PolicyStatementJson, what: Unreadable, variablesOn: boolean): boolean {
  if (variablesOn && (hasVariable(statement.Resource) || hasVariable(statement.NotResource))) return true;
  for (const block of Object.values(statement.Condition ?? {})) {
    if (block === null || typeof block !== 'object') continue;
    for (const key of Object.keys(block)) {
      if (what.keys.has(key.toLowerCase())) return true;
    }
  }
  return false;
}

/** The statement without its unreadable clauses, and with `*` for a Resource it cannot read. */
function widened(statement: PolicyStatementJson, what: Unreadable, variablesOn: boolean): PolicyStatementJson {
  const out: Record<string, unknown> = { ...statement };
  if (variablesOn && (hasVariable(statement.Resource) || hasVariable(statement.NotResource))) {
    delete out.NotResource;
    out.Resource = '*';
  }
  if (statement.Condition) {
    const condition: Record<string, Record<string, unknown>> = {};
    for (const [operator, block] of Object.entries(statement.Condition)) {
      const kept: Record<string, unknown> = {};
      for (const [key, values] of Object.entries(block ?? {})) {
        if (!what.keys.has(key.toLowerCase())) kept[key] = values;
      }
      if (Object.keys(kept).length > 0) condition[operator] = kept;
    }
    if (Object.keys(condition).length > 0) out.Condition = condition;
    else delete out.Condition;
  }
  return out as PolicyStatementJson;
}

/** An identity policy that allows, or denies, every invoke: the extremes of a policy the app does not define. */
export const ALLOW_EVERY_INVOKE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'UnknownPolicyMayAllow', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};
export const DENY_EVERY_INVOKE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'UnknownPolicyMayDeny', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }],
};
