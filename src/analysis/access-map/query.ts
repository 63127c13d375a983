/**
 * Questions the rules, the report and AccessMap.of ask the map.
 */
import { AccessMapApi, AccessMapDocument, AccessMapEntry, AccessMapMethod, AccessMapOrigin, AccessMapUndecidedEntry } from './document';

/** A method and the entries of it that answer a question. */
export interface MethodAnswer {
  readonly api: AccessMapApi;
  readonly method: AccessMapMethod;
  /** Allowed entries that answer the question. */
  readonly allowed: readonly AccessMapEntry[];
  /** Undecided entries that may answer it (never to be read as denied). */
  readonly undecided: readonly AccessMapUndecidedEntry[];
}

/** Every method on every stage that callers matching `caller` may call (or may, undecided). */
export function methodsReachableBy(document: AccessMapDocument, caller: (caller: string) => boolean): MethodAnswer[] {
  const out: MethodAnswer[] = [];
  for (const api of document.apis) {
    for (const method of api.methods) {
      const allowed = method.allowed.filter(e => caller(e.caller));
      // `*` stands for every caller of a method the analysis could not map at all.
      const undecided = method.undecided.filter(e => e.caller === '*' || caller(e.caller));
      if (allowed.length > 0 || undecided.length > 0) out.push({ api, method, allowed, undecided });
    }
  }
  return out;
}

/** Methods anyone may call without credentials (for a PRIVATE API: from the endpoints given). */
export function methodsOpenToAnonymous(document: AccessMapDocument): MethodAnswer[] {
  return methodsReachableBy(document, c => c === 'anonymous');
}

/** Methods that any AWS account may call with its own principals (`any-account`, or a whole organization). */
export function methodsOpenToAnyAccount(document: AccessMapDocument): MethodAnswer[] {
  return methodsReachableBy(document, c => c === 'any-account');
}

/** The methods (every stage) of one API of the map. */
export function methodsOf(document: AccessMapDocument, stack: string, apiLogicalId: string): readonly AccessMapMethod[] {
  return document.apis.find(a => a.stack === stack && a.logicalId === apiLogicalId)?.methods ?? [];
}

/** The source ranges of internet entries, merged in order of appearance (without repeats). */
export function internetSources(entries: readonly AccessMapEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) for (const cidr of e.from.internet ?? []) if (!out.includes(cidr)) out.push(cidr);
  return out;
}

/** Whether an origin is the whole internet (every IPv4 and IPv6 address). */
export function isWholeInternet(origin: AccessMapOrigin): boolean {
  const list = origin.internet ?? [];
  return list.includes('0.0.0.0/0') && list.includes('::/0');
}

/** An origin in words: `anywhere on the internet`, `198.51.100.0/24, 2001:db8::/32`, `VPC endpoint vpce-...`. */
export function describeOrigin(origin: AccessMapOrigin): string {
  if (origin.internet) {
    if (isWholeInternet(origin)) return 'anywhere on the internet';
    const v4 = origin.internet.includes('0.0.0.0/0');
    const v6 = origin.internet.includes('::/0');
    if (v4 && origin.internet.length === 1) return 'any IPv4 address';
    if (v6 && origin.internet.length === 1) return 'any IPv6 address';
    return origin.internet.join(', ');
  }
  const parts: string[] = [];
  const endpoints = origin.vpcEndpoints ?? [];
  parts.push(endpoints.includes('*') ? 'any VPC endpoint' : `VPC endpoint ${endpoints.join(', ')}`);
  if (origin.exceptVpcEndpoints) parts.push(`except ${origin.exceptVpcEndpoints.join(', ')}`);
  if (origin.vpcs) parts.push(origin.vpcs.includes('*') ? 'in any VPC' : `in VPC ${origin.vpcs.join(', ')}`);
  if (origin.exceptVpcs) parts.push(`except VPC ${origin.exceptVpcs.join(', ')}`);
  if (origin.vpcSourceIps) parts.push(`from ${origin.vpcSourceIps.join(', ')}`);
  return parts.join(' ');
}
