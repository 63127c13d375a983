/**
 * fast-check generators of scenarios (format version 1) and IAM policies for the differential and
 * property tests.
 *
 * The values come from small, deliberately overlapping vocabularies (two accounts, two API ids, a
 * handful of paths, addresses inside and outside the CIDRs) so that generated statements often
 * match the generated request: a generator whose statements never match would only ever test
 * "implicit deny". Each vocabulary holds the tricky forms of the policy language beside the plain
 * ones: wildcards `*` and `?` in every ARN segment, NotAction / NotResource / NotPrincipal,
 * action-name case, IPv4 and IPv6 ranges, bare addresses, IfExists, Null, ForAnyValue /
 * ForAllValues, policy variables.
 */
import * as fc from 'fast-check';
import {
  CallerJson,
  InvokeScenarioJson,
  ManagementScenarioJson,
  MethodJson,
  PolicyJson,
  ScenarioJson,
  StatementJson,
} from './scenario-json';

export const API_ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'us-east-1';
export const API_ID = 'a1b2c3d4e5';
export const OTHER_API_ID = 'f6g7h8i9j0';
export const ORG_ID = 'o-exampleorg';

export const PRINCIPALS = {
  alice: `arn:aws:iam::${API_ACCOUNT}:user/alice`,
  bob: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`,
  readerRole: `arn:aws:iam::${API_ACCOUNT}:role/reader`,
  readerSession: `arn:aws:sts::${API_ACCOUNT}:assumed-role/reader/s1`,
  partnerRole: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`,
  root: `arn:aws:iam::${API_ACCOUNT}:root`,
  otherRoot: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
};

/** The API's methods: every template form of the format (literal, `{x}`, final `{x+}`, root, ANY). */
const METHOD_TEMPLATES: ReadonlyArray<{ httpMethod: string; path: string; calls: string[] }> = [
  { httpMethod: 'GET', path: '/pets', calls: ['/pets'] },
  { httpMethod: 'POST', path: '/pets', calls: ['/pets'] },
  { httpMethod: 'GET', path: '/pets/{petId}', calls: ['/pets/7', '/pets/alice'] },
  { httpMethod: 'DELETE', path: '/pets/{petId}', calls: ['/pets/7'] },
  { httpMethod: 'GET', path: '/users/{name}', calls: ['/users/alice', '/users/bob'] },
  { httpMethod: 'ANY', path: '/admin/{proxy+}', calls: ['/admin/keys', '/admin/keys/9'] },
  { httpMethod: 'GET', path: '/', calls: ['/'] },
];

// ---------------------------------------------------------------- policy elements

/**
 * Common values most of the time, rare ones now and then: the rare ones are the forms one of the
 * evaluators reads differently (exclusions.ts), kept rare so most generated scenarios are compared.
 */
