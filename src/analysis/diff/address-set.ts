/* eslint-disable no-bitwise -- addresses are bit fields; shifts turn a prefix length into a range */
/**
 * Sets of source addresses written as CIDR lists, compared as sets of addresses rather than as text:
 * `10.0.0.0/24` widened to `10.0.0.0/16` gains exactly the rest of the /16, written as the fewest
 * blocks. IPv4 and IPv6 are two spaces. As in the access map, an IPv4-mapped IPv6 block
 * (`::ffff:a.b.c.d/n`) stands for IPv4 hosts and is counted in the IPv4 space, and the mapped block
 * itself is left out of the IPv6 space (API Gateway reports those callers as IPv4 addresses).
 */
import { Cidr, parseCidr } from '../../evaluator/internal';
import { IpRange, mergeRanges, rangesToBlocks } from '../access-map/ip-space';

/** The addresses of a CIDR list, per family, as sorted disjoint ranges. */
export interface AddressSet {
  readonly v4: readonly IpRange[];
  readonly v6: readonly IpRange[];
}

const V4_MAPPED_LOW = 0xffffn << 32n;
const V4_MAPPED_HIGH = V4_MAPPED_LOW + (1n << 32n) - 1n;

/** Thrown for a list item that is not a CIDR block: the caller names where it was. */
export class NotACidrError extends Error {
  constructor(readonly value: string) {
    super(`'${value}' is not an IPv4 or IPv6 CIDR block`);
    this.name = 'NotACidrError';
  }
}

/** The set of addresses a CIDR list covers. */
export function addressSetOf(cidrs: readonly string[]): AddressSet {
  const v4: IpRange[] = [];
  const v6: IpRange[] = [];
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (!cidr) throw new NotACidrError(text);
    const r4 = v4Range(cidr);
    if (r4) v4.push(r4);
    if (cidr.family === 6) v6.push(...withoutMapped(v6Range(cidr)));
  }
  return { v4: mergeRanges(v4), v6: mergeRanges(v6) };
}

/** Addresses in `a` and not in `b`. */
export function subtractAddresses(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: subtractRanges(a.v4, b.v4), v6: subtractRanges(a.v6, b.v6) };
}

/** Addresses in both. */
export function intersectAddresses(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: intersectRanges(a.v4, b.v4), v6: intersectRanges(a.v6, b.v6) };
}

export function isEmptyAddressSet(set: AddressSet): boolean {
  return set.v4.length === 0 && set.v6.length === 0;
}

/** The fewest CIDR blocks covering the set, IPv4 first, each family in address order. */
export function blocksOfAddressSet(set: AddressSet): string[] {
  return [...rangesToBlocks(4, set.v4), ...rangesToBlocks(6, set.v6)];
}

function v4Range(cidr: Cidr): IpRange | undefined {
  if (cidr.v4Network === undefined) return undefined;
  const prefix = cidr.family === 4 ? cidr.prefix : cidr.prefix - 96;
  const low = BigInt(cidr.v4Network >>> 0);
  return { low, high: low + (1n << BigInt(32 - prefix)) - 1n };
}

function v6Range(cidr: Cidr): IpRange {
  const low = cidr.v6Network;
  return { low, high: low + (1n << BigInt(128 - cidr.prefix)) - 1n };
}

function withoutMapped(range: IpRange): IpRange[] {
  return subtractRanges([range], [{ low: V4_MAPPED_LOW, high: V4_MAPPED_HIGH }]);
}

/** Both inputs sorted, disjoint; so is the result. */
function subtractRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  const out: IpRange[] = [];
  for (const range of a) {
    let low = range.low;
    for (const cut of b) {
      if (cut.high < low || cut.low > range.high) continue;
      if (cut.low > low) out.push({ low, high: cut.low - 1n });
      low = cut.high + 1n;
      if (low > range.high) break;
    }
    if (low <= range.high) out.push({ low, high: range.high });
  }
  return out;
}

function intersectRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  const out: IpRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const low = x.low > y.low ? x.low : y.low;
      const high = x.high < y.high ? x.high : y.high;
      if (low <= high) out.push({ low, high });
    }
  }
  return mergeRanges(out);
}
