import { ACCOUNT, API_ARN, policy, REGION, resource, ROLE } from './fixtures/builders';
import { InvalidInputError } from '../../src/evaluator/errors';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// The scenario format: "Unknown fields are an error (a typo must never be silently ignored)", and
// a scenario that is not valid is not evaluated: the error names the offending field.

type Json = Record<string, any>;

function validInvoke(): Json {
  return {
    description: 'every field of an invoke scenario',
    api: {
      id: 'a1b2c3d4e5',
      account: ACCOUNT,
      region: REGION,
      partition: 'aws',
      endpointType: 'PRIVATE',
      resourcePolicy: policy(resource('Allow')),
      methods: [
        { httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'AWS_IAM' },
        { httpMethod: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' },
      ],
    },
    caller: {
      principal: ROLE,
      identityPolicies: [policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` })],
      permissionsBoundary: policy({ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }),
      principalTags: { team: 'payments' },
      principalOrgId: 'o-a1b2c3d4e5',
      lambdaAuthorizer: { result: 'POLICY', policy: policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }) },
      cognito: { token: 'VALID' },
    },
    request: {
      action: 'execute-api:Invoke',
      stage: 'prod',
      httpMethod: 'GET',
      path: '/pets/123',
      sourceIp: '10.0.3.7',
      vpcEndpoint: { id: 'vpce-0a1b2c3d', vpcId: 'vpc-0e1f2a3b' },
      context: { 'aws:Referer': 'https://example.com/', 'aws:CurrentTime': '2026-01-01T00:00:00Z', 'aws:TagKeys': ['a', 'b'] },
    },
    expected: 'ALLOW',
  };
}

function validManagement(): Json {
  return {
    management: { account: ACCOUNT, region: REGION, partition: 'aws' },
    caller: { principal: ROLE, identityPolicies: [policy({ Effect: 'Allow', Action: 'apigateway:*', Resource: '*' })] },
    request: { action: 'apigateway:PATCH', resource: `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5`, context: { 'apigateway:Request/EndpointType': ['PRIVATE'] } },
    expected: 'ALLOW',
  };
}

function thrown(input: unknown): InvalidInputError {
  try {
    evaluateScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError, but the scenario was evaluated');
}

test('the complete scenarios of both kinds are valid', () => {
  expect(evaluateScenario(validInvoke()).matchesExpected).toBe(true);
  expect(evaluateScenario(validManagement()).matchesExpected).toBe(true);
});

type Case = [string, (s: Json) => void, string, RegExp?];

const invokeCases: Case[] = [
  ['unknown top-level field', s => { s.expectd = 'ALLOW'; }, 'expectd', /unknown field/],
  ['both api and management', s => { s.management = { account: ACCOUNT, region: REGION }; }, 'management', /exactly one/],
  ['neither api nor management', s => { delete s.api; }, 'api', /exactly one/],
  ['description not a string', s => { s.description = 42; }, 'description', /string/],
  ['expected not a decision word', s => { s.expected = 'DENIED'; }, 'expected', /ALLOW, IMPLICIT_DENY, EXPLICIT_DENY, DENY/],
  ['malformed API id', s => { s.api.id = 'My-Api'; }, 'api.id', /10 lower-case letters or digits/],
  ['missing API id', s => { delete s.api.id; }, 'api.id', /is required/],
  ['account not 12 digits', s => { s.api.account = '1234'; }, 'api.account', /12-digit/],
  ['account as a number', s => { s.api.account = 111111111111; }, 'api.account', /must be a string/],
  ['malformed region', s => { s.api.region = 'useast1'; }, 'api.region', /region/],
  ['unknown partition', s => { s.api.partition = 'aws-mars'; }, 'api.partition', /aws, aws-cn, aws-us-gov/],
  ['region of another partition', s => { s.api.region = 'cn-north-1'; }, 'api.region', /partition aws-cn/],
  ['unknown endpoint type', s => { s.api.endpointType = 'PUBLIC'; }, 'api.endpointType', /EDGE, REGIONAL, PRIVATE/],
  ['unknown api field', s => { s.api.resourcePolicies = {}; }, 'api.resourcePolicies', /unknown field/],
  ['no methods', s => { delete s.api.methods; }, 'api.methods', /at least one/],
  ['empty methods', s => { s.api.methods = []; }, 'api.methods', /at least one/],
  ['methods not a list', s => { s.api.methods = {}; }, 'api.methods', /list/],
  ['method not an object', s => { s.api.methods[1] = 'GET /'; }, 'api.methods[1]', /object/],
  ['unknown verb', s => { s.api.methods[0].httpMethod = 'FETCH'; }, 'api.methods[0].httpMethod', /GET, POST/],
  ['lower-case verb', s => { s.api.methods[0].httpMethod = 'get'; }, 'api.methods[0].httpMethod', /GET/],
  ['unknown authorization type', s => { s.api.methods[0].authorizationType = 'IAM'; }, 'api.methods[0].authorizationType', /NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS/],
  ['method path without slash', s => { s.api.methods[0].path = 'pets'; }, 'api.methods[0].path', /start with/],
  ['greedy part not last', s => { s.api.methods[1].path = '/{proxy+}/x'; }, 'api.methods[1].path', /must be the last part/],
  ['malformed path parameter', s => { s.api.methods[0].path = '/pets/{pet id}'; }, 'api.methods[0].path', /\{name\}/],
  ['unknown method field', s => { s.api.methods[0].authorizer = 'x'; }, 'api.methods[0].authorizer', /unknown field/],
  ['duplicate method', s => { s.api.methods[1] = { ...s.api.methods[0] }; }, 'api.methods[1]', /duplicates api.methods\[0\]/],
  ['sibling path parameters', s => { s.api.methods[1] = { httpMethod: 'PUT', path: '/pets/{id}', authorizationType: 'NONE' }; },
    'api.methods[1].path', /sibling/],
  ['null resource policy', s => { s.api.resourcePolicy = null; }, 'api.resourcePolicy'],
  ['resource policy without Principal', s => { delete s.api.resourcePolicy.Statement[0].Principal; }, 'api.resourcePolicy.Statement[0]'],
  ['unknown condition operator', s => { s.api.resourcePolicy.Statement[0].Condition = { IpAddres: { 'aws:SourceIp': '10.0.0.0/8' } }; },
    'api.resourcePolicy.Statement[0].Condition'],
  ['malformed CIDR', s => { s.api.resourcePolicy.Statement[0].Condition = { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }; },
    'api.resourcePolicy.Statement[0].Condition'],
  ['caller not an object', s => { s.caller = 'me'; }, 'caller', /object/],
  ['unknown caller field', s => { s.caller.role = ROLE; }, 'caller.role', /unknown field/],
  ['malformed principal', s => { s.caller.principal = 'bob'; }, 'caller.principal'],
  ['principal of another partition', s => { s.caller.principal = 'arn:aws-cn:iam::111111111111:role/reader'; }, 'caller.principal', /partition/],
  ['identity policies not a list', s => { s.caller.identityPolicies = policy(); }, 'caller.identityPolicies', /list/],
  ['identity policy with a Principal', s => { s.caller.identityPolicies[0].Statement[0].Principal = '*'; }, 'caller.identityPolicies[0].Statement[0]'],
  ['malformed boundary', s => { s.caller.permissionsBoundary = { Statement: 'all' }; }, 'caller.permissionsBoundary'],
  ['tag value not a string', s => { s.caller.principalTags.team = 7; }, 'caller.principalTags.team', /string/],
  ['tags not an object', s => { s.caller.principalTags = ['team']; }, 'caller.principalTags', /object/],
  ['malformed tag key', s => { s.caller.principalTags['team#1'] = 'x'; }, 'caller.principalTags.team#1', /tag key/],
  ['tag key repeated in another case', s => { s.caller.principalTags.TEAM = 'x'; }, 'caller.principalTags.TEAM', /case/],
  ['malformed org id', s => { s.caller.principalOrgId = 'org1'; }, 'caller.principalOrgId', /o-/],
  ['unknown authorizer result', s => { s.caller.lambdaAuthorizer.result = 'ALLOW'; }, 'caller.lambdaAuthorizer.result', /POLICY, UNAUTHORIZED/],
  ['POLICY without its policy', s => { delete s.caller.lambdaAuthorizer.policy; }, 'caller.lambdaAuthorizer.policy', /required/],
  ['UNAUTHORIZED with a policy', s => { s.caller.lambdaAuthorizer.result = 'UNAUTHORIZED'; }, 'caller.lambdaAuthorizer.policy', /only allowed/],
  ['authorizer policy with a Principal', s => { s.caller.lambdaAuthorizer.policy.Statement[0].Principal = '*'; },
    'caller.lambdaAuthorizer.policy.Statement[0]'],
  ['unknown cognito token state', s => { s.caller.cognito.token = 'yes'; }, 'caller.cognito.token', /VALID, INVALID, ABSENT/],
  ['unknown cognito field', s => { s.caller.cognito.claims = {}; }, 'caller.cognito.claims', /unknown field/],
  ['missing request', s => { delete s.request; }, 'request', /required/],
  ['unknown request field', s => { s.request.resource = API_ARN; }, 'request.resource', /unknown field/],
  ['unknown invoke action', s => { s.request.action = 'execute-api:Invoke2'; }, 'request.action', /execute-api:Invoke, execute-api:InvalidateCache/],
  ['missing stage', s => { delete s.request.stage; }, 'request.stage', /required/],
  ['malformed stage', s => { s.request.stage = 'pr od'; }, 'request.stage', /stage name/],
  ['ANY as a request verb', s => { s.request.httpMethod = 'ANY'; }, 'request.httpMethod', /GET/],
  ['missing request path', s => { delete s.request.path; }, 'request.path', /required/],
  ['request path without slash', s => { s.request.path = 'pets/7'; }, 'request.path', /start with/],
  ['request path with a query string', s => { s.request.path = '/pets?id=7'; }, 'request.path', /query string/],
  ['request path with an empty segment', s => { s.request.path = '/pets//7'; }, 'request.path', /empty path segment/],
  ['malformed source address', s => { s.request.sourceIp = '300.1.2.3'; }, 'request.sourceIp', /IPv4 or IPv6 address/],
  ['a CIDR as the source address', s => { s.request.sourceIp = '10.0.0.0/8'; }, 'request.sourceIp', /address/],
  ['malformed VPC endpoint id', s => { s.request.vpcEndpoint.id = 'vpc-0a1b2c3d'; }, 'request.vpcEndpoint.id', /vpce-/],
  // EC2 ids carry 8 (older) or 17 hex characters, nothing in between (EC2 User Guide, "Resource IDs").
  ['VPC endpoint id of 9 hex characters', s => { s.request.vpcEndpoint.id = 'vpce-0a1b2c3d4'; }, 'request.vpcEndpoint.id', /vpce-/],
  ['VPC id of 16 hex characters', s => { s.request.vpcEndpoint.vpcId = 'vpc-0123456789abcdef'; }, 'request.vpcEndpoint.vpcId', /vpc-/],
  ['missing VPC id', s => { delete s.request.vpcEndpoint.vpcId; }, 'request.vpcEndpoint.vpcId', /required/],
  ['malformed VPC id', s => { s.request.vpcEndpoint.vpcId = 'vpce-0e1f2a3b'; }, 'request.vpcEndpoint.vpcId', /vpc-/],
  ['unknown VPC endpoint field', s => { s.request.vpcEndpoint.policy = {}; }, 'request.vpcEndpoint.policy', /unknown field/],
  ['context value a number', s => { s.request.context['aws:Referer'] = 3; }, 'request.context.aws:Referer', /string or a list of strings/],
  ['context list with a number', s => { s.request.context['aws:TagKeys'] = ['a', 1]; }, 'request.context.aws:TagKeys[1]', /string/],
  ['context key without a service prefix', s => { s.request.context.Referer = 'x'; }, 'request.context.Referer', /condition key/],
  ['context key set by request.sourceIp', s => { s.request.context['aws:SourceIp'] = '1.2.3.4'; }, 'request.context.aws:SourceIp', /request.sourceIp/],
  ['context key set by the caller', s => { s.request.context['aws:PrincipalTag/team'] = 'x'; }, 'request.context.aws:PrincipalTag/team',
    /caller.principalTags/],
  ['context key repeated in another case', s => { s.request.context['AWS:REFERER'] = 'x'; }, 'request.context.AWS:REFERER', /case/],
];

describe.each(invokeCases)('invoke scenario: %s', (_, mutate, field, message) => {
  test(`is an InvalidInputError naming ${field}`, () => {
    const scenario = validInvoke();
    mutate(scenario);
    const error = thrown(scenario);
    expect(error.field.startsWith(field)).toBe(true);
    expect(error.message.startsWith(`${error.field}: `)).toBe(true);
    if (message) expect(error.message).toMatch(message);
  });
});

const managementCases: Case[] = [
  ['malformed account', s => { s.management.account = 'x'; }, 'management.account', /12-digit/],
  ['unknown management field', s => { s.management.apiId = 'a1b2c3d4e5'; }, 'management.apiId', /unknown field/],
  ['missing action', s => { delete s.request.action; }, 'request.action', /required/],
  ['an invoke action', s => { s.request.action = 'execute-api:Invoke'; }, 'request.action', /apigateway:GET/],
  ['missing resource', s => { delete s.request.resource; }, 'request.resource', /required/],
  ['an execute-api resource', s => { s.request.resource = `${API_ARN}/prod/GET/pets`; }, 'request.resource', /arn:aws:apigateway/],
  ['a resource with an account', s => { s.request.resource = `arn:aws:apigateway:${REGION}:${ACCOUNT}:/restapis/x`; }, 'request.resource'],
  ['a resource in another region', s => { s.request.resource = 'arn:aws:apigateway:eu-west-1::/restapis/x'; }, 'request.resource', /region/],
  ['an invoke request field', s => { s.request.stage = 'prod'; }, 'request.stage', /unknown field/],
  ['an invoke-only caller field', s => { s.caller.cognito = { token: 'VALID' }; }, 'caller.cognito', /unknown field/],
  ['a derived context key', s => { s.request.context['aws:RequestedRegion'] = 'us-west-2'; }, 'request.context.aws:RequestedRegion', /management.region/],
];

describe.each(managementCases)('management scenario: %s', (_, mutate, field, message) => {
  test(`is an InvalidInputError naming ${field}`, () => {
    const scenario = validManagement();
    mutate(scenario);
    const error = thrown(scenario);
    expect(error.field.startsWith(field)).toBe(true);
    if (message) expect(error.message).toMatch(message);
  });
});

test.each([null, [], 'scenario', 42, undefined])('a scenario that is not an object (%j) is invalid', input => {
  expect(thrown(input).field).toBe('(scenario)');
});