function weighted<T>(common: readonly T[], rare: readonly T[], commonWeight = 12): fc.Arbitrary<T> {
  return fc.oneof({ weight: commonWeight, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
}

const invokeActions = [
  'execute-api:Invoke', 'execute-api:*', 'execute-api:Inv*', 'Execute-API:INVOKE', 'execute-api:Invok?',
  'execute-api:InvalidateCache', '*', 's3:GetObject', 'execute-api:ManageConnections',
];
const managementActions = [
  'apigateway:*', 'apigateway:GET', 'apigateway:PATCH', 'APIGateway:patch', 'apigateway:P*',
  'apigateway:UpdateRestApiPolicy', 'apigateway:Update*', '*', 'execute-api:Invoke',
];

const segment = {
  region: [REGION, '*', 'us-east-?', 'eu-west-1'],
  account: [API_ACCOUNT, '*', OTHER_ACCOUNT, '1111111111??'],
  apiId: [API_ID, API_ID, OTHER_API_ID],
  stage: ['prod', 'dev', '*', 'pr?d'],
  verb: ['GET', 'POST', 'DELETE', '*', 'G?T', 'get'],
  path: ['pets', 'pets/*', 'pets/7', '*', 'admin/*', 'admin/keys', '', 'pets/?', 'users/*'],
  /** A policy variable: unresolved for callers that are not IAM users. */
  variablePath: ['users/${aws:username}'],
};

const executeApiArn = fc.record({
  region: fc.constantFrom(...segment.region),
  account: fc.constantFrom(...segment.account),
  apiId: fc.constantFrom(...segment.apiId),
  stage: fc.constantFrom(...segment.stage),
  verb: fc.constantFrom(...segment.verb),
  path: weighted(segment.path, segment.variablePath, 16),
}).map(s => `arn:aws:execute-api:${s.region}:${s.account}:${s.apiId}/${s.stage}/${s.verb}/${s.path}`);

const shorthand = fc.record({
  stage: fc.constantFrom(...segment.stage),
  verb: fc.constantFrom(...segment.verb),
  path: weighted(segment.path, segment.variablePath, 16),
}).map(s => `execute-api:/${s.stage}/${s.verb}/${s.path}`);

const invokeResource = fc.oneof(
  { weight: 24, arbitrary: executeApiArn },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      '*', 'arn:aws:execute-api:*:*:*', `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/*`,
      `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}*`, 'arn:aws:s3:::bucket/*',
    ),
  },
  // Forms iam-simulate reads differently from IAM (see exclusions.ts): rare, and never compared.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:*/prod/*`,
      `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:a1b2c3d4e?/*`,
      `arn:AWS:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/*`,
      `arn:aws:execute-api:US-EAST-1:${API_ACCOUNT}:${API_ID}/*`,
    ),
  },
);

const managementResource = fc.constantFrom(
  `arn:aws:apigateway:${REGION}::/restapis`, `arn:aws:apigateway:${REGION}::/restapis/*`,
  `arn:aws:apigateway:${REGION}::/restapis/${API_ID}`, `arn:aws:apigateway:${REGION}::/restapis/??????????`,
  `arn:aws:apigateway:${REGION}::/restapis/*/stages/*`, 'arn:aws:apigateway:*::/*', '*',
  'arn:aws:apigateway:eu-west-1::/restapis/*', `arn:aws:apigateway:${REGION}::/apis/*`,
);

const resourcePrincipal = fc.constantFrom<StatementJson['Principal']>(
  '*', '*', '*', '*', '*', '*', '*', '*', { AWS: API_ACCOUNT }, { AWS: PRINCIPALS.root }, { AWS: PRINCIPALS.otherRoot }, { AWS: OTHER_ACCOUNT },
  { AWS: PRINCIPALS.alice }, { AWS: PRINCIPALS.readerRole }, { AWS: PRINCIPALS.readerSession },
  { AWS: PRINCIPALS.bob }, { AWS: PRINCIPALS.partnerRole }, { AWS: [PRINCIPALS.alice, PRINCIPALS.partnerRole] },
  { AWS: '*' }, { Service: 'lambda.amazonaws.com' },
);

const notPrincipal = fc.constantFrom<StatementJson['NotPrincipal']>(
  { AWS: PRINCIPALS.alice }, { AWS: PRINCIPALS.root }, { AWS: API_ACCOUNT }, { AWS: [PRINCIPALS.readerRole, PRINCIPALS.readerSession] },
);

// ---------------------------------------------------------------- conditions

export const SOURCE_IPS = [
  '203.0.113.10', '198.51.100.7', '10.1.2.3', '2001:db8:1::5', '2001:db8:2::5', '192.0.2.1',
  // The same IPv6 address written other ways: upper case, every zero spelled out.
  '2001:DB8:1::5', '2001:0db8:0001:0000:0000:0000:0000:0005',
];
const CIDRS = [
  '203.0.113.0/24', '203.0.113.10', '203.0.113.10/32', '198.51.100.0/22', '10.0.0.0/8',
  '2001:db8::/32', '2001:db8:1::/48', '2001:db8:1::5/128', '2001:DB8::/32',
];
const ZERO_PREFIX_CIDRS = ['0.0.0.0/0', '::/0'];

type ConditionClause = [operator: string, key: string, values: string[]];

