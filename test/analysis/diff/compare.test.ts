/**
 * The diff of two access maps written by hand: what is expected follows from set semantics (a /24
 * widened to a /16 gains exactly the other 255 /24s, written as the fewest blocks).
 */
import { AccessMapDocument, AccessMapEntry, AccessMapMethod } from '../../../src/analysis/access-map/document';
import { AccessMapInputError, compareAccessMaps } from '../../../src/analysis/diff/compare';

function method(allowed: AccessMapEntry[], extra: Partial<AccessMapMethod> = {}): AccessMapMethod {
  return { stage: 'prod', httpMethod: 'GET', path: '/orders', authorizationType: 'NONE', allowed, undecided: [], ...extra };
}

function doc(methods: AccessMapMethod[], endpointType = 'REGIONAL'): AccessMapDocument {
  return { formatVersion: 2, apis: [{ stack: 'Shop', name: 'shop', logicalId: 'Api', endpointType, methods }] };
}

const anon = (...internet: string[]): AccessMapEntry => ({ caller: 'anonymous', from: { internet } });

describe('address ranges compared as sets', () => {
  test('a /24 widened to a /16 gains exactly the rest of the /16 (broadening)', () => {
    const diff = compareAccessMaps(doc([method([anon('10.1.2.0/24')])]), doc([method([anon('10.1.0.0/16')])]));
    const m = diff.apis[0].methods[0];
    expect(m.gained).toEqual([{
      decision: 'allowed',
      caller: 'anonymous',
      broadening: true,
      from: { internet: ['10.1.0.0/23', '10.1.3.0/24', '10.1.4.0/22', '10.1.8.0/21', '10.1.16.0/20', '10.1.32.0/19', '10.1.64.0/18', '10.1.128.0/17'] },
    }]);
    expect(m.lost).toEqual([]);
    expect(diff.broadened).toBe(true);
    expect(diff.narrowed).toBe(false);
  });

  test('a /16 narrowed to a /24 loses the rest and broadens nothing', () => {
    const diff = compareAccessMaps(doc([method([anon('10.1.0.0/16')])]), doc([method([anon('10.1.2.0/24')])]));
    expect(diff.broadened).toBe(false);
    expect(diff.narrowed).toBe(true);
    expect(diff.apis[0].methods[0].lost[0].from.internet).toHaveLength(8);
  });

  test('IPv6: 2001:db8::/33 to 2001:db8::/32 gains 2001:db8:8000::/33', () => {
    const diff = compareAccessMaps(doc([method([anon('2001:db8::/33')])]), doc([method([anon('2001:db8::/32')])]));
    expect(diff.apis[0].methods[0].gained[0].from).toEqual({ internet: ['2001:db8:8000::/33'] });
  });

  test('the same set written differently is no change', () => {
    const diff = compareAccessMaps(doc([method([anon('10.0.0.0/25', '10.0.0.128/25')])]), doc([method([anon('10.0.0.0/24')])]));
    expect(diff.changed).toBe(false);
    expect(diff.apis).toEqual([]);
  });

  test('entries of the same class split over two lists are united before comparing', () => {
    const diff = compareAccessMaps(doc([method([anon('10.0.0.0/24')])]), doc([method([anon('10.0.0.0/25'), anon('10.0.0.128/25')])]));
    expect(diff.changed).toBe(false);
  });
});

describe('endpoint lists compared as sets', () => {
  const vpce = (...vpcEndpoints: string[]): AccessMapEntry => ({ caller: 'anonymous', from: { vpcEndpoints } });
  test('one endpoint widened to any endpoint gains "any except that one"', () => {
    const diff = compareAccessMaps(doc([method([vpce('vpce-a')])], 'PRIVATE'), doc([method([vpce('*')])], 'PRIVATE'));
    expect(diff.apis[0].methods[0].gained[0].from).toEqual({ vpcEndpoints: ['*'], exceptVpcEndpoints: ['vpce-a'] });
    expect(diff.broadened).toBe(true);
  });
  test('an endpoint removed is lost', () => {
    const diff = compareAccessMaps(doc([method([vpce('vpce-a', 'vpce-b')])], 'PRIVATE'), doc([method([vpce('vpce-a')])], 'PRIVATE'));
    expect(diff.apis[0].methods[0].lost[0].from).toEqual({ vpcEndpoints: ['vpce-b'] });
    expect(diff.broadened).toBe(false);
  });
});

