import {
  ACCOUNT, API_ARN, identity, invoke, OTHER_ACCOUNT, OTHER_ROLE, policy, resource, ROLE, unrelated, USER,
} from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// API Gateway developer guide, "How API Gateway resource policies affect authorization workflow":
// for AWS_IAM methods, Table A (caller in the API's account) and Table B (caller in another
// account) combine the caller's IAM policy with the resource policy. Rows below are the tables'
// rows: Allow, Neither (a policy that matches nothing of this call) and Deny on each side.

type Side = 'Allow' | 'Neither' | 'Deny' | 'Absent';

function identityPolicies(side: Side): unknown[] {
  switch (side) {
    case 'Allow': return [policy(identity('Allow'))];
    case 'Deny': return [policy(identity('Allow')), policy(identity('Deny'))];
    case 'Neither': return [policy(unrelated())];
    case 'Absent': return [];
  }
}

function resourcePolicy(side: Side, principal: string): unknown {
  switch (side) {
    case 'Allow': return policy(resource('Allow', { AWS: principal }));
    case 'Deny': return policy(resource('Deny', { AWS: principal }));
    case 'Neither': return policy(unrelated({ AWS: principal }));
    case 'Absent': return undefined;
  }
}

function decide(principal: string, idSide: Side, rpSide: Side): string {
  return evaluateScenario(invoke({
    api: { resourcePolicy: resourcePolicy(rpSide, principal) },
    caller: { principal, identityPolicies: identityPolicies(idSide) },
  })).decision;
}

describe('Table A: caller in the API account', () => {
  test.each<[Side, Side, string]>([
    ['Allow', 'Allow', 'ALLOW'],
    ['Allow', 'Neither', 'ALLOW'],
    ['Allow', 'Deny', 'EXPLICIT_DENY'],
    ['Neither', 'Allow', 'ALLOW'],
    ['Neither', 'Neither', 'IMPLICIT_DENY'],
    ['Neither', 'Deny', 'EXPLICIT_DENY'],
    ['Deny', 'Allow', 'EXPLICIT_DENY'],
    ['Deny', 'Neither', 'EXPLICIT_DENY'],
    ['Deny', 'Deny', 'EXPLICIT_DENY'],
    ['Allow', 'Absent', 'ALLOW'],
    ['Neither', 'Absent', 'IMPLICIT_DENY'],
    ['Deny', 'Absent', 'EXPLICIT_DENY'],
  ])('IAM policy %s, resource policy %s: %s', (idSide, rpSide, decision) => {
    expect(decide(ROLE, idSide, rpSide)).toBe(decision);
    expect(decide(USER, idSide, rpSide)).toBe(decision);
  });
});

describe('Table B: caller in another account', () => {
  test.each<[Side, Side, string]>([
    ['Allow', 'Allow', 'ALLOW'],
    ['Allow', 'Neither', 'IMPLICIT_DENY'],
    ['Allow', 'Deny', 'EXPLICIT_DENY'],
    ['Neither', 'Allow', 'IMPLICIT_DENY'],
    ['Neither', 'Neither', 'IMPLICIT_DENY'],
    ['Neither', 'Deny', 'EXPLICIT_DENY'],
    ['Deny', 'Allow', 'EXPLICIT_DENY'],
    ['Deny', 'Neither', 'EXPLICIT_DENY'],
    ['Deny', 'Deny', 'EXPLICIT_DENY'],
    // No resource policy: a cross-account call has nothing on the API's side that lets it in.
    ['Allow', 'Absent', 'IMPLICIT_DENY'],
  ])('IAM policy %s, resource policy %s: %s', (idSide, rpSide, decision) => {
    expect(decide(OTHER_ROLE, idSide, rpSide)).toBe(decision);
  });

  test('a denied cross-account call says both sides must allow', () => {
    const result = evaluateScenario(invoke({ caller: { principal: OTHER_ROLE, identityPolicies: identityPolicies('Allow') } }));
    const reasons = result.reasons.join('\n');
    expect(reasons).toContain(OTHER_ACCOUNT);
    expect(reasons).toMatch(/both .* must allow/);
  });
});

