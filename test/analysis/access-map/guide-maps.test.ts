/* eslint-disable no-bitwise -- the test reads CIDR blocks as bit fields, independently of the map */
/**
 * Access maps of the API Gateway developer guide's resource policy examples, with the expected
 * entries written from the guide's words (not from the map's output).
 *
 * Sources:
 * - [RP] "API Gateway resource policy examples" (developer guide): "Allow roles in another AWS
 *   account to use an API", "Deny API traffic based on source IP address or range", "... when using
 *   a private API", "Allow private API traffic based on source VPC or VPC endpoint".
 * - [KC] AWS Knowledge Center, "How do I allow only specific IP addresses to access my API Gateway
 *   REST API?": an allow-list policy lets the listed addresses in and every other address gets 403.
 * - [WF] "How API Gateway resource policies affect authorization workflow": same account, the
 *   identity policy or the resource policy may allow (Table A); another account, both must (Table B).
 * - [PRIV] "Private REST APIs in API Gateway": a private API is reachable only through interface VPC
 *   endpoints and denies everything until a resource policy allows it.
 * - [PROXY] "Set up a proxy integration with a proxy resource": `{proxy+}` matches any path below it;
 *   a more specific resource wins.
 * - [IAM-COND] IAM User Guide, condition operators and global keys: aws:CurrentTime, aws:Referer
 *   ("anyone who sends that value": the client sets it), aws:PrincipalOrgID.
 */
import { ACCOUNT, AppSpec, mapOf, methodOf } from './helpers';
import { AccessMapEntry } from '../../../src/analysis/access-map';
import { Cidr, parseCidr } from '../../../src/evaluator/internal';

const V = '2012-10-17';
const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
const GUIDE_BLOCKS = ['192.0.2.0/24', '198.51.100.0/24'];
const EVERYWHERE = { internet: ['0.0.0.0/0', '::/0'] };

// ---------------------------------------------------------------- an independent reading of CIDR lists

/** Inclusive ranges [low, high] that the blocks of one family cover, merged. */
function coverage(blocks: readonly string[], family: 4 | 6): Array<[bigint, bigint]> {
  const bits = family === 4 ? 32 : 128;
  const ranges = blocks.map(b => parseCidr(b)!).filter((c: Cidr) => c.family === family).map((c: Cidr): [bigint, bigint] => {
    const low = family === 4 ? BigInt(c.v4Network! >>> 0) : c.v6Network;
    return [low, low + (1n << BigInt(bits - c.prefix)) - 1n];
  }).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const out: Array<[bigint, bigint]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1n) last[1] = r[1] > last[1] ? r[1] : last[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

function v4(text: string): bigint {
  return text.split('.').reduce((n, o) => n * 256n + BigInt(o), 0n);
}

/** No two blocks of the list are halves of one block (so the list is the shortest possible). */
function expectMinimal(blocks: readonly string[]): void {
  const parsed = blocks.map(b => parseCidr(b)!);
  for (const a of parsed) {
    for (const b of parsed) {
      if (a === b || a.family !== b.family || a.prefix !== b.prefix || a.prefix === 0) continue;
      const shift = BigInt((a.family === 4 ? 32 : 128) - a.prefix + 1);
      const netA = a.family === 4 ? BigInt(a.v4Network! >>> 0) : a.v6Network;
      const netB = b.family === 4 ? BigInt(b.v4Network! >>> 0) : b.v6Network;
      expect(netA >> shift === netB >> shift).toBe(false);
    }
  }
}

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

function callers(entries: readonly AccessMapEntry[]): string[] {
  return entries.map(e => e.caller);
}

// ---------------------------------------------------------------- source addresses

describe('IP deny- and allow-lists on a public API', () => {
  test('[RP] deny-list: every IPv4 address but the two blocks, and all of IPv6', () => {
    const method = methodOf({
      policy: {
        Version: V,
        Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': GUIDE_BLOCKS } } }],
      },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    const entry = only(method.allowed);
    expect(entry.caller).toBe('anonymous');
    const internet = entry.from.internet!;
    expect(coverage(internet, 4)).toEqual([
      [v4('0.0.0.0'), v4('192.0.1.255')],
      [v4('192.0.3.0'), v4('198.51.99.255')],
      [v4('198.51.101.0'), v4('255.255.255.255')],
    ]);
    expect(internet.filter(b => b.includes(':'))).toEqual(['::/0']);
    expectMinimal(internet);
    expect(method.undecided).toEqual([]);
  });

  test('[KC] allow-list of IPv4 and IPv6 blocks: exactly those blocks', () => {
    const method = methodOf({
      policy: {
        Version: V,
        Statement: [{ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '2001:db8::/32', '192.0.2.0/24'] } } }],
      },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { internet: ['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/32'] } }]);
  });

  test('[KC] an allow-list written as Deny NotIpAddress says the same', () => {
    const method = methodOf({
      policy: {
        Version: V,
        Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '198.51.101.0/24'] } } }],
      },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    // Adjacent blocks merge into one.
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { internet: ['198.51.100.0/23'] } }]);
  });

  test('[RP] an IPv6 deny-list: all of IPv4, IPv6 but the block', () => {
    const method = methodOf({
      policy: {
        Version: V,
        Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }],
      },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    const internet = only(method.allowed).from.internet!;
    expect(internet).toContain('0.0.0.0/0');
    const top = (1n << 128n) - 1n;
    const low = 0x20010db8n << 96n;
    const high = low + (1n << 96n) - 1n;
    const v6 = coverage(internet, 6);
    // The IPv4-mapped block ::ffff:0:0/96 may be listed or not: the IPv4 list answers for it.
    const mappedLow = 0xffffn << 32n;
    const withoutMapped = v6.flatMap(([a, b]): Array<[bigint, bigint]> => {
      if (b < mappedLow || a > mappedLow + 0xffffffffn) return [[a, b]];
      const out: Array<[bigint, bigint]> = [];
      if (a < mappedLow) out.push([a, mappedLow - 1n]);
      if (b > mappedLow + 0xffffffffn) out.push([mappedLow + 0x100000000n, b]);
      return out;
    });
    expect(withoutMapped).toEqual([[0n, mappedLow - 1n], [mappedLow + 0x100000000n, low - 1n], [high + 1n, top]]);
    expectMinimal(internet);
  });

  test('no resource policy and NONE: anyone from anywhere [WF]', () => {
    const method = methodOf({ methods: [{ verb: 'GET', path: '/pets' }] }, 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE }]);
  });
});

