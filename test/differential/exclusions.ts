/**
 * Where @cloud-copilot/iam-simulate and API Gateway (so this library) knowingly answer differently.
 *
 * Each difference is named, says which side the AWS guides support, and says how the differential
 * test treats it: either the harness translates the scenario so the difference cannot show
 * (`TRANSLATED`), or scenarios it may affect are counted per difference and not compared
 * (`NOT_COMPARED`). None is a silent filter: exclusions.test.ts shows each difference exists and
 * that this library's answer is the guide's.
 */
import { ours } from './oracle';
import { isInvoke, PolicyJson, ScenarioJson, statementsOf, asList } from './scenario-json';
import { translate } from './to-iam-simulate';

export enum Handling {
  /** The harness converts the scenario first, so the difference cannot change a compared decision. */
  TRANSLATED = 'translated',
  /** Scenarios the difference may affect are counted, not compared. */
  NOT_COMPARED = 'not compared',
}

export interface KnownDifference {
  readonly id: string;
  /** What iam-simulate does. */
  readonly iamSimulate: string;
  /** What API Gateway / IAM do, per the guide, and so what this library does. */
  readonly aws: string;
  /** The guide page that decides. */
  readonly guide: string;
  readonly handling: Handling;
  /** For NOT_COMPARED: whether the difference may change this scenario's decision. */
  readonly affects: (scenario: ScenarioJson) => boolean;
}

/** Every policy document a scenario carries. */
export function policiesOf(scenario: ScenarioJson): PolicyJson[] {
  const caller = scenario.caller ?? {};
  const policies = [...(caller.identityPolicies ?? [])];
  if (caller.permissionsBoundary) policies.push(caller.permissionsBoundary);
  if (caller.lambdaAuthorizer?.policy) policies.push(caller.lambdaAuthorizer.policy);
  if (isInvoke(scenario) && scenario.api.resourcePolicy) policies.push(scenario.api.resourcePolicy);
  return policies;
}

function arnPatternsOf(policy: PolicyJson): string[] {
  return statementsOf(policy).flatMap(s => {
    const fromConditions = Object.entries(s.Condition ?? {})
      .filter(([operator]) => /^(ForAnyValue:|ForAllValues:)?Arn/i.test(operator))
      .flatMap(([, byKey]) => Object.values(byKey).flatMap(v => asList(v)));
    return [...asList(s.Resource), ...asList(s.NotResource), ...fromConditions];
  });
}

const anyPattern = (scenario: ScenarioJson, test: (arn: string) => boolean) =>
  policiesOf(scenario).some(p => arnPatternsOf(p).some(test));

export const SHORTHAND_NOT_EXPANDED: KnownDifference = {
  id: 'SHORTHAND_NOT_EXPANDED',
  iamSimulate: 'reads "execute-api:/prod/GET/pets" as a malformed ARN that matches nothing',
  aws: 'API Gateway expands execute-api:/... to arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/... with the API\'s own region, account and id',
  guide: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-policy.html',
  handling: Handling.TRANSLATED,
  affects: () => false,
};

/** The resource part of an execute-api ARN pattern, before the first '/', holds a wildcard or a variable. */
export function hasWildcardInApiId(arn: string): boolean {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[2] !== 'execute-api') return false;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash > 0 && /[*?]|\$\{/.test(resource.slice(0, slash));
}

export const WILDCARD_IN_API_ID: KnownDifference = {
  id: 'WILDCARD_IN_API_ID',
  iamSimulate: 'compares the text before the first "/" of the resource part literally, so arn:aws:execute-api:REGION:ACCOUNT:*/prod/GET/* matches no API',
  aws: 'IAM allows * and ? inside every segment of a resource ARN; the API id is part of the resource segment like the stage and the path',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => anyPattern(scenario, hasWildcardInApiId),
};

