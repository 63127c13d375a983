/**
 * Translates a scenario (format version 1) into a request for @cloud-copilot/iam-simulate, the
 * independent IAM evaluator the differential tests compare against.
 *
 * iam-simulate knows IAM, not API Gateway. So only the part of a scenario that is pure IAM logic
 * is translated: an AWS_IAM invoke call by a signed caller, an anonymous call that only the
 * resource policy decides (NONE, or COGNITO_USER_POOLS with a valid token), and a management call.
 * Everything API Gateway decides by its own rules (no such method, PRIVATE without an endpoint,
 * a public NONE method, Lambda authorizers, ...) is reported as out of scope with the rule's name.
 *
 * The translation is written from the scenario format and the AWS guides, not from the evaluator:
 * the request ARN (rule 1), the shorthand expansion, and which condition keys a request carries
 * (rule 4) are computed here a second time on purpose.
 *
 * AGPL: iam-simulate is used from test/ and bench/ only, never from src/.
 */
import { anonymousPrincipal, Simulation } from '@cloud-copilot/iam-simulate';
import {
  asList,
  CallerJson,
  InvokeScenarioJson,
  isInvoke,
  ManagementScenarioJson,
  MethodJson,
  PolicyJson,
  ScenarioJson,
  statementsOf,
} from './scenario-json';
import { Decision } from '../../src/evaluator/decision';

/** A scenario that iam-simulate can decide, or the API Gateway rule that puts it out of scope. */
export type Translation =
  | { readonly kind: 'simulation'; readonly simulation: Simulation }
  | { readonly kind: 'out-of-scope'; readonly rule: string };

const outOfScope = (rule: string): Translation => ({ kind: 'out-of-scope', rule });

/** iam-simulate's three answers, in the scenario format's words. */
export function decisionOf(overallResult: string): Decision {
  switch (overallResult) {
    case 'Allowed': return Decision.ALLOW;
    case 'ExplicitlyDenied': return Decision.EXPLICIT_DENY;
    case 'ImplicitlyDenied': return Decision.IMPLICIT_DENY;
    default: throw new Error(`iam-simulate answered '${overallResult}'`);
  }
}

/** Translations by scenario object: the exclusion checks ask for the same one several times. */
const translations = new WeakMap<object, Translation>();

export function translate(scenario: ScenarioJson): Translation {
  let translation = translations.get(scenario);
  if (translation === undefined) {
    translation = isInvoke(scenario) ? translateInvoke(scenario) : translateManagement(scenario);
    translations.set(scenario, translation);
  }
  return translation;
}

