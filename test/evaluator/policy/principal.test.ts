import { compile, request } from './helpers';
import { evaluatePolicy } from '../../../src/evaluator/policy/evaluate';
import { CallerType, PolicyKind, PrincipalMatch } from '../../../src/evaluator/policy/model';
import { parseCaller, ROLE_SESSION_NAME } from '../../../src/evaluator/policy/principal';

const ACCT = '111111111111';
const USER = `arn:aws:iam::${ACCT}:user/team/alice`;
const ROLE = `arn:aws:iam::${ACCT}:role/reader`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/reader/${ROLE_SESSION_NAME}`;
const OTHER_SESSION = `arn:aws:sts::${ACCT}:assumed-role/reader/someone-else`;
const ROOT = `arn:aws:iam::${ACCT}:root`;

describe('parseCaller', () => {
  test('a user ARN (with its path) is that user', () => {
    expect(parseCaller(USER, 'caller.principal')).toEqual({ arn: USER, partition: 'aws', account: ACCT, type: CallerType.USER });
  });

  test('a role ARN is a session of that role with a fixed session name', () => {
    expect(parseCaller(`arn:aws:iam::${ACCT}:role/service/reader`, 'f')).toEqual({
      arn: `arn:aws:sts::${ACCT}:assumed-role/reader/${ROLE_SESSION_NAME}`,
      partition: 'aws',
      account: ACCT,
      type: CallerType.ROLE_SESSION,
      roleArn: `arn:aws:iam::${ACCT}:role/service/reader`,
      roleName: 'reader',
    });
  });

  test('a role ARN with a session name (caller.sessionName) is that session of the role', () => {
    expect(parseCaller(`arn:aws:iam::${ACCT}:role/ci/deployer`, 'f', 's1').arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/deployer/s1`);
  });

  test.each([
    ['a user', USER, 's1', /an IAM user has no role sessions/],
    ['the root user', ROOT, 's1', /the account root user has no role sessions/],
    ['a session ARN', OTHER_SESSION, 's1', /names its session already/],
    ['a role, with an invalid name', ROLE, 'a b', /must be a role session name/],
    ['a role, with a one-character name', ROLE, 'a', /must be a role session name/],
  ])('a session name for %s is refused, naming caller.sessionName', (_name, principal, sessionName, message) => {
    expect(() => parseCaller(principal, 'caller.principal', sessionName)).toThrow(/^caller\.sessionName: /);
    expect(() => parseCaller(principal, 'caller.principal', sessionName)).toThrow(message);
  });

  test('an assumed-role session ARN is that session of the role', () => {
    expect(parseCaller(OTHER_SESSION, 'f')).toEqual({
      arn: OTHER_SESSION, partition: 'aws', account: ACCT, type: CallerType.ROLE_SESSION, roleArn: ROLE, roleName: 'reader', rolePathUnknown: true,
    });
  });

  test('an account root ARN, in any partition', () => {
    expect(parseCaller(ROOT, 'f').type).toBe(CallerType.ROOT);
    expect(parseCaller('arn:aws-cn:iam::222222222222:root', 'f')).toMatchObject({ partition: 'aws-cn', account: '222222222222' });
    expect(parseCaller('arn:aws-us-gov:iam::222222222222:user/bob', 'f').partition).toBe('aws-us-gov');
  });

  test.each([
    '', '111111111111', 'alice', `arn:aws:iam::${ACCT}:group/devs`, 'arn:aws:iam::1111:user/alice',
    `arn:aws:iam::${ACCT}:user/`, 'arn:aws:s3:::bucket', `arn:aws:sts::${ACCT}:assumed-role/reader`,
    `arn:aws:iam::${ACCT}:role/*`, `arn:aws:iam:us-east-1:${ACCT}:user/alice`, `arn:aws:iam::${ACCT}:ROOT`,
  ])('refuses %j, naming the field', (text) => {
    expect(() => parseCaller(text, 'caller.principal')).toThrow(/^caller\.principal: /);
  });
});

