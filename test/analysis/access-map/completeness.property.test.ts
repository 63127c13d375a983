/* eslint-disable no-bitwise -- the test reads CIDR blocks as bit fields, independently of the map */
/**
 * The map's contract, checked on generated apps: for random requests (random callers, addresses,
 * endpoints, verbs and paths, not the map's representatives), the evaluator allows the request
 * exactly when an `allowed` entry of its method covers it, and never allows a request that no
 * `allowed` or `undecided` entry covers.
 *
 * The apps come from small overlapping vocabularies (as in test/differential/arbitraries.ts) so that
 * statements often apply: resource policies and identity policies with Allow and Deny, Principal
 * `*`, an account and role ARNs, Resource and NotResource patterns with `*` over stages, verbs and
 * paths, IP conditions on aws:SourceIp and aws:VpcSourceIp (IPv4 and IPv6, negated, IfExists), VPC
 * endpoint and VPC conditions, aws:PrincipalAccount, aws:PrincipalOrgID, aws:Referer and a date.
 * Methods have path parameters, greedy proxies, ANY beside explicit verbs, NONE and AWS_IAM. Entries
 * that depend on a header or an organization say so in words (`note`, `org:<id>`): for those the
 * property checks only that an allowed request is covered.
 *
 * The seed is fixed so CI is repeatable; ACCESS_MAP_SEED and ACCESS_MAP_RUNS explore more, e.g.
 * `ACCESS_MAP_SEED=$RANDOM ACCESS_MAP_RUNS=500 npx jest test/analysis/access-map/completeness`.
 */
import * as fc from 'fast-check';
import { ACCOUNT, AppSpec, mapOf, REGION, SHOP_ENV } from './helpers';
import { AccessMapEntry, AccessMapMethod } from '../../../src/analysis/access-map';
import { symbolicApiId } from '../../../src/analysis/template/intrinsics';
import { AccessEvaluator, Decision, Scenario } from '../../../src/evaluator';
import { parseCidr, parsePathTemplate, selectMethod } from '../../../src/evaluator/internal';

const SEED = Number(process.env.ACCESS_MAP_SEED ?? 20261130);
const RUNS = Number(process.env.ACCESS_MAP_RUNS ?? 60);
const REQUESTS_PER_APP = 40;
const NOW = new Date('2026-12-01T00:00:00Z');
const V = '2012-10-17';
const PARTNER = '222222222222';

// ---------------------------------------------------------------- apps

const METHODS = [
  { verb: 'GET', path: '/pets' },
  { verb: 'ANY', path: '/pets' },
  { verb: 'GET', path: '/pets/{petId}' },
  { verb: 'DELETE', path: '/pets/{petId}' },
  { verb: 'ANY', path: '/files/{proxy+}' },
  { verb: 'GET', path: '/files/public' },
  { verb: 'POST', path: '/' },
];
const RESOURCES = [
  'execute-api:/*', 'execute-api:/prod/GET/*', 'execute-api:/*/POST/*', 'execute-api:/prod/*/pets/*', 'execute-api:/*/*/pets/7',
  'execute-api:/prod/GET/files/public/*', 'execute-api:/*/*/files/*/x*', 'execute-api:/beta/*', 'execute-api:/prod/DELETE/pets/?',
  'execute-api:/*/PUT/files/*', 'execute-api:/prod/POST/',
];
const IDENTITY_RESOURCES = [
  '*', 'arn:aws:execute-api:*:*:*/prod/GET/*', 'arn:aws:execute-api:*:*:*/*/*/pets/*', 'arn:aws:execute-api:*:*:*/*/POST/*',
  'arn:aws:execute-api:*:*:*/prod/*/files/public/*',
];
const BLOCKS = [
  '198.51.100.0/24', '198.51.100.128/25', '192.0.2.0/24', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '2001:db8:1::/48', '::/0',
  '203.0.113.7', '0.0.0.0/1', '2001:db8::1/128',
];
const ENDPOINTS = ['vpce-1a2b3c4d', 'vpce-0bad0bad0bad0bad0'];
const VPCS = ['vpc-1a2b3c4d', 'vpc-0fff0fff0fff0fff0'];

