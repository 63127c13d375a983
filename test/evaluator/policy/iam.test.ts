import { API, compile, request } from './helpers';
import { Decision } from '../../../src/evaluator/decision';
import { decideIam, IamInput } from '../../../src/evaluator/policy/iam';
import { CompiledPolicy, PolicyKind } from '../../../src/evaluator/policy/model';
import { ROLE_SESSION_NAME } from '../../../src/evaluator/policy/principal';

const ACCT = '111111111111';
const OTHER = '222222222222';
const R = `${API}/prod/GET/pets`;
const USER = `arn:aws:iam::${ACCT}:user/alice`;
const ROLE = `arn:aws:iam::${ACCT}:role/reader`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/reader/${ROLE_SESSION_NAME}`;
const ROOT = `arn:aws:iam::${ACCT}:root`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/partner`;
const OTHER_USER = `arn:aws:iam::${OTHER}:user/partner`;

const statement = (effect: string, extra: Record<string, unknown> = {}) => ({ Effect: effect, Action: 'execute-api:Invoke', Resource: `${API}/*`, ...extra });
const identityPolicy = (effect: string, name = 'ReadPets', sid = effect === 'Allow' ? 'AllowGet' : 'DenyGet') =>
  compile({ Version: '2012-10-17', Statement: [statement(effect, { Sid: sid })] }, PolicyKind.IDENTITY, `identity policy '${name}'`);
const boundary = (effect: string | 'Other') => compile({
  Version: '2012-10-17',
  Statement: [effect === 'Other'
    ? { Effect: 'Allow', Action: 's3:*', Resource: '*' }
    : statement(effect)],
}, PolicyKind.BOUNDARY, 'permissions boundary');
const resourcePolicy = (effect: string, principal: unknown) => compile({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Principal: principal, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
}, PolicyKind.RESOURCE, 'resource policy');

function decide(caller: string | undefined, parts: {
  identity?: CompiledPolicy[];
  boundary?: CompiledPolicy;
  resource?: CompiledPolicy;
}): ReturnType<typeof decideIam> {
  const input: IamInput = {
    request: request({ caller, resource: R }),
    identityPolicies: parts.identity ?? [],
    permissionsBoundary: parts.boundary,
    resourcePolicy: parts.resource,
    resourceAccount: ACCT,
  };
  return decideIam(input);
}

