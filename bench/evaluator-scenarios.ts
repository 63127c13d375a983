/**
 * A fixed mix of realistic scenarios for the evaluator bench: 5-20 statements per policy, IP and
 * VPC conditions, wildcards, boundaries, cross-account calls, Lambda authorizers, Cognito,
 * private APIs, routing over many methods and management calls. Each carries the decision AWS
 * makes, which the bench checks before it measures (a fast wrong answer is worth nothing).
 */
import { Scenario } from '../src';

const A = '111111111111';
const PARTNER = '222222222222';
const API = 'a1b2c3d4e5';
const REGION = 'eu-central-1';
const ARN = `arn:aws:execute-api:${REGION}:${A}:${API}`;

type Json = Record<string, any>;
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const invoke = (extra: Json = {}): Json => ({ Effect: 'Allow', Action: 'execute-api:Invoke', ...extra });

const petMethods = [
  { httpMethod: 'GET', path: '/pets', authorizationType: 'AWS_IAM' },
  { httpMethod: 'POST', path: '/pets', authorizationType: 'AWS_IAM' },
  { httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'AWS_IAM' },
  { httpMethod: 'PUT', path: '/pets/{petId}', authorizationType: 'AWS_IAM' },
  { httpMethod: 'DELETE', path: '/pets/{petId}', authorizationType: 'AWS_IAM' },
  { httpMethod: 'GET', path: '/pets/{petId}/photos', authorizationType: 'AWS_IAM' },
  { httpMethod: 'GET', path: '/health', authorizationType: 'NONE' },
  { httpMethod: 'ANY', path: '/admin/{proxy+}', authorizationType: 'AWS_IAM' },
];

