/**
 * aws:PrincipalArn wildcard patterns over principals of other accounts (issue 11). Decisions from:
 * - [RP] developer guide, "API Gateway resource policy examples", "Allow roles in another AWS account
 *   to use an API": a resource policy may name the other account's principals; another account's
 *   principals also need their own identity policies to allow ([WF] "How API Gateway resource
 *   policies affect authorization workflow", Table B).
 * - [IAM-KEYS] IAM User Guide, global condition keys, aws:PrincipalArn: "the ARN of the principal
 *   that made the request"; for a role session, the role's ARN. StringLike `*` matches any run of
 *   characters ([IAM-COND] condition operators).
 * The map states each class of an account's principals: those whose ARN matches the pattern, and
 * the rest, as `account:<id>` (or `any-account`) with a note naming the pattern.
 */
import { AppSpec, methodOf } from './helpers';

const V = '2012-10-17';
const INVOKE = { Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
const CI = 'arn:aws:iam::222222222222:role/ci-*';

function iamApp(statements: unknown[]): AppSpec {
  return { policy: { Version: V, Statement: statements }, methods: [{ verb: 'GET', path: '/items', auth: 'AWS_IAM' }] };
}

const callersOf = (entries: ReadonlyArray<{ caller: string }>) => entries.map(e => e.caller);

describe('aws:PrincipalArn patterns over another account', () => {
  test('StringLike role/ci-* of account 222222222222: its ci-* roles may call, its other principals may not', () => {
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: { AWS: '222222222222' }, ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': CI } } },
    ]), 'GET', '/items');
    expect(method.undecided).toEqual([]);
    const partner = method.allowed.filter(e => e.caller === 'account:222222222222');
    expect(partner).toEqual([{ caller: 'account:222222222222', from: { internet: ['0.0.0.0/0', '::/0'] }, note: `if its ARN matches "${CI}"` }]);
    expect(callersOf(method.allowed)).not.toContain('any-account');
    expect(method.callers).toContain('account:222222222222');
  });

  test('a Deny for ci-* roles under an Allow of the whole account: the account except those, noted', () => {
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, ...INVOKE },
      { Effect: 'Deny', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': CI } } },
    ]), 'GET', '/items');
    expect(method.undecided).toEqual([]);
    expect(method.allowed.filter(e => e.caller === 'account:222222222222'))
      .toEqual([{ caller: 'account:222222222222', from: { internet: ['0.0.0.0/0', '::/0'] }, note: `if its ARN matches none of "${CI}"` }]);
  });

  test('arn:aws:iam::*:role/admin: a role named admin of any account, said for every account class', () => {
    const admin = 'arn:aws:iam::*:role/admin';
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': admin } } },
    ]), 'GET', '/items');
    expect(method.undecided).toEqual([]);
    const note = `if its ARN matches "${admin}"`;
    expect(method.allowed.filter(e => e.caller === 'any-account')).toEqual([{ caller: 'any-account', from: { internet: ['0.0.0.0/0', '::/0'] }, note }]);
    // The API's own account: its admin role through the resource policy; its other principals through
    // their own identity policies alone (same account, [WF] Table A), so without the note.
    expect(method.allowed.filter(e => e.caller === 'account:111111111111'))
      .toEqual([{ caller: 'account:111111111111', from: { internet: ['0.0.0.0/0', '::/0'] } }]);
    expect(callersOf(method.allowed)).not.toContain('anonymous');
  });

  test('patterns that cannot be split exactly stay undecided (part of an account id)', () => {
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::2222*:role/ci' } } },
    ]), 'GET', '/items');
    expect(callersOf(method.undecided)).toEqual(expect.arrayContaining(['any-account']));
    expect(method.undecided.find(e => e.caller === 'any-account')!.because).toMatch(/aws:PrincipalArn/);
  });

  test('roles of the app that a pattern tells apart are decided each by its own ARN, never alike', () => {
    // Neither role has a policy of its own: the resource policy alone decides for principals of the
    // API's own account ([WF] Table A), and it denies role/c* (clerk), not admin.
    const method = methodOf({
      ...iamApp([
        { Effect: 'Allow', Principal: '*', ...INVOKE },
        { Effect: 'Deny', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/c*' } } },
      ]),
      roles: { Clerk: [], Admin: [] },
    }, 'GET', '/items');
    expect(method.undecided).toEqual([]);
    const allowed = callersOf(method.allowed);
    // RoleName is the logical id lower-cased (helpers): clerk matches role/c*, admin does not.
    expect(allowed).toContain('arn:aws:iam::111111111111:role/admin');
    expect(allowed).not.toContain('arn:aws:iam::111111111111:role/clerk');
    expect(method.allowed.find(e => e.caller === 'account:111111111111')!.note).toBe('if its ARN matches none of "arn:aws:iam::111111111111:role/c*"');
  });
});

describe('hostile patterns stay within the budget', () => {
  test('a 2 KB pattern of 1,000 wildcards (it fits the 8,192-character policy quota) is undecided, naming the pattern, not minutes of work', () => {
    // Each `*` keeps a position of the pattern's automaton alive: its states hold ~n positions each,
    // n of them. Before the positions were bounded this took 35 s to map (2 KB) and grew as the cube.
    const pattern = `arn:aws:iam::*:role/${'*a'.repeat(1000)}`;
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': pattern } } },
    ]), 'GET', '/items');
    expect(method.allowed).toEqual([]);
    expect(method.undecided.length).toBeGreaterThan(0);
    for (const entry of method.undecided) {
      expect(entry.because).toMatch(/aws:PrincipalArn patterns cut into too many classes \(a pattern of more than [\d,]+ automaton positions \(arn:aws:iam::\*:role\/\*a\*a/);
    }
  });

  test('role patterns of 150 accounts: each account is split by its own patterns alone, exactly', () => {
    const accounts = Array.from({ length: 150 }, (_, i) => String(300000000000 + i));
    const patterns = accounts.map((a, i) => `arn:aws:iam::${a}:role/team${i}-*`);
    const method = methodOf(iamApp([
      { Effect: 'Allow', Principal: '*', ...INVOKE, Condition: { StringLike: { 'aws:PrincipalArn': patterns } } },
    ]), 'GET', '/items');
    expect(method.undecided).toEqual([]);
    for (const i of [0, 77, 149]) {
      expect(method.allowed.filter(e => e.caller === `account:${accounts[i]}`).map(e => e.note)).toEqual([`if its ARN matches "${patterns[i]}"`]);
    }
    expect(callersOf(method.allowed)).not.toContain('any-account');
  });
});