/** Upper-case letters in the partition, service, region or account of an ARN pattern. */
export function hasUpperCasePrefix(arn: string): boolean {
  const parts = arn.split(':');
  return parts.length >= 6 && parts.slice(1, 5).some(p => p !== p.toLowerCase());
}

export const CASE_INSENSITIVE_ARN_PREFIX: KnownDifference = {
  id: 'CASE_INSENSITIVE_ARN_PREFIX',
  iamSimulate: 'matches the partition, service, region and account of an ARN case-insensitively (arn:AWS:execute-api:US-EAST-1:... matches)',
  aws: 'Resource ARNs and the Arn condition operators match case-sensitively',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN',
  handling: Handling.NOT_COMPARED,
  affects: scenario => anyPattern(scenario, hasUpperCasePrefix),
};

export const ROOT_PATH_ARN: KnownDifference = {
  id: 'ROOT_PATH_ARN',
  iamSimulate: 'rejects a request for the root resource (ARN ending in "/GET/") with "no.resource.types": its execute-api resource type needs a non-empty path',
  aws: 'the root resource of a REST API is called as .../STAGE/VERB/ (scenario format rule 1)',
  guide: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html',
  handling: Handling.TRANSLATED,
  affects: () => false,
};

export const VARIABLES_WITHOUT_2012_VERSION: KnownDifference = {
  id: 'VARIABLES_WITHOUT_2012_VERSION',
  iamSimulate: 'substitutes policy variables such as ${aws:username} whatever the policy\'s Version',
  aws: 'policy variables only work with "Version": "2012-10-17"; in an older or absent Version they are literal text',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => policiesOf(scenario).some(p => p.Version !== '2012-10-17' && JSON.stringify(p.Statement).includes('${')),
};

/** The caller signs as an account root user (`arn:PARTITION:iam::ACCOUNT:root`). */
export function signedByRoot(scenario: ScenarioJson): boolean {
  return /^arn:[^:]+:iam::\d{12}:root$/.test(scenario.caller?.principal ?? '');
}

export const ROOT_USER_NEEDS_NO_POLICY: KnownDifference = {
  id: 'ROOT_USER_NEEDS_NO_POLICY',
  iamSimulate: 'evaluates the account root user like any IAM identity: with no identity policy that allows, the call is implicitly denied',
  aws: 'the root user has complete access to the resources of its own account without any identity policy (policies cannot be attached to it); only a Deny, or for a cross-account call the resource policy, limits it',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => {
    if (!signedByRoot(scenario)) return false;
    const t = translate(scenario);
    return t.kind === 'simulation' && typeof t.simulation.request.principal === 'string';
  },
};

const isIpv6 = (address: string) => address.includes(':');

export const NOT_IP_BARE_ADDRESS_OTHER_FAMILY: KnownDifference = {
  id: 'NOT_IP_BARE_ADDRESS_OTHER_FAMILY',
  iamSimulate: 'answers false for NotIpAddress when the policy value is a bare address (no /prefix) of the other family than the request\'s address (an IPv6 caller against "203.0.113.10")',
  aws: 'a bare address is a /32 (IPv4) or /128 (IPv6) range; an address outside every listed range, whatever its family, makes NotIpAddress true (the usual reason an IPv4-only NotIpAddress Deny blocks IPv6 callers)',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
  handling: Handling.NOT_COMPARED,
  affects: scenario => {
    if (!isInvoke(scenario) || scenario.request.sourceIp === undefined) return false;
    const callerIsV6 = isIpv6(scenario.request.sourceIp);
    return policiesOf(scenario).some(p => statementsOf(p).some(s => Object.entries(s.Condition ?? {}).some(([operator, byKey]) =>
      /^NotIpAddress/i.test(operator) &&
      Object.values(byKey).some(v => asList(v).some(value => !value.includes('/') && isIpv6(value) !== callerIsV6)))));
  },
};

/** Keys iam-simulate's data types as lists (ArrayOfString) whatever the request holds. */
const LIST_TYPED_KEYS = ['apigateway:request/endpointtype', 'apigateway:resource/endpointtype'];