const ipClause = fc.tuple(
  fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists'),
  fc.constantFrom('aws:SourceIp', 'aws:SourceIp', 'aws:VpcSourceIp', 'AWS:SourceIP'),
  fc.uniqueArray(weighted(CIDRS, ZERO_PREFIX_CIDRS, 20), { minLength: 1, maxLength: 3 }),
);

const STRING_KEYS: Record<string, string[]> = {
  'aws:PrincipalTag/team': ['payments', 'PAYMENTS', 'pay*', 'ops'],
  'aws:PrincipalOrgID': [ORG_ID, 'o-other', 'o-*'],
  'aws:SourceVpce': ['vpce-0a1b2c3d', 'vpce-*', 'vpce-0fff0000'],
  'aws:SourceVpc': ['vpc-0e1f2a3b', 'vpc-0999eeee'],
  'aws:username': ['alice', 'bob', 'a*', 'ALICE'],
  'aws:PrincipalAccount': [API_ACCOUNT, OTHER_ACCOUNT],
  'aws:PrincipalType': ['User', 'AssumedRole', 'Account'],
  'aws:UserAgent': ['curl/*', 'curl/8.0', 'Mozilla*'],
  'aws:PrincipalTag/owner': ['${aws:username}', 'alice', '${aws:PrincipalTag/team}'],
};

const stringClause = weighted(
  Object.keys(STRING_KEYS).filter(k => k !== 'aws:PrincipalTag/owner'), ['aws:PrincipalTag/owner'], 16,
).chain(key => fc.tuple(
  fc.constantFrom(
    'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'StringLikeIfExists',
    'ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringNotEquals',
  ),
  fc.constant(key),
  fc.subarray(STRING_KEYS[key], { minLength: 1, maxLength: 2 }),
));

const arnClause = fc.tuple(
  fc.constantFrom('ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals', 'ArnLikeIfExists'),
  fc.constant('aws:PrincipalArn'),
  fc.subarray([
    `arn:aws:iam::${API_ACCOUNT}:role/*`, 'arn:aws:iam::*:user/alice', PRINCIPALS.readerRole, `arn:aws:iam::${OTHER_ACCOUNT}:*`,
  ], { minLength: 1, maxLength: 2 }),
);

const otherClause: fc.Arbitrary<ConditionClause> = fc.constantFrom<ConditionClause>(
  ['Bool', 'aws:SecureTransport', ['true']],
  ['Bool', 'aws:SecureTransport', ['false']],
  ['BoolIfExists', 'aws:SecureTransport', ['false']],
  ['Null', 'aws:SourceIp', ['true']],
  ['Null', 'aws:SourceIp', ['false']],
  ['Null', 'aws:PrincipalTag/team', ['false']],
  ['DateGreaterThan', 'aws:CurrentTime', ['2020-01-01T00:00:00Z']],
  ['DateLessThan', 'aws:CurrentTime', ['2026-01-01T00:00:00Z']],
  ['NumericLessThan', 'aws:EpochTime', ['1800000000']],
  ['NumericGreaterThanEquals', 'aws:EpochTime', ['1795000000']],
);

/** The list-valued keys of management calls (why the guide's policies use ForAllValues:...IfExists). */
const endpointTypeClause = fc.tuple(
  weighted(
    ['ForAllValues:StringEqualsIfExists', 'ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringNotEquals', 'Null'],
    ['StringEquals', 'StringEqualsIfExists'], 10,
  ),
  fc.constantFrom('apigateway:Request/EndpointType', 'apigateway:Resource/EndpointType'),
  fc.subarray(['PRIVATE', 'REGIONAL'], { minLength: 1, maxLength: 2 }),
).map(([operator, key, values]): ConditionClause => [operator, key, operator === 'Null' ? [values[0] === 'PRIVATE' ? 'true' : 'false'] : values]);

function conditionClause(plane: 'invoke' | 'management'): fc.Arbitrary<ConditionClause> {
  return plane === 'invoke'
    ? fc.oneof(ipClause, stringClause, arnClause, otherClause)
    : fc.oneof({ weight: 3, arbitrary: endpointTypeClause }, { weight: 1, arbitrary: stringClause }, { weight: 1, arbitrary: arnClause });
}

