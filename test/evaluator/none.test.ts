import { ACCOUNT, identity, invoke, methods, policy, resource, ROLE, unrelated } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Rule 6 (API Gateway developer guide, "How API Gateway resource policies affect authorization
// workflow", resource policy only): a NONE method without a resource policy is open; with one,
// the caller is anonymous, an explicit Allow is needed and any Deny denies.
// Rule 9 (corrected 2026-11-30): the call carries no IAM identity, so statements naming specific AWS
// principals (account, root, role, user) never match it, Allow or Deny, while "*" and {"AWS": "*"}
// match everyone. IAM User Guide, "AWS JSON policy elements: Principal" (All principals): "For
// anonymous users, the following elements are equivalent: "Principal": "*" / "Principal" : { "AWS" :
// "*" }". Evidence: aws-cdk-lib's grantInvokeFromVpcEndpointsOnly renders {"AWS": "*"}, and aws-cdk's
// integration test for it calls a NONE method unsigned and gets 200.

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

  test('rule 9: an Allow naming a specific AWS principal never matches, even for a signed caller named in it', () => {
    const resourcePolicy = policy({ ...resource('Allow', { AWS: ROLE }), Sid: 'ReaderOnly' });
    const result = none({ resourcePolicy }, { principal: ROLE });
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons.join('\n')).toContain("resource-policy statement 'ReaderOnly' names specific AWS principals, "
      + 'which never match a call to a method that is not AWS_IAM');
  });

  test('rule 9: {"AWS": "*"} is "*" for the anonymous caller: it allows', () => {
    expect(none({ resourcePolicy: policy(resource('Allow', { AWS: '*' })) }).decision).toBe('ALLOW');
    expect(none({ resourcePolicy: policy(resource('Allow', '*')) }).decision).toBe('ALLOW');
  });

  test('rule 9: a list holding "*" among specific principals matches everyone through its "*"', () => {
    expect(none({ resourcePolicy: policy(resource('Allow', { AWS: ['*', ROLE] })) }).decision).toBe('ALLOW');
  });

  test('rule 9: a Deny with {"AWS": "*"} denies the anonymous caller', () => {
    const resourcePolicy = policy(resource('Allow'), { ...resource('Deny', { AWS: '*' }), Sid: 'DenyAll' });
    const result = none({ resourcePolicy });
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons[0]).toContain("statement 'DenyAll' denies");
  });

  test('rule 9: a Deny naming a specific AWS principal never matches a NONE call (corrected rule, not the old "still denies")', () => {
    // The closing note of the first version said "an {AWS: ...} Deny still denies". The corrected
    // rule 9 says statements naming specific AWS principals never match a call to a method that is
    // not AWS_IAM, Deny included: the call carries no IAM identity for them to name.
    for (const named of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, ROLE, `arn:aws:iam::${ACCOUNT}:user/alice`]) {
      const resourcePolicy = policy(resource('Allow'), resource('Deny', { AWS: named }));
      expect(none({ resourcePolicy }).decision).toBe('ALLOW');
      expect(none({ resourcePolicy }, { principal: ROLE }).decision).toBe('ALLOW');
    }
  });

  test('rule 9: a NotPrincipal Deny naming specific principals denies the anonymous caller (it is not among them)', () => {
    const resourcePolicy = policy(resource('Allow'), { Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' });
    expect(none({ resourcePolicy }).decision).toBe('EXPLICIT_DENY');
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
