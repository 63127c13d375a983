/**
 * What a policy can tell apart: the statements that concern invoking an API, their Resource
 * patterns and their condition clauses, read from the policy JSON as written.
 *
 * The scan only decides how to cut the request space into classes; the evaluator still decides
 * every class. So the scan may see more distinctions than matter (a class too many costs one
 * evaluation), but it must never miss one: anything it cannot read exactly is marked uncertain,
 * and the builder then bounds the decision from both sides instead of sampling (see uncertainty.ts).
 */
import { compileStringPattern, patternMatches, StringPattern, WildcardKind } from './string-space';
import { PolicyDocument, PolicyStatementJson, statementsOf } from '../template/access-model';

/** One operator applied to one key, as written. */
export interface ConditionClause {
  /** The operator without qualifiers: StringEquals, IpAddress, ... */
  readonly operator: string;
  /** ForAnyValue / ForAllValues. */
  readonly setOperator?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
  /** The key, lower-cased. */
  readonly key: string;
  /** The key as written (for answers). */
  readonly keyText: string;
  readonly values: readonly string[];
  /** Values hold policy variables (`${...}`, Version 2012-10-17). */
  readonly variables: boolean;
}

/** A statement that may concern `execute-api:Invoke`. */
export interface ScannedStatement {
  /** The document the statement belongs to. */
  readonly policy: PolicyDocument;
  readonly effect: 'Allow' | 'Deny';
  readonly statement: PolicyStatementJson;
  /** Resource (or NotResource, `negated`) patterns, `*` included; undefined when a value uses a policy variable. */
  readonly resources?: readonly StringPattern[];
  readonly negatedResources: boolean;
  readonly clauses: readonly ConditionClause[];
  /** AWS principals named in Principal / NotPrincipal (account ids, root, role and user ARNs). */
  readonly principals: readonly string[];
}

/** A scanned policy document. */
export interface ScannedPolicy {
  readonly document: PolicyDocument;
  readonly statements: readonly ScannedStatement[];
}

const INVOKE = 'execute-api:invoke';
const SHORTHAND = 'execute-api:/';
const scanned = new WeakMap<object, Map<string, ScannedPolicy>>();

/**
 * Scans a document once per object (and per `executeApiPrefix`, for resource policies that use the
 * `execute-api:/` shorthand). Statements that cannot concern Invoke (their Action excludes it) are
 * left out: they change no decision here.
 */
