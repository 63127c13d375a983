/**
 * What a method's authorizer means for a caller the checks describe by identity (a role, an account,
 * anonymous) and who holds no token of the authorizer's own. The scenario format's default for such a
 * caller is "no token": a Lambda authorizer answers UNAUTHORIZED, a Cognito token is ABSENT. That is what
 * AWS does only when API Gateway refuses the request before the authorizer decides; otherwise the
 * checks must not report the call as denied:
 * - a REQUEST authorizer called for every request (see `invokedWithoutCredentials`) decides by its
 *   function alone: undecided;
 * - a Cognito user pool that lets anyone sign up (and has an app client) hands any internet caller a
 *   valid token (Cognito developer guide, "Configuring policies for user creation"): allowed as if the
 *   token were valid;
 * - an authorizer or user pool the app does not define: undecided.
 */
import { CognitoTokenState, LambdaAuthorizerResult, ScenarioCaller } from '../evaluator';
import { InvalidInputError, parsePathTemplate, parseRequestPath, selectMethod } from '../evaluator/internal';
import { ApiModel, invokedWithoutCredentials, MethodModel } from './template/access-model';

/** The same caller with the most the authorizer could grant it, and what that depends on. */
export interface AuthorizerAlternative {
  readonly caller: ScenarioCaller;
  /** `undecided`: only the authorizer's code knows; `anyone`: anyone can get what it needs. */
  readonly kind: 'undecided' | 'anyone';
  readonly because: string;
}

/** A Lambda authorizer that lets the call through. */
const AUTHORIZER_ALLOWS = {
  result: LambdaAuthorizerResult.POLICY,
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] },
};

/**
 * The alternative for a call to `method` by `caller`, or undefined when the scenario's default
 * (no token) is what AWS does.
 */
export function authorizerAlternative(method: MethodModel, caller: ScenarioCaller): AuthorizerAlternative | undefined {
  if (method.authorizationType === 'CUSTOM' && caller.lambdaAuthorizer === undefined) {
    const withPolicy = { ...caller, lambdaAuthorizer: AUTHORIZER_ALLOWS };
    if (method.authorizer === undefined) {
      return { caller: withPolicy, kind: 'undecided', because: `the authorizer of ${method.httpMethod} ${method.path} is not defined in the app` };
    }
    const everyRequest = invokedWithoutCredentials(method.authorizer);
    return everyRequest === undefined ? undefined : { caller: withPolicy, kind: 'undecided', because: `${everyRequest}, and only that function decides` };
  }
  if (method.authorizationType === 'COGNITO_USER_POOLS' && caller.cognito === undefined) {
    const withToken = { ...caller, cognito: { token: CognitoTokenState.VALID } };
    const providers = method.authorizer?.providers ?? [];
    if (method.authorizer === undefined) {
      return { caller: withToken, kind: 'undecided', because: `the authorizer of ${method.httpMethod} ${method.path} is not defined in the app` };
    }
    const open = providers.find(p => p.userPool?.selfSignUp && p.userPool.appClients.length > 0);
    if (open) {
      return {
        caller: withToken,
        kind: 'anyone',
        because: `anyone on the internet can sign up to user pool '${open.userPool!.logicalId}' (AllowAdminCreateUserOnly is not true, and it has an app client) and get a valid token`,
      };
    }
    if (method.authorizer.unreadProviders !== undefined) {
      return {
        caller: withToken,
        kind: 'undecided',
        because: `the user pools of the authorizer of ${method.httpMethod} ${method.path} cannot be read (${method.authorizer.unreadProviders.join('; ')}), `
          + 'so whether anyone may sign up to them is unknown',
      };
    }
    const unknown = providers.find(p => p.userPool === undefined)
      ?? providers.find(p => p.userPool?.selfSignUp);
    if (unknown) {
      return {
        caller: withToken,
        kind: 'undecided',
        because: unknown.userPool === undefined
          ? `user pool '${unknown.arn}' is not defined in the app, so whether anyone may sign up to it is unknown`
          : `user pool '${unknown.userPool.logicalId}' lets anyone sign up, given an app client, and its app clients are not defined in the app`,
      };
    }
  }
  return undefined;
}

/** The method of `api` a request reaches, as the evaluator routes it; undefined when none or unreadable. */
export function routedMethod(api: ApiModel, httpMethod: string, path: string): MethodModel | undefined {
  try {
    const routed = api.methods.map(m => ({ method: m, httpMethod: m.httpMethod, template: parsePathTemplate(m.path, 'path') }));
    return selectMethod(routed, httpMethod.toUpperCase(), parseRequestPath(path, 'path'))?.method;
  } catch (e) {
    if (e instanceof InvalidInputError) return undefined; // the evaluator reports it on the scenario itself
    throw e;
  }
}
