/**
 * Merging the maps of the ways a stack's CloudFormation conditions can go: access of any branch is
 * in the map (an open API is never reported closed), and what only some branches allow says when.
 */
import { AccessMapApi, AccessMapMethod } from '../../../src/analysis/access-map';
import { mergeBranches } from '../../../src/analysis/access-map/branches';

const EVERYWHERE = { internet: ['0.0.0.0/0', '::/0'] };

function api(...methods: AccessMapMethod[]): AccessMapApi {
  return { stack: 'Shop', name: 'shop', logicalId: 'Api', endpointType: 'REGIONAL', methods };
}

function get(path: string, allowed: AccessMapMethod['allowed'], undecided: AccessMapMethod['undecided'] = []): AccessMapMethod {
  return { stage: 'prod', httpMethod: 'GET', path, authorizationType: 'NONE', callers: ['anonymous'], allowed, undecided };
}

test('an entry of every branch stays as it is; one of some branches says when, after its own note', () => {
  const both = { caller: 'anonymous', from: { internet: ['192.0.2.0/24'] } };
  const [merged] = mergeBranches([
    { condition: 'condition Open is true', apis: [api(get('/pets', [both, { caller: 'anonymous', from: EVERYWHERE, note: 'with an API key of a usage plan' }]))] },
    { condition: 'condition Open is false', apis: [api(get('/pets', [both]))] },
  ]);
  expect(merged.methods).toEqual([get('/pets', [
    { caller: 'anonymous', from: EVERYWHERE, note: 'with an API key of a usage plan; when condition Open is true' },
    both,
  ])]);
});

test('a method of only some branches: its entries say when, undecided ones too; two of three branches are both named', () => {
  const branches = ['condition A is true', 'condition A is false and condition B is true', 'condition A is false and condition B is false'];
  const undecided = { caller: 'anonymous', from: EVERYWHERE, because: 'the authorizer decides' };
  const merged = mergeBranches([
    { condition: branches[0], apis: [api(get('/pets', []), get('/toys', [], [undecided]))] },
    { condition: branches[1], apis: [api(get('/pets', []))] },
    { condition: branches[2], apis: [api(get('/pets', []), get('/toys', [], [undecided]))] },
  ]);
  expect(merged).toHaveLength(1);
  expect(merged[0].methods.map(m => m.path)).toEqual(['/pets', '/toys']);
  expect(merged[0].methods[1].undecided).toEqual([
    { ...undecided, note: 'when condition A is true, or when condition A is false and condition B is false' },
  ]);
});

test('the same maps in another order of entries give the same merged map', () => {
  const a = { caller: 'anonymous', from: { internet: ['192.0.2.0/24'] } };
  const b = { caller: 'anonymous', from: { internet: ['198.51.100.0/24'] } };
  const one = mergeBranches([{ condition: 'x', apis: [api(get('/', [a, b]))] }, { condition: 'y', apis: [api(get('/', [b]))] }]);
  const two = mergeBranches([{ condition: 'x', apis: [api(get('/', [b, a]))] }, { condition: 'y', apis: [api(get('/', [b]))] }]);
  expect(JSON.stringify(one)).toBe(JSON.stringify(two));
});

describe('a caller class only some branches list', () => {
  const PARTNER = 'arn:aws:iam::222222222222:role/partner';
  function iamGet(callers: string[], allowed: AccessMapMethod['allowed']): AccessMapMethod {
    return { stage: 'prod', httpMethod: 'GET', path: '/', authorizationType: 'AWS_IAM', callers, allowed, undecided: [] };
  }
  const whenTrue = 'condition WithPartner is true';
  const whenFalse = 'condition WithPartner is false';

  test('where a branch does not list it, it gets the answers of the class it is part of there, noted when', () => {
    // Branch true: only the partner role; branch false: any account (the partner's among them).
    const [merged] = mergeBranches([
      { condition: whenTrue, apis: [api(iamGet(['account:111111111111', 'account:222222222222', 'any-account', PARTNER], [{ caller: PARTNER, from: EVERYWHERE }]))] },
      { condition: whenFalse, apis: [api(iamGet(['account:111111111111', 'any-account'], [{ caller: 'any-account', from: EVERYWHERE }]))] },
    ]);
    expect(merged.methods[0].callers).toEqual(['account:111111111111', 'account:222222222222', 'any-account', PARTNER]);
    expect(merged.methods[0].allowed).toEqual([
      // The partner's account is in any-account when the condition is false.
      { caller: 'account:222222222222', from: EVERYWHERE, note: `when ${whenFalse}` },
      { caller: 'any-account', from: EVERYWHERE, note: `when ${whenFalse}` },
      // Allowed in both branches: by name in one, as any account in the other.
      { caller: PARTNER, from: EVERYWHERE },
    ].sort((a, b) => (a.caller < b.caller ? -1 : 1)));
  });

  test('a principal ARN falls to its account\'s class when the branch lists the account; org entries of any-account carry their organization', () => {
    const [merged] = mergeBranches([
      { condition: whenTrue, apis: [api(iamGet(['account:222222222222', 'any-account', PARTNER], []))] },
      {
        condition: whenFalse,
        apis: [api(iamGet(['account:222222222222', 'any-account'], [{ caller: 'account:222222222222', from: { internet: ['192.0.2.0/24'] } }]))],
      },
      {
        condition: 'condition Other is true',
        apis: [api(iamGet(['any-account'], [{ caller: 'org:o-a1b2c3d4e5', from: EVERYWHERE }]))],
      },
    ]);
    const partner = merged.methods[0].allowed.filter(e => e.caller === PARTNER);
    expect(partner).toEqual([
      { caller: PARTNER, from: EVERYWHERE, note: 'if its account is in organization o-a1b2c3d4e5; when condition Other is true' },
      { caller: PARTNER, from: { internet: ['192.0.2.0/24'] }, note: `when ${whenFalse}` },
    ]);
  });
});
