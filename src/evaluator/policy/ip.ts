/* eslint-disable no-bitwise -- addresses and masks are bit fields; integer operations are the point of this module */
/**
 * IP addresses and CIDR blocks as the IpAddress / NotIpAddress condition operators read them.
 *
 * IAM User Guide, "IAM JSON policy elements: Condition operators", IP address condition operators:
 * values are IPv4 or IPv6 addresses or ranges in CIDR notation (RFC 4632); a bare address means a
 * single host (/32 or /128). Parsing is strict because a CIDR that IAM would reject must be an input
 * error here, never a silently different range:
 * - IPv4: four decimal octets 0-255 without leading zeros (`010.0.0.1` is ambiguous: octal to some
 *   parsers, decimal to others).
 * - IPv6: RFC 4291 text form (groups of 1-4 hex digits, one `::`, an optional dotted IPv4 tail);
 *   zone ids (`%eth0`) are not addresses a request can come from and are rejected.
 * - Prefix: decimal 0-32 (IPv4) or 0-128 (IPv6), no sign, no leading zeros. Host bits below the
 *   prefix are ignored (`10.1.2.3/8` is the block `10.0.0.0/8`).
 *
 * IPv4-mapped IPv6 addresses (`::ffff:203.0.113.10`, RFC 4291 section 2.5.5.2) are the same host as
 * their IPv4 address, so they match IPv4 blocks, and IPv4 addresses match IPv6 blocks inside
 * `::ffff:0:0/96`. Other IPv6 blocks (`::/0` included) never contain an IPv4 address.
 *
 * Values are precomputed numbers (IPv4) and bigints (IPv6) so that `cidrContains` is a few integer
 * operations on the evaluator's hot path.
 */
import { Memo } from '../memo';

/** An address family. */
export type IpFamily = 4 | 6;

/** A parsed IP address. */
export interface IpAddress {
  readonly family: IpFamily;
  /**
   * The IPv4 value as an unsigned 32-bit number, for IPv4 addresses and IPv4-mapped IPv6
   * addresses; -1 for other IPv6 addresses.
   */
  readonly v4: number;
  /** The 128-bit value; an IPv4 address is given as its IPv4-mapped IPv6 form. */
  readonly v6: bigint;
  /** The text as written. */
  readonly text: string;
}

/** A parsed CIDR block. */
export interface Cidr {
  readonly family: IpFamily;
  /** Prefix length: 0-32 for IPv4, 0-128 for IPv6. */
  readonly prefix: number;
  /** The text as written (a bare address has no `/`). */
  readonly text: string;
  /**
   * IPv4 network and mask (signed 32-bit integers), for IPv4 blocks and for IPv6 blocks inside
   * `::ffff:0:0/96`; undefined when no IPv4 address falls in the block.
   */
  readonly v4Network?: number;
  readonly v4Mask?: number;
  /** IPv6 network and mask; an IPv4 block is given in its IPv4-mapped form. */
  readonly v6Network: bigint;
  readonly v6Mask: bigint;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;
const ALL_128 = (1n << 128n) - 1n;
const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) {
      return undefined;
    }
    const octet = Number(part);
    if (octet > 255) {
      return undefined;
    }
    value = value * 256 + octet;
  }
  return value;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') {
    return [];
  }
  const groups: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) {
        return undefined;
      }
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) {
    return undefined;
  }
  // A dotted IPv4 tail is only allowed at the very end of the address.
  if (halves.length === 2 && halves[0].includes('.')) {
    return undefined;
  }
  const given = head.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) {
    return undefined;
  }
  const groups = [...head, ...new Array<number>(8 - given).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) {
    value = (value << 16n) | BigInt(group);
  }
  return value;
}

const requestAddresses = new Memo<IpAddress | null>(1024);

/**
 * parseIpAddress for the addresses requests carry: the scenario reader validates request.sourceIp
 * and the conditions read aws:SourceIp, and the same few addresses recur, so each text is parsed
 * once (see memo.ts).
 */
export function parseRequestAddress(text: string): IpAddress | undefined {
  return requestAddresses.get(text, t => parseIpAddress(t) ?? null) ?? undefined;
}

/**
 * Parses an IPv4 or IPv6 address. Returns undefined for anything that is not exactly one address
 * (surrounding spaces, zone ids and CIDR suffixes included).
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 === undefined ? undefined : { family: 4, v4, v6: V4_MAPPED_PREFIX | BigInt(v4), text };
  }
  const v6 = parseIpv6(text);
  if (v6 === undefined) {
    return undefined;
  }
  const mapped = v6 >> 32n === 0xffffn;
  return { family: 6, v4: mapped ? Number(v6 & 0xffffffffn) : -1, v6, text };
}

function v4MaskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) | 0;
}

/**
 * Parses a CIDR block (`203.0.113.0/24`, `2001:db8::/32`) or a bare address (a single host).
 * Returns undefined for malformed text or an out-of-range prefix.
 */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === undefined) {
    return undefined;
  }
  const bits = address.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!PREFIX.test(prefixText)) {
      return undefined;
    }
    prefix = Number(prefixText);
    if (prefix > bits) {
      return undefined;
    }
  }
  if (address.family === 4) {
    const v4Mask = v4MaskOf(prefix);
    const v6Mask = (ALL_128 << BigInt(32 - prefix)) & ALL_128;
    return {
      family: 4,
      prefix,
      text,
      v4Mask,
      v4Network: address.v4 & v4Mask,
      v6Mask,
      v6Network: address.v6 & v6Mask,
    };
  }
  const v6Mask = (ALL_128 << BigInt(128 - prefix)) & ALL_128;
  const v6Network = address.v6 & v6Mask;
  // An IPv6 block that lies inside ::ffff:0:0/96 holds IPv4 hosts too.
  const holdsV4 = prefix >= 96 && v6Network >> 32n === 0xffffn;
  const v4Mask = holdsV4 ? v4MaskOf(prefix - 96) : undefined;
  return {
    family: 6,
    prefix,
    text,
    v4Mask,
    v4Network: holdsV4 ? Number(v6Network & 0xffffffffn) & v4Mask! : undefined,
    v6Mask,
    v6Network,
  };
}

/** Whether the block holds the address (see the module comment for IPv4-mapped addresses). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (ip.v4 >= 0 && cidr.v4Mask !== undefined) {
    return ((ip.v4 ^ cidr.v4Network!) & cidr.v4Mask) === 0;
  }
  if (ip.family === 6 && cidr.family === 6) {
    return ((ip.v6 ^ cidr.v6Network) & cidr.v6Mask) === 0n;
  }
  return false;
}