export function scanPolicy(document: PolicyDocument, executeApiPrefix?: string): ScannedPolicy {
  let byPrefix = scanned.get(document);
  if (!byPrefix) scanned.set(document, byPrefix = new Map());
  const cacheKey = executeApiPrefix ?? '';
  const known = byPrefix.get(cacheKey);
  if (known) return known;
  const variablesOn = document.Version === '2012-10-17';
  const statements: ScannedStatement[] = [];
  for (const statement of statementsOf(document)) {
    if (statement === null || typeof statement !== 'object') continue;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') continue;
    if (!concernsInvoke(statement)) continue;
    const negatedResources = statement.Resource === undefined && statement.NotResource !== undefined;
    const resourceValues = asList(negatedResources ? statement.NotResource : statement.Resource);
    let resources: StringPattern[] | undefined = [];
    for (const value of resourceValues) {
      if (variablesOn && value.includes('${')) {
        resources = undefined;
        break;
      }
      const text = value.startsWith(SHORTHAND) && executeApiPrefix !== undefined
        ? executeApiPrefix + value.slice(SHORTHAND.length - 1)
        : value;
      resources.push(compileStringPattern(text, text === '*' ? WildcardKind.TEXT : WildcardKind.ARN));
    }
    statements.push({
      policy: document,
      effect: statement.Effect,
      statement,
      resources,
      negatedResources,
      clauses: clausesOf(statement.Condition, variablesOn),
      principals: [...awsPrincipals(statement.Principal), ...awsPrincipals(statement.NotPrincipal)],
    });
  }
  const result = { document, statements };
  byPrefix.set(cacheKey, result);
  return result;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function concernsInvoke(statement: PolicyStatementJson): boolean {
  const negated = statement.Action === undefined && statement.NotAction !== undefined;
  const patterns = asList(negated ? statement.NotAction : statement.Action)
    .map(a => compileStringPattern(a.toLowerCase(), WildcardKind.TEXT));
  const hit = patterns.some(p => patternMatches(p, INVOKE));
  return negated ? !hit : hit;
}

function awsPrincipals(principal: unknown): string[] {
  if (principal === undefined || principal === '*' || typeof principal !== 'object' || principal === null) return [];
  const aws = (principal as Record<string, unknown>).AWS;
  return asList(aws).filter(v => v !== '*');
}

function clausesOf(condition: unknown, variablesOn: boolean): ConditionClause[] {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return [];
  const out: ConditionClause[] = [];
  for (const [operatorText, block] of Object.entries(condition as Record<string, unknown>)) {
    let name = operatorText;
    let setOperator: ConditionClause['setOperator'];
    for (const prefix of ['ForAnyValue', 'ForAllValues'] as const) {
      if (name.startsWith(`${prefix}:`)) {
        setOperator = prefix;
        name = name.slice(prefix.length + 1);
      }
    }
    const ifExists = name.endsWith('IfExists');
    if (ifExists) name = name.slice(0, -'IfExists'.length);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [keyText, raw] of Object.entries(block as Record<string, unknown>)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(v => String(v));
      out.push({
        operator: name,
        setOperator,
        ifExists,
        key: keyText.toLowerCase(),
        keyText,
        values,
        variables: variablesOn && values.some(v => v.includes('${')),
      });
    }
  }
  return out;
}

/** String operators whose values are patterns over the key's value. */
export const STRING_OPERATORS: Readonly<Record<string, { wildcards: boolean; fold: boolean }>> = {
  StringEquals: { wildcards: false, fold: false },
  StringNotEquals: { wildcards: false, fold: false },
  StringEqualsIgnoreCase: { wildcards: false, fold: true },
  StringNotEqualsIgnoreCase: { wildcards: false, fold: true },
  StringLike: { wildcards: true, fold: false },
  StringNotLike: { wildcards: true, fold: false },
};

/** ARN operators (segment-wise wildcards). */
export const ARN_OPERATORS = new Set(['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']);
export const IP_OPERATORS = new Set(['IpAddress', 'NotIpAddress']);

/**
 * A clause's values as string patterns over the key's value, when the clause is a plain string,
 * ARN or Bool test (Bool compares without case, like StringEqualsIgnoreCase on `true`/`false`);
 * undefined otherwise.
 */
export function clausePatterns(clause: ConditionClause): StringPattern[] | undefined {
  if (clause.variables) return undefined;
  const spec = STRING_OPERATORS[clause.operator];
  if (spec) {
    return clause.values.map(v => compileStringPattern(spec.fold ? v.toLowerCase() : v,
      spec.wildcards ? WildcardKind.TEXT : WildcardKind.NONE, spec.fold, v));
  }
  if (ARN_OPERATORS.has(clause.operator)) {
    return clause.values.map(v => compileStringPattern(v, WildcardKind.ARN, false, v));
  }
  if (clause.operator === 'Bool') {
    return clause.values.map(v => compileStringPattern(v.toLowerCase(), WildcardKind.NONE, true, v));
  }
  return undefined;
}

/** Whether a clause's values are plain strings (no wildcard can act in them). */
export function clauseIsLiteral(clause: ConditionClause): boolean {
  if (clause.variables) return false;
  const spec = STRING_OPERATORS[clause.operator];
  if (spec) return !spec.wildcards || clause.values.every(v => !v.includes('*') && !v.includes('?'));
  if (ARN_OPERATORS.has(clause.operator)) return clause.values.every(v => !v.includes('*') && !v.includes('?'));
  return false;
}
