import { invoke, methods, policy, resource, ROLE, unrelated } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Rule 8 (API Gateway developer guide, "How API Gateway resource policies affect authorization
// workflow", Amazon Cognito authentication and resource policy): the token is authenticated
// first; with a resource policy an explicit Allow in it is needed (the workflow text); without
// one a valid token is enough.

const cognito = (token: string | undefined, resourcePolicy: unknown) => evaluateScenario(invoke({
  api: { methods: methods('COGNITO_USER_POOLS'), resourcePolicy },
  caller: token === undefined ? {} : { cognito: { token } },
}));

describe('COGNITO_USER_POOLS method', () => {
  test.each<[string, unknown, string]>([
    ['VALID', undefined, 'ALLOW'],
    ['VALID', policy(resource('Allow')), 'ALLOW'],
    ['VALID', policy(unrelated('*')), 'IMPLICIT_DENY'],
    ['VALID', policy(resource('Deny')), 'EXPLICIT_DENY'],
    ['VALID', policy(resource('Allow'), resource('Deny')), 'EXPLICIT_DENY'],
    ['INVALID', undefined, 'IMPLICIT_DENY'],
    ['INVALID', policy(resource('Allow')), 'IMPLICIT_DENY'],
    ['ABSENT', undefined, 'IMPLICIT_DENY'],
    ['ABSENT', policy(resource('Allow')), 'IMPLICIT_DENY'],
  ])('token %s, resource policy %j: %s', (token, resourcePolicy, decision) => {
    expect(cognito(token, resourcePolicy).decision).toBe(decision);
  });

  test('without caller.cognito the token is ABSENT', () => {
    const result = cognito(undefined, undefined);
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/uses COGNITO_USER_POOLS and the token is ABSENT/);
  });

  test('a valid token without a resource-policy Allow says the policy needs one', () => {
    expect(cognito('VALID', policy(unrelated('*'))).reasons[0]).toMatch(/needs a resource-policy Allow/);
  });

  test('rule 9: an Allow naming a specific AWS principal does not count; {"AWS": "*"} does', () => {
    expect(cognito('VALID', policy(resource('Allow', { AWS: ROLE }))).decision).toBe('IMPLICIT_DENY');
    expect(cognito('VALID', policy(resource('Allow', { AWS: '*' }))).decision).toBe('ALLOW');
  });
});