function translateInvoke(scenario: InvokeScenarioJson): Translation {
  const { api, request } = scenario;
  const caller = scenario.caller ?? {};
  const partition = api.partition ?? 'aws';
  const method = findMethod(api.methods, request.httpMethod, request.path);
  if (!method) return outOfScope('rule 2: no method matches the request');

  const throughEndpoint = request.vpcEndpoint !== undefined;
  if ((api.endpointType ?? 'REGIONAL') === 'PRIVATE' && (!throughEndpoint || !api.resourcePolicy)) {
    return outOfScope('rule 3: PRIVATE API without a VPC endpoint call or without a resource policy');
  }

  const apiPrefix = `arn:${partition}:execute-api:${api.region}:${api.account}:${api.id}`;
  // Rule 1: the real path without its leading slash (the root path leaves a trailing '/').
  const resource = `${apiPrefix}/${request.stage}/${request.httpMethod}/${request.path.replace(/^\//, '')}`;
  const resourcePolicy = api.resourcePolicy ? expandShorthand(api.resourcePolicy, apiPrefix) : undefined;

  const networkKeys: Record<string, string | string[]> = {};
  // Rule 4: aws:SourceIp only without a VPC endpoint; through one, the VPC keys instead.
  if (request.vpcEndpoint) {
    networkKeys['aws:SourceVpce'] = request.vpcEndpoint.id;
    networkKeys['aws:SourceVpc'] = request.vpcEndpoint.vpcId;
    if (request.sourceIp !== undefined) networkKeys['aws:VpcSourceIp'] = request.sourceIp;
  } else if (request.sourceIp !== undefined) {
    networkKeys['aws:SourceIp'] = request.sourceIp;
  }
  // API Gateway serves HTTPS only, so aws:SecureTransport is "true" unless the scenario says otherwise.
  // Every call names the region it is sent to (aws:RequestedRegion, a global key).
  const requestKeys = {
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': api.region,
    ...(request.context ?? {}),
    ...networkKeys,
  };
  const action = request.action ?? 'execute-api:Invoke';

  switch (method.authorizationType) {
    case 'AWS_IAM': {
      // Rule 5: an unsigned call to an AWS_IAM method never reaches IAM evaluation.
      if (caller.principal === undefined) return outOfScope('rule 5: unsigned call to an AWS_IAM method');
      return signedSimulation(caller, action, resource, api.account, requestKeys, resourcePolicy);
    }
    case 'NONE':
      // Rule 6: no resource policy means public, which is API Gateway's rule, not IAM's.
      if (!resourcePolicy) return outOfScope('rule 6: NONE method without a resource policy is public');
      return anonymousSimulation(action, resource, api.account, requestKeys, resourcePolicy);
    case 'COGNITO_USER_POOLS':
      // Rule 8: with a valid token and a resource policy, the policy alone decides, anonymously.
      if ((caller.cognito?.token ?? 'ABSENT') !== 'VALID') return outOfScope('rule 8: Cognito token not valid');
      if (!resourcePolicy) return outOfScope('rule 8: Cognito method without a resource policy');
      return anonymousSimulation(action, resource, api.account, requestKeys, resourcePolicy);
    default:
      return outOfScope('rule 7: Lambda authorizer flow');
  }
}

function translateManagement(scenario: ManagementScenarioJson): Translation {
  const caller = scenario.caller ?? {};
  if (caller.principal === undefined) return outOfScope('management call without a signed principal');
  // The management API is HTTPS only too, and every call names the region it is sent to.
  const keys = {
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': scenario.management.region,
    ...(scenario.request.context ?? {}),
  };
  return signedSimulation(caller, scenario.request.action, scenario.request.resource, scenario.management.account, keys, undefined);
}

function signedSimulation(
  caller: CallerJson, action: string, resource: string, resourceAccount: string,
  requestKeys: Record<string, string | string[]>, resourcePolicy: PolicyJson | undefined,
): Translation {
  const principal = describePrincipal(caller.principal!);
  const keys: Record<string, string | string[]> = { ...requestKeys, ...principal.keys };
  for (const [tag, value] of Object.entries(caller.principalTags ?? {})) keys[`aws:PrincipalTag/${tag}`] = value;
  if (caller.principalOrgId !== undefined) keys['aws:PrincipalOrgID'] = caller.principalOrgId;
  return {
    kind: 'simulation',
    simulation: {
      request: {
        principal: principal.requestArn,
        action,
        resource: { resource, accountId: resourceAccount },
        contextVariables: keys,
      },
      identityPolicies: (caller.identityPolicies ?? []).map((policy, i) => ({ name: `identity${i}`, policy })),
      permissionBoundaryPolicies: caller.permissionsBoundary
        ? [{ name: 'boundary', policy: caller.permissionsBoundary }]
        : undefined,
      resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
  };
}

function anonymousSimulation(
  action: string, resource: string, resourceAccount: string,
  requestKeys: Record<string, string | string[]>, resourcePolicy: PolicyJson,
): Translation {
  return {
    kind: 'simulation',
    simulation: {
      request: {
        principal: anonymousPrincipal,
        action,
        resource: { resource, accountId: resourceAccount },
        // Rule 4: no principal keys for a call that is not IAM-authenticated.
        contextVariables: requestKeys,
      },
      identityPolicies: [],
      resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
  };
}

interface PrincipalDescription {
  /** The ARN IAM sees in the request: a role is called through a session of it. */
  readonly requestArn: string;
  /** The principal condition keys (IAM User Guide, "AWS global condition context keys"). */
  readonly keys: Record<string, string>;
}

/** The session name the harness gives a scenario's role ARN (the scenario calls it "a session of that role"). */
export const ROLE_SESSION_NAME = 'session';

function describePrincipal(arn: string): PrincipalDescription {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) throw new Error(`not a principal ARN the harness knows: ${arn}`);
  const [, partition, service, account, rest] = m;
  const common = { 'aws:PrincipalAccount': account };
  if (service === 'iam' && rest === 'root') {
    return { requestArn: arn, keys: { ...common, 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'Account' } };
  }
  if (service === 'iam' && rest.startsWith('user/')) {
    const name = rest.split('/').pop()!;
    return {
      requestArn: arn,
      keys: { ...common, 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'User', 'aws:username': name },
    };
  }
  if (service === 'iam' && rest.startsWith('role/')) {
    // The session ARN drops the role's path (IAM User Guide, "IAM identifiers": assumed-role ARNs).
    const name = rest.split('/').pop()!;
    return {
      requestArn: `arn:${partition}:sts::${account}:assumed-role/${name}/${ROLE_SESSION_NAME}`,
      keys: { ...common, 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'AssumedRole' },
    };
  }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const [, role] = rest.split('/');
    return {
      requestArn: arn,
      keys: {
        ...common,
        'aws:PrincipalArn': `arn:${partition}:iam::${account}:role/${role}`,
        'aws:PrincipalType': 'AssumedRole',
      },
    };
  }
  throw new Error(`not a principal ARN the harness knows: ${arn}`);
}