/** 1-2 clauses folded into an IAM Condition block (two clauses on one operator and key merge their values). */
const condition = (plane: 'invoke' | 'management') => fc.array(conditionClause(plane), { minLength: 1, maxLength: 2 }).map(clauses => {
  const block: Record<string, Record<string, string | string[]>> = {};
  for (const [operator, key, values] of clauses) {
    const forOperator = (block[operator] ??= {});
    const previous = forOperator[key];
    const merged = [...new Set([...(previous === undefined ? [] : [previous].flat()), ...values])];
    forOperator[key] = merged.length === 1 ? merged[0] : merged;
  }
  return block;
});

// ---------------------------------------------------------------- statements and policies

export type PolicyRole = 'identity' | 'boundary' | 'resource';

function oneOrMany<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: fc.array(arb, { minLength: 1, maxLength: 3 }) });
}

/** One statement of a policy of the given role, for invoke or management requests. */
export function statement(role: PolicyRole, plane: 'invoke' | 'management' = 'invoke'): fc.Arbitrary<StatementJson> {
  const action = fc.constantFrom(...(plane === 'invoke' ? invokeActions : managementActions));
  const resource = plane === 'management'
    ? managementResource
    : role === 'resource'
      ? fc.oneof({ weight: 2, arbitrary: shorthand }, { weight: 3, arbitrary: invokeResource })
      : invokeResource;
  return fc.record({
    sid: fc.option(fc.constantFrom('A', 'B', 'Allow1', 'DenyAll'), { nil: undefined }),
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    actions: oneOrMany(action),
    useNotAction: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
    resources: oneOrMany(resource),
    useNotResource: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
    principal: resourcePrincipal,
    notPrincipal: notPrincipal,
    useNotPrincipal: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
    condition: fc.option(condition(plane), { freq: 2, nil: undefined }),
  }).map(g => {
    const s: StatementJson = { Effect: g.effect };
    if (g.sid !== undefined) s.Sid = g.sid;
    if (role === 'resource') {
      // NotPrincipal only with Deny: IAM User Guide, "NotPrincipal" (Allow with NotPrincipal is not supported for new policies).
      if (g.useNotPrincipal && g.effect === 'Deny') s.NotPrincipal = g.notPrincipal;
      else s.Principal = g.principal;
    }
    if (g.useNotAction) s.NotAction = g.actions; else s.Action = g.actions;
    if (g.useNotResource) s.NotResource = g.resources; else s.Resource = g.resources;
    if (g.condition !== undefined) s.Condition = g.condition;
    return s;
  });
}

/** A policy document; Version 2012-10-17 mostly, sometimes the old grammar or none (variables are then literal text). */
export function policy(role: PolicyRole, plane: 'invoke' | 'management' = 'invoke', maxStatements = 3): fc.Arbitrary<PolicyJson> {
  return fc.record({
    version: weighted<string | undefined>(['2012-10-17'], ['2008-10-17', undefined], 16),
    statements: fc.array(statement(role, plane), { minLength: 1, maxLength: maxStatements }),
    single: fc.boolean(),
  }).map(g => {
    // Sids must be unique within a policy (IAM User Guide, "Sid"): number the repeats.
    const seen = new Set<string>();
    const statements = g.statements.map((s, i) => {
      if (s.Sid === undefined || !seen.has(s.Sid)) {
        if (s.Sid !== undefined) seen.add(s.Sid);
        return s;
      }
      return { ...s, Sid: `${s.Sid}${i}` };
    });
    const p: PolicyJson = { Statement: g.single && statements.length === 1 ? statements[0] : statements };
    return g.version === undefined ? p : { Version: g.version, ...p };
  });
}

// ---------------------------------------------------------------- callers and requests

const callerPrincipal = weighted([
  PRINCIPALS.alice, PRINCIPALS.alice, PRINCIPALS.readerRole, PRINCIPALS.readerSession, PRINCIPALS.bob, PRINCIPALS.partnerRole,
], [PRINCIPALS.root], 16);

