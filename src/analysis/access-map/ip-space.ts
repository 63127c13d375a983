/* eslint-disable no-bitwise -- addresses and blocks are bit fields; integer operations are the point of this module */
/**
 * Classes of source addresses that a method's IP conditions cannot tell apart, and the way back
 * from a set of classes to a minimal CIDR list.
 *
 * Each `IpAddress` / `NotIpAddress` clause on a key tests membership in its list of blocks, so an
 * address's decision depends only on which clauses' lists hold it. The IPv4 and IPv6 spaces are cut
 * at every bound of every block into ranges; ranges with the same memberships form one class. The
 * evaluator's reading of IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, see evaluator/policy/ip.ts)
 * is kept: in the IPv4 space only blocks that hold IPv4 hosts count. The mapped block
 * `::ffff:0:0/96` itself is left out of the IPv6 space: its addresses are the IPv4 hosts, which API
 * Gateway reports as IPv4 source addresses, and the IPv4 answer covers them.
 */
import { Cidr, parseCidr } from '../../evaluator/internal';

export type Family = 4 | 6;

/** An inclusive range of addresses. */
export interface IpRange {
  readonly low: bigint;
  readonly high: bigint;
}

/** A class of addresses: the clauses whose blocks hold them, its ranges, one address of it. */
export interface IpClass {
  readonly family: Family;
  readonly inside: readonly boolean[];
  readonly ranges: readonly IpRange[];
  readonly representative: string;
}

const V4_BITS = 32;
const V6_BITS = 128;
const V4_MAPPED = 0xffffn << 32n;

function bitsOf(family: Family): number {
  return family === 4 ? V4_BITS : V6_BITS;
}

/** The range of a block in a family's space, or undefined when it holds no address of the family. */
function rangeOf(cidr: Cidr, family: Family): IpRange | undefined {
  if (family === 4) {
    if (cidr.v4Network === undefined || cidr.v4Mask === undefined) return undefined;
    const prefix = cidr.family === 4 ? cidr.prefix : cidr.prefix - 96;
    const low = BigInt(cidr.v4Network >>> 0);
    return { low, high: low + (1n << BigInt(V4_BITS - prefix)) - 1n };
  }
  const low = cidr.v6Network;
  const prefix = cidr.family === 4 ? cidr.prefix + 96 : cidr.prefix;
  return { low, high: low + (1n << BigInt(V6_BITS - prefix)) - 1n };
}

