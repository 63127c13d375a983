import { ACCOUNT, identity, invoke, methods, policy, resource, ROLE, USER } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Rule 3 (developer guide, "Private REST APIs in API Gateway") and rule 4 (IAM User Guide,
// "AWS global condition context keys"; developer guide, "API Gateway resource policy examples").

const VPCE = { id: 'vpce-0a1b2c3d', vpcId: 'vpc-0e1f2a3b' };
const condition = (operator: string, key: string, value: unknown) => ({ Condition: { [operator]: { [key]: value } } });

describe('rule 3: private endpoints', () => {
  const privateApi = (resourcePolicy?: unknown) => ({ endpointType: 'PRIVATE', methods: methods('NONE'), resourcePolicy });

  test('a call that does not come through a VPC endpoint is denied, whatever the policy allows', () => {
    const result = evaluateScenario(invoke({ api: privateApi(policy(resource('Allow'))) }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/^the API is PRIVATE and the call did not come through a VPC endpoint/);
  });

  test('without a resource policy every call is denied, even through a VPC endpoint', () => {
    const result = evaluateScenario(invoke({ api: privateApi(), request: { vpcEndpoint: VPCE } }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/PRIVATE and has no resource policy/);
  });

  test('through a VPC endpoint, the resource policy decides', () => {
    const byEndpoint = (id: string) => policy(resource('Allow', '*', condition('StringEquals', 'aws:SourceVpce', id)));
    expect(evaluateScenario(invoke({ api: privateApi(byEndpoint(VPCE.id)), request: { vpcEndpoint: VPCE } })).decision).toBe('ALLOW');
    expect(evaluateScenario(invoke({ api: privateApi(byEndpoint('vpce-99999999')), request: { vpcEndpoint: VPCE } })).decision)
      .toBe('IMPLICIT_DENY');
  });

  test('a matching Deny makes a refused private call an explicit deny', () => {
    const result = evaluateScenario(invoke({ api: privateApi(policy(resource('Deny'))) }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons.join('\n')).toMatch(/did not come through a VPC endpoint/);
  });

  test('a refused private call that also matches no method names both reasons', () => {
    const result = evaluateScenario(invoke({ api: privateApi(policy(resource('Allow'))), request: { path: '/cats' } }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/^no method matches GET \/cats/);
    expect(result.reasons[1]).toMatch(/did not come through a VPC endpoint/);
  });

  test('a refused private call that nothing allowed either keeps the endpoint reason first', () => {
    const result = evaluateScenario(invoke({ api: privateApi(policy(resource('Allow', '*', { Resource: 'execute-api:/test/*' }))) }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/did not come through a VPC endpoint/);
    expect(result.reasons[1]).toMatch(/no resource-policy statement allows/);
  });

  test('a public API cannot be called through an execute-api VPC endpoint', () => {
    for (const endpointType of ['REGIONAL', 'EDGE']) {
      const result = evaluateScenario(invoke({ api: { endpointType, methods: methods('NONE') }, request: { vpcEndpoint: VPCE } }));
      expect(result.decision).toBe('IMPLICIT_DENY');
      expect(result.reasons[0]).toMatch(new RegExp(`the API is ${endpointType} and the call came through VPC endpoint`));
    }
  });
});

describe('rule 4: network keys', () => {
  const allowIf = (cond: Record<string, unknown>, api: Record<string, unknown> = {}, request: Record<string, unknown> = {}) =>
    evaluateScenario(invoke({ api: { methods: methods('NONE'), resourcePolicy: policy(resource('Allow', '*', cond)), ...api }, request })).decision;
  const privately = { endpointType: 'PRIVATE' };
  const throughVpce = { vpcEndpoint: VPCE, sourceIp: '10.0.3.7' };

  test('aws:SourceIp is the client address on a public endpoint (IPv4 and IPv6)', () => {
    expect(allowIf(condition('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))).toBe('ALLOW');
    expect(allowIf(condition('IpAddress', 'aws:SourceIp', '198.51.100.0/24'))).toBe('IMPLICIT_DENY');
    expect(allowIf(condition('IpAddress', 'aws:SourceIp', '2001:db8::/32'), {}, { sourceIp: '2001:db8::1' })).toBe('ALLOW');
  });

  test('through a VPC endpoint aws:SourceIp is absent and aws:VpcSourceIp, aws:SourceVpce, aws:SourceVpc are present', () => {
    expect(allowIf(condition('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), privately, throughVpce)).toBe('IMPLICIT_DENY');
    expect(allowIf(condition('Null', 'aws:SourceIp', 'true'), privately, throughVpce)).toBe('ALLOW');
    expect(allowIf(condition('IpAddress', 'aws:VpcSourceIp', '10.0.0.0/8'), privately, throughVpce)).toBe('ALLOW');
    expect(allowIf(condition('StringEquals', 'aws:SourceVpc', VPCE.vpcId), privately, throughVpce)).toBe('ALLOW');
    expect(allowIf(condition('StringEquals', 'aws:SourceVpce', VPCE.id), privately, throughVpce)).toBe('ALLOW');
  });

  test('off a VPC endpoint the VPC keys are absent', () => {
    expect(allowIf(condition('Null', 'aws:SourceVpc', 'true'))).toBe('ALLOW');
    expect(allowIf(condition('Null', 'aws:VpcSourceIp', 'true'))).toBe('ALLOW');
  });

  test('aws:SecureTransport is true (API Gateway only serves HTTPS)', () => {
    expect(allowIf(condition('Bool', 'aws:SecureTransport', 'true'))).toBe('ALLOW');
  });

  test('aws:RequestedRegion is the API\'s region', () => {
    expect(allowIf(condition('StringEquals', 'aws:RequestedRegion', 'us-east-1'))).toBe('ALLOW');
    expect(allowIf(condition('StringEquals', 'aws:RequestedRegion', 'eu-west-1'))).toBe('IMPLICIT_DENY');
  });

  test('aws:CurrentTime is absent unless request.context gives it (the evaluator never reads the clock)', () => {
    const before2030 = condition('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z');
    expect(allowIf(before2030)).toBe('IMPLICIT_DENY');
    expect(allowIf(before2030, {}, { context: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' } })).toBe('ALLOW');
    expect(allowIf(before2030, {}, { context: { 'aws:CurrentTime': '2031-06-01T12:00:00Z' } })).toBe('IMPLICIT_DENY');
  });

  test('request.context keys are case-insensitive names with string or list values', () => {
    expect(allowIf(condition('StringEquals', 'aws:Referer', 'https://example.com/'), {}, { context: { 'AWS:REFERER': 'https://example.com/' } }))
      .toBe('ALLOW');
  });
});

describe('rule 4: principal keys only for signed calls to AWS_IAM methods', () => {
  const iamAllowIf = (cond: Record<string, unknown>, caller: Record<string, unknown>) => evaluateScenario(invoke({
    api: { resourcePolicy: policy(resource('Allow', { AWS: caller.principal as string }, cond)) },
    caller,
  })).decision;

  test('aws:PrincipalArn is the role ARN for a role session, the user ARN for a user', () => {
    expect(iamAllowIf(condition('ArnEquals', 'aws:PrincipalArn', ROLE), { principal: ROLE })).toBe('ALLOW');
    // A session of the role, given as the role ARN and a session name: aws:PrincipalArn is still the role's ARN.
    expect(evaluateScenario(invoke({
      api: { resourcePolicy: policy(resource('Allow', { AWS: ROLE }, condition('ArnEquals', 'aws:PrincipalArn', ROLE))) },
      caller: { principal: ROLE, sessionName: 'build-42' },
    })).decision).toBe('ALLOW');
    // Given as the session ARN, the role's path is unknown, and the exact role ARN (path "/") depends on
    // it: scenario rule 5 refuses the scenario instead of guessing.
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/reader/build-42`;
    expect(() => evaluateScenario(invoke({
      api: { resourcePolicy: policy(resource('Allow', { AWS: ROLE }, condition('ArnEquals', 'aws:PrincipalArn', ROLE))) },
      caller: { principal: session },
    }))).toThrow(/^caller\.principal: is a role session ARN/);
    expect(iamAllowIf(condition('ArnEquals', 'aws:PrincipalArn', USER), { principal: USER })).toBe('ALLOW');
  });

  test('aws:PrincipalAccount, aws:PrincipalType and aws:username', () => {
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalAccount', ACCOUNT), { principal: ROLE })).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalType', 'AssumedRole'), { principal: ROLE })).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalType', 'User'), { principal: USER })).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:username', 'alice'), { principal: USER })).toBe('ALLOW');
    // aws:username exists only for IAM users.
    expect(iamAllowIf(condition('Null', 'aws:username', 'true'), { principal: ROLE })).toBe('ALLOW');
  });

  test('for the account root user aws:userid is the account id and aws:PrincipalType is Account', () => {
    const rootArn = `arn:aws:iam::${ACCOUNT}:root`;
    const caller = { principal: rootArn };
    expect(iamAllowIf(condition('StringEquals', 'aws:userid', ACCOUNT), caller)).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalType', 'Account'), caller)).toBe('ALLOW');
  });

  test('aws:PrincipalTag/* and aws:PrincipalOrgID come from the caller', () => {
    const caller = { principal: ROLE, principalTags: { team: 'payments' }, principalOrgId: 'o-a1b2c3d4e5' };
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalTag/team', 'payments'), caller)).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalTag/team', 'search'), caller)).toBe('IMPLICIT_DENY');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), caller)).toBe('ALLOW');
    expect(iamAllowIf(condition('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), { principal: ROLE })).toBe('IMPLICIT_DENY');
  });

  test('policy variables read the caller: ${aws:username}', () => {
    const result = evaluateScenario(invoke({
      api: { methods: [{ httpMethod: 'GET', path: '/home/{user}', authorizationType: 'AWS_IAM' }] },
      caller: { principal: USER, identityPolicies: [policy(identity('Allow', 'arn:aws:execute-api:*:*:*/*/GET/home/${aws:username}'))] },
      request: { path: '/home/alice' },
    }));
    expect(result.decision).toBe('ALLOW');
  });

  test('principal keys given in request.context are kept only for signed AWS_IAM calls', () => {
    const userid = condition('StringLike', 'aws:userid', 'AROAEXAMPLE:*');
    const context = { 'aws:userid': 'AROAEXAMPLE:build-42' };
    expect(evaluateScenario(invoke({
      api: { resourcePolicy: policy(resource('Allow', { AWS: ROLE }, userid)) }, caller: { principal: ROLE }, request: { context },
    })).decision).toBe('ALLOW');
    expect(evaluateScenario(invoke({
      api: { methods: methods('NONE'), resourcePolicy: policy(resource('Allow', '*', userid)) }, caller: { principal: ROLE }, request: { context },
    })).decision).toBe('IMPLICIT_DENY');
  });

  test('identity policies see the same keys', () => {
    const caller = {
      principal: ROLE,
      principalTags: { team: 'payments' },
      identityPolicies: [policy(identity('Allow', undefined, condition('StringEquals', 'aws:PrincipalTag/team', 'payments')))],
    };
    expect(evaluateScenario(invoke({ caller })).decision).toBe('ALLOW');
  });
});