describe('allowed and undecided', () => {
  test('an entry moving from allowed to undecided is a change, not a broadening', () => {
    const before = doc([method([anon('0.0.0.0/0')])]);
    const after = doc([method([], { undecided: [{ ...anon('0.0.0.0/0'), because: 'aws:Referer is tested with StringLike' }] })]);
    const diff = compareAccessMaps(before, after);
    const m = diff.apis[0].methods[0];
    expect(m.gained).toEqual([{
      decision: 'undecided', caller: 'anonymous', from: { internet: ['0.0.0.0/0'] }, because: 'aws:Referer is tested with StringLike', broadening: false, was: 'allowed',
    }]);
    expect(m.lost).toEqual([]);
    expect(diff.changed).toBe(true);
    expect(diff.broadened).toBe(false);
  });
  test('an undecided entry gained over requests denied before is a broadening', () => {
    const after = doc([method([], { undecided: [{ ...anon('0.0.0.0/0'), because: 'x' }] })]);
    expect(compareAccessMaps(doc([method([])]), after).broadened).toBe(true);
  });
});

describe('methods, APIs and stages', () => {
  test('an added method with an allowed entry is a broadening; one nobody may call is not', () => {
    const open = compareAccessMaps(doc([]), doc([method([anon('0.0.0.0/0', '::/0')])]));
    expect(open.apis[0].methods[0].change).toBe('added');
    expect(open.broadened).toBe(true);
    const closed = compareAccessMaps(doc([]), doc([method([], { authorizationType: 'AWS_IAM' })]));
    expect(closed.changed).toBe(true);
    expect(closed.broadened).toBe(false);
  });
  test('the home account\'s own principals gaining an AWS_IAM method is not a broadening', () => {
    const after = doc([method([{ caller: 'account:111111111111', from: { internet: ['0.0.0.0/0', '::/0'] } }], { authorizationType: 'AWS_IAM' })]);
    expect(compareAccessMaps(doc([]), after, { homeAccountOf: () => '111111111111' }).broadened).toBe(false);
    expect(compareAccessMaps(doc([]), after, { homeAccountOf: () => '222222222222' }).broadened).toBe(true);
  });
  test('a stage added is listed and its methods are added', () => {
    const prod = method([]);
    const diff = compareAccessMaps(doc([prod]), doc([prod, { ...prod, stage: 'test' }]));
    expect(diff.apis[0].stagesAdded).toEqual(['test']);
    expect(diff.apis[0].methods.map(m => [m.stage, m.change])).toEqual([['test', 'added']]);
  });
  test('an API removed', () => {
    const diff = compareAccessMaps(doc([method([anon('0.0.0.0/0')])]), { formatVersion: 2, apis: [] });
    expect(diff.apis[0].change).toBe('removed');
    expect(diff.narrowed).toBe(true);
    expect(diff.broadened).toBe(false);
  });
});

describe('invalid input names the field', () => {
  test.each([
    [{}, "before: an access map (formatVersion 2) has an 'apis' array; got object"],
    [{ formatVersion: 1, apis: [] }, 'before: formatVersion must be 2'],
    [doc([method([anon('10.0.0.0/33')])]), "before: apis[0].methods[0].allowed[0].from.internet: '10.0.0.0/33' is not an IPv4 or IPv6 CIDR block"],
    // Hand-edited or foreign maps: each crashed the comparison with a TypeError (note.split, list is not
    // iterable) or was read as something else (a string of paths as its characters).
    [doc([method([{ ...anon('0.0.0.0/0'), note: 5 } as any])]), 'before: apis[0].methods[0].allowed[0].note must be a string, not number'],
    [doc([method([{ ...anon('0.0.0.0/0'), note: { text: 'if' } } as any])]), 'before: apis[0].methods[0].allowed[0].note must be a string, not object'],
    [doc([method([{ ...anon('0.0.0.0/0'), paths: '/a' } as any])]), 'before: apis[0].methods[0].allowed[0].paths must be a list of strings'],
    [doc([method([{ ...anon('0.0.0.0/0'), verbs: [{}] } as any])]), 'before: apis[0].methods[0].allowed[0].verbs must be a list of strings'],
    [doc([method([{ caller: 'anonymous', from: { vpcEndpoints: ['vpce-1'], exceptVpcEndpoints: 'vpce-2' } } as any])]),
      'before: apis[0].methods[0].allowed[0].from.exceptVpcEndpoints must be a list of strings'],
  ])('%j', (input, message) => {
    expect(() => compareAccessMaps(input as any, doc([]))).toThrow(AccessMapInputError);
    expect(() => compareAccessMaps(input as any, doc([]))).toThrow(message);
  });
});