function signedCaller(plane: 'invoke' | 'management'): fc.Arbitrary<CallerJson> {
  return fc.record({
    principal: callerPrincipal,
    identityPolicies: fc.array(policy('identity', plane), { minLength: 0, maxLength: 3 }),
    permissionsBoundary: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policy('boundary', plane, 2) }),
    principalTags: fc.option(fc.constantFrom<Record<string, string>>(
      { team: 'payments' }, { team: 'ops', owner: 'alice' }, { owner: 'bob' }, { team: 'PAYMENTS' },
    ), { nil: undefined }),
    principalOrgId: fc.option(fc.constant(ORG_ID), { nil: undefined }),
  }).map(dropUndefined);
}

const requestContext = fc.record({
  'aws:SecureTransport': fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
  'aws:UserAgent': fc.option(fc.constantFrom('curl/8.0', 'Mozilla/5.0'), { nil: undefined }),
  'aws:CurrentTime': fc.option(fc.constantFrom('2026-11-23T12:00:00Z', '2019-06-01T00:00:00Z'), { nil: undefined }),
  'aws:EpochTime': fc.option(fc.constantFrom('1795000000', '1900000000'), { nil: undefined }),
}).map(g => dropUndefined(g) as Record<string, string>);

/** An invoke scenario in the shared subset or near it. `auth` fixes every method's authorization type. */
export function invokeScenario(auth: fc.Arbitrary<MethodJson['authorizationType']> = fc.constantFrom<MethodJson['authorizationType']>(
  'AWS_IAM', 'AWS_IAM', 'AWS_IAM', 'NONE', 'COGNITO_USER_POOLS',
)): fc.Arbitrary<InvokeScenarioJson> {
  return fc.record({
    authorizationType: auth,
    methods: fc.subarray(METHOD_TEMPLATES.map((_, i) => i), { minLength: 1, maxLength: 4 }),
    pick: fc.nat(),
    callIndex: fc.nat(),
    endpointType: fc.constantFrom<'EDGE' | 'REGIONAL' | 'PRIVATE' | undefined>(undefined, 'REGIONAL', 'EDGE', 'PRIVATE'),
    resourcePolicy: fc.option(policy('resource'), { freq: 3, nil: undefined }),
    caller: signedCaller('invoke'),
    stage: fc.constantFrom('prod', 'dev'),
    action: fc.constantFrom<string | undefined>(undefined, undefined, undefined, 'execute-api:InvalidateCache'),
    sourceIp: fc.option(fc.constantFrom(...SOURCE_IPS), { freq: 5, nil: undefined }),
    vpcEndpoint: fc.constantFrom(
      { id: 'vpce-0a1b2c3d', vpcId: 'vpc-0e1f2a3b' }, { id: 'vpce-0fff0000', vpcId: 'vpc-0999eeee' },
    ),
    context: requestContext,
    authorizerPolicy: policy('identity', 'invoke', 2),
    authorizerResult: fc.constantFrom<'POLICY' | 'UNAUTHORIZED'>('POLICY', 'POLICY', 'POLICY', 'UNAUTHORIZED'),
    cognitoToken: fc.constantFrom<'VALID' | 'INVALID' | 'ABSENT'>('VALID', 'VALID', 'VALID', 'INVALID', 'ABSENT'),
  }).map(g => {
    const templates = g.methods.map(i => METHOD_TEMPLATES[i]);
    const called = templates[g.pick % templates.length];
    const httpMethod = called.httpMethod === 'ANY' ? ['GET', 'POST', 'PUT'][g.pick % 3] : called.httpMethod;
    const privateApi = g.endpointType === 'PRIVATE';
    const caller: CallerJson = g.authorizationType === 'AWS_IAM'
      ? g.caller
      : g.authorizationType === 'COGNITO_USER_POOLS' ? { cognito: { token: g.cognitoToken } }
        : g.authorizationType === 'CUSTOM'
          ? { lambdaAuthorizer: g.authorizerResult === 'POLICY' ? { result: 'POLICY', policy: g.authorizerPolicy } : { result: 'UNAUTHORIZED' } }
          : {};
    const scenario: InvokeScenarioJson = {
      api: dropUndefined({
        id: API_ID,
        account: API_ACCOUNT,
        region: REGION,
        endpointType: g.endpointType,
        // A private API needs a resource policy to be reachable at all (rule 3): give it one.
        resourcePolicy: g.resourcePolicy ?? (privateApi ? {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          ],
        } : undefined),
        methods: templates.map(t => ({ httpMethod: t.httpMethod, path: t.path, authorizationType: g.authorizationType })),
      }),
      caller,
      request: dropUndefined({
        action: g.action,
        stage: g.stage,
        httpMethod,
        path: called.calls[g.callIndex % called.calls.length],
        sourceIp: g.sourceIp,
        vpcEndpoint: privateApi ? g.vpcEndpoint : undefined,
        context: Object.keys(g.context).length > 0 ? g.context : undefined,
      }),
    };
    return scenario;
  });
}

