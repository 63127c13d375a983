import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';
import { AccessCaller } from '../../src/checks';

function authorizerFn(stack: Stack) {
  return new lambda.Function(stack, 'AuthorizerFn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

/** GET /items behind the given authorizer, optionally with a resource policy. */
function appWith(make: (stack: Stack) => apigateway.IAuthorizer, policy?: iam.PolicyDocument) {
  const { checks, stack } = checkedApp();
  const api = new apigateway.RestApi(stack, 'Items', { policy });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizer: make(stack) });
  const expect2 = (allowed: boolean) => (allowed ? checks.expectAllowed : checks.expectDenied).call(checks,
    { caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items' });
  return { stack, expectAnonymous: expect2 };
}

const everyRequest = (stack: Stack) => new apigateway.RequestAuthorizer(stack, 'Request', {
  handler: authorizerFn(stack), resultsCacheTtl: Duration.seconds(0), identitySources: [apigateway.IdentitySource.context('identity.sourceIp')],
});

// API reference, Authorizer identitySource: the function is called only when every identity source is
// present; context variables are supplied by API Gateway, so such an authorizer decides every request.
describe('a REQUEST authorizer called for every request: anonymous access is undecided, never denied', () => {
  test.each([['expectAllowed', true], ['expectDenied', false]])('%s anonymous is reported as not checkable, naming the authorizer', (_name, allowed) => {
    const { stack, expectAnonymous } = appWith(everyRequest);
    expectAnonymous(allowed as boolean);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([
      expect.stringMatching(/an anonymous caller may call GET \/items.*depends on the authorizer.*context.identity.sourceIp.*called for every request/),
    ]);
  });

  test('a resource policy that denies the call decides before the authorizer (scenario rule 7)', () => {
    const deny = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
      ],
    });
    const { stack, expectAnonymous } = appWith(everyRequest, deny);
    expectAnonymous(false);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });
});

describe('authorizers that refuse a request without credentials before running', () => {
  test.each([
    ['TOKEN (Authorization header)', (stack: Stack) => new apigateway.TokenAuthorizer(stack, 'Token', { handler: authorizerFn(stack) })],
    ['REQUEST with a header source', (stack: Stack) => new apigateway.RequestAuthorizer(stack, 'Request', {
      handler: authorizerFn(stack), identitySources: [apigateway.IdentitySource.header('Authorization')],
    })],
  ])('%s: expectDenied anonymous is met', (_name, make) => {
    const { stack, expectAnonymous } = appWith(make);
    expectAnonymous(false);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });
});

// Cognito developer guide, "Configuring policies for user creation": a user pool that accepts sign-up and
// has an app client creates a user profile for anyone on the internet who requests it, and that user gets
// tokens. CloudFormation AdminCreateUserConfig.AllowAdminCreateUserOnly: false lets users register themselves.
describe('a Cognito user pool anyone can sign up to', () => {
  const pools = (selfSignUpEnabled: boolean, client = true) => (stack: Stack) => {
    const pool = new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled });
    if (client) pool.addClient('Web');
    return new apigateway.CognitoUserPoolsAuthorizer(stack, 'Pools', { cognitoUserPools: [pool] });
  };

  test('expectDenied anonymous fails, saying anyone can sign up', () => {
    const { stack, expectAnonymous } = appWith(pools(true));
    expectAnonymous(false);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([
      expect.stringMatching(/an anonymous caller may not call GET \/items.*decision is ALLOW: anyone on the internet can sign up to user pool 'Pool/),
    ]);
  });

  test('expectAllowed anonymous is met', () => {
    const { stack, expectAnonymous } = appWith(pools(true));
    expectAnonymous(true);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
  });

  test('an admin-only pool (the aws-cdk-lib default) keeps anonymous callers out', () => {
    const { stack, expectAnonymous } = appWith(pools(false));
    expectAnonymous(false);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('a self sign-up pool without an app client in the app is undecided (one may exist elsewhere)', () => {
    const { stack, expectAnonymous } = appWith(pools(true, false));
    expectAnonymous(false);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([expect.stringMatching(/app clients are not defined in the app/)]);
  });
});

describe('OpenMethod says so for a user pool anyone can sign up to', () => {
  const withPool = (selfSignUpEnabled: boolean) => {
    const { stack } = checkedApp();
    const pool = new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled });
    pool.addClient('Web');
    const api = new apigateway.RestApi(stack, 'Items');
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: new apigateway.CognitoUserPoolsAuthorizer(stack, 'Pools', { cognitoUserPools: [pool] }),
    });
    return stack;
  };

  test('broken: selfSignUpEnabled with an app client', () => {
    expect(findings(withPool(true), 'OpenMethod').infos).toEqual([
      expect.stringMatching(/anyone on the internet can call GET \/items of REST API 'Items' \(stage prod\): anyone on the internet can sign up to user pool 'Pool.*Fix: if only known users/),
    ]);
  });

  test('fixed: an admin-only pool', () => {
    expect(findings(withPool(false), 'OpenMethod').infos).toEqual([]);
  });
});

// API Gateway developer guide, "Usage plans and API keys": "Don't use API keys for authentication or
// authorization to control access to your APIs."
test('OpenMethod: a NONE method that requires an API key is still open, and the finding says a key is required', () => {
  const { stack } = checkedApp();
  new apigateway.RestApi(stack, 'Items').root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { apiKeyRequired: true });
  expect(findings(stack, 'OpenMethod').infos).toEqual([expect.stringMatching(/GET \/items.*requires an API key, which is not an authorization mechanism/)]);
});