describe('caller classes drawn differently on the two sides', () => {
  const role = 'arn:aws:iam::111111111111:role/Clerk';
  test('a role listed by ARN before and covered by any-account after has lost nothing', () => {
    const before = doc([method([{ caller: role, from: { internet: ['10.0.0.0/8'] } }], { authorizationType: 'AWS_IAM' })]);
    const after = doc([method([{ caller: 'any-account', from: { internet: ['10.0.0.0/8'] } }], { authorizationType: 'AWS_IAM' })]);
    const m = compareAccessMaps(before, after).apis[0].methods[0];
    expect(m.lost).toEqual([]);
    expect(m.gained.map(e => e.caller)).toEqual(['any-account']);
  });
  test('a role gaining by ARN what its account\'s class had is still a gain: that class is conditional on the role\'s own policies', () => {
    const before = doc([method([{ caller: 'account:111111111111', from: { internet: ['0.0.0.0/0'] } }], { authorizationType: 'AWS_IAM' })]);
    const after = doc([method([{ caller: 'account:111111111111', from: { internet: ['0.0.0.0/0'] } }, { caller: role, from: { internet: ['0.0.0.0/0'] } }],
      { authorizationType: 'AWS_IAM' })]);
    expect(compareAccessMaps(before, after).apis[0].methods[0].gained.map(e => e.caller)).toEqual([role]);
  });
  test('on a NONE method anonymous stands for every caller; on an AWS_IAM method it does not', () => {
    const before = doc([method([{ caller: role, from: { internet: ['0.0.0.0/0'] } }], { authorizationType: 'AWS_IAM' })]);
    const none = doc([method([anon('0.0.0.0/0')])]);
    expect(compareAccessMaps(before, none).apis[0].methods[0].lost).toEqual([]);
    const iam = doc([method([anon('0.0.0.0/0')], { authorizationType: 'AWS_IAM' })]);
    expect(compareAccessMaps(before, iam).apis[0].methods[0].lost.map(e => e.caller)).toEqual([role]);
  });
});

describe('notes that narrow an entry (docs/access-map.md: principal ARN classes, branches, organizations)', () => {
  const everywhere = { internet: ['0.0.0.0/0', '::/0'] };
  const account = (note?: string): AccessMapEntry => ({ caller: 'account:222222222222', from: everywhere, ...(note ? { note } : {}) });
  const ci = 'if its ARN matches "arn:aws:iam::222222222222:role/ci-*"';
  const iam = { authorizationType: 'AWS_IAM' };

  test('an account narrowed to its ci-* roles loses the other roles and broadens nothing', () => {
    const diff = compareAccessMaps(doc([method([account()], iam)]), doc([method([account(ci)], iam)]));
    const m = diff.apis[0].methods[0];
    expect(m.gained).toEqual([]);
    expect(m.lost).toEqual([expect.objectContaining({ caller: 'account:222222222222', from: everywhere })]);
    expect(m.lost[0].note).toBeUndefined();
    expect(diff.broadened).toBe(false);
    expect(diff.narrowed).toBe(true);
  });

  test('the account widened from its ci-* roles to all of it gains, and loses nothing', () => {
    const diff = compareAccessMaps(doc([method([account(ci)], iam)]), doc([method([account()], iam)]));
    const m = diff.apis[0].methods[0];
    expect(m.lost).toEqual([]);
    expect(m.gained).toEqual([expect.objectContaining({ caller: 'account:222222222222', broadening: true })]);
    expect(diff.broadened).toBe(true);
  });

  test('a note that does not narrow (who may get a role\'s credentials) is still a gain', () => {
    const role = 'arn:aws:iam::111111111111:role/Shop-Visitor-ABCDEFGHIJKL';
    const before: AccessMapEntry = { caller: role, from: everywhere };
    const after: AccessMapEntry = { caller: role, from: everywhere, note: 'anyone on the internet may get this role\'s credentials: identity pool \'Visitors\' allows unauthenticated identities' };
    const diff = compareAccessMaps(doc([method([before], iam)]), doc([method([after], iam)]));
    expect(diff.apis[0].methods[0].gained).toEqual([expect.objectContaining({ caller: role, note: after.note, broadening: true })]);
  });

  test('a branch note added to a noted entry narrows it: "X" contains "X; when parameter Env is \\"dev\\""', () => {
    const diff = compareAccessMaps(doc([method([account(ci)], iam)]), doc([method([account(`${ci}; when parameter Env is "dev"`)], iam)]));
    expect(diff.broadened).toBe(false);
    expect(diff.apis[0].methods[0].lost).toHaveLength(1);
  });
});