const condition = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  fc.record({
    op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists'),
    key: fc.constantFrom('aws:SourceIp', 'aws:VpcSourceIp'),
    values: fc.subarray(BLOCKS, { minLength: 1, maxLength: 3 }),
  }).map(c => ({ [c.op]: { [c.key]: c.values } })),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists'),
    key: fc.constantFrom('aws:SourceVpce', 'aws:SourceVpc'),
  }).chain(c => fc.subarray(c.key === 'aws:SourceVpce' ? ENDPOINTS : VPCS, { minLength: 1 }).map(values => ({ [c.op]: { [c.key]: values } }))),
  fc.constantFrom(
    { StringLike: { 'aws:Referer': 'https://shop.example.com/*' } },
    { StringNotEquals: { 'aws:Referer': 'https://evil.example.com/' } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
    { StringEquals: { 'aws:PrincipalAccount': PARTNER } },
    { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } },
    { DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } },
  ),
  // Principal ARN patterns over other accounts: the map cuts account classes by them (notes say which).
  fc.record({
    op: fc.constantFrom('StringLike', 'StringNotLike'),
    values: fc.subarray([`arn:aws:iam::${PARTNER}:role/p*`, 'arn:aws:iam::*:role/some*', `arn:aws:iam::${ACCOUNT}:role/c*`, 'arn:aws:iam::*:user/*'],
      { minLength: 1, maxLength: 2 }),
  }).map(c => ({ [c.op]: { 'aws:PrincipalArn': c.values } })),
);

const resourceStatement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Principal: fc.constantFrom<unknown>('*', '*', { AWS: PARTNER }, { AWS: `arn:aws:iam::${PARTNER}:role/partner` },
    { AWS: `arn:aws:iam::${ACCOUNT}:role/clerk` }, { AWS: '*' }),
  Action: fc.constantFrom('execute-api:Invoke', 'execute-api:*', '*'),
  resources: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
  notResource: fc.constantFrom(false, false, false, true),
  Condition: condition,
}).map(s => ({
  Effect: s.Effect,
  Principal: s.Principal,
  Action: s.Action,
  ...(s.notResource ? { NotResource: s.resources } : { Resource: s.resources }),
  ...(s.Condition ? { Condition: s.Condition } : {}),
}));

const identityStatement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Resource: fc.subarray(IDENTITY_RESOURCES, { minLength: 1, maxLength: 2 }),
  Condition: condition,
}).map(s => ({ Effect: s.Effect, Action: 'execute-api:Invoke', Resource: s.Resource, ...(s.Condition ? { Condition: s.Condition } : {}) }));

const app: fc.Arbitrary<AppSpec> = fc.record({
  endpointType: fc.constantFrom<'REGIONAL' | 'PRIVATE'>('REGIONAL', 'REGIONAL', 'PRIVATE'),
  methods: fc.subarray(METHODS, { minLength: 1, maxLength: 5 }),
  auths: fc.array(fc.constantFrom('NONE', 'AWS_IAM'), { minLength: 7, maxLength: 7 }),
  policy: fc.option(fc.array(resourceStatement, { minLength: 1, maxLength: 4 }), { freq: 5 }),
  clerk: fc.array(identityStatement, { minLength: 0, maxLength: 3 }),
  stages: fc.constantFrom(['prod'], ['prod', 'beta']),
}).map(a => ({
  endpointType: a.endpointType,
  methods: a.methods.map((m, i) => ({ ...m, auth: a.auths[i] })),
  policy: a.policy ? { Version: V, Statement: a.policy } : undefined,
  roles: { Clerk: a.clerk.length > 0 ? [{ Version: V, Statement: a.clerk }] : [] },
  stages: a.stages,
}));

// ---------------------------------------------------------------- requests

interface Request {
  readonly caller: 'clerk' | 'anonymous' | 'partner-role' | 'partner-other' | 'partner-user' | 'own-other' | 'stranger';
  readonly stage: string;
  readonly verb: string;
  readonly method: number;
  readonly segments: readonly string[];
  readonly ip: string;
  readonly endpoint: string;
  readonly vpc: string;
  readonly referer?: string;
  readonly orgId?: string;
}

const v4Address = fc.oneof(
  fc.constantFrom('198.51.100.7', '198.51.100.200', '192.0.2.1', '10.1.2.3', '203.0.113.7', '203.0.113.8', '8.8.8.8', '128.0.0.1'),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map(o => o.join('.')),
);
const v6Address = fc.oneof(
  fc.constantFrom('2001:db8::1', '2001:db8::2', '2001:db8:1::5', '2001:db9::1', '::1', 'fe80::1'),
  // Never inside ::ffff:0:0/96: those are the IPv4 hosts, answered by the IPv4 list.
  fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).filter(g => g[0] !== 0).map(g => g.map(x => x.toString(16)).join(':')),
);
const segment = fc.constantFrom('7', '8', 'x', 'xa', 'public', 'files', 'private', 'pets');
const request = fc.record({
  caller: fc.constantFrom<Request['caller']>('clerk', 'anonymous', 'partner-role', 'partner-other', 'partner-user', 'own-other', 'stranger'),
  stage: fc.constantFrom('prod', 'beta'),
  verb: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  method: fc.nat(10),
  segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
  ip: fc.oneof(v4Address, v6Address),
  endpoint: fc.constantFrom(...ENDPOINTS, 'vpce-0123456789abcdef0'),
  vpc: fc.constantFrom(...VPCS, 'vpc-0123456789abcdef0'),
  referer: fc.constantFrom(undefined, 'https://shop.example.com/cart', 'https://evil.example.com/', 'https://shop.example.com'),
  orgId: fc.constantFrom(undefined, 'o-abcdefghij', 'o-zzzzzzzzzz'),
});

