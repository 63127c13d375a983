import { ACCOUNT, identity, invoke, policy, resource } from './fixtures/builders';
import { AccessEvaluator } from '../../src';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Scenario rule 5 (added 2026-11-30): a caller given as a role session ARN is the account's one role
// of that name, whatever its path. Sources, IAM User Guide: "IAM identifiers" (a role ARN carries the
// path, `role/ci/deployer`; the assumed-role session ARN does not, `assumed-role/deployer/s1`) and
// "IAM and AWS STS quotas", IAM name requirements: "Names of users, groups, roles, and instance
// profiles must be unique within the account" (whatever the path). Where a policy tests the path and
// only the session is given, the decision is unknown: invalid input, never a guess.

const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/ci/deployer`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/s1`;
const allowAll = [policy(identity('Allow'))];

const decide = (resourcePolicy: unknown, principal: string, extra: Record<string, unknown> = {}) =>
  evaluateScenario(invoke({ api: { resourcePolicy }, caller: { principal, identityPolicies: allowAll, ...extra } }));

describe('a role session is its role, whatever the path', () => {
  test('a Deny naming role/ci/deployer applies to assumed-role/deployer/s1', () => {
    const result = decide(policy({ ...resource('Deny', { AWS: DEPLOYER }), Sid: 'NoDeployer' }), SESSION);
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons.join('\n')).toContain("statement 'NoDeployer' denies");
  });

  test('an Allow naming role/ci/deployer grants to the session (and is limited by a boundary, as for any role grant)', () => {
    const grant = policy(resource('Allow', { AWS: DEPLOYER }));
    expect(evaluateScenario(invoke({ api: { resourcePolicy: grant }, caller: { principal: SESSION } })).decision).toBe('ALLOW');
    const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(evaluateScenario(invoke({ api: { resourcePolicy: grant }, caller: { principal: SESSION, permissionsBoundary: boundary } })).decision)
      .toBe('IMPLICIT_DENY');
  });

  test('another role of the same name in another account is another role', () => {
    const elsewhere = 'arn:aws:iam::222222222222:role/ci/deployer';
    expect(decide(policy(resource('Deny', { AWS: elsewhere })), SESSION).decision).toBe('ALLOW');
  });

  test('a NotPrincipal Deny excludes the session when it lists the account, the role (any path) and the session', () => {
    const notPrincipal = (listed: string[]) => policy({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' });
    expect(decide(notPrincipal([ACCOUNT, DEPLOYER, SESSION]), SESSION).decision).toBe('ALLOW');
    expect(decide(notPrincipal([ACCOUNT, SESSION]), SESSION).decision).toBe('EXPLICIT_DENY');
  });

  test('given as the role ARN with its path, an exact role ARN without that path is another role', () => {
    expect(decide(policy(resource('Deny', { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` })), DEPLOYER).decision).toBe('ALLOW');
  });
});

describe('a policy that tests the role path needs the role ARN', () => {
  const byArn = (operator: string, value: string | string[]) =>
    policy(resource('Deny', '*', { Sid: 'OnlyCi', Condition: { [operator]: { 'aws:PrincipalArn': value } } }));

  test('aws:PrincipalArn like role/ci/* with only the session: invalid input naming caller.principal and the condition', () => {
    expect(() => decide(byArn('ArnNotLike', `arn:aws:iam::${ACCOUNT}:role/ci/*`), SESSION)).toThrow(new RegExp(
      '^caller\\.principal: is a role session ARN, which does not carry the role\'s path, and '
      + 'api\\.resourcePolicy\\.Statement\\[0\\]\\.Condition\\.ArnNotLike\\.aws:PrincipalArn tests aws:PrincipalArn against '
      + `'arn:aws:iam::${ACCOUNT}:role/ci/\\*'.*give the role ARN with its path \\(arn:aws:iam::${ACCOUNT}:role/PATH/deployer\\).*caller\\.sessionName`));
  });

  test('with the role ARN and a session name it decides', () => {
    expect(decide(byArn('ArnNotLike', `arn:aws:iam::${ACCOUNT}:role/ci/*`), DEPLOYER, { sessionName: 's1' }).decision).toBe('ALLOW');
    expect(decide(byArn('ArnNotLike', `arn:aws:iam::${ACCOUNT}:role/ci/*`), `arn:aws:iam::${ACCOUNT}:role/deployer`).decision)
      .toBe('EXPLICIT_DENY');
  });

  test.each([
    ['StringEquals on the role ARN with a path', 'StringEquals', DEPLOYER],
    ['StringEquals on the role ARN without a path (the path "/" is a path too)', 'StringNotEquals', `arn:aws:iam::${ACCOUNT}:role/deployer`],
    ['StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', `ARN:AWS:IAM::${ACCOUNT}:ROLE/CI/DEPLOYER`],
    ['StringLike on a path prefix', 'StringLike', `arn:aws:iam::${ACCOUNT}:role/ci/*`],
    ['a ? in the path', 'ArnLike', `arn:aws:iam::${ACCOUNT}:role/c?/deployer`],
    ['a wildcard account with a path', 'ArnLike', 'arn:aws:iam::*:role/ci/*'],
    ['a name prefix that a path could also start', 'ArnLike', `arn:aws:iam::${ACCOUNT}:role/dep*`],
  ])('%s: refused', (_name, operator, value) => {
    expect(() => decide(byArn(operator, value), SESSION)).toThrow(/^caller\.principal: is a role session ARN/);
  });

  test('the ${aws:PrincipalArn} policy variable: refused', () => {
    const resourcePolicy = policy(resource('Allow', '*', { Condition: { StringLike: { 'aws:userid': '${aws:PrincipalArn}' } } }));
    expect(() => decide(resourcePolicy, SESSION)).toThrow(/Statement\[0\] uses the \$\{aws:PrincipalArn\} policy variable/);
  });

  test('identity policies and the boundary are checked too', () => {
    const inIdentity = policy(identity('Deny', '*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/ci/*` } } }));
    expect(() => evaluateScenario(invoke({ caller: { principal: SESSION, identityPolicies: [...allowAll, inIdentity] } })))
      .toThrow(/caller\.identityPolicies\[1\]\.Statement\[0\]\.Condition\.ArnLike\.aws:PrincipalArn/);
  });

  test.each([
    ['every role of the account', 'ArnLike', `arn:aws:iam::${ACCOUNT}:role/*`],
    ['everything in the account', 'ArnLike', `arn:aws:iam::${ACCOUNT}:*`],
    ['"*"', 'ArnLike', '*'],
    ['any ARN ending in the role name', 'StringLike', '*/deployer'],
    ['another role by exact ARN (never this role, whatever the path)', 'ArnEquals', `arn:aws:iam::${ACCOUNT}:role/admin`],
    ['a role of another account', 'ArnLike', 'arn:aws:iam::222222222222:role/ci/*'],
    ['users', 'StringLike', `arn:aws:iam::${ACCOUNT}:user/*`],
    ['a name that differs at the end', 'ArnLike', `arn:aws:iam::${ACCOUNT}:role/*/admin`],
  ])('a test whose answer is the same for every path is evaluated: %s', (_name, operator, value) => {
    expect(() => decide(byArn(operator, value), SESSION)).not.toThrow();
  });

  test('the Null operator does not compare the ARN', () => {
    expect(decide(byArn('Null', 'true'), SESSION).decision).toBe('ALLOW');
  });
});

describe('caller.sessionName', () => {
  test('names the session of a role ARN: a grant to that exact session passes the boundary', () => {
    const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const grant = policy(resource('Allow', { AWS: SESSION }));
    const caller = { principal: DEPLOYER, sessionName: 's1', permissionsBoundary: boundary };
    expect(evaluateScenario(invoke({ api: { resourcePolicy: grant }, caller })).decision).toBe('ALLOW');
    expect(evaluateScenario(invoke({ api: { resourcePolicy: grant }, caller: { ...caller, sessionName: 's2' } })).decision)
      .toBe('IMPLICIT_DENY');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['without a principal', { sessionName: 's1' }, /^caller\.sessionName: needs caller\.principal/],
    ['with a session ARN', { principal: SESSION, sessionName: 's1' }, /^caller\.sessionName: is only for a caller\.principal that is a role ARN/],
    ['not a string', { principal: DEPLOYER, sessionName: 7 }, /^caller\.sessionName: must be a string/],
    ['too long', { principal: DEPLOYER, sessionName: 'x'.repeat(65) }, /^caller\.sessionName: must be a role session name/],
  ])('is refused %s', (_name, caller, message) => {
    expect(() => evaluateScenario(invoke({ caller }))).toThrow(message);
  });

  test('is read from JSON scenarios too', () => {
    const json = JSON.stringify(invoke({ caller: { principal: DEPLOYER, sessionName: 's1', identityPolicies: allowAll } }));
    expect(AccessEvaluator.evaluateJson(json).decision).toBe('ALLOW');
  });
});