export const LIST_KEY_WITHOUT_SET_OPERATOR: KnownDifference = {
  id: 'LIST_KEY_WITHOUT_SET_OPERATOR',
  iamSimulate: 'never matches an operator without ForAnyValue/ForAllValues on a key it types as a list (apigateway:Request/EndpointType), even when the request carries exactly one value',
  aws: 'whether a key is single- or multivalued depends on the number of values in the request context, not on the key: one value compares like a single-valued key',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => policiesOf(scenario).some(p => statementsOf(p).some(s => Object.entries(s.Condition ?? {}).some(([operator, byKey]) =>
    !/^For(Any|All)Values?:/i.test(operator) && !/^Null$/i.test(operator) &&
    Object.keys(byKey).some(key => LIST_TYPED_KEYS.includes(key.toLowerCase()))))),
};

export const NOT_PRINCIPAL_IDENTITY_CHAIN: KnownDifference = {
  id: 'NOT_PRINCIPAL_IDENTITY_CHAIN',
  iamSimulate: 'excludes a signed caller from a NotPrincipal Deny as soon as one listed ARN matches it (the user ARN alone is enough)',
  aws: 'AWS may check the account, then the user (or the account, the role, then the session): a caller is excluded only when each of its identities is listed, and a NotPrincipal Deny always denies a principal with a permissions boundary',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => {
    if (!isInvoke(scenario) || !statementsOf(scenario.api.resourcePolicy).some(s => s.NotPrincipal !== undefined)) return false;
    const t = translate(scenario);
    return t.kind === 'simulation' && typeof t.simulation.request.principal === 'string';
  },
};

/** The keys a policy variable names (`${aws:username}`, `${aws:PrincipalTag/team, 'x'}`), lower-cased. */
function variableKeys(text: string): string[] {
  return [...text.matchAll(/\$\{([^},]+)[^}]*\}/g)].map(m => m[1].trim().toLowerCase()).filter(k => !['*', '?', '$'].includes(k));
}

export const UNRESOLVED_VARIABLE: KnownDifference = {
  id: 'UNRESOLVED_VARIABLE',
  iamSimulate: 'lets a statement whose policy variable has no value still apply where the variable is not compared (IfExists on an absent key), and makes a NotResource with an unresolved variable match nothing, so a Deny with it never applies',
  aws: 'the guide only says an unresolved variable "might cause the entire statement to be invalid"; this library fails closed: a variable whose key is absent matches nothing, so such an Allow never grants and a NotResource Deny still applies',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => {
    const t = translate(scenario);
    if (t.kind !== 'simulation') return false;
    const present = new Set(Object.keys(t.simulation.request.contextVariables).map(k => k.toLowerCase()));
    return policiesOf(scenario).some(p => variableKeys(JSON.stringify(p.Statement)).some(k => !present.has(k)));
  },
};

export const ZERO_PREFIX_CIDR: KnownDifference = {
  id: 'ZERO_PREFIX_CIDR',
  iamSimulate: 'computes the IPv4 mask of a /0 range with a 32-bit shift that wraps, so 0.0.0.0/0 only matches 0.0.0.0',
  aws: 'IP conditions take CIDR ranges (RFC 4632); a /0 range holds every address of its family',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
  handling: Handling.NOT_COMPARED,
  affects: scenario => policiesOf(scenario).some(p => statementsOf(p).some(s => Object.entries(s.Condition ?? {}).some(([operator, byKey]) =>
    /IpAddress/i.test(operator) && Object.values(byKey).some(v => asList(v).some(value => value.endsWith('/0')))))),
};

/** Whether a statement's Condition compares aws:PrincipalArn (any operator but Null). */
function testsPrincipalArn(statement: { Condition?: Record<string, Record<string, unknown>> }): boolean {
  return Object.entries(statement.Condition ?? {}).some(([operator, byKey]) =>
    !/^Null$/i.test(operator) && Object.keys(byKey).some(key => key.toLowerCase() === 'aws:principalarn'));
}

