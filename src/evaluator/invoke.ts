import { Decision } from './decision';
import { evaluatePolicy } from './policy/evaluate';
import { decideIam } from './policy/iam';
import { PolicyVerdict, RequestContext } from './policy/model';
import { combineEitherAllows, describeHit, Outcome, statementsNamingAwsPrincipals } from './reasons';
import { invokeKeys } from './request-keys';
import { selectMethod } from './routing';
import { InvokeScenario, ParsedMethod } from './scenario-model';

/**
 * The invoke flow: a call to a deployed REST API (rules 1-9 of the scenario format).
 *
 * Sources: API Gateway developer guide, "How API Gateway resource policies affect authorization
 * workflow" (Tables A and B and the workflow per authorization type), "API Gateway resource
 * policy examples", "Private REST APIs in API Gateway".
 */

const MAX_LISTED_METHODS = 10;

export function decideInvoke(scenario: InvokeScenario): Outcome {
  const { api, request } = scenario;
  const gate = endpointGate(scenario);
  const method = selectMethod(api.methods, request.httpMethod, request.segments);
  if (method === undefined) {
    // Rule 2: API Gateway answers 403 "Missing Authentication Token" for an unknown route.
    return { decision: Decision.IMPLICIT_DENY, reasons: gate === undefined ? [noMethod(scenario)] : [noMethod(scenario), gate], rule: 2 };
  }
  const flow = decideForMethod(scenario, method, invokeArn(scenario));
  if (gate === undefined) {
    return flow;
  }
  // Rule 3: the endpoint refuses the call; a Deny that matched still makes it explicit.
  switch (flow.decision) {
    case Decision.EXPLICIT_DENY: return { ...flow, reasons: [...flow.reasons, gate] };
    case Decision.IMPLICIT_DENY: return { decision: flow.decision, reasons: [gate, ...flow.reasons], rule: 3 };
    default: return { decision: Decision.IMPLICIT_DENY, reasons: [gate], rule: 3 };
  }
}

/**
 * Rule 1: `arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/VERB/PATH`, the real path without
 * its leading slash (so the root path leaves a trailing `/`). API Gateway developer guide,
 * "Control access for invoking an API" (execute-api resource format).
 */
export function invokeArn(scenario: InvokeScenario): string {
  const { api, request } = scenario;
  return `arn:${api.partition}:execute-api:${api.region}:${api.account}:${api.id}/${request.stage}/${request.httpMethod}/${request.path.slice(1)}`;
}

/**
 * Rule 3 and the endpoint's reach: why the endpoint refuses the call before any policy matters,
 * or undefined. A private API is only reachable through an interface VPC endpoint and denies every
 * call until a resource policy is attached ("Private REST APIs in API Gateway"); an execute-api VPC
 * endpoint only reaches private APIs (AWS Knowledge Center, "Why do I get an HTTP 403 Forbidden
 * error when I connect to my API Gateway APIs from a VPC?").
 */
function endpointGate(scenario: InvokeScenario): string | undefined {
  const { api, request } = scenario;
  if (api.endpointType === 'PRIVATE') {
    if (request.vpcEndpoint === undefined) {
      return 'the API is PRIVATE and the call did not come through a VPC endpoint (request.vpcEndpoint is absent): '
        + 'a private API is only reachable through an interface VPC endpoint for execute-api';
    }
    if (api.resourcePolicy === undefined) {
      return 'the API is PRIVATE and has no resource policy: API Gateway denies every call to a private API until '
        + 'a resource policy allows it (e.g. with an aws:SourceVpce or aws:SourceVpc condition)';
    }
    return undefined;
  }
  if (request.vpcEndpoint !== undefined) {
    return `the API is ${api.endpointType} and the call came through VPC endpoint ${request.vpcEndpoint.id}: an interface `
      + 'VPC endpoint for execute-api only reaches PRIVATE APIs (HTTP 403); call a public API from outside the endpoint';
  }
  return undefined;
}