describe('rule 5: signing, boundaries and account principals', () => {
  test('an unsigned call is denied even when the resource policy allows everyone', () => {
    const result = evaluateScenario(invoke({ api: { resourcePolicy: policy(resource('Allow', '*')) } }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/uses AWS_IAM and the call is not signed/);
  });

  test('the permissions boundary limits the identity policies (intersection)', () => {
    const boundaryWithout = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const boundaryWith = policy({ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' });
    const base = { principal: ROLE, identityPolicies: [policy(identity('Allow'))] };
    expect(evaluateScenario(invoke({ caller: { ...base, permissionsBoundary: boundaryWithout } })).decision).toBe('IMPLICIT_DENY');
    expect(evaluateScenario(invoke({ caller: { ...base, permissionsBoundary: boundaryWith } })).decision).toBe('ALLOW');
  });

  test('a boundary that allows does not grant by itself', () => {
    const caller = { principal: ROLE, permissionsBoundary: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) };
    expect(evaluateScenario(invoke({ caller })).decision).toBe('IMPLICIT_DENY');
  });

  test('a resource policy naming the account delegates to identity policies', () => {
    const api = { resourcePolicy: policy(resource('Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` })) };
    expect(evaluateScenario(invoke({ api, caller: { principal: ROLE } })).decision).toBe('IMPLICIT_DENY');
    const bare = { resourcePolicy: policy(resource('Allow', { AWS: ACCOUNT })) };
    expect(evaluateScenario(invoke({ api: bare, caller: { principal: ROLE } })).decision).toBe('IMPLICIT_DENY');
    expect(evaluateScenario(invoke({ api, caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } })).decision)
      .toBe('ALLOW');
  });

  test('a resource policy naming a user grants past the user\'s boundary; naming a role does not', () => {
    const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const byUser = { resourcePolicy: policy(resource('Allow', { AWS: USER })) };
    expect(evaluateScenario(invoke({ api: byUser, caller: { principal: USER, permissionsBoundary: boundary } })).decision).toBe('ALLOW');
    const byRole = { resourcePolicy: policy(resource('Allow', { AWS: ROLE })) };
    expect(evaluateScenario(invoke({ api: byRole, caller: { principal: ROLE, permissionsBoundary: boundary } })).decision)
      .toBe('IMPLICIT_DENY');
  });

  // Rule 5 (extended 2026-11-30). IAM User Guide, "AWS JSON policy elements: Principal" (IAM role
  // principals): "Identity-based policy types, such as permissions boundaries or session policies, do
  // not limit permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the
  // Principal element, unless the identity-based policies contain an explicit deny."
  describe('a "*" grant through an aws:PrincipalArn condition passes the permissions boundary', () => {
    const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const byArn = (principal: unknown, extra: Record<string, unknown> = {}) => ({
      resourcePolicy: policy({ ...resource('Allow', principal), Sid: 'ReaderByArn', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } }, ...extra }),
    });

    test.each<[string, unknown]>([['"*"', '*'], ['{"AWS": "*"}', { AWS: '*' }]])('Principal %s: ALLOW despite a silent boundary', (_name, principal) => {
      const result = evaluateScenario(invoke({ api: byArn(principal), caller: { principal: ROLE, permissionsBoundary: boundary } }));
      expect(result.decision).toBe('ALLOW');
      expect(result.reasons.join('\n')).toContain("statement 'ReaderByArn' allows");
    });

    test('the same for a user, and with StringLike on the key', () => {
      const api = { resourcePolicy: policy(resource('Allow', '*', { Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } } })) };
      expect(evaluateScenario(invoke({ api, caller: { principal: USER, permissionsBoundary: boundary } })).decision).toBe('ALLOW');
    });

    test('an explicit Deny in the boundary or an identity policy still denies', () => {
      const denyingBoundary = policy({ Effect: 'Deny', Action: 'execute-api:*', Resource: '*' });
      expect(evaluateScenario(invoke({ api: byArn('*'), caller: { principal: ROLE, permissionsBoundary: denyingBoundary } })).decision)
        .toBe('EXPLICIT_DENY');
      const caller = { principal: ROLE, permissionsBoundary: boundary, identityPolicies: [policy(identity('Deny'))] };
      expect(evaluateScenario(invoke({ api: byArn('*'), caller })).decision).toBe('EXPLICIT_DENY');
    });

    test('the condition must hold: another role is not granted', () => {
      const other = `arn:aws:iam::${ACCOUNT}:role/writer`;
      expect(evaluateScenario(invoke({ api: byArn('*'), caller: { principal: other, permissionsBoundary: boundary } })).decision)
        .toBe('IMPLICIT_DENY');
    });

    test('without an aws:PrincipalArn condition the boundary still limits a "*" grant (the guide only exempts that key)', () => {
      const api = { resourcePolicy: policy(resource('Allow', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) };
      expect(evaluateScenario(invoke({ api, caller: { principal: ROLE, permissionsBoundary: boundary } })).decision).toBe('IMPLICIT_DENY');
    });

    test('a Null test on aws:PrincipalArn is not a grant by ARN', () => {
      const api = { resourcePolicy: policy(resource('Allow', '*', { Condition: { Null: { 'aws:PrincipalArn': 'false' } } })) };
      expect(evaluateScenario(invoke({ api, caller: { principal: ROLE, permissionsBoundary: boundary } })).decision).toBe('IMPLICIT_DENY');
    });

    test('across accounts the identity side must still allow (the boundary caps it)', () => {
      const api = { resourcePolicy: policy(resource('Allow', '*', { Condition: { ArnEquals: { 'aws:PrincipalArn': OTHER_ROLE } } })) };
      const caller = { principal: OTHER_ROLE, identityPolicies: [policy(identity('Allow'))], permissionsBoundary: boundary };
      expect(evaluateScenario(invoke({ api, caller })).decision).toBe('IMPLICIT_DENY');
    });
  });

  test('the identity grant must name this call: stage, verb and path are in the resource', () => {
    const grant = (r: string) => evaluateScenario(invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow', r))] } }));
    expect(grant(`${API_ARN}/prod/GET/pets/7`).decision).toBe('ALLOW');
    expect(grant(`${API_ARN}/prod/GET/pets/*`).decision).toBe('ALLOW');
    expect(grant(`${API_ARN}/test/GET/pets/*`).decision).toBe('IMPLICIT_DENY');
    expect(grant(`${API_ARN}/prod/POST/pets/*`).decision).toBe('IMPLICIT_DENY');
    // The template is not the resource: path parameters appear as their values.
    expect(grant(`${API_ARN}/prod/GET/pets/{petId}`).decision).toBe('IMPLICIT_DENY');
  });

  test('an allowed call names the statement that allowed it', () => {
    const identityPolicy = { Version: '2012-10-17', Id: 'ReadPets', Statement: [{ ...identity('Allow'), Sid: 'AllowGet' }] };
    const result = evaluateScenario(invoke({ caller: { principal: ROLE, identityPolicies: [identityPolicy] } }));
    expect(result.decision).toBe('ALLOW');
    expect(result.reasons.join('\n')).toContain('AllowGet');
  });

  test('an explicit deny names the denying statement', () => {
    const api = { resourcePolicy: policy({ ...resource('Deny', { AWS: '*' }), Sid: 'NoPets' }) };
    const result = evaluateScenario(invoke({ api, caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons.join('\n')).toContain("'NoPets'");
  });
});
