/**
 * Access maps of methods behind Lambda authorizers, Cognito user pools and API keys, with the
 * expected entries written from the guides' words.
 *
 * Sources:
 * - [AUTH] API Gateway API reference, "Authorizer" (identitySource): for TOKEN the header holding the
 *   token is required; for REQUEST, API Gateway verifies that every identity source is present, not
 *   null and non-empty, "only when this is true does the authorizer invoke the authorizer Lambda
 *   function, otherwise, it returns a 401 Unauthorized response".
 * - [WF] "How API Gateway resource policies affect authorization workflow": for a Lambda authorizer,
 *   the resource policy is checked for a Deny first; then the authorizer's policy and the resource
 *   policy combine. For a Cognito authorizer, a valid token, then with a resource policy an Allow.
 * - [COG] Cognito developer guide, "Configuring policies for user creation": a pool that lets users
 *   sign up creates a profile for anyone who knows an app client id and signs up.
 * - [KEYS] "Usage plans and API keys": "Don't use API keys for authentication or authorization".
 */
import { AppSpec, methodOf } from './helpers';

const V = '2012-10-17';
const EVERYWHERE = { internet: ['0.0.0.0/0', '::/0'] };
const FUNCTION_URI = { 'Fn::Join': ['', ['arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['AuthFn', 'Arn'] }, '/invocations']] };

function lambdaAuthorizer(type: 'TOKEN' | 'REQUEST', identitySource: string | undefined, policy?: unknown): AppSpec {
  return {
    policy,
    methods: [{ verb: 'GET', path: '/pets', auth: 'CUSTOM', authorizer: 'Auth' }],
    resources: {
      AuthFn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'x' }, Role: 'arn:aws:iam::111111111111:role/fn' } },
      Auth: {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: { Ref: 'Api' },
          Name: 'auth',
          Type: type,
          AuthorizerUri: FUNCTION_URI,
          ...(identitySource ? { IdentitySource: identitySource } : {}),
          ...(identitySource === undefined ? { AuthorizerResultTtlInSeconds: 0 } : {}),
        },
      },
    },
  };
}

describe('Lambda authorizers [AUTH]', () => {
  test('TOKEN: only callers the authorizer admits; a call without the header is refused before it runs', () => {
    const method = methodOf(lambdaAuthorizer('TOKEN', 'method.request.header.Authorization'), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'authorizer:Auth', from: EVERYWHERE }]);
    expect(method.undecided).toEqual([]);
  });

  test('REQUEST on a header: the same', () => {
    const method = methodOf(lambdaAuthorizer('REQUEST', 'method.request.header.X-Api-Token'), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'authorizer:Auth', from: EVERYWHERE }]);
    expect(method.undecided).toEqual([]);
  });

  test('REQUEST on context.identity.sourceIp: called for every request, so for anonymous callers the authorizer decides', () => {
    const method = methodOf(lambdaAuthorizer('REQUEST', 'context.identity.sourceIp'), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'authorizer:Auth', from: EVERYWHERE }]);
    expect(method.undecided).toHaveLength(1);
    expect(method.undecided[0]).toMatchObject({ caller: 'anonymous', from: EVERYWHERE });
    expect(method.undecided[0].because).toContain('context.identity.sourceIp');
  });

  test('REQUEST without identity sources (caching off): the same', () => {
    const method = methodOf(lambdaAuthorizer('REQUEST', undefined), 'GET', '/pets');
    expect(method.undecided.map(e => e.caller)).toEqual(['anonymous']);
  });

  test('[WF] a resource-policy Deny is checked before the authorizer: it bounds what the authorizer can admit', () => {
    const method = methodOf(lambdaAuthorizer('REQUEST', 'context.identity.sourceIp', {
      Version: V,
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }],
    }), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'authorizer:Auth', from: { internet: ['198.51.100.0/24'] } }]);
    expect(method.undecided.map(e => [e.caller, e.from])).toEqual([['anonymous', { internet: ['198.51.100.0/24'] }]]);
  });
});

describe('Cognito user pools [WF] [COG]', () => {
  const cognito = (adminOnly: boolean): AppSpec => ({
    methods: [{ verb: 'GET', path: '/pets', auth: 'COGNITO_USER_POOLS', authorizer: 'PoolAuth' }],
    resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: adminOnly } } },
      PoolClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } },
      PoolAuth: {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: { Ref: 'Api' },
          Name: 'pool',
          Type: 'COGNITO_USER_POOLS',
          IdentitySource: 'method.request.header.Authorization',
          ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }],
        },
      },
    },
  });

  test('holders of a valid token of the pool; nobody without one', () => {
    const method = methodOf(cognito(true), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'cognito:Pool', from: EVERYWHERE }]);
    expect(method.undecided).toEqual([]);
  });

  test('a pool anyone may sign up to: the entry says anyone can get a token', () => {
    const method = methodOf(cognito(false), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'cognito:Pool', from: EVERYWHERE, note: 'anyone may sign up to this user pool and get a token' }]);
  });
});

describe('API keys [KEYS]', () => {
  test('a key is not authorization: still open to anyone, with an API key of a usage plan', () => {
    const method = methodOf({ methods: [{ verb: 'GET', path: '/pets', apiKeyRequired: true }] }, 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, note: 'with an API key of a usage plan' }]);
  });
});
