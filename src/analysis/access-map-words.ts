/**
 * The access map in words, shared by the report and the rules that read the map: an entry's origin,
 * paths, verbs and note as a phrase ("from 198.51.100.0/24 on paths /pets/*").
 */
import { AccessMapEntry, AccessMapOrigin, describeOrigin } from './access-map';

/** Names for source ranges: a policy's Sid for the exact CIDR list of its `aws:SourceIp` condition. */
export type CidrNames = ReadonlyMap<string, string>;

/** The key under which a CIDR list is named: its ranges, sorted. */
export function cidrListKey(cidrs: readonly string[]): string {
  return [...cidrs].sort().join(',');
}

/** `from anywhere on the internet`, `from the OfficeNetwork range (198.51.100.0/24)`, `through VPC endpoint vpce-1`. */
export function originPhrase(origin: AccessMapOrigin, names: CidrNames = new Map()): string {
  if (origin.internet) {
    const name = names.get(cidrListKey(origin.internet));
    const ranges = describeOrigin(origin);
    return name ? `from ${name} (${ranges})` : `from ${ranges}`;
  }
  return `through ${describeOrigin(origin)}`;
}

/** What else narrows an entry: its paths, verbs and note (empty when it covers the whole method). */
export function scopePhrase(entry: AccessMapEntry): string {
  const parts: string[] = [];
  if (entry.paths) parts.push(`on paths ${entry.paths.join(', ')}`);
  if (entry.pathsAlsoMatching) parts.push(`on paths also matching ${entry.pathsAlsoMatching.join(', ')}`);
  if (entry.exceptPaths) parts.push(`except paths ${entry.exceptPaths.join(', ')}`);
  if (entry.verbs) parts.push(`with ${entry.verbs.join(', ')}`);
  const scope = parts.length > 0 ? ` ${parts.join(' ')}` : '';
  return entry.note ? `${scope} (${entry.note})` : scope;
}

/** An entry without its caller: `from 198.51.100.0/24 on paths /pets/*`. */
export function entryPhrase(entry: AccessMapEntry, names?: CidrNames): string {
  return `${originPhrase(entry.from, names)}${scopePhrase(entry)}`;
}
