/**
 * Generic IAM-logic cases in the themes of iam-simulate's own core-engine test suite (identity
 * only, resource policies in the same and in another account, permissions boundaries with users,
 * roles and role sessions, NotPrincipal, anonymous calls, conditions), written again here as
 * scenarios of an AWS_IAM (or NONE) API Gateway method. iam-simulate's case files are AGPL and are
 * not copied: each case below is restated from the IAM User Guide's evaluation logic, and its
 * expected decision is the guide's.
 *
 * Both evaluators must give the expected decision, except where a named known difference
 * (exclusions.ts) applies: then only this library is held to the guide.
 */
import { API_ACCOUNT, API_ID, OTHER_ACCOUNT, PRINCIPALS, REGION } from './arbitraries';
import { differencesAffecting } from './exclusions';
import { iamSimulate, ours } from './oracle';
import { InvokeScenarioJson, PolicyJson, StatementJson } from './scenario-json';
import { Decision } from '../../src/evaluator/decision';

const ARN = `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/prod/GET/pets`;
const doc = (...statements: StatementJson[]): PolicyJson => ({ Version: '2012-10-17', Statement: statements });
const allow = (extra: Partial<StatementJson> = {}): StatementJson => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ARN, ...extra });
const deny = (extra: Partial<StatementJson> = {}): StatementJson => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: ARN, ...extra });
const allowOther = (): StatementJson => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });

interface Case {
  readonly name: string;
  readonly principal?: string;
  readonly identity?: PolicyJson[];
  readonly boundary?: PolicyJson;
  readonly resource?: PolicyJson;
  readonly auth?: 'AWS_IAM' | 'NONE';
  readonly context?: Record<string, string>;
  readonly sourceIp?: string;
  readonly path?: string;
  readonly expected: Decision;
}

const { ALLOW, IMPLICIT_DENY, EXPLICIT_DENY } = Decision;
const SESSION = PRINCIPALS.readerSession;
const ROLE = PRINCIPALS.readerRole;