/**
 * `execute-api:/X` in a resource policy stands for `arn:P:execute-api:REGION:ACCOUNT:APIID/X`
 * (API Gateway Developer Guide, "x-amazon-apigateway-policy": the shorthand is converted with the
 * current Region, account and REST API id). iam-simulate does not know the shorthand.
 */
export function expandShorthand(policy: PolicyJson, apiPrefix: string): PolicyJson {
  const expand = (value: string) => (value.startsWith('execute-api:/') ? `${apiPrefix}${value.slice('execute-api:'.length)}` : value);
  const expandAll = (value: string | string[] | undefined) =>
    (value === undefined ? undefined : Array.isArray(value) ? value.map(expand) : expand(value));
  const statements = statementsOf(policy).map(s => {
    const copy = { ...s };
    if (copy.Resource !== undefined) copy.Resource = expandAll(copy.Resource);
    if (copy.NotResource !== undefined) copy.NotResource = expandAll(copy.NotResource);
    return copy;
  });
  return { ...policy, Statement: Array.isArray(policy.Statement) ? statements : statements[0] };
}

/** Rule 2: the method a request calls (ANY matches every verb; `{x}` one segment, a final `{x+}` one or more). */
export function findMethod(methods: readonly MethodJson[], httpMethod: string, path: string): MethodJson | undefined {
  // An exact verb wins over ANY on the same resource, as API Gateway routes it.
  const onPath = methods.filter(m => pathMatches(m.path, path));
  return onPath.find(m => m.httpMethod === httpMethod) ?? onPath.find(m => m.httpMethod === 'ANY');
}

function pathMatches(template: string, path: string): boolean {
  const want = template.split('/').filter(s => s !== '');
  const have = path.split('/').filter(s => s !== '');
  for (let i = 0; i < want.length; i++) {
    const segment = want[i];
    if (/^\{[^}]+\+\}$/.test(segment)) return i === want.length - 1 && have.length > i;
    if (have[i] === undefined) return false;
    if (!/^\{[^}]+\}$/.test(segment) && segment !== have[i]) return false;
  }
  return have.length === want.length;
}

/** Every Resource and NotResource pattern of a policy. */
export function resourcePatterns(policy: PolicyJson | undefined): string[] {
  return statementsOf(policy).flatMap(s => [...asList(s.Resource), ...asList(s.NotResource)]);
}
