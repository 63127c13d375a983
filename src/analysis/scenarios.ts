/**
 * Scenarios (format version 1, docs/scenario-format.md) built from the access model: one call to one
 * method by one caller. The checks ask the evaluator exactly what a user could ask it by hand.
 */
import { ApiEndpointType, MethodAuthorizationType, Scenario, ScenarioCaller } from '../evaluator';
import { REQUEST_VERBS } from '../evaluator/internal';
import { coversAction } from './rules/policy-reading';
import { ApiModel, MethodModel, PolicyDocument, PolicyStatementJson, PrincipalModel, statementsOf, UNKNOWN_METHOD_VALUE } from './template/access-model';
import { StackEnvironment } from './template/intrinsics';

/** An account that owns none of the app's resources: the "unknown caller from another account". */
export const OTHER_ACCOUNT = '210987654321';
/** A documentation address (RFC 5737, TEST-NET-3): a caller somewhere on the internet. */
export const INTERNET_SOURCE_IP = '203.0.113.10';
/** An address inside a VPC, for calls that arrive through an interface VPC endpoint. */
export const VPC_SOURCE_IP = '10.0.0.10';
/** An interface VPC endpoint and VPC the app knows nothing about. */
export const UNKNOWN_VPC_ENDPOINT = { id: 'vpce-0aaaaaaaaaaaaaaaa', vpcId: 'vpc-0aaaaaaaaaaaaaaaa' };
/** Stage used when a template deploys an API to no stage of its own (the call cannot happen yet). */
export const UNDEPLOYED_STAGE = 'undeployed';

/** Where the call comes from. */
export interface CallOrigin {
  readonly sourceIp?: string;
  readonly vpcEndpoint?: { readonly id: string; readonly vpcId: string };
}

/** The concrete call to one method. */
export interface MethodCall extends CallOrigin {
  readonly stage: string;
  readonly httpMethod: string;
  readonly path: string;
}

/** The caller a principal of the app is: its ARN, identity policies and permissions boundary. */
export function principalCaller(principal: PrincipalModel): ScenarioCaller {
  return {
    principal: principal.arn,
    identityPolicies: principal.policies.map(p => invokeStatements(p.document)),
    permissionsBoundary: principal.permissionsBoundary && invokeStatements(principal.permissionsBoundary.document),
  };
}

/**
 * The statements of a document that can decide an execute-api:Invoke call. The others (e.g.
 * `logGroup.grantWrite`: logs actions on a log group) cannot change the decision, and what they name
 * may have no meaning for the evaluator (a symbolic log group ARN), so they are left out.
 */
function invokeStatements(document: PolicyDocument): PolicyDocument {
  const all = statementsOf(document);
  const kept = all.filter(s => !isStatement(s) || s.Action === undefined || s.NotAction !== undefined || coversAction(s, 'execute-api:Invoke'));
  return kept.length === all.length ? document : { ...document, Statement: kept };
}

function isStatement(s: unknown): s is PolicyStatementJson {
  return s !== null && typeof s === 'object' && !Array.isArray(s);
}

/**
 * A role in `account` whose own identity policies allow every invoke: what the API itself lets that
 * account do. Used for the unknown caller from another account and for `AccessCaller.account`.
 */
export function accountCaller(env: StackEnvironment, account: string, name = 'external-caller'): ScenarioCaller {
  return {
    principal: `arn:${env.partition}:iam::${account}:role/${name}`,
    identityPolicies: [{
      Version: '2012-10-17',
      Statement: [{ Sid: 'CallerMayInvokeAnyApi', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
    }],
  };
}

/** A call from the internet, or for a PRIVATE API through a VPC endpoint the app does not name. */
export function defaultOrigin(api: ApiModel): CallOrigin {
  return api.endpointType === 'PRIVATE'
    ? { sourceIp: VPC_SOURCE_IP, vpcEndpoint: UNKNOWN_VPC_ENDPOINT }
    : { sourceIp: INTERNET_SOURCE_IP };
}

/** The stages a method can be called on (a placeholder when the template deploys none). */
export function stagesOf(api: ApiModel): string[] {
  return api.stages.length > 0 ? api.stages : [UNDEPLOYED_STAGE];
}

/**
 * A request that reaches `method`: its verb (for ANY, a verb no sibling method defines, since API
 * Gateway routes an explicit verb to its own method first) and its path with each `{param}` given a
 * value (the parameter's name).
 */
export function requestReaching(api: ApiModel, method: MethodModel, stage: string, origin: CallOrigin): MethodCall {
  let verb = method.httpMethod;
  if (verb === 'ANY') {
    const taken = new Set(api.methods.filter(m => m.path === method.path).map(m => m.httpMethod));
    verb = REQUEST_VERBS.find(v => !taken.has(v)) ?? 'GET';
  }
  return { stage, httpMethod: verb, path: samplePath(method.path), ...origin };
}

/** `/pets/{petId}` -> `/pets/petId`; `/files/{proxy+}` -> `/files/proxy`. */
export function samplePath(template: string): string {
  return template.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => name);
}

/** The scenario for one call. `methods` defaults to the API's own (the evaluator routes among them). */
export function invokeScenario(
  env: StackEnvironment,
  api: ApiModel,
  caller: ScenarioCaller,
  call: MethodCall,
  overrides: { readonly methods?: readonly MethodModel[]; readonly resourcePolicy?: PolicyDocument | null } = {},
): Scenario {
  const methods = overrides.methods ?? api.methods;
  const resourcePolicy = overrides.resourcePolicy === null ? undefined : overrides.resourcePolicy ?? api.resourcePolicy;
  return {
    api: {
      id: api.id,
      account: env.account,
      region: env.region,
      partition: env.partition,
      // The model carries the template's words as written; the evaluator validates them (an unknown
      // word is invalid input, reported as such, never a decision).
      endpointType: api.endpointType as ApiEndpointType,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      // A method whose verb is a deploy-time value routes nothing here; one whose authorization type is
      // only routes (the checks never ask about such a method itself: see MethodModel.undecided).
      methods: methods.filter(m => m.httpMethod !== UNKNOWN_METHOD_VALUE).map(m => ({
        httpMethod: m.httpMethod,
        path: m.path,
        authorizationType: (m.authorizationType === UNKNOWN_METHOD_VALUE ? 'NONE' : m.authorizationType) as MethodAuthorizationType,
      })),
    },
    caller: withoutUndefined(caller),
    request: withoutUndefined({
      stage: call.stage,
      httpMethod: call.httpMethod,
      path: call.path,
      sourceIp: call.sourceIp,
      vpcEndpoint: call.vpcEndpoint,
    }),
  };
}

/** A copy without the fields whose value is undefined (the evaluator reads only the fields given). */
function withoutUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}