// ---------------------------------------------------------------- private APIs

describe('private APIs [PRIV]', () => {
  const privateApi = (statements: unknown[] | undefined): AppSpec => ({
    endpointType: 'PRIVATE',
    policy: statements ? { Version: V, Statement: statements } : undefined,
    methods: [{ verb: 'GET', path: '/pets' }],
  });

  test('without a resource policy nobody can call it', () => {
    const method = methodOf(privateApi(undefined), 'GET', '/pets');
    expect(method.allowed).toEqual([]);
    expect(method.undecided).toEqual([]);
  });

  test('[RP] only through one VPC endpoint', () => {
    const method = methodOf(privateApi([
      { ...ALLOW_ALL, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
      ALLOW_ALL,
    ]), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['vpce-1a2b3c4d'] } }]);
  });

  test('[RP] only from one VPC, through any of its endpoints', () => {
    const method = methodOf(privateApi([
      { ...ALLOW_ALL, Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } } },
      ALLOW_ALL,
    ]), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['*'], vpcs: ['vpc-1a2b3c4d'] } }]);
  });

  test('a deny-list of endpoints: any endpoint but the listed one', () => {
    const method = methodOf(privateApi([
      ALLOW_ALL,
      { ...ALLOW_ALL, Effect: 'Deny', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0bad0bad0bad0bad0' } } },
    ]), 'GET', '/pets');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['*'], exceptVpcEndpoints: ['vpce-0bad0bad0bad0bad0'] } }]);
  });

  test('[RP] aws:VpcSourceIp deny-list: any endpoint, every VPC address but the blocks; aws:SourceIp is never present', () => {
    const method = methodOf(privateApi([
      ALLOW_ALL,
      { ...ALLOW_ALL, Effect: 'Deny', Condition: { IpAddress: { 'aws:VpcSourceIp': GUIDE_BLOCKS } } },
      // Through a VPC endpoint aws:SourceIp is absent, so this Deny never applies.
      { ...ALLOW_ALL, Effect: 'Deny', Sid: 'NeverApplies', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
    ]), 'GET', '/pets');
    const entry = only(method.allowed);
    expect(entry.from.vpcEndpoints).toEqual(['*']);
    expect(coverage(entry.from.vpcSourceIps!, 4)).toEqual([
      [v4('0.0.0.0'), v4('192.0.1.255')],
      [v4('192.0.3.0'), v4('198.51.99.255')],
      [v4('198.51.101.0'), v4('255.255.255.255')],
    ]);
  });

  test('a public API is never reached through a VPC endpoint: its answers are internet ranges', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }] },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    expect(method.allowed).toEqual([]);
  });
});

