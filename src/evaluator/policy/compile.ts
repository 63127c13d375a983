/**
 * compilePolicy: validates a policy document as IAM would and compiles it into matchers built once.
 *
 * Grammar (IAM User Guide, "IAM JSON policy element reference" and "IAM JSON policy grammar"):
 * - top level: Version ("2012-10-17" or "2008-10-17"; absent means the old language, without
 *   policy variables), Id, Statement (one object or a list);
 * - a statement: Sid, Effect (Allow | Deny), exactly one of Action / NotAction, exactly one of
 *   Resource / NotResource, Principal / NotPrincipal (required in resource-based policies, not
 *   allowed in identity policies and permissions boundaries: "Principal" and "NotPrincipal" pages),
 *   Condition. Element names are case-sensitive; anything else is an error here, because an element
 *   the evaluator does not know could change the answer.
 * - Sids are unique within a policy ("IAM JSON policy elements: Sid").
 * - API Gateway resource policies may write `execute-api:/STAGE/VERB/PATH`: API Gateway expands it
 *   with the API's own ARN (API Gateway Developer Guide, "Create and attach an API Gateway resource
 *   policy to an API").
 *
 * Compiled policies are cached by content (a bounded Map): a document given again as another object
 * (the same policy in many scenarios from JSON, or rewritten by a rule) is compiled once. The scenario
 * reader keeps the compiled form per document object on top of this (scenario-policies.ts).
 */
