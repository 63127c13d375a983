import { ACCOUNT, identity, invoke, methods, policy, resource, ROLE, unrelated } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Rule 6 (API Gateway developer guide, "How API Gateway resource policies affect authorization
// workflow", resource policy only): a NONE method without a resource policy is open; with one,
// the caller is anonymous, an explicit Allow is needed and any Deny denies.
// Rule 9 ("API Gateway resource policy examples"): {"AWS": ...} principals never match it.

const none = (api: Record<string, unknown> = {}, caller: Record<string, unknown> = {}, request: Record<string, unknown> = {}) =>
  evaluateScenario(invoke({ api: { methods: methods('NONE'), ...api }, caller, request }));

describe('NONE method', () => {
  test('no resource policy: anyone may call', () => {
    const result = none();
    expect(result.decision).toBe('ALLOW');
    expect(result.reasons[0]).toMatch(/uses NONE and the API has no resource policy/);
  });

  test.each<[string, unknown, string]>([
    ['Allow', policy(resource('Allow')), 'ALLOW'],
    ['Neither', policy(unrelated('*')), 'IMPLICIT_DENY'],
    ['Deny', policy(resource('Deny')), 'EXPLICIT_DENY'],
    ['Allow and Deny', policy(resource('Allow'), resource('Deny')), 'EXPLICIT_DENY'],
  ])('resource policy %s: %s', (_, resourcePolicy, decision) => {
    expect(none({ resourcePolicy }).decision).toBe(decision);
  });

  test('an IP allow-list Deny applies to the anonymous caller', () => {
    const resourcePolicy = policy(resource('Allow'), resource('Deny', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }));
    expect(none({ resourcePolicy }, {}, { sourceIp: '198.51.100.7' }).decision).toBe('ALLOW');
    expect(none({ resourcePolicy }, {}, { sourceIp: '203.0.113.10' }).decision).toBe('EXPLICIT_DENY');
  });

  test('rule 9: an Allow with an {"AWS": ...} principal never matches, even for a signed caller named in it', () => {
    const resourcePolicy = policy({ ...resource('Allow', { AWS: ROLE }), Sid: 'ReaderOnly' });
    const result = none({ resourcePolicy }, { principal: ROLE });
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons.join('\n')).toContain(
      "resource-policy statement 'ReaderOnly' has an {\"AWS\": ...} principal, which API Gateway never matches for methods that are not AWS_IAM");
  });

  test('rule 9: {"AWS": "*"} is not "*"', () => {
    expect(none({ resourcePolicy: policy(resource('Allow', { AWS: '*' })) }).decision).toBe('IMPLICIT_DENY');
    expect(none({ resourcePolicy: policy(resource('Allow', '*')) }).decision).toBe('ALLOW');
  });

  test('rule 9: a Deny with an {"AWS": ...} principal is never turned into an allow', () => {
    // "Authorization will fail" for such statements: the policy layer lets the Deny apply (fail closed).
    const resourcePolicy = policy(resource('Allow'), { ...resource('Deny', { AWS: '*' }), Sid: 'MeantToDeny' });
    const result = none({ resourcePolicy });
    expect(result.decision).not.toBe('ALLOW');
  });

  test('identity policies have no effect on a NONE method', () => {
    const caller = { principal: ROLE, identityPolicies: [policy(identity('Allow'))] };
    expect(none({ resourcePolicy: policy(unrelated('*')) }, caller).decision).toBe('IMPLICIT_DENY');
    const denying = { principal: ROLE, identityPolicies: [policy(identity('Deny'))] };
    expect(none({}, denying).decision).toBe('ALLOW');
  });

  test('the caller is anonymous: principal condition keys are absent even for a signed call', () => {
    const resourcePolicy = policy(resource('Allow', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }));
    expect(none({ resourcePolicy }, { principal: ROLE }).decision).toBe('IMPLICIT_DENY');
  });
});