// ---------------------------------------------------------------- callers

describe('cross-account grants [RP] [WF]', () => {
  const roleGrant = {
    Version: V,
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::222222222222:role/developer', 'arn:aws:iam::222222222222:role/Admin'] },
      Action: 'execute-api:Invoke',
      Resource: ['execute-api:/prod/GET/pets'],
    }],
  };

  test('the two roles of the other account, and the API\'s own account (its identity policies suffice)', () => {
    const method = methodOf({ policy: roleGrant, methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }] }, 'GET', '/pets');
    expect(method.allowed).toEqual([
      { caller: `account:${ACCOUNT}`, from: EVERYWHERE },
      { caller: 'arn:aws:iam::222222222222:role/Admin', from: EVERYWHERE },
      { caller: 'arn:aws:iam::222222222222:role/developer', from: EVERYWHERE },
    ]);
  });

  test('the grant is for GET /pets only: other methods are open to the own account only', () => {
    const { document } = mapOf({
      policy: roleGrant,
      methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }, { verb: 'POST', path: '/pets', auth: 'AWS_IAM' }],
    });
    const post = document.apis[0].methods.find(m => m.httpMethod === 'POST')!;
    expect(callers(post.allowed)).toEqual([`account:${ACCOUNT}`]);
  });

  test('naming the account grants any of its principals whose own policies allow; nobody else outside', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] },
      methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }],
    }, 'GET', '/pets');
    expect(callers(method.allowed)).toEqual([`account:${ACCOUNT}`, 'account:222222222222']);
  });

  test('Principal "*" on an AWS_IAM method: any account whose own policies allow', () => {
    const method = methodOf({ policy: { Version: V, Statement: [ALLOW_ALL] }, methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }] }, 'GET', '/pets');
    expect(callers(method.allowed)).toEqual([`account:${ACCOUNT}`, 'any-account']);
  });

  test('[IAM-COND] aws:PrincipalOrgID: the organization, not any account', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }] },
      methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }],
    }, 'GET', '/pets');
    expect(callers(method.allowed)).toEqual([`account:${ACCOUNT}`, 'org:o-abcdefghij']);
  });

  test('a role of the app: its identity policy decides within its account [WF]', () => {
    const method = methodOf({
      methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }, { verb: 'DELETE', path: '/pets', auth: 'AWS_IAM' }],
      roles: {
        Clerk: [{ Version: V, Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/pets' }] }],
      },
    }, 'GET', '/pets');
    expect(method.allowed).toEqual([
      { caller: `account:${ACCOUNT}`, from: EVERYWHERE },
      { caller: `arn:aws:iam::${ACCOUNT}:role/clerk`, from: EVERYWHERE },
    ]);
  });

  /** GET /pets (AWS_IAM) and the role `reader`, with these properties and extra resources. */
  const readerApp = (roleProperties: Record<string, unknown>, resources: Record<string, unknown> = {}): AppSpec => ({
    methods: [{ verb: 'GET', path: '/pets', auth: 'AWS_IAM' }],
    resources: {
      Reader: {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: 'reader', AssumeRolePolicyDocument: { Version: V, Statement: [] }, ...roleProperties },
      },
      ...resources,
    },
  });
  const READER = `arn:aws:iam::${ACCOUNT}:role/reader`;

  test('a role whose managed policy is outside the app: undecided, naming the policy', () => {
    const method = methodOf(readerApp({ ManagedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/team-invoke`] }), 'GET', '/pets');
    expect(method.allowed.filter(e => e.caller === READER)).toEqual([]);
    const entry = only(method.undecided);
    expect(entry.caller).toBe(READER);
    expect(entry.because).toContain(`arn:aws:iam::${ACCOUNT}:policy/team-invoke`);
  });

  test('a role whose AWS managed policy is newer than the shipped data: undecided, naming the policy', () => {
    const method = methodOf(readerApp({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeEverything2099'] }), 'GET', '/pets');
    const entry = only(method.undecided);
    expect(entry.caller).toBe(READER);
    expect(entry.because).toContain('arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeEverything2099');
  });

  test('a role with AmazonAPIGatewayInvokeFullAccess: allowed (the AWS managed policy allows execute-api:Invoke on every API)', () => {
    const method = methodOf(readerApp({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess'] }), 'GET', '/pets');
    expect(method.allowed.filter(e => e.caller === READER)).toEqual([{ caller: READER, from: EVERYWHERE }]);
    expect(method.undecided).toEqual([]);
  });

  test('a role whose only grant is a statement left out (a value with no meaning before deployment): undecided, never denied', () => {
    const grant = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'grant',
        Roles: [{ Ref: 'Reader' }],
        PolicyDocument: { Version: V, Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: { 'Fn::ImportValue': 'ApiArnOfAnotherApp' } }] },
      },
    };
    const method = methodOf(readerApp({}, { Grant: grant }), 'GET', '/pets');
    const entry = only(method.undecided);
    expect(entry.caller).toBe(READER);
    expect(entry.from).toEqual(EVERYWHERE);
    expect(entry.because).toContain('ApiArnOfAnotherApp');
  });
});

// ---------------------------------------------------------------- requests: paths and verbs

describe('greedy paths [PROXY]', () => {
  test('an Allow on a prefix of the proxy: only those paths', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Resource: 'execute-api:/prod/GET/files/public/*' }] },
      methods: [{ verb: 'GET', path: '/files/{proxy+}' }],
    }, 'GET', '/files/{proxy+}');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, paths: ['/files/public/*'] }]);
  });

  test('a Deny on a prefix: every path but those', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'execute-api:/prod/GET/files/private/*' }] },
      methods: [{ verb: 'GET', path: '/files/{proxy+}' }],
    }, 'GET', '/files/{proxy+}');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, exceptPaths: ['/files/private/*'] }]);
  });

  test('a `*` for the stage and verb may also span path segments (IAM: `*` matches `/` in the resource part)', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'execute-api:/*/*/files/private/*' }] },
      methods: [{ verb: 'GET', path: '/files/{proxy+}' }],
    }, 'GET', '/files/{proxy+}');
    // `*/*/files/private/*` also matches prod/GET/files/x/files/private/y: the second `*` takes `GET/files/x`.
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, exceptPaths: ['/*/files/private/*', '/files/private/*'] }]);
  });

  test('a path parameter: the value a Resource names, and any other value', () => {
    const { document } = mapOf({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'execute-api:/prod/GET/pets/7' }] },
      methods: [{ verb: 'GET', path: '/pets/{petId}' }],
    });
    expect(document.apis[0].methods[0].allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, exceptPaths: ['/pets/7'] }]);
  });

  test('a more specific resource takes its paths away from the proxy', () => {
    const { document } = mapOf({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'execute-api:/prod/GET/files/public' }] },
      methods: [{ verb: 'GET', path: '/files/{proxy+}' }, { verb: 'GET', path: '/files/public' }],
    });
    const [proxy, literal] = [document.apis[0].methods.find(m => m.path === '/files/{proxy+}')!, document.apis[0].methods.find(m => m.path === '/files/public')!];
    // /files/public is answered by its own method (denied); the proxy's answer does not need to exclude it.
    expect(proxy.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE }]);
    expect(literal.allowed).toEqual([]);
  });
});

describe('ANY', () => {
  test('each verb the ANY method answers: those its policy allows', () => {
    const { document } = mapOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Resource: ['execute-api:/*/POST/*', 'execute-api:/*/PUT/*'] }] },
      methods: [{ verb: 'ANY', path: '/items' }, { verb: 'GET', path: '/items' }],
    });
    const any = document.apis[0].methods.find(m => m.httpMethod === 'ANY')!;
    expect(any.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, verbs: ['POST', 'PUT'] }]);
    const get = document.apis[0].methods.find(m => m.httpMethod === 'GET')!;
    expect(get.allowed).toEqual([]);
  });

  test('a verb the policy denies: every other verb (GET belongs to its own method)', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'execute-api:/*/DELETE/*' }] },
      methods: [{ verb: 'ANY', path: '/items' }, { verb: 'GET', path: '/items' }],
    }, 'ANY', '/items');
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE, verbs: ['HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'] }]);
  });
});

// ---------------------------------------------------------------- time and client-set keys

describe('[IAM-COND] dates and client-set keys', () => {
  const until2027: AppSpec = {
    policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } } }] },
    methods: [{ verb: 'GET', path: '/pets' }],
  };

  test('before the date: open, and the entry says it depends on the time', () => {
    const method = methodOf(until2027, 'GET', '/pets', { now: new Date('2026-12-01T00:00:00Z') });
    const entry = only(method.allowed);
    expect(entry.caller).toBe('anonymous');
    expect(entry.note).toContain('2026-12-01T00:00:00.000Z');
    expect(entry.note).toContain('aws:CurrentTime');
  });

  test('after the date: closed', () => {
    const method = methodOf(until2027, 'GET', '/pets', { now: new Date('2027-02-01T00:00:00Z') });
    expect(method.allowed).toEqual([]);
    expect(method.undecided).toEqual([]);
  });

  test('without a time to decide at: undecided, naming aws:CurrentTime, never denied', () => {
    const method = methodOf(until2027, 'GET', '/pets');
    expect(method.allowed).toEqual([]);
    const entry = only(method.undecided);
    expect(entry.caller).toBe('anonymous');
    expect(entry.because).toContain('aws:CurrentTime');
  });

  test('aws:Referer: anyone who sends a matching value', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { StringLike: { 'aws:Referer': 'https://shop.example.com/*' } } }] },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    const entry = only(method.allowed);
    expect(entry).toMatchObject({ caller: 'anonymous', from: EVERYWHERE });
    expect(entry.note).toBe('anyone who sends aws:Referer matching "https://shop.example.com/*"');
  });

  test('a numeric test on a header cannot be split: undecided, naming the key', () => {
    const method = methodOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { NumericLessThan: { 'custom:Level': '3' } } }] },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, 'GET', '/pets');
    expect(method.allowed).toEqual([]);
    expect(only(method.undecided).because).toContain('custom:Level');
  });
});

describe('bounds and determinism', () => {
  test('a method beyond the cell budget: one undecided entry and a problem, never a truncated answer', () => {
    const { document, problems } = mapOf({
      policy: { Version: V, Statement: [{ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } } }, { ...ALLOW_ALL, Sid: 'B', Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } } }] },
      methods: [{ verb: 'GET', path: '/pets' }],
    }, { maxCellsPerMethod: 2 });
    const method = document.apis[0].methods[0];
    expect(method.allowed).toEqual([]);
    expect(only(method.undecided)).toMatchObject({ caller: '*' });
    expect(only(problems).what).toContain('budget');
  });

  test('the same app gives the same bytes', () => {
    const spec = (): AppSpec => ({
      policy: { Version: V, Statement: [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': GUIDE_BLOCKS } } }] },
      methods: [{ verb: 'ANY', path: '/{proxy+}' }, { verb: 'GET', path: '/pets', auth: 'AWS_IAM' }],
      stages: ['prod', 'beta'],
      roles: { Clerk: [{ Version: V, Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }] },
    });
    expect(JSON.stringify(mapOf(spec()).document)).toBe(JSON.stringify(mapOf(spec()).document));
  });
});

describe('a Resource read to its end names only the path it ends at', () => {
  // An Allow whose NotResource is the root POST (`execute-api:/prod/POST/`) applies to every other
  // request (IAM User Guide, "IAM JSON policy elements: NotResource"): POST /files is open to anyone,
  // POST / is not (no statement allows it: [WF], an API with a resource policy and no Allow denies).
  // The map asked about POST / first and shared its answer with POST /files, reporting it closed.
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', NotResource: ['execute-api:/prod/POST/'] }] };
  test.each([
    ['root first', [{ verb: 'POST', path: '/' }, { verb: 'POST', path: '/files' }]],
    ['root last', [{ verb: 'POST', path: '/files' }, { verb: 'POST', path: '/' }]],
  ])('%s: POST /files allowed, POST / denied', (_order, methods) => {
    const spec: AppSpec = { policy, methods };
    expect(methodOf(spec, 'POST', '/files').allowed).toEqual([{ caller: 'anonymous', from: EVERYWHERE }]);
    expect(methodOf(spec, 'POST', '/').allowed).toEqual([]);
  });
});