function noMethod(scenario: InvokeScenario): string {
  const methods = scenario.api.methods;
  const listed = methods.slice(0, MAX_LISTED_METHODS).map(m => `${m.httpMethod} ${m.path}`).join(', ');
  const more = methods.length > MAX_LISTED_METHODS ? `, and ${methods.length - MAX_LISTED_METHODS} more` : '';
  return `no method matches ${scenario.request.httpMethod} ${scenario.request.path} (methods: ${listed}${more})`;
}

function describeMethod(method: ParsedMethod): string {
  return `method ${method.httpMethod} ${method.path} (api.methods[${method.index}])`;
}

function decideForMethod(scenario: InvokeScenario, method: ParsedMethod, resource: string): Outcome {
  switch (method.authorizationType) {
    case 'AWS_IAM': return byRule(5, decideAwsIam(scenario, method, resource));
    case 'NONE': return byRule(6, withAwsPrincipalNotes(scenario, method, decideNone(scenario, method, resource)));
    case 'CUSTOM': return byRule(7, withAwsPrincipalNotes(scenario, method, decideCustom(scenario, method, resource)));
    case 'COGNITO_USER_POOLS': return byRule(8, withAwsPrincipalNotes(scenario, method, decideCognito(scenario, method, resource)));
  }
}

/** The outcome of the flow of the format's rule `rule`. */
function byRule(rule: number, outcome: Outcome): Outcome {
  // One object shape for every flow (a spread of the flows' varied shapes showed in profiles).
  return { decision: outcome.decision, reasons: outcome.reasons, deciding: outcome.deciding, rule };
}

/**
 * Rule 5, AWS_IAM: the call must be signed; then the identity side (identity policies within the
 * permissions boundary) and the resource policy decide by Table A (same account) or Table B
 * (another account), which the policy layer's IAM evaluation implements.
 */
function decideAwsIam(scenario: InvokeScenario, method: ParsedMethod, resource: string): Outcome {
  const { api, caller, request } = scenario;
  if (caller.caller === undefined) {
    return {
      decision: Decision.IMPLICIT_DENY,
      reasons: [`${describeMethod(method)} uses AWS_IAM and the call is not signed (caller.principal is absent): `
        + 'API Gateway refuses unsigned calls to it (403 Missing Authentication Token)'],
    };
  }
  const context: RequestContext = { action: request.action, resource, caller: caller.caller, keys: invokeKeys(scenario, true) };
  const outcome = decideIam({
    request: context,
    identityPolicies: caller.identityPolicies,
    permissionsBoundary: caller.permissionsBoundary,
    resourcePolicy: api.resourcePolicy,
    resourceAccount: api.account,
  });
  // decideIam explains a cross-account denial itself (both sides must allow).
  return { decision: outcome.decision, reasons: outcome.reasons, deciding: outcome.deciding };
}

/**
 * The request as the resource policy sees a call to a method that is not AWS_IAM: anonymous, so
 * (rule 9) statements naming specific AWS principals never match it, while `"*"` and `{"AWS": "*"}`
 * do (the policy layer's principal matching).
 */
function anonymousRequest(scenario: InvokeScenario, resource: string): RequestContext {
  return { action: scenario.request.action, resource, keys: invokeKeys(scenario, false) };
}

/**
 * Rule 6, NONE: without a resource policy the method is open to anyone who reaches it; with one,
 * the anonymous caller needs an explicit Allow and any matching Deny denies.
 */
function decideNone(scenario: InvokeScenario, method: ParsedMethod, resource: string): Outcome {
  const policy = scenario.api.resourcePolicy;
  const action = scenario.request.action;
  if (policy === undefined) {
    return {
      decision: Decision.ALLOW,
      reasons: [`${describeMethod(method)} uses NONE and the API has no resource policy: anyone who reaches the endpoint may call it`],
    };
  }
  const verdict = evaluatePolicy(policy, anonymousRequest(scenario, resource));
  return combineEitherAllows([verdict], action, resource, () =>
    `${describeMethod(method)} uses NONE, so the caller is anonymous, and no resource-policy statement allows ${action} on ${resource}`);
}

/**
 * Rule 7, CUSTOM (Lambda authorizer): API Gateway first checks the resource policy for a Deny,
 * before it calls the authorizer; an Unauthorized answer ends the call (401); otherwise the
 * authorizer's policy and the resource policy combine by Table A.
 */