/**
 * The guides settle one case (scenario rule 5, extended 2026-11-30): a wildcard principal granting
 * through an aws:PrincipalArn condition is not limited by a permissions boundary ("AWS JSON policy
 * elements: Principal"); there both sides agree and the scenario is compared. For a wildcard grant
 * without that condition the guides still do not say (OPEN QUESTION, reported to the lead):
 * iam-simulate treats it as direct; this library lets the boundary limit it, as for a role ARN.
 */
export const WILDCARD_PRINCIPAL_AND_BOUNDARY: KnownDifference = {
  id: 'WILDCARD_PRINCIPAL_AND_BOUNDARY',
  iamSimulate: 'lets every same-account resource-policy Allow with a wildcard principal ("*" or {"AWS": "*"}) grant past an implicit deny in the caller\'s permissions boundary, as if it named the caller, with or without an aws:PrincipalArn condition',
  aws: 'with an aws:PrincipalArn condition the boundary does not limit it (IAM guide, Principal element; compared, both agree); without one the guides do not say: only a grant naming the user or the session ARN passes the boundary, one naming the role ARN does not, and this library treats such a wildcard like the role ARN',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => isInvoke(scenario) && scenario.caller?.permissionsBoundary !== undefined &&
    statementsOf(scenario.api.resourcePolicy).some(s => s.Effect === 'Allow' && !testsPrincipalArn(s) &&
      (s.Principal === '*' || (typeof s.Principal === 'object' && asList(s.Principal.AWS).includes('*')))),
};

/** This library refuses the scenario because its policies test the path of a role given only as a session ARN. */
export function refusedForUnknownRolePath(scenario: ScenarioJson): boolean {
  if (!/^arn:[^:]+:sts::\d{12}:assumed-role\//.test(scenario.caller?.principal ?? '')) return false;
  const answer = ours(scenario);
  return answer.kind === 'invalid' && answer.field === 'caller.principal' && answer.message.includes('does not carry the role\'s path');
}

export const ROLE_PATH_UNKNOWN: KnownDifference = {
  id: 'ROLE_PATH_UNKNOWN',
  iamSimulate: 'takes a caller given as an assumed-role session ARN to be a role without a path, and decides aws:PrincipalArn tests against arn:...:role/NAME',
  aws: 'the session ARN does not carry the role\'s path (IAM identifiers); where a policy\'s answer depends on it (aws:PrincipalArn like role/ci/*, or the exact role ARN) the decision is unknown: this library refuses the scenario naming caller.principal and asks for the role ARN with its path (scenario rule 5)',
  guide: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
  handling: Handling.NOT_COMPARED,
  affects: refusedForUnknownRolePath,
};

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  SHORTHAND_NOT_EXPANDED,
  WILDCARD_IN_API_ID,
  CASE_INSENSITIVE_ARN_PREFIX,
  ROOT_PATH_ARN,
  VARIABLES_WITHOUT_2012_VERSION,
  ROOT_USER_NEEDS_NO_POLICY,
  WILDCARD_PRINCIPAL_AND_BOUNDARY,
  NOT_IP_BARE_ADDRESS_OTHER_FAMILY,
  LIST_KEY_WITHOUT_SET_OPERATOR,
  NOT_PRINCIPAL_IDENTITY_CHAIN,
  UNRESOLVED_VARIABLE,
  ZERO_PREFIX_CIDR,
  ROLE_PATH_UNKNOWN,
];

/** The NOT_COMPARED differences that may affect a scenario (empty: compare it). */
export function differencesAffecting(scenario: ScenarioJson): KnownDifference[] {
  return KNOWN_DIFFERENCES.filter(d => d.handling === Handling.NOT_COMPARED && d.affects(scenario));
}
