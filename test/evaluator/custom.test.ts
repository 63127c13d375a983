import { API_ARN, identity, invoke, methods, policy, resource, ROLE, unrelated } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Rule 7 (API Gateway developer guide, "How API Gateway resource policies affect authorization
// workflow", Lambda authorizer and resource policy): the resource policy is checked for a Deny
// before the authorizer runs; an Unauthorized authorizer ends the call; otherwise the
// authorizer's policy and the resource policy combine by Table A.

type Side = 'Allow' | 'Neither' | 'Deny' | 'Absent';

function authorizer(side: Side): unknown {
  switch (side) {
    case 'Allow': return { result: 'POLICY', policy: policy(identity('Allow')) };
    case 'Deny': return { result: 'POLICY', policy: policy(identity('Allow'), identity('Deny')) };
    case 'Neither': return { result: 'POLICY', policy: policy(unrelated()) };
    case 'Absent': return undefined;
  }
}

function resourcePolicy(side: Side): unknown {
  switch (side) {
    case 'Allow': return policy(resource('Allow'));
    case 'Deny': return policy(resource('Deny'));
    case 'Neither': return policy(unrelated('*'));
    case 'Absent': return undefined;
  }
}

const custom = (auth: unknown, resourcePolicyDocument: unknown, request: Record<string, unknown> = {}) =>
  evaluateScenario(invoke({
    api: { methods: methods('CUSTOM'), resourcePolicy: resourcePolicyDocument },
    caller: auth === undefined ? {} : { lambdaAuthorizer: auth },
    request,
  }));

describe('CUSTOM method (Lambda authorizer), Table A', () => {
  test.each<[Side, Side, string]>([
    ['Allow', 'Allow', 'ALLOW'],
    ['Allow', 'Neither', 'ALLOW'],
    ['Allow', 'Deny', 'EXPLICIT_DENY'],
    ['Allow', 'Absent', 'ALLOW'],
    ['Neither', 'Allow', 'ALLOW'],
    ['Neither', 'Neither', 'IMPLICIT_DENY'],
    ['Neither', 'Deny', 'EXPLICIT_DENY'],
    ['Neither', 'Absent', 'IMPLICIT_DENY'],
    ['Deny', 'Allow', 'EXPLICIT_DENY'],
    ['Deny', 'Neither', 'EXPLICIT_DENY'],
    ['Deny', 'Deny', 'EXPLICIT_DENY'],
    ['Deny', 'Absent', 'EXPLICIT_DENY'],
  ])('authorizer policy %s, resource policy %s: %s', (authSide, rpSide, decision) => {
    expect(custom(authorizer(authSide), resourcePolicy(rpSide)).decision).toBe(decision);
  });
});

describe('CUSTOM method, order of checks', () => {
  test('an Unauthorized answer denies even when the resource policy allows everyone', () => {
    const result = custom({ result: 'UNAUTHORIZED' }, resourcePolicy('Allow'));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/Lambda authorizer \(CUSTOM\), which answered Unauthorized/);
  });

  test('without caller.lambdaAuthorizer the authorizer is taken to answer Unauthorized', () => {
    expect(custom(undefined, resourcePolicy('Allow')).decision).toBe('IMPLICIT_DENY');
  });

  test('a resource-policy Deny decides before the authorizer: explicit even when it would answer Unauthorized', () => {
    const result = custom({ result: 'UNAUTHORIZED' }, policy({ ...resource('Deny'), Sid: 'Blocked' }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons[0]).toContain("resource policy statement 'Blocked' denies execute-api:Invoke");
    expect(result.reasons[0]).toContain('before it calls the Lambda authorizer');
  });

  test('the authorizer policy must cover this call\'s ARN', () => {
    const narrow = { result: 'POLICY', policy: policy(identity('Allow', `${API_ARN}/prod/GET/other/*`)) };
    expect(custom(narrow, undefined).decision).toBe('IMPLICIT_DENY');
    const exact = { result: 'POLICY', policy: policy(identity('Allow', `${API_ARN}/prod/GET/pets/7`)) };
    expect(custom(exact, undefined).decision).toBe('ALLOW');
  });

  test('rule 9: a resource-policy Allow naming a specific AWS principal does not help a CUSTOM method', () => {
    const result = evaluateScenario(invoke({
      api: { methods: methods('CUSTOM'), resourcePolicy: policy(resource('Allow', { AWS: ROLE })) },
      caller: { principal: ROLE, lambdaAuthorizer: authorizer('Neither') },
    }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons.join('\n')).toMatch(/names specific AWS principals, which never match a call to a method that is not AWS_IAM/);
  });
});