import { InvalidInputError, quote } from '../errors';
import { InternalPolicy, InternalStatement, PatternList } from './compiled';
import { compileConditions, CompiledConditions, isArnPattern, testsKey } from './conditions';
import { CompiledPolicy, CompileOptions, PolicyKind } from './model';
import { compilePattern, Pattern, WildcardMode } from './pattern';
import { compilePrincipal, PrincipalSpec } from './principal';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
// `service:action`: "a namespace that identifies a service (iam, ec2, sqs, sns, s3, etc.) followed by
// the name of the action", and "you can also use wildcards (*) as part of the action name" ("IAM JSON
// policy elements: Action"): wildcards belong to the action name, never to the service prefix.
const ACTION = /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?_-]+$/;
const WILDCARD_SERVICE = /^[^:]*[*?][^:]*:/;
const EXECUTE_API_SHORTHAND = 'execute-api:/';
const PRINCIPAL_ARN_VARIABLE = /\$\{\s*aws:principalarn\b/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrList(raw: unknown, field: string): { values: string[]; at: (i: number) => string } {
  const isList = Array.isArray(raw);
  const values = isList ? raw : [raw];
  const at = (i: number) => (isList ? `${field}[${i}]` : field);
  if (values.length === 0) {
    throw new InvalidInputError(field, 'is an empty list');
  }
  values.forEach((v, i) => {
    if (typeof v !== 'string') {
      throw new InvalidInputError(at(i), 'must be a string');
    }
  });
  return { values: values as string[], at };
}

function compileActions(raw: unknown, negated: boolean, field: string): PatternList {
  const { values, at } = stringOrList(raw, field);
  const patterns: Pattern[] = values.map((v, i) => {
    if (v !== '*' && !ACTION.test(v)) {
      if (WILDCARD_SERVICE.test(v)) {
        throw new InvalidInputError(at(i), `${quote(v)} has a wildcard in the service prefix, which IAM does not allow: `
          + 'wildcards may only be part of the action name (execute-api:*, execute-api:Inv*), or the whole value "*"');
      }
      throw new InvalidInputError(at(i), `${quote(v)} is not an action (service:action, e.g. execute-api:Invoke, or "*")`);
    }
    // Action names are case-insensitive ("IAM JSON policy elements: Action").
    return compilePattern(v.toLowerCase(), { wildcards: WildcardMode.TEXT, variables: false, field: at(i) });
  });
  return { patterns, negated, matchesAll: values.includes('*') };
}

function compileResources(raw: unknown, negated: boolean, field: string, options: CompileOptions, variables: boolean):
PatternList {
  const { values, at } = stringOrList(raw, field);
  const patterns: Pattern[] = values.map((v, i) => {
    let text = v;
    if (text.startsWith(EXECUTE_API_SHORTHAND)) {
      if (options.kind !== PolicyKind.RESOURCE || options.executeApiPrefix === undefined) {
        throw new InvalidInputError(at(i), `${quote(v)}: the execute-api:/ shorthand is only valid in an API's resource policy`);
      }
      text = options.executeApiPrefix + text.slice(EXECUTE_API_SHORTHAND.length - 1);
    }
    if (text !== '*' && !isArnPattern(text)) {
      throw new InvalidInputError(at(i), `${quote(v)} is not a resource ARN (arn:partition:service:region:account:resource) or "*"`);
    }
    return compilePattern(text, { wildcards: WildcardMode.ARN, variables, field: at(i) });
  });
  return { patterns, negated, matchesAll: values.includes('*') };
}

function compileStatement(raw: unknown, index: number, field: string, options: CompileOptions, variables: boolean,
  sids: Set<string>): InternalStatement {
  if (!isPlainObject(raw)) {
    throw new InvalidInputError(field, 'must be an object');
  }
  for (const element of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(element)) {
      throw new InvalidInputError(`${field}.${element}`, `unknown policy element ${quote(element)} (element names are case-sensitive)`);
    }
  }
  let sid: string | undefined;
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== 'string') {
      throw new InvalidInputError(`${field}.Sid`, 'must be a string');
    }
    if (sids.has(raw.Sid)) {
      throw new InvalidInputError(`${field}.Sid`, `${quote(raw.Sid)} is used by another statement (Sids must be unique in a policy)`);
    }
    sids.add(raw.Sid);
    sid = raw.Sid;
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new InvalidInputError(`${field}.Effect`, raw.Effect === undefined ? 'is required (Allow or Deny)' : 'must be "Allow" or "Deny"');
  }
  const effect = raw.Effect;

  const hasPrincipal = raw.Principal !== undefined;
  const hasNotPrincipal = raw.NotPrincipal !== undefined;
  let principal: PrincipalSpec | undefined;
  if (options.kind === PolicyKind.RESOURCE) {
    if (hasPrincipal === hasNotPrincipal) {
      throw new InvalidInputError(`${field}.Principal`, hasPrincipal
        ? 'Principal and NotPrincipal cannot both be given'
        : 'is required in a resource policy (use "*" for everyone)');
    }
    // "NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not
    // supported." (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
    if (hasNotPrincipal && effect === 'Allow') {
      throw new InvalidInputError(`${field}.NotPrincipal`, 'is only supported with "Effect": "Deny"'
        + ' (to allow everyone but some principals, use Principal "*" with an aws:PrincipalArn condition)');
    }
    principal = hasPrincipal
      ? compilePrincipal(raw.Principal, `${field}.Principal`)
      : compilePrincipal(raw.NotPrincipal, `${field}.NotPrincipal`);
  } else if (hasPrincipal || hasNotPrincipal) {
    const element = hasPrincipal ? 'Principal' : 'NotPrincipal';
    throw new InvalidInputError(`${field}.${element}`, `is not allowed in ${options.kind === PolicyKind.BOUNDARY
      ? 'a permissions boundary' : 'an identity-based policy'} (the principal is the identity the policy is attached to)`);
  }

  if ((raw.Action === undefined) === (raw.NotAction === undefined)) {
    throw new InvalidInputError(`${field}.Action`, raw.Action === undefined
      ? 'a statement needs Action or NotAction' : 'Action and NotAction cannot both be given');
  }
  const actions = raw.Action !== undefined
    ? compileActions(raw.Action, false, `${field}.Action`)
    : compileActions(raw.NotAction, true, `${field}.NotAction`);

  if ((raw.Resource === undefined) === (raw.NotResource === undefined)) {
    throw new InvalidInputError(`${field}.Resource`, raw.Resource === undefined
      ? 'a statement needs Resource or NotResource' : 'Resource and NotResource cannot both be given');
  }
  const resources = raw.Resource !== undefined
    ? compileResources(raw.Resource, false, `${field}.Resource`, options, variables)
    : compileResources(raw.NotResource, true, `${field}.NotResource`, options, variables);

  let conditions: CompiledConditions | undefined;
  if (raw.Condition !== undefined) {
    conditions = compileConditions(raw.Condition, `${field}.Condition`, variables);
    if (conditions.clauses.length === 0) {
      conditions = undefined;
    }
  }

  const label = sid !== undefined && sid !== '' ? `statement '${sid}'` : `statement #${index + 1}`;
  return new InternalStatement(index, sid, effect, label, actions, resources, principal, hasNotPrincipal,
    conditions, grantsByPrincipalArn(principal, hasNotPrincipal, conditions), hasPrincipal && namesSpecificAwsPrincipals(raw.Principal));
}