function decideCustom(scenario: InvokeScenario, method: ParsedMethod, resource: string): Outcome {
  const { api, caller, request } = scenario;
  const anonymous = anonymousRequest(scenario, resource);
  const resourceVerdict = api.resourcePolicy ? evaluatePolicy(api.resourcePolicy, anonymous) : undefined;
  if (resourceVerdict && resourceVerdict.denies.length > 0) {
    return {
      decision: Decision.EXPLICIT_DENY,
      reasons: resourceVerdict.denies.map(hit =>
        `${describeHit(hit, request.action, resource)} (API Gateway checks the resource policy for a Deny before it calls the Lambda authorizer)`),
      deciding: resourceVerdict.denies,
    };
  }
  if (caller.lambdaAuthorizer === 'UNAUTHORIZED' || caller.authorizerPolicy === undefined) {
    return {
      decision: Decision.IMPLICIT_DENY,
      reasons: [`${describeMethod(method)} uses a Lambda authorizer (CUSTOM), which answered Unauthorized `
        + '(caller.lambdaAuthorizer.result, UNAUTHORIZED when absent): API Gateway returns 401'],
    };
  }
  const verdicts: PolicyVerdict[] = [evaluatePolicy(caller.authorizerPolicy, anonymous)];
  if (resourceVerdict) {
    verdicts.push(resourceVerdict);
  }
  return combineEitherAllows(verdicts, request.action, resource, () =>
    `neither the Lambda authorizer's policy nor ${api.resourcePolicy ? 'the resource policy' : 'a resource policy (none attached)'} `
    + `allows ${request.action} on ${resource}`);
}

/**
 * Rule 8, COGNITO_USER_POOLS: API Gateway authenticates the token first (401 when it is not
 * valid); with a resource policy, the developer guide's workflow then needs an explicit Allow in
 * it; without one a valid token is enough.
 */
function decideCognito(scenario: InvokeScenario, method: ParsedMethod, resource: string): Outcome {
  const { api, caller, request } = scenario;
  if (caller.cognitoToken !== 'VALID') {
    return {
      decision: Decision.IMPLICIT_DENY,
      reasons: [`${describeMethod(method)} uses COGNITO_USER_POOLS and the token is ${caller.cognitoToken} `
        + '(caller.cognito.token): API Gateway returns 401'],
    };
  }
  if (api.resourcePolicy === undefined) {
    return {
      decision: Decision.ALLOW,
      reasons: [`${describeMethod(method)} uses COGNITO_USER_POOLS, the token is valid and the API has no resource policy`],
    };
  }
  const verdict = evaluatePolicy(api.resourcePolicy, anonymousRequest(scenario, resource));
  return combineEitherAllows([verdict], request.action, resource, () =>
    `${describeMethod(method)} uses COGNITO_USER_POOLS: with a resource policy the call also needs a resource-policy `
    + `Allow, and no statement allows ${request.action} on ${resource}`);
}

/**
 * Rule 9 explained: resource-policy Allow statements that name specific AWS principals (accounts,
 * roles, users) never grant anything to methods that are not AWS_IAM: such calls carry no IAM
 * identity. When the call was not allowed and such a statement exists, say so: it is the likeliest fix.
 */
function withAwsPrincipalNotes(scenario: InvokeScenario, method: ParsedMethod, outcome: Outcome): Outcome {
  const policy = scenario.api.resourcePolicy;
  if (policy === undefined || outcome.decision === Decision.ALLOW) {
    return outcome;
  }
  const relevant = statementsNamingAwsPrincipals(policy).filter(s => s.effect === 'Allow');
  if (relevant.length === 0) {
    return outcome;
  }
  const notes = relevant.map(s =>
    `${describeMethod(method)} uses ${method.authorizationType}: resource-policy ${s.label} names specific AWS principals, `
    + 'which never match a call to a method that is not AWS_IAM: such a call carries no IAM identity '
    + '(use "Principal": "*" with conditions, or AWS_IAM authorization)');
  return { ...outcome, reasons: [...outcome.reasons, ...notes] };
}