const CASES: Case[] = [
  // Identity policies only (same account).
  { name: 'no policy at all: implicit deny', expected: IMPLICIT_DENY },
  { name: 'identity Allow: allowed', identity: [doc(allow())], expected: ALLOW },
  { name: 'identity Allow for another action only: implicit deny', identity: [doc(allowOther())], expected: IMPLICIT_DENY },
  { name: 'identity Allow and identity Deny: explicit deny', identity: [doc(allow()), doc(deny())], expected: EXPLICIT_DENY },
  { name: 'identity Allow with NotAction excluding Invoke: implicit deny', identity: [doc({ Effect: 'Allow', NotAction: 'execute-api:Invoke', Resource: '*' })], expected: IMPLICIT_DENY },
  { name: 'identity Deny with NotResource elsewhere applies here: explicit deny', identity: [doc(allow(), { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::bucket/*' })], expected: EXPLICIT_DENY },

  // Resource policy, same account (Table A: either side may allow).
  { name: 'same account: resource policy names the user, no identity policy: allowed', resource: doc(allow({ Principal: { AWS: PRINCIPALS.alice } })), expected: ALLOW },
  { name: 'same account: resource policy names the account, no identity policy: implicit deny (delegation)', resource: doc(allow({ Principal: { AWS: `arn:aws:iam::${API_ACCOUNT}:root` } })), expected: IMPLICIT_DENY },
  { name: 'same account: resource policy names the account, identity Allow: allowed', identity: [doc(allow())], resource: doc(allow({ Principal: { AWS: API_ACCOUNT } })), expected: ALLOW },
  { name: 'same account: identity Allow, resource Deny for the user: explicit deny', identity: [doc(allow())], resource: doc(deny({ Principal: { AWS: PRINCIPALS.alice } })), expected: EXPLICIT_DENY },
  { name: 'same account: resource policy names another user: implicit deny', resource: doc(allow({ Principal: { AWS: `arn:aws:iam::${API_ACCOUNT}:user/carol` } })), expected: IMPLICIT_DENY },

  // Resource policy, another account (Table B: both sides must allow).
  { name: 'cross account: only the identity policy allows: implicit deny', principal: PRINCIPALS.bob, identity: [doc(allow())], expected: IMPLICIT_DENY },
  { name: 'cross account: only the resource policy allows, naming the user: implicit deny', principal: PRINCIPALS.bob, resource: doc(allow({ Principal: { AWS: PRINCIPALS.bob } })), expected: IMPLICIT_DENY },
  { name: 'cross account: both allow (resource policy names the account root): allowed', principal: PRINCIPALS.bob, identity: [doc(allow())], resource: doc(allow({ Principal: { AWS: PRINCIPALS.otherRoot } })), expected: ALLOW },
  { name: 'cross account: both allow (resource policy names the bare account id): allowed', principal: PRINCIPALS.bob, identity: [doc(allow())], resource: doc(allow({ Principal: { AWS: OTHER_ACCOUNT } })), expected: ALLOW },
  { name: 'cross account: resource policy names the API\'s own account: implicit deny', principal: PRINCIPALS.bob, identity: [doc(allow())], resource: doc(allow({ Principal: { AWS: API_ACCOUNT } })), expected: IMPLICIT_DENY },
  { name: 'cross account: identity Deny beats both Allows: explicit deny', principal: PRINCIPALS.bob, identity: [doc(allow(), deny())], resource: doc(allow({ Principal: { AWS: PRINCIPALS.bob } })), expected: EXPLICIT_DENY },

  // Permissions boundaries (same account).
  { name: 'boundary and identity both allow: allowed', identity: [doc(allow())], boundary: doc({ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }), expected: ALLOW },
  { name: 'boundary allows another service only: implicit deny', identity: [doc(allow())], boundary: doc(allowOther()), expected: IMPLICIT_DENY },
  { name: 'boundary allows but identity denies: explicit deny', identity: [doc(deny())], boundary: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), expected: EXPLICIT_DENY },
  { name: 'boundary allows but nothing else does: implicit deny', boundary: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), expected: IMPLICIT_DENY },
  { name: 'boundary silent, resource policy names the user: allowed (a direct grant passes the boundary)', boundary: doc(allowOther()), resource: doc(allow({ Principal: { AWS: PRINCIPALS.alice } })), expected: ALLOW },
  { name: 'boundary silent, resource policy names the role, caller is its session: implicit deny', principal: SESSION, boundary: doc(allowOther()), resource: doc(allow({ Principal: { AWS: ROLE } })), expected: IMPLICIT_DENY },
  { name: 'boundary silent, resource policy names the session itself: allowed', principal: SESSION, boundary: doc(allowOther()), resource: doc(allow({ Principal: { AWS: SESSION } })), expected: ALLOW },
  { name: 'boundary Deny, resource policy names the session: explicit deny', principal: SESSION, boundary: doc(deny()), resource: doc(allow({ Principal: { AWS: SESSION } })), expected: EXPLICIT_DENY },
  { name: 'boundary silent, cross account, both sides allow: implicit deny (the boundary caps the identity side)', principal: PRINCIPALS.partnerRole, identity: [doc(allow())], boundary: doc(allowOther()), resource: doc(allow({ Principal: { AWS: PRINCIPALS.partnerRole } })), expected: IMPLICIT_DENY },

  // Role sessions.
  { name: 'session of a role whose identity policy allows: allowed', principal: ROLE, identity: [doc(allow())], expected: ALLOW },
  { name: 'resource policy names the role, caller is its session, no boundary: allowed', principal: SESSION, resource: doc(allow({ Principal: { AWS: ROLE } })), expected: ALLOW },
  { name: 'resource policy names another session of the role: implicit deny', principal: SESSION, resource: doc(allow({ Principal: { AWS: `arn:aws:sts::${API_ACCOUNT}:assumed-role/reader/other` } })), expected: IMPLICIT_DENY },

  // NotPrincipal.
  { name: 'NotPrincipal Deny listing the account and the user excludes the user: allowed', identity: [doc(allow())], resource: doc(deny({ NotPrincipal: { AWS: [PRINCIPALS.alice, PRINCIPALS.root] } })), expected: ALLOW },
  { name: 'NotPrincipal Deny listing someone else: explicit deny', identity: [doc(allow())], resource: doc(deny({ NotPrincipal: { AWS: [`arn:aws:iam::${API_ACCOUNT}:user/carol`, PRINCIPALS.root] } })), expected: EXPLICIT_DENY },

  // Anonymous calls (a NONE method behind a resource policy).
  { name: 'anonymous call, "*" Allow: allowed', auth: 'NONE', resource: doc(allow({ Principal: '*' })), expected: ALLOW },
  { name: 'anonymous call, Allow for a named account only: implicit deny', auth: 'NONE', resource: doc(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': API_ACCOUNT } } })), expected: IMPLICIT_DENY },
  { name: 'anonymous call, "*" Allow and "*" Deny: explicit deny', auth: 'NONE', resource: doc(allow({ Principal: '*' }), deny({ Principal: '*' })), expected: EXPLICIT_DENY },

  // Conditions.
  { name: 'IpAddress with the caller inside the range: allowed', identity: [doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))], expected: ALLOW },
  { name: 'IpAddress with an IPv6 range and an IPv4 caller: implicit deny', identity: [doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }))], expected: IMPLICIT_DENY },
  { name: 'NotIpAddress Deny with an IPv4 range and an IPv6 caller: explicit deny', sourceIp: '2001:db8::1', identity: [doc(allow(), deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))], expected: EXPLICIT_DENY },
  { name: 'StringEquals on a missing key: the Allow does not apply', identity: [doc(allow({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments' } } }))], expected: IMPLICIT_DENY },
  { name: 'StringNotEquals on a missing key: the Deny applies', identity: [doc(allow(), deny({ Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'payments' } } }))], expected: EXPLICIT_DENY },
  { name: 'StringEqualsIfExists on a missing key: the Allow applies', identity: [doc(allow({ Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' } } }))], expected: ALLOW },
  { name: 'Null "true" on a missing key: applies', identity: [doc(allow({ Condition: { Null: { 'aws:PrincipalTag/team': 'true' } } }))], expected: ALLOW },
  { name: 'ForAllValues on a missing key: true', identity: [doc(allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'payments' } } }))], expected: ALLOW },
  { name: 'ForAnyValue on a missing key: false', identity: [doc(allow({ Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': 'payments' } } }))], expected: IMPLICIT_DENY },
  { name: 'two keys AND, values of one key OR', context: { 'aws:UserAgent': 'curl/8.0' }, identity: [doc(allow({ Condition: { StringLike: { 'aws:UserAgent': ['Mozilla*', 'curl/*'], 'aws:username': 'alice' } } }))], expected: ALLOW },
  { name: 'condition key names are case-insensitive', identity: [doc(allow({ Condition: { StringEquals: { 'AWS:USERNAME': 'alice' } } }))], expected: ALLOW },
  { name: 'StringEquals values are case-sensitive', identity: [doc(allow({ Condition: { StringEquals: { 'aws:username': 'ALICE' } } }))], expected: IMPLICIT_DENY },
  { name: 'StringEqualsIgnoreCase ignores case', identity: [doc(allow({ Condition: { StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } } }))], expected: ALLOW },
  { name: 'Bool aws:SecureTransport "false" Deny does not apply to HTTPS-only API Gateway', identity: [doc(allow(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], expected: ALLOW },
  { name: 'DateGreaterThan on aws:CurrentTime', context: { 'aws:CurrentTime': '2026-11-23T12:00:00Z' }, identity: [doc(allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } } }))], expected: ALLOW },
  { name: 'policy variable in the resource resolves for an IAM user', path: '/alice', identity: [doc(allow({ Resource: `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/prod/GET/\${aws:username}` }))], expected: ALLOW },
  { name: 'policy variable for another user\'s path: implicit deny', path: '/bob', identity: [doc(allow({ Resource: `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/prod/GET/\${aws:username}` }))], expected: IMPLICIT_DENY },
  { name: 'policy variable with a default for a role session (no aws:username)', principal: SESSION, path: '/nobody', identity: [doc(allow({ Resource: `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/prod/GET/\${aws:username, 'nobody'}` }))], expected: ALLOW },
];

function scenarioOf(c: Case): InvokeScenarioJson {
  const auth = c.auth ?? 'AWS_IAM';
  return {
    api: {
      id: API_ID,
      account: API_ACCOUNT,
      region: REGION,
      methods: [{ httpMethod: 'GET', path: '/pets', authorizationType: auth }, { httpMethod: 'GET', path: '/{name}', authorizationType: auth }],
      ...(c.resource ? { resourcePolicy: c.resource } : {}),
    },
    caller: auth === 'AWS_IAM'
      ? {
        principal: c.principal ?? PRINCIPALS.alice,
        identityPolicies: c.identity ?? [],
        ...(c.boundary ? { permissionsBoundary: c.boundary } : {}),
      }
      : {},
    request: {
      stage: 'prod',
      httpMethod: 'GET',
      path: c.path ?? '/pets',
      sourceIp: c.sourceIp ?? '203.0.113.10',
      ...(c.context ? { context: c.context } : {}),
    },
  };
}

describe.each(CASES.map(c => [c.name, c] as const))('%s', (_name, c) => {
  const scenario = scenarioOf(c);

  test('this library gives the guide\'s decision', () => {
    const answer = ours(scenario);
    expect(answer.kind === 'decision' ? answer.decision : answer).toBe(c.expected);
  });

  if (differencesAffecting(scenario).length === 0) {
    test('iam-simulate gives the same decision', async () => {
      const answer = await iamSimulate(scenario);
      expect(answer.kind === 'decision' ? answer.decision : answer).toBe(c.expected);
    });
  }
});

test('most cases are compared with iam-simulate (only known differences are not)', () => {
  const compared = CASES.filter(c => differencesAffecting(scenarioOf(c)).length === 0);
  expect(compared.length).toBeGreaterThanOrEqual(CASES.length - 8);
});