/** Parses a clause's blocks; undefined if one is not a block (the evaluator would refuse the policy). */
export function parseBlocks(values: readonly string[]): Cidr[] | undefined {
  const out: Cidr[] = [];
  for (const v of values) {
    const c = parseCidr(v);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

/** Every class of one family's space that the clauses (lists of blocks) tell apart. */
export function partitionAddresses(family: Family, clauses: readonly (readonly Cidr[])[]): IpClass[] {
  const top = (1n << BigInt(bitsOf(family))) - 1n;
  const ranges = clauses.map(blocks => blocks.map(b => rangeOf(b, family)).filter((r): r is IpRange => r !== undefined));
  const cuts = new Set<bigint>([0n]);
  if (family === 6) {
    // The IPv4-mapped block is the IPv4 space again: it is answered there, not here.
    cuts.add(V4_MAPPED);
    cuts.add(V4_MAPPED + (1n << 32n));
  }
  for (const list of ranges) {
    for (const r of list) {
      cuts.add(r.low);
      if (r.high < top) cuts.add(r.high + 1n);
    }
  }
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bySignature = new Map<string, { inside: boolean[]; ranges: IpRange[] }>();
  starts.forEach((low, i) => {
    const high = i + 1 < starts.length ? starts[i + 1] - 1n : top;
    if (family === 6 && low >= V4_MAPPED && high < V4_MAPPED + (1n << 32n)) return;
    const inside = ranges.map(list => list.some(r => r.low <= low && high <= r.high));
    const signature = inside.map(b => (b ? '1' : '0')).join('');
    let entry = bySignature.get(signature);
    if (!entry) bySignature.set(signature, entry = { inside, ranges: [] });
    const last = entry.ranges[entry.ranges.length - 1];
    if (last && last.high + 1n === low) entry.ranges[entry.ranges.length - 1] = { low: last.low, high };
    else entry.ranges.push({ low, high });
  });
  return [...bySignature.values()].map(({ inside, ranges: rs }) => ({
    family, inside, ranges: rs, representative: formatAddress(family, representativeOf(family, rs[0])),
  }));
}

function representativeOf(_family: Family, range: IpRange): bigint {
  return range.low;
}

/**
 * A class of source addresses of both families: the decision depends only on which clauses hold the
 * address, so IPv4 and IPv6 ranges with the same memberships are one class (one evaluation).
 */
export interface AddressClass {
  readonly inside: readonly boolean[];
  readonly v4: readonly IpRange[];
  readonly v6: readonly IpRange[];
  /** An address of the class (IPv4 when it has IPv4 addresses). */
  readonly representative: string;
}

/** Every class of the whole address space (IPv4 and IPv6) that the clauses tell apart. */
export function partitionAllAddresses(clauses: readonly (readonly Cidr[])[]): AddressClass[] {
  const bySignature = new Map<string, { inside: readonly boolean[]; v4: IpRange[]; v6: IpRange[]; representative: string }>();
  for (const c of [...partitionAddresses(4, clauses), ...partitionAddresses(6, clauses)]) {
    const signature = c.inside.map(b => (b ? '1' : '0')).join('');
    let entry = bySignature.get(signature);
    if (!entry) bySignature.set(signature, entry = { inside: c.inside, v4: [], v6: [], representative: c.representative });
    (c.family === 4 ? entry.v4 : entry.v6).push(...c.ranges);
  }
  return [...bySignature.values()];
}

/** An address as text: dotted IPv4, or IPv6 with every group written (the evaluator reads both). */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map(s => String((value >> s) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

/** The canonical text of a block (RFC 5952 for IPv6: lower case, the longest run of zero groups as `::`). */
export function formatBlock(family: Family, low: bigint, prefix: number): string {
  if (family === 4) return `${formatAddress(4, low)}/${prefix}`;
  const groups: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((low >> s) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map(g => g.toString(16));
  const text = bestStart < 0
    ? hex.join(':')
    : `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
  return `${text}/${prefix}`;
}

/** Merges ranges (any order) into sorted, disjoint, non-adjacent ranges. */
export function mergeRanges(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.low <= last.high + 1n) {
      if (r.high > last.high) out[out.length - 1] = { low: last.low, high: r.high };
    } else {
      out.push(r);
    }
  }
  return out;
}

/**
 * The fewest CIDR blocks that cover exactly the ranges, in address order. In the IPv6 space the
 * IPv4-mapped block is answered by the IPv4 list, so it is added when that gives fewer blocks
 * (`::/0` rather than 96 blocks around it).
 */
export function rangesToBlocks(family: Family, ranges: readonly IpRange[]): string[] {
  const key = `${family}|${mergeRanges(ranges).map(r => `${r.low.toString(16)}-${r.high.toString(16)}`).join(',')}`;
  let blocks = knownBlocks.get(key);
  if (!blocks) {
    if (knownBlocks.size > 10000) knownBlocks.clear();
    knownBlocks.set(key, blocks = fewestBlocks(family, ranges));
  }
  return [...blocks];
}

/** Answers repeat (most entries say "anywhere"): each distinct set of ranges is written once. */
const knownBlocks = new Map<string, readonly string[]>();

function fewestBlocks(family: Family, ranges: readonly IpRange[]): string[] {
  if (family === 6 && ranges.length > 0) {
    const exact = blocksOf(6, ranges);
    const withMapped = blocksOf(6, [...ranges, { low: V4_MAPPED, high: V4_MAPPED + (1n << 32n) - 1n }]);
    return withMapped.length < exact.length ? withMapped : exact;
  }
  return blocksOf(family, ranges);
}

function blocksOf(family: Family, ranges: readonly IpRange[]): string[] {
  const bits = bitsOf(family);
  const out: string[] = [];
  for (const r of mergeRanges(ranges)) {
    let low = r.low;
    while (low <= r.high) {
      // The largest aligned block starting at `low` that stays inside the range.
      let size = bits;
      while (size > 0) {
        const blockSize = 1n << BigInt(size);
        if (low % blockSize === 0n && low + blockSize - 1n <= r.high) break;
        size--;
      }
      out.push(formatBlock(family, low, bits - size));
      low += 1n << BigInt(size);
    }
  }
  return out;
}

/** The IPv4-mapped IPv6 block, answered as the IPv4 space (see partitionAddresses). */
export const V4_MAPPED_BLOCK = '::ffff:0:0/96';
