/**
 * Where @cloud-copilot/iam-simulate and API Gateway (so this library) knowingly answer differently.
 *
 * Each difference is named, says which side the AWS guides support, and says how the differential
 * test treats it: either the harness translates the scenario so the difference cannot show
 * (`TRANSLATED`), or scenarios it may affect are counted per difference and not compared
 * (`NOT_COMPARED`). None is a silent filter: exclusions.test.ts shows each difference exists and
 * that this library's answer is the guide's.
 */
import { InvokeScenarioJson, isInvoke, PolicyJson, ScenarioJson, statementsOf, asList } from './scenario-json';
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

/** An anonymous evaluation in the harness: the call is not IAM-authenticated (rules 6 and 8). */
function evaluatedAnonymously(scenario: ScenarioJson): boolean {
  const t = translate(scenario);
  return t.kind === 'simulation' && typeof t.simulation.request.principal !== 'string';
}

export const AWS_STAR_PRINCIPAL: KnownDifference = {
  id: 'AWS_STAR_PRINCIPAL',
  iamSimulate: 'treats "Principal": {"AWS": "*"} like "Principal": "*", so it grants an anonymous (unsigned) call',
  aws: 'API Gateway fails authorization for a statement with an {"AWS": ...} principal on every method that is not AWS_IAM; only "Principal": "*" admits anonymous callers (scenario format rule 9)',
  guide: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html',
  handling: Handling.NOT_COMPARED,
  affects: scenario => isInvoke(scenario) && evaluatedAnonymously(scenario) &&
    statementsOf((scenario as InvokeScenarioJson).api.resourcePolicy).some(s =>
      typeof s.Principal === 'object' && asList(s.Principal.AWS).includes('*')),
};

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

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  AWS_STAR_PRINCIPAL,
  SHORTHAND_NOT_EXPANDED,
  WILDCARD_IN_API_ID,
  CASE_INSENSITIVE_ARN_PREFIX,
  ROOT_PATH_ARN,
  VARIABLES_WITHOUT_2012_VERSION,
];

/** The NOT_COMPARED differences that may affect a scenario (empty: compare it). */
export function differencesAffecting(scenario: ScenarioJson): KnownDifference[] {
  return KNOWN_DIFFERENCES.filter(d => d.handling === Handling.NOT_COMPARED && d.affects(scenario));
}