// IAM User Guide, "AWS JSON policy elements: Principal".
describe('Principal matching in resource policies', () => {
  const match = (principal: unknown, caller?: string): PrincipalMatch | undefined => {
    const policy = compile({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }],
    }, PolicyKind.RESOURCE);
    return evaluatePolicy(policy, request({ caller })).allows[0]?.principal;
  };

  test.each([
    ['"*" matches a signed caller', '*', USER, PrincipalMatch.ANYONE],
    ['"*" matches an anonymous caller', '*', undefined, PrincipalMatch.ANYONE],
    ['{"AWS":"*"} matches a signed caller', { AWS: '*' }, SESSION, PrincipalMatch.ANY_AWS],
    // Equivalent to "*" for anonymous users (IAM User Guide, Principal, All principals; scenario rule 9).
    ['{"AWS":"*"} matches an anonymous caller', { AWS: '*' }, undefined, PrincipalMatch.ANY_AWS],
    ['a bare account id', { AWS: ACCT }, USER, PrincipalMatch.ACCOUNT],
    ['the root ARN', { AWS: ROOT }, SESSION, PrincipalMatch.ACCOUNT],
    ['the root ARN of another partition', { AWS: `arn:aws-cn:iam::${ACCT}:root` }, USER, undefined],
    ['another account', { AWS: '222222222222' }, USER, undefined],
    ['the root caller by its account', { AWS: ACCT }, ROOT, PrincipalMatch.ACCOUNT],
    ['the user ARN', { AWS: USER }, USER, PrincipalMatch.DIRECT],
    ['another user', { AWS: `arn:aws:iam::${ACCT}:user/team/bob` }, USER, undefined],
    ['the user without its path', { AWS: `arn:aws:iam::${ACCT}:user/alice` }, USER, undefined],
    ['the role ARN of the session', { AWS: ROLE }, ROLE, PrincipalMatch.ROLE],
    ['the role ARN, caller given as a session', { AWS: ROLE }, OTHER_SESSION, PrincipalMatch.ROLE],
    ['the exact session ARN', { AWS: SESSION }, ROLE, PrincipalMatch.DIRECT],
    ['another session of the role', { AWS: OTHER_SESSION }, ROLE, undefined],
    ['an anonymous caller and an account', { AWS: ACCT }, undefined, undefined],
    ['a service principal never matches an IAM caller', { Service: 'apigateway.amazonaws.com' }, ROLE, undefined],
    ['a federated principal never matches an IAM caller', { Federated: 'cognito-identity.amazonaws.com' }, USER, undefined],
    ['the strongest of several: the user and its account', { AWS: [ACCT, USER] }, USER, PrincipalMatch.DIRECT],
    ['the strongest of several: the role and "*"', { AWS: ['*', ROLE] }, ROLE, PrincipalMatch.ROLE],
  ])('%s', (_name, principal, caller, expected) => {
    expect(match(principal, caller)).toBe(expected);
  });
});