// IAM User Guide, "Policy evaluation logic" (same account: either side may allow, any Deny wins).
describe('same account (Table A)', () => {
  test.each([
    ['identity Allow only', { identity: [identityPolicy('Allow')] }, Decision.ALLOW],
    ['nothing', {}, Decision.IMPLICIT_DENY],
    ['identity policy that does not apply', { identity: [compile({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })] },
      Decision.IMPLICIT_DENY],
    ['resource Allow naming the user', { resource: resourcePolicy('Allow', { AWS: USER }) }, Decision.ALLOW],
    ['resource Allow "*"', { resource: resourcePolicy('Allow', '*') }, Decision.ALLOW],
    ['resource Allow {"AWS":"*"}', { resource: resourcePolicy('Allow', { AWS: '*' }) }, Decision.ALLOW],
    ['identity Allow, resource Deny', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Deny', '*') }, Decision.EXPLICIT_DENY],
    ['identity Deny, resource Allow', { identity: [identityPolicy('Deny')], resource: resourcePolicy('Allow', '*') }, Decision.EXPLICIT_DENY],
    ['identity Allow and Deny', { identity: [identityPolicy('Allow'), identityPolicy('Deny', 'Other')] }, Decision.EXPLICIT_DENY],
    ['resource Allow for another user', { resource: resourcePolicy('Allow', { AWS: `arn:aws:iam::${ACCT}:user/bob` }) }, Decision.IMPLICIT_DENY],
    // Naming the account delegates to the account's identity policies: no grant by itself.
    ['resource Allow naming the account (root ARN), no identity Allow', { resource: resourcePolicy('Allow', { AWS: ROOT }) },
      Decision.IMPLICIT_DENY],
    ['resource Allow naming the account (bare id), no identity Allow', { resource: resourcePolicy('Allow', { AWS: ACCT }) },
      Decision.IMPLICIT_DENY],
    ['resource Allow naming the account, identity Allow', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', { AWS: ACCT }) },
      Decision.ALLOW],
  ])('user: %s', (_name, parts, expected) => {
    expect(decide(USER, parts).decision).toBe(expected);
  });

  test.each([
    ['resource Allow naming the role', { resource: resourcePolicy('Allow', { AWS: ROLE }) }, Decision.ALLOW],
    ['resource Allow naming the session', { resource: resourcePolicy('Allow', { AWS: SESSION }) }, Decision.ALLOW],
    ['resource Allow naming another session', { resource: resourcePolicy('Allow', { AWS: `arn:aws:sts::${ACCT}:assumed-role/reader/other-session` }) },
      Decision.IMPLICIT_DENY],
  ])('role session: %s', (_name, parts, expected) => {
    expect(decide(ROLE, parts).decision).toBe(expected);
  });
});

// IAM User Guide, "Permissions boundaries for IAM entities": the identity side is the intersection;
// a resource policy naming the user or the session grants past the boundary, one naming the role does not.
describe('permissions boundaries', () => {
  test.each([
    ['identity Allow, boundary Allow', USER, { identity: [identityPolicy('Allow')], boundary: boundary('Allow') }, Decision.ALLOW],
    ['identity Allow, boundary silent', USER, { identity: [identityPolicy('Allow')], boundary: boundary('Other') }, Decision.IMPLICIT_DENY],
    ['boundary Allow alone grants nothing', USER, { boundary: boundary('Allow') }, Decision.IMPLICIT_DENY],
    ['boundary Deny', USER, { identity: [identityPolicy('Allow')], boundary: boundary('Deny') }, Decision.EXPLICIT_DENY],
    ['resource naming the user grants past the boundary', USER,
      { boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: USER }) }, Decision.ALLOW],
    ['resource naming the exact session grants past the boundary', ROLE,
      { boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: SESSION }) }, Decision.ALLOW],
    ['resource naming the role is limited by the boundary', ROLE,
      { boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: ROLE }) }, Decision.IMPLICIT_DENY],
    ['resource naming the role, boundary allows', ROLE,
      { boundary: boundary('Allow'), resource: resourcePolicy('Allow', { AWS: ROLE }) }, Decision.ALLOW],
    ['resource "*" is limited by the boundary', USER,
      { boundary: boundary('Other'), resource: resourcePolicy('Allow', '*') }, Decision.IMPLICIT_DENY],
    ['resource {"AWS":"*"} is limited by the boundary', USER,
      { boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: '*' }) }, Decision.IMPLICIT_DENY],
    ['resource naming the account delegates, and the boundary limits the identity side', USER,
      { identity: [identityPolicy('Allow')], boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: ACCT }) },
      Decision.IMPLICIT_DENY],
    ['a boundary Deny beats a resource grant naming the user', USER,
      { boundary: boundary('Deny'), resource: resourcePolicy('Allow', { AWS: USER }) }, Decision.EXPLICIT_DENY],
  ])('%s', (_name, caller, parts, expected) => {
    expect(decide(caller, parts).decision).toBe(expected);
  });
});