/** A concrete path for the method's template, taking values from the request's segments. */
function pathFor(template: string, segments: readonly string[]): string[] {
  const parts = template === '/' ? [] : template.slice(1).split('/');
  const out: string[] = [];
  parts.forEach((p, i) => {
    if (p.endsWith('+}')) out.push(...segments.slice(i % segments.length), ...segments.slice(0, i % segments.length));
    else if (p.startsWith('{')) out.push(segments[i % segments.length]);
    else out.push(p);
  });
  return out;
}

// ---------------------------------------------------------------- reading the map, independently

function inBlocks(blocks: readonly string[], ip: string): boolean {
  const family = ip.includes(':') ? 6 : 4;
  const address = family === 4
    ? ip.split('.').reduce((n, o) => n * 256n + BigInt(o), 0n)
    : expandV6(ip);
  return blocks.some(b => {
    const c = parseCidr(b)!;
    if (c.family !== family) return false;
    const bits = family === 4 ? 32 : 128;
    const low = family === 4 ? BigInt(c.v4Network! >>> 0) : c.v6Network;
    return address >= low && address < low + (1n << BigInt(bits - c.prefix));
  });
}

function expandV6(ip: string): bigint {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `*` any run of characters, `?` one. */
function glob(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, 's');
  return re.test(text);
}

function callerClass(method: AccessMapMethod, arn: string | undefined): string {
  // A method that is not AWS_IAM authenticates no IAM identity: every caller is anonymous to it.
  if (arn === undefined || method.authorizationType !== 'AWS_IAM') return 'anonymous';
  const listed = method.callers ?? [];
  if (listed.includes(arn)) return arn;
  const account = /::(\d{12}):/.exec(arn)![1];
  return listed.includes(`account:${account}`) ? `account:${account}` : 'any-account';
}

/**
 * Whether the entry covers the request: 'yes', 'no', or 'maybe' when the entry depends on a header
 * or an organization its note states in words (the property then only checks soundness for it).
 */
function covers(entry: AccessMapEntry, method: AccessMapMethod, arn: string | undefined, r: Request, path: string,
  privateApi: boolean): 'yes' | 'no' | 'maybe' {
  const notes = entry.note?.split('; ') ?? [];
  if (arn !== undefined && notes.some(n => arnNote(n, arn) === false)) return 'no';
  const conditional = notes.some(n => !n.startsWith('as of ') && arnNote(n, arn ?? '') === undefined);
  const orgCaller = entry.caller.startsWith('org:');
  if (orgCaller ? callerClass(method, arn) !== 'any-account' : entry.caller !== callerClass(method, arn)) return 'no';
  if (!matchesRequest(entry, r, path, privateApi)) return 'no';
  return conditional || orgCaller ? 'maybe' : 'yes';
}

/**
 * Whether the principal ARN is in the class a note `if its ARN matches "a" and none of "b", "c"`
 * states (StringLike patterns); undefined for a note of another kind.
 */