const specificApiResources = [
  `arn:aws:apigateway:${REGION}::/restapis/${API_ID}`, `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/prod`,
  `arn:aws:apigateway:${REGION}::/restapis/${OTHER_API_ID}`,
];

/** Verb and resource pairs that exist in API Gateway's management API (POST creates in the collection). */
const managementCall = fc.oneof(
  fc.record({ action: fc.constant('apigateway:POST'), resource: fc.constant(`arn:aws:apigateway:${REGION}::/restapis`) }),
  fc.record({ action: fc.constant('apigateway:GET'), resource: fc.constantFrom(`arn:aws:apigateway:${REGION}::/restapis`, ...specificApiResources) }),
  fc.record({
    action: fc.constantFrom('apigateway:PATCH', 'apigateway:PUT', 'apigateway:DELETE', 'apigateway:UpdateRestApiPolicy'),
    resource: fc.constantFrom(...specificApiResources),
  }),
);

/** A management scenario: a signed caller of the API's account (cross-account control-plane calls are not a thing). */
export function managementScenario(): fc.Arbitrary<ManagementScenarioJson> {
  return fc.record({
    caller: signedCaller('management'),
    principal: fc.constantFrom(PRINCIPALS.alice, PRINCIPALS.readerRole, PRINCIPALS.readerSession),
    call: managementCall,
    endpointTypes: fc.option(fc.constantFrom<string[]>(['PRIVATE'], ['REGIONAL'], ['PRIVATE', 'EDGE']), { nil: undefined }),
    resourceEndpointTypes: fc.option(fc.constantFrom<string[]>(['PRIVATE'], ['REGIONAL']), { nil: undefined }),
  }).map(g => ({
    management: { account: API_ACCOUNT, region: REGION },
    caller: { ...g.caller, principal: g.principal },
    request: dropUndefined({
      action: g.call.action,
      resource: g.call.resource,
      context: g.endpointTypes || (g.resourceEndpointTypes && !g.call.resource.endsWith('/restapis')) ? dropUndefined({
        'apigateway:Request/EndpointType': g.endpointTypes,
        // Only an existing API has a Resource/EndpointType (not the /restapis collection).
        'apigateway:Resource/EndpointType': g.call.resource.endsWith('/restapis') ? undefined : g.resourceEndpointTypes,
      }) as Record<string, string[]> : undefined,
    }),
  }));
}

/** Every authorization type, for the properties that only run this library's evaluator. */
export function everyFlowScenario(): fc.Arbitrary<ScenarioJson> {
  return fc.oneof(
    { weight: 4, arbitrary: invokeScenario(fc.constantFrom<MethodJson['authorizationType']>('AWS_IAM', 'AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS')) },
    { weight: 1, arbitrary: managementScenario() },
  );
}

/** The mix the differential test runs: mostly invoke calls, some management calls. */
export function anyScenario(): fc.Arbitrary<ScenarioJson> {
  return fc.oneof({ weight: 4, arbitrary: invokeScenario() }, { weight: 1, arbitrary: managementScenario() });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