// IAM User Guide, "Cross-account policy evaluation logic": both sides must allow (Table B).
describe('cross account (Table B)', () => {
  test.each([
    ['identity Allow only', { identity: [identityPolicy('Allow')] }, Decision.IMPLICIT_DENY],
    ['resource Allow only', { resource: resourcePolicy('Allow', { AWS: OTHER_ROLE }) }, Decision.IMPLICIT_DENY],
    ['both, resource names the role', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', { AWS: OTHER_ROLE }) },
      Decision.ALLOW],
    ['both, resource names the account', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', { AWS: OTHER }) },
      Decision.ALLOW],
    ['both, resource names the account root', {
      identity: [identityPolicy('Allow')],
      resource: resourcePolicy('Allow', { AWS: `arn:aws:iam::${OTHER}:root` }),
    }, Decision.ALLOW],
    ['both, resource "*"', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', '*') }, Decision.ALLOW],
    ['resource names the API\'s own account', { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', { AWS: ACCT }) },
      Decision.IMPLICIT_DENY],
    ['both, and a resource Deny', {
      identity: [identityPolicy('Allow')],
      resource: compile({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: { AWS: OTHER }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/*' },
        ],
      }, PolicyKind.RESOURCE, 'resource policy'),
    }, Decision.EXPLICIT_DENY],
    ['both, but the boundary limits the identity side', {
      identity: [identityPolicy('Allow')], boundary: boundary('Other'), resource: resourcePolicy('Allow', { AWS: OTHER_ROLE }),
    }, Decision.IMPLICIT_DENY],
  ])('role session: %s', (_name, parts, expected) => {
    expect(decide(OTHER_ROLE, parts).decision).toBe(expected);
  });

  test('a resource policy naming the user still needs the identity side across accounts', () => {
    expect(decide(OTHER_USER, { resource: resourcePolicy('Allow', { AWS: OTHER_USER }) }).decision).toBe(Decision.IMPLICIT_DENY);
    expect(decide(OTHER_USER, { identity: [identityPolicy('Allow')], resource: resourcePolicy('Allow', { AWS: OTHER_USER }) }).decision)
      .toBe(Decision.ALLOW);
  });
});

describe('the account root user and anonymous requests', () => {
  test('the root user needs no identity policy in its own account, but a Deny still applies', () => {
    expect(decide(ROOT, {}).decision).toBe(Decision.ALLOW);
    expect(decide(ROOT, { resource: resourcePolicy('Deny', '*') }).decision).toBe(Decision.EXPLICIT_DENY);
  });

  test('another account\'s root user needs the resource policy', () => {
    const otherRoot = `arn:aws:iam::${OTHER}:root`;
    expect(decide(otherRoot, {}).decision).toBe(Decision.IMPLICIT_DENY);
    expect(decide(otherRoot, { resource: resourcePolicy('Allow', { AWS: OTHER }) }).decision).toBe(Decision.ALLOW);
  });

  test('without a caller (a Lambda authorizer policy) either side may allow', () => {
    const authorizer = compile({ Version: '2012-10-17', Statement: [statement('Allow')] }, PolicyKind.AUTHORIZER, 'authorizer policy');
    expect(decide(undefined, { identity: [authorizer] }).decision).toBe(Decision.ALLOW);
    expect(decide(undefined, { resource: resourcePolicy('Allow', '*') }).decision).toBe(Decision.ALLOW);
    // "For anonymous users, the following elements are equivalent": "*" and {"AWS": "*"} (IAM User
    // Guide, "AWS JSON policy elements: Principal"; scenario rule 9, corrected 2026-11-30).
    expect(decide(undefined, { resource: resourcePolicy('Allow', { AWS: '*' }) }).decision).toBe(Decision.ALLOW);
    expect(decide(undefined, { resource: resourcePolicy('Allow', { AWS: ACCT }) }).decision).toBe(Decision.IMPLICIT_DENY);
    expect(decide(undefined, { identity: [authorizer], resource: resourcePolicy('Deny', '*') }).decision).toBe(Decision.EXPLICIT_DENY);
  });
});

describe('reasons name the policy and statement', () => {
  test('an identity Allow', () => {
    const outcome = decide(USER, { identity: [identityPolicy('Allow')] });
    expect(outcome.reasons).toEqual([`identity policy 'ReadPets' statement 'AllowGet' allows execute-api:Invoke on ${R}`]);
    expect(outcome.deciding.map((h) => h.statement.sid)).toEqual(['AllowGet']);
  });

  test('a resource-policy Deny without Sid is named by position', () => {
    const outcome = decide(USER, { identity: [identityPolicy('Allow')], resource: resourcePolicy('Deny', '*') });
    expect(outcome.reasons).toEqual([`resource policy statement #1 denies execute-api:Invoke on ${R} (it names Principal "*")`]);
    expect(outcome.deciding).toHaveLength(1);
  });

  test('cross account: says both sides must allow', () => {
    const outcome = decide(OTHER_ROLE, { resource: resourcePolicy('Allow', { AWS: OTHER_ROLE }) });
    expect(outcome.reasons).toEqual([`no identity policy allows execute-api:Invoke on ${R} (the caller is in account ${OTHER}, `
      + `the resource in ${ACCT}: both the identity policy and the resource policy must allow)`]);
  });

  test('cross account without a resource policy', () => {
    const outcome = decide(OTHER_ROLE, { identity: [identityPolicy('Allow')] });
    expect(outcome.decision).toBe(Decision.IMPLICIT_DENY);
    expect(outcome.reasons[0]).toMatch(/^there is no resource policy to allow /);
  });

  test('a boundary that does not allow', () => {
    const outcome = decide(USER, { identity: [identityPolicy('Allow')], boundary: boundary('Other') });
    expect(outcome.reasons[0]).toMatch(/^permissions boundary does not allow execute-api:Invoke on /);
  });

  test('a resource statement naming the account explains the delegation', () => {
    const outcome = decide(USER, { resource: resourcePolicy('Allow', { AWS: ACCT }) });
    expect(outcome.reasons[0]).toMatch(/^resource policy statement #1 names the caller's account, which delegates/);
  });

  test('nothing applies', () => {
    expect(decide(USER, {}).reasons).toEqual([`no identity policy allows execute-api:Invoke on ${R}`]);
  });
});