// IAM User Guide, "AWS JSON policy elements: NotPrincipal": the caller is excluded only when its
// account and each of its identities (user; role and session) are listed.
describe('NotPrincipal', () => {
  const denied = (notPrincipal: unknown, caller?: string, callerHasBoundary = false): boolean => {
    const policy = compile({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', NotPrincipal: notPrincipal, Action: '*', Resource: '*' }],
    }, PolicyKind.RESOURCE);
    const hits = evaluatePolicy(policy, request({ caller }), { callerHasBoundary }).denies;
    if (hits.length > 0) {
      expect(hits[0].principal).toBe(PrincipalMatch.NOT_PRINCIPAL);
    }
    return hits.length > 0;
  };

  test.each([
    ['user and account listed', { AWS: [USER, ACCT] }, USER, false],
    ['user listed without the account', { AWS: [USER] }, USER, true],
    ['account only: the user is not excluded', { AWS: [ROOT] }, USER, true],
    ['session, role and account listed', { AWS: [SESSION, ROLE, ROOT] }, ROLE, false],
    ['role and account, not the session', { AWS: [ROLE, ROOT] }, ROLE, true],
    ['session and account, not the role', { AWS: [SESSION, ACCT] }, ROLE, true],
    ['another user', { AWS: [`arn:aws:iam::${ACCT}:user/bob`, ACCT] }, USER, true],
    ['the root caller by its account', { AWS: ACCT }, ROOT, false],
    ['{"AWS":"*"} excludes every signed caller', { AWS: '*' }, USER, false],
    // "*" and {"AWS": "*"} are equivalent for anonymous users (IAM User Guide, Principal, All principals).
    ['{"AWS":"*"} excludes an anonymous caller too', { AWS: '*' }, undefined, false],
    ['an anonymous caller is never listed', { AWS: [USER, ACCT] }, undefined, true],
  ])('%s: denied %s', (_name, notPrincipal, caller, expected) => {
    expect(denied(notPrincipal, caller)).toBe(expected);
  });

  test('a caller with a permissions boundary is denied whatever NotPrincipal lists', () => {
    expect(denied({ AWS: [USER, ACCT] }, USER, true)).toBe(true);
  });
});

// Scenario rule 9 (corrected 2026-11-30): a call to a method that is not AWS_IAM is anonymous. IAM
// User Guide, "AWS JSON policy elements: Principal" (All principals): "For anonymous users, the
// following elements are equivalent: "Principal": "*" and "Principal" : { "AWS" : "*" }". Evidence:
// aws-cdk-lib's grantInvokeFromVpcEndpointsOnly renders {"AWS": "*"} and aws-cdk's integration test
// for it calls a NONE method unsigned and gets 200. Specific accounts, roles and users never match.
describe('anonymous callers (scenario rule 9)', () => {
  const policy = compile({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Star', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Sid: 'AnyAws', Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' },
      { Sid: 'StarAmongRoles', Effect: 'Allow', Principal: { AWS: ['*', ROLE] }, Action: '*', Resource: '*' },
      { Sid: 'Account', Effect: 'Allow', Principal: { AWS: ACCT, Service: 'apigateway.amazonaws.com' }, Action: '*', Resource: '*' },
      { Sid: 'Role', Effect: 'Allow', Principal: { AWS: ROLE }, Action: '*', Resource: '*' },
    ],
  }, PolicyKind.RESOURCE);

  test('"*", {"AWS": "*"} and a list holding "*" match; specific AWS principals do not', () => {
    const verdict = evaluatePolicy(policy, request());
    expect(verdict.allows.map((h) => [h.statement.sid, h.principal])).toEqual([
      ['Star', PrincipalMatch.ANYONE], ['AnyAws', PrincipalMatch.ANY_AWS], ['StarAmongRoles', PrincipalMatch.ANY_AWS],
    ]);
  });

  test.each([
    ['Principal {"AWS": "*"}', { Principal: { AWS: '*' } }, ['Deny']],
    ['Principal {"AWS": another account}', { Principal: { AWS: '222222222222' } }, []],
    ['Principal {"AWS": a role}', { Principal: { AWS: ROLE } }, []],
    // NotPrincipal: the anonymous caller is not the listed principal, so the Deny applies to it.
    ['NotPrincipal {"AWS": user}', { NotPrincipal: { AWS: USER } }, ['Deny']],
  ])('a Deny with %s applies to the anonymous caller: %j', (_name, principal, denied) => {
    const deny = compile({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Star', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Sid: 'Deny', Effect: 'Deny', ...principal, Action: '*', Resource: '*' },
      ],
    }, PolicyKind.RESOURCE);
    expect(evaluatePolicy(deny, request()).denies.map((h) => h.statement.sid)).toEqual(denied);
  });

  test('a signed caller still matches every form', () => {
    const verdict = evaluatePolicy(policy, request({ caller: ROLE }));
    expect(verdict.allows.map((h) => h.statement.sid)).toEqual(['Star', 'AnyAws', 'StarAmongRoles', 'Account', 'Role']);
  });
});