function arnNote(note: string, arn: string): boolean | undefined {
  const m = /^if its ARN matches (.*)$/.exec(note);
  if (!m) return undefined;
  const [yes, no] = m[1].startsWith('none of ') ? ['', m[1].slice('none of '.length)] : m[1].split(' and none of ');
  const quoted = (text: string | undefined) => [...(text ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(x => JSON.parse(`"${x[1]}"`) as string);
  return quoted(yes).every(p => glob(p, arn)) && !quoted(no).some(p => glob(p, arn));
}

function matchesRequest(entry: AccessMapEntry, r: Request, path: string, privateApi: boolean): boolean {
  if (entry.verbs && !entry.verbs.includes(r.verb)) return false;
  if (entry.paths && !entry.paths.some(p => glob(p, path))) return false;
  if (entry.exceptPaths && entry.exceptPaths.some(p => glob(p, path))) return false;
  if (entry.pathsAlsoMatching && !entry.pathsAlsoMatching.every(p => glob(p, path))) return false;
  const from = entry.from;
  if (!privateApi) return from.internet !== undefined && inBlocks(from.internet, r.ip);
  if (!from.vpcEndpoints) return false;
  if (!from.vpcEndpoints.includes('*') && !from.vpcEndpoints.includes(r.endpoint)) return false;
  if (from.exceptVpcEndpoints?.includes(r.endpoint)) return false;
  if (from.vpcs && !from.vpcs.includes('*') && !from.vpcs.includes(r.vpc)) return false;
  if (from.exceptVpcs?.includes(r.vpc)) return false;
  if (from.vpcSourceIps && !inBlocks(from.vpcSourceIps, r.ip)) return false;
  return true;
}

// ---------------------------------------------------------------- the property

const OWN_POLICIES_ALLOW = { Version: V, Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] };

test('every random request: allowed by the evaluator exactly when an allowed entry covers it; never allowed when uncovered', () => {
  let compared = 0;
  let allowedSeen = 0;
  let arnClassesSeen = 0;
  fc.assert(fc.property(app, fc.array(request, { minLength: REQUESTS_PER_APP, maxLength: REQUESTS_PER_APP }), (spec, requests) => {
    const { document } = mapOf(spec, { now: NOW });
    const api = document.apis[0];
    const privateApi = spec.endpointType === 'PRIVATE';
    const routed = spec.methods.map(m => ({ httpMethod: m.verb, path: m.path, template: parsePathTemplate(m.path, 'path') }));
    for (const r of requests) {
      const chosen = spec.methods[r.method % spec.methods.length];
      const segments = pathFor(chosen.path, r.segments);
      const path = `/${segments.join('/')}`;
      const target = selectMethod(routed, r.verb, segments);
      const arn = {
        'clerk': `arn:aws:iam::${ACCOUNT}:role/clerk`,
        'anonymous': undefined,
        'partner-role': `arn:aws:iam::${PARTNER}:role/partner`,
        'partner-other': `arn:aws:iam::${PARTNER}:role/someone`,
        'partner-user': `arn:aws:iam::${PARTNER}:user/pat`,
        'own-other': `arn:aws:iam::${ACCOUNT}:role/someone`,
        'stranger': 'arn:aws:iam::333333333333:role/someone',
      }[r.caller];
      const identity = r.caller === 'clerk' ? spec.roles!.Clerk : [OWN_POLICIES_ALLOW];
      const scenario: Scenario = {
        api: {
          id: symbolicApiId('Api', SHOP_ENV),
          account: ACCOUNT,
          region: REGION,
          endpointType: (spec.endpointType ?? 'EDGE') as never,
          ...(spec.policy ? { resourcePolicy: spec.policy } : {}),
          methods: spec.methods.map(m => ({ httpMethod: m.verb, path: m.path, authorizationType: (m.auth ?? 'NONE') as never })),
        },
        caller: arn ? { principal: arn, identityPolicies: identity as unknown[], ...(r.orgId ? { principalOrgId: r.orgId } : {}) } : {},
        request: {
          stage: r.stage,
          httpMethod: r.verb,
          path,
          sourceIp: r.ip,
          ...(privateApi ? { vpcEndpoint: { id: r.endpoint, vpcId: r.vpc } } : {}),
          context: {
            'aws:CurrentTime': NOW.toISOString(),
            'aws:EpochTime': String(NOW.getTime() / 1000),
            ...(r.referer !== undefined ? { 'aws:Referer': r.referer } : {}),
          },
        },
      };
      const decision = AccessEvaluator.evaluate(scenario).decision;
      if (target === undefined || !spec.stages!.includes(r.stage)) {
        // No method answers (or the stage is not deployed): nothing to look up, and AWS denies.
        if (target === undefined) expect(decision).not.toBe(Decision.ALLOW);
        continue;
      }
      const method = api.methods.find(m => m.httpMethod === target.httpMethod && m.path === target.path && m.stage === r.stage)!;
      if (method.allowed.some(e => e.note?.includes('if its ARN matches'))) arnClassesSeen++;
      const allowedBy = method.allowed.filter(e => covers(e, method, arn, r, path, privateApi) === 'yes');
      const maybeBy = method.allowed.filter(e => covers(e, method, arn, r, path, privateApi) === 'maybe');
      const undecidedBy = method.undecided.filter(e => e.caller === '*' || covers(e, method, arn, r, path, privateApi) !== 'no');
      const context = `${JSON.stringify(scenario)}\nmethod map: ${JSON.stringify(method)}`;
      if (decision === Decision.ALLOW) {
        allowedSeen++;
        if (allowedBy.length === 0 && maybeBy.length === 0 && undecidedBy.length === 0) throw new Error(`allowed but not covered:\n${context}`);
      }
      if (allowedBy.length > 0 && decision !== Decision.ALLOW) throw new Error(`covered by an allowed entry but ${decision}:\n${context}`);
      compared++;
    }
  }), { seed: SEED, numRuns: RUNS });
  // The generators must reach both answers often, or the property says little.
  expect(compared).toBeGreaterThan(RUNS * 10);
  expect(allowedSeen).toBeGreaterThan(RUNS);
  expect(arnClassesSeen).toBeGreaterThan(0);
});
