/**
 * Where calls come from: classes of source addresses for public endpoints, and of VPC endpoint,
 * VPC and VPC source address for private ones; and the way back from a set of classes to the map's
 * `from` (CIDR lists, endpoint lists).
 */
import { AccessMapOrigin } from './document';
import { AddressClass, IpRange, rangesToBlocks } from './ip-space';

export interface InternetOrigin {
  readonly kind: 'internet';
  readonly address: AddressClass;
}

export interface EndpointOrigin {
  readonly kind: 'vpce';
  /** A named endpoint id, or undefined for "any other endpoint". */
  readonly endpoint?: string;
  readonly vpc?: string;
  readonly address: AddressClass;
  /** Ids the scenario uses (a fresh one for "any other"). */
  readonly endpointId: string;
  readonly vpcId: string;
}

export type Origin = InternetOrigin | EndpointOrigin;

const VPCE_ID = /^vpce-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

function fresh(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const candidate = `${prefix}-0${n.toString(16).padStart(16, 'a')}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function internetOrigins(addresses: readonly AddressClass[]): Origin[] {
  return addresses.map(address => ({ kind: 'internet', address }));
}

/**
 * Origins through a VPC endpoint: each endpoint and VPC the policies name (ids no real endpoint
 * can have are left out: no request carries them), plus one no policy names, times the classes of
 * VPC source addresses.
 */
export function endpointOrigins(endpoints: ReadonlySet<string>, vpcs: ReadonlySet<string>, addresses: readonly AddressClass[]): Origin[] {
  const namedEndpoints = [...endpoints].filter(e => VPCE_ID.test(e)).sort();
  const namedVpcs = [...vpcs].filter(v => VPC_ID.test(v)).sort();
  const otherEndpoint = fresh('vpce', new Set(namedEndpoints));
  const otherVpc = fresh('vpc', new Set(namedVpcs));
  const out: Origin[] = [];
  for (const endpoint of [...namedEndpoints, undefined]) {
    for (const vpc of [...namedVpcs, undefined]) {
      for (const address of addresses) {
        out.push({ kind: 'vpce', endpoint, vpc, address, endpointId: endpoint ?? otherEndpoint, vpcId: vpc ?? otherVpc });
      }
    }
  }
  return out;
}

const classIds = new WeakMap<AddressClass, number>();
let lastClassId = 0;
const knownBlocks = new Map<string, string[]>();

/** The blocks of a set of classes (remembered: the same classes recur in every method under the same policies). */
function blocksOf(classes: readonly AddressClass[]): string[] {
  const key = classes.map(c => {
    let id = classIds.get(c);
    if (id === undefined) classIds.set(c, id = ++lastClassId);
    return id;
  }).sort((a, b) => a - b).join(',');
  let blocks = knownBlocks.get(key);
  if (!blocks) {
    if (knownBlocks.size > 10000) knownBlocks.clear();
    knownBlocks.set(key, blocks = computeBlocks(classes));
  }
  return [...blocks];
}

function computeBlocks(classes: readonly AddressClass[]): string[] {
  const v4: IpRange[] = [];
  const v6: IpRange[] = [];
  for (const c of classes) {
    v4.push(...c.v4);
    v6.push(...c.v6);
  }
  return [...rangesToBlocks(4, v4), ...rangesToBlocks(6, v6)];
}

/**
 * The `from` of a set of origins (indexes into `all`), as few products as it takes: one for
 * internet origins, one per distinct (endpoints, VPCs, addresses) product otherwise.
 */
export function originsToFroms(all: readonly Origin[], chosen: readonly number[]): AccessMapOrigin[] {
  const picked = chosen.map(i => all[i]);
  if (picked.length === 0) return [];
  if (picked[0].kind === 'internet') {
    return [{ internet: blocksOf(picked.map(o => o.address)) }];
  }
  const endpoints = picked as EndpointOrigin[];
  const allEndpoints = all as EndpointOrigin[];
  const namedEndpoints = unique(allEndpoints.map(o => o.endpoint));
  const namedVpcs = unique(allEndpoints.map(o => o.vpc));
  const addressClasses = unique(allEndpoints.map(o => o.address));
  // (vpc, address) -> endpoints
  const byVpcAddress = new Map<string, { vpc?: string; address: AddressClass; endpoints: Set<string | undefined> }>();
  for (const o of endpoints) {
    const k = `${o.vpc ?? '*'}|${addressClasses.indexOf(o.address)}`;
    let e = byVpcAddress.get(k);
    if (!e) byVpcAddress.set(k, e = { vpc: o.vpc, address: o.address, endpoints: new Set() });
    e.endpoints.add(o.endpoint);
  }
  // endpoints -> vpc -> addresses
  const byEndpoints = new Map<string, { endpoints: Set<string | undefined>; byVpc: Map<string, { vpc?: string; addresses: AddressClass[] }> }>();
  for (const e of byVpcAddress.values()) {
    const k = setKey(e.endpoints);
    let g = byEndpoints.get(k);
    if (!g) byEndpoints.set(k, g = { endpoints: e.endpoints, byVpc: new Map() });
    const vk = e.vpc ?? '*';
    let v = g.byVpc.get(vk);
    if (!v) g.byVpc.set(vk, v = { vpc: e.vpc, addresses: [] });
    v.addresses.push(e.address);
  }
  const out: AccessMapOrigin[] = [];
  for (const g of byEndpoints.values()) {
    // addresses -> vpcs
    const byAddresses = new Map<string, { addresses: AddressClass[]; vpcs: Set<string | undefined> }>();
    for (const v of g.byVpc.values()) {
      const k = v.addresses.map(a => addressClasses.indexOf(a)).sort((a, b) => a - b).join(',');
      let a = byAddresses.get(k);
      if (!a) byAddresses.set(k, a = { addresses: v.addresses, vpcs: new Set() });
      a.vpcs.add(v.vpc);
    }
    for (const a of byAddresses.values()) {
      const origin: Record<string, string[]> = {};
      Object.assign(origin, named('vpcEndpoints', 'exceptVpcEndpoints', g.endpoints, namedEndpoints));
      if (a.vpcs.size < namedVpcs.length) Object.assign(origin, named('vpcs', 'exceptVpcs', a.vpcs, namedVpcs));
      if (a.addresses.length < addressClasses.length) origin.vpcSourceIps = blocksOf(a.addresses);
      out.push(origin as AccessMapOrigin);
    }
  }
  return out;
}

/** A set of named ids plus possibly "any other" (undefined), as a list with `*` and exceptions. */
function named(field: string, exceptField: string, chosen: ReadonlySet<string | undefined>, all: readonly (string | undefined)[]):
Record<string, string[]> {
  if (!chosen.has(undefined)) return { [field]: [...chosen as Set<string>].sort() };
  const except = all.filter((x): x is string => x !== undefined && !chosen.has(x)).sort();
  return except.length > 0 ? { [field]: ['*'], [exceptField]: except } : { [field]: ['*'] };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function setKey(set: ReadonlySet<string | undefined>): string {
  return [...set].map(x => x ?? '*').sort().join(',');
}