/** A resource policy of 9 statements in the style of the developer guide's examples. */
const corporateResourcePolicy = policy(
  { Sid: 'PartnerReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER}:role/partner` }, Action: 'execute-api:Invoke', Resource: ['execute-api:/prod/GET/pets', 'execute-api:/prod/GET/pets/*'] },
  { Sid: 'OrgReads', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
  { Sid: 'OwnAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'execute-api:*', Resource: 'execute-api:/*' },
  { Sid: 'Health', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/health' },
  { Sid: 'OfficeOrVpn', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/*/admin/*', Condition: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.0/25', '2001:db8:1234::/48'] } } },
  { Sid: 'NoPartnerWrites', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${PARTNER}:root` }, Action: 'execute-api:Invoke', Resource: ['execute-api:/*/POST/*', 'execute-api:/*/PUT/*', 'execute-api:/*/DELETE/*'] },
  { Sid: 'NoTestFromPartners', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${PARTNER}:root` }, Action: 'execute-api:*', Resource: 'execute-api:/test/*' },
  { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  { Sid: 'NoCacheFlush', Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${A}:role/ops` }, Action: 'execute-api:InvalidateCache', Resource: 'execute-api:/*' },
);

const readerIdentity = policy(
  invoke({ Sid: 'ReadPets', Resource: [`${ARN}/prod/GET/pets`, `${ARN}/prod/GET/pets/*`] }),
  invoke({ Sid: 'WritePets', Resource: [`${ARN}/prod/POST/pets`, `${ARN}/prod/PUT/pets/*`], Condition: { StringEquals: { 'aws:PrincipalTag/team': 'pets' } } }),
  { Sid: 'NoDeletes', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${ARN}/*/DELETE/*` },
  { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${REGION}:${A}:table/pets` },
  invoke({ Sid: 'Staging', Resource: `arn:aws:execute-api:*:${A}:*/staging/*` }),
);

const boundary = policy(
  { Sid: 'ApiOnly', Effect: 'Allow', Action: ['execute-api:Invoke', 'logs:*', 'dynamodb:Get*'], Resource: '*' },
  { Sid: 'NotOutsideEu', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:RequestedRegion': 'eu-*' } } },
  { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  { Sid: 'NoOrg', Effect: 'Deny', Action: 'organizations:*', Resource: '*' },
  { Sid: 'NoBilling', Effect: 'Deny', NotAction: ['execute-api:*', 'logs:*', 'dynamodb:*', 'apigateway:*'], Resource: '*' },
);

export interface BenchScenario {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expected: string;
}

const scenario = (s: Json) => s as Scenario;

export const BENCH_SCENARIOS: readonly BenchScenario[] = [
  {
    name: 'IAM same account, 6-statement identity policy, boundary, 9-statement resource policy',
    expected: 'ALLOW',
    scenario: scenario({
      api: { id: API, account: A, region: REGION, resourcePolicy: corporateResourcePolicy, methods: petMethods },
      caller: { principal: `arn:aws:iam::${A}:role/pets-service`, identityPolicies: [readerIdentity], permissionsBoundary: boundary, principalTags: { team: 'pets' } },
      request: { stage: 'prod', httpMethod: 'PUT', path: '/pets/42', sourceIp: '198.51.100.23' },
    }),
  },
  {
    name: 'IAM cross account, partner role, both sides allow',
    expected: 'ALLOW',
    scenario: scenario({
      api: { id: API, account: A, region: REGION, resourcePolicy: corporateResourcePolicy, methods: petMethods },
      caller: {
        principal: `arn:aws:sts::${PARTNER}:assumed-role/partner/sync-7`,
        identityPolicies: [policy(invoke({ Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*' }), { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::partner-bucket/*' },
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }, { Effect: 'Deny', Action: 'execute-api:InvalidateCache', Resource: '*' }, invoke({ Resource: 'arn:aws:execute-api:us-*:*:*/*' }))],
      },
      request: { stage: 'prod', httpMethod: 'GET', path: '/pets/42/photos', sourceIp: '2001:db8:1234::10' },
    }),
  },
  {
    name: 'IAM cross account, write denied by the resource policy',
    expected: 'EXPLICIT_DENY',
    scenario: scenario({
      api: { id: API, account: A, region: REGION, resourcePolicy: corporateResourcePolicy, methods: petMethods },
      caller: { principal: `arn:aws:iam::${PARTNER}:role/partner`, identityPolicies: [policy(invoke({ Resource: '*' }))], principalOrgId: 'o-a1b2c3d4e5' },
      request: { stage: 'prod', httpMethod: 'POST', path: '/pets', sourceIp: '192.0.2.1' },
    }),
  },
  {
    name: 'NONE method behind an IPv4/IPv6 allow-list',
    expected: 'EXPLICIT_DENY',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        methods: [{ httpMethod: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' }, ...petMethods],
        resourcePolicy: policy(
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Sid: 'Office', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '192.0.2.128/25'] } } },
          { Sid: 'NoBots', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringLike: { 'aws:UserAgent': ['*bot*', '*crawler*'] } } },
          { Sid: 'Referer', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/POST/*', Condition: { StringNotLikeIfExists: { 'aws:Referer': 'https://*.example.com/*' } } },
          { Sid: 'Window', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
        ),
      },
      request: { stage: 'v1', httpMethod: 'GET', path: '/catalog/items/7', sourceIp: '192.0.2.44', context: { 'aws:UserAgent': 'curl/8.0', 'aws:CurrentTime': '2026-05-01T10:00:00Z' } },
    }),
  },
  {
    name: 'PRIVATE API through an allowed VPC endpoint, VPC and address conditions',
    expected: 'ALLOW',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        endpointType: 'PRIVATE',
        methods: [{ httpMethod: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' }],
        resourcePolicy: policy(
          { Sid: 'Endpoints', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0a1b2c3d', 'vpce-0a1b2c3e', 'vpce-0a1b2c3f'] } } },
          { Sid: 'Vpcs', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpc': ['vpc-0e1f2a3b', 'vpc-0e1f2a3c'] } } },
          { Sid: 'Subnets', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16', '10.1.0.0/16'] } } },
          { Sid: 'NoAdmin', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/*/admin/*' },
          { Sid: 'Tls', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
      },
      request: { stage: 'prod', httpMethod: 'POST', path: '/orders/9/items', sourceIp: '10.0.3.7', vpcEndpoint: { id: 'vpce-0a1b2c3d', vpcId: 'vpc-0e1f2a3b' } },
    }),
  },
  {
    name: 'CUSTOM method, Lambda authorizer policy of 6 statements and a resource-policy Deny check',
    expected: 'ALLOW',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        methods: [{ httpMethod: 'GET', path: '/orders/{id}', authorizationType: 'CUSTOM' }, { httpMethod: 'POST', path: '/orders', authorizationType: 'CUSTOM' }],
        resourcePolicy: policy(
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } } },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/test/*' },
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ops` }, Action: 'execute-api:*', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:InvalidateCache', Resource: 'execute-api:/*' },
        ),
      },
      caller: {
        lambdaAuthorizer: {
          result: 'POLICY',
          policy: policy(
            invoke({ Resource: `${ARN}/prod/GET/orders/*` }), invoke({ Resource: `${ARN}/prod/POST/orders` }),
            { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${ARN}/prod/DELETE/*` }, invoke({ Resource: `${ARN}/prod/GET/customers/*` }),
            invoke({ Resource: `${ARN}/prod/GET/catalog/*` }), { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${ARN}/*/*/admin/*` },
          ),
        },
      },
      request: { stage: 'prod', httpMethod: 'GET', path: '/orders/12', sourceIp: '203.0.113.50' },
    }),
  },
  {
    name: 'COGNITO_USER_POOLS with a resource policy that needs an explicit Allow',
    expected: 'ALLOW',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        methods: [{ httpMethod: 'GET', path: '/profile', authorizationType: 'COGNITO_USER_POOLS' }, { httpMethod: 'PATCH', path: '/profile', authorizationType: 'COGNITO_USER_POOLS' }],
        resourcePolicy: policy(
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/prod/GET/profile', 'execute-api:/prod/PATCH/profile'] },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8:dead::/48'] } } },
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/test/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:InvalidateCache', Resource: 'execute-api:/*' },
        ),
      },
      caller: { cognito: { token: 'VALID' } },
      request: { stage: 'prod', httpMethod: 'PATCH', path: '/profile', sourceIp: '2001:db8:beef::1' },
    }),
  },
  {
    name: 'Management PATCH restricted to private APIs, with a boundary',
    expected: 'IMPLICIT_DENY',
    scenario: scenario({
      management: { account: A, region: REGION },
      caller: {
        principal: `arn:aws:iam::${A}:role/api-developer`,
        identityPolicies: [policy(
          { Effect: 'Allow', Action: ['apigateway:GET'], Resource: `arn:aws:apigateway:${REGION}::/restapis*` },
          { Effect: 'Allow', Action: ['apigateway:POST', 'apigateway:PATCH', 'apigateway:PUT'], Resource: [`arn:aws:apigateway:${REGION}::/restapis`, `arn:aws:apigateway:${REGION}::/restapis/??????????`], Condition: { 'ForAllValues:StringEqualsIfExists': { 'apigateway:Request/EndpointType': 'PRIVATE', 'apigateway:Resource/EndpointType': 'PRIVATE' } } },
          { Effect: 'Deny', Action: 'apigateway:UpdateRestApiPolicy', Resource: '*' },
          { Effect: 'Deny', Action: 'apigateway:DELETE', Resource: `arn:aws:apigateway:${REGION}::/restapis/*/stages/prod` },
          { Effect: 'Allow', Action: 'apigateway:*', Resource: `arn:aws:apigateway:${REGION}::/restapis/*/deployments` },
        )],
        permissionsBoundary: boundary,
      },
      request: { action: 'apigateway:PATCH', resource: `arn:aws:apigateway:${REGION}::/restapis/${API}`, context: { 'apigateway:Resource/EndpointType': ['REGIONAL'], 'apigateway:Request/EndpointType': ['PRIVATE'] } },
    }),
  },
  {
    name: 'IAM user, policy variables, resource policy naming the user past its boundary',
    expected: 'ALLOW',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        methods: [{ httpMethod: 'GET', path: '/home/{user}/{proxy+}', authorizationType: 'AWS_IAM' }, ...petMethods],
        resourcePolicy: policy(
          { Sid: 'Alice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/home/alice/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': A } } },
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/DELETE/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
      },
      caller: {
        principal: `arn:aws:iam::${A}:user/alice`,
        identityPolicies: [policy(invoke({ Resource: `${ARN}/*/GET/home/\${aws:username}/*` }), invoke({ Resource: `${ARN}/*/GET/pets*` }))],
        permissionsBoundary: policy({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }),
      },
      request: { stage: 'prod', httpMethod: 'GET', path: '/home/alice/docs/2026/report.pdf', sourceIp: '198.51.100.23' },
    }),
  },
  {
    name: 'No method matches (routing over 20 methods)',
    expected: 'IMPLICIT_DENY',
    scenario: scenario({
      api: {
        id: API,
        account: A,
        region: REGION,
        resourcePolicy: corporateResourcePolicy,
        methods: [...petMethods.filter(m => !m.path.startsWith('/admin')), ...['orders', 'customers', 'invoices', 'catalog', 'stores', 'carts', 'users'].flatMap(r => [
          { httpMethod: 'GET', path: `/${r}`, authorizationType: 'AWS_IAM' }, { httpMethod: 'GET', path: `/${r}/{id}`, authorizationType: 'AWS_IAM' },
        ])],
      },
      caller: { principal: `arn:aws:iam::${A}:role/pets-service`, identityPolicies: [readerIdentity] },
      request: { stage: 'prod', httpMethod: 'DELETE', path: '/orders/3', sourceIp: '198.51.100.23' },
    }),
  },
];