/** Whether a Principal element has an AWS entry that is not, and does not include, `"*"` (rule 9). */
function namesSpecificAwsPrincipals(principal: unknown): boolean {
  if (typeof principal !== 'object' || principal === null) {
    return false;
  }
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws !== undefined && aws !== '*' && !(Array.isArray(aws) && aws.includes('*'));
}

/** See CompiledStatement.grantsByPrincipalArn. */
function grantsByPrincipalArn(principal: PrincipalSpec | undefined, negated: boolean, conditions: CompiledConditions | undefined): boolean {
  return principal !== undefined && !negated && (principal.anyone || principal.anyAws)
    && conditions !== undefined && testsKey(conditions, 'aws:principalarn');
}

function compileUncached(document: unknown, options: CompileOptions): CompiledPolicy {
  const field = options.source.field;
  if (!isPlainObject(document)) {
    throw new InvalidInputError(field, 'must be a policy document object');
  }
  for (const element of Object.keys(document)) {
    if (!TOP_LEVEL.has(element)) {
      throw new InvalidInputError(`${field}.${element}`, `unknown policy element ${quote(element)} (Version, Id, Statement)`);
    }
  }
  const version = document.Version;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.includes(version))) {
    throw new InvalidInputError(`${field}.Version`, 'must be "2012-10-17" (or the older "2008-10-17")');
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') {
    throw new InvalidInputError(`${field}.Id`, 'must be a string');
  }
  if (document.Statement === undefined) {
    throw new InvalidInputError(`${field}.Statement`, 'is required');
  }
  // Policy variables exist only in the 2012-10-17 language ("IAM JSON policy elements: Version").
  const variables = version === '2012-10-17';
  const sids = new Set<string>();
  const raw = document.Statement;
  const statements = Array.isArray(raw)
    ? raw.map((s, i) => compileStatement(s, i, `${field}.Statement[${i}]`, options, variables, sids))
    : [compileStatement(raw, 0, `${field}.Statement`, options, variables, sids)];
  const rawStatements: unknown[] = Array.isArray(raw) ? raw : [raw];
  const variableAt = variables ? rawStatements.findIndex(s => PRINCIPAL_ARN_VARIABLE.test(JSON.stringify(s))) : -1;
  const principalArnVariableAt = variableAt < 0 ? undefined : Array.isArray(raw) ? `${field}.Statement[${variableAt}]` : `${field}.Statement`;
  return new InternalPolicy(options.source, options.kind, version as string | undefined, statements, principalArnVariableAt);
}

const byContent = new Map<string, CompiledPolicy>();
const CONTENT_CACHE_LIMIT = 512;

/**
 * The document as JSON text for the content cache, or undefined when it cannot be serialised (nested
 * deeper than the stack allows, cyclic): then it is compiled uncached, and validation names the field.
 */
function contentText(document: unknown): string | undefined {
  try {
    return JSON.stringify(document);
  } catch {
    return undefined;
  }
}

function optionsKey(options: CompileOptions): string {
  return JSON.stringify([options.kind, options.executeApiPrefix ?? null, options.source.label, options.source.field]);
}

/**
 * Validates a policy document and compiles it. Throws InvalidInputError naming
 * `${options.source.field}.Statement[i].Element...` for anything IAM would reject or this evaluator
 * cannot interpret. The result is cached (a document is treated as immutable once compiled).
 */
export function compilePolicy(document: unknown, options: CompileOptions): CompiledPolicy {
  const key = optionsKey(options);
  const text = contentText(document);
  const contentKey = text === undefined ? undefined : `${key}\n${text}`;
  let compiled = contentKey === undefined ? undefined : byContent.get(contentKey);
  if (compiled === undefined) {
    compiled = compileUncached(document, options);
    if (contentKey !== undefined) {
      if (byContent.size >= CONTENT_CACHE_LIMIT) {
        // Evict the oldest entry (Maps iterate in insertion order).
        byContent.delete(byContent.keys().next().value!);
      }
      byContent.set(contentKey, compiled);
    }
  }
  return compiled;
}
