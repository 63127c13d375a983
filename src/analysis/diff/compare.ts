/**
 * Compares two access maps semantically. Entries of a method are grouped by everything but their
 * origin's list (caller, origin kind and refinements, paths, verbs, note); within a group the source
 * ranges (or endpoint lists) of the two sides are compared as sets, so each change names exactly the
 * requests that moved. Requests allowed on one side and undecided on the other are reported once,
 * with what they were (`was`) or became (`now`).
 */
import {
  AddressSet, addressSetOf, blocksOfAddressSet, intersectAddresses, isEmptyAddressSet, NotACidrError, subtractAddresses,
} from './address-set';
import {
  AccessDiff, ACCESS_DIFF_FORMAT_VERSION, ApiChange, ChangeKind, EntryChange, EntryDecision, MethodChange, ValueChange,
} from './changes';
import {
  EndpointSet, endpointFields, endpointSetOf, intersectEndpoints, isEmptyEndpointSet, subtractEndpoints, unionEndpoints,
} from './endpoint-set';
import { AccessMapApi, AccessMapDocument, AccessMapEntry, AccessMapMethod, AccessMapUndecidedEntry } from '../access-map/document';

/** How the two maps are compared. */
export interface CompareOptions {
  /**
   * The account of a stack. A gained `account:<that account>` entry is not a broadening: its callers
   * are the stack's own account's principals, whose identity policies (in the app, where they are
   * reported by ARN) decide.
   */
  readonly homeAccountOf?: (stack: string) => string | undefined;
  /** Causes per API and method, found by comparing the two sides' models (see causes.ts). */
  readonly causes?: CauseSource;
}

/** Where causes come from. */
export interface CauseSource {
  apiCauses(stack: string, logicalId: string): string[];
  methodCauses(stack: string, apiLogicalId: string, method: AccessMapMethod, callers: readonly string[]): string[];
}

/** An input that is not an access map: names the field. */
export class AccessMapInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessMapInputError';
  }
}

export function compareAccessMaps(before: AccessMapDocument, after: AccessMapDocument, options: CompareOptions = {}): AccessDiff {
  validate(before, 'before');
  validate(after, 'after');
  const beforeApis = new Map(before.apis.map(a => [apiKey(a), a]));
  const afterApis = new Map(after.apis.map(a => [apiKey(a), a]));
  const keys = [...new Set([...beforeApis.keys(), ...afterApis.keys()])].sort();
  const apis: ApiChange[] = [];
  for (const key of keys) {
    const change = compareApi(beforeApis.get(key), afterApis.get(key), options);
    if (change) apis.push(change);
  }
  const methods = apis.flatMap(a => a.methods);
  return {
    formatVersion: ACCESS_DIFF_FORMAT_VERSION,
    broadened: methods.some(m => m.broadening),
    narrowed: methods.some(m => m.lost.length > 0),
    changed: apis.length > 0,
    apis,
  };
}

function apiKey(api: AccessMapApi): string {
  return `${api.stack}\u0000${api.logicalId}`;
}

function methodKey(m: AccessMapMethod): string {
  return `${m.path}\u0000${m.httpMethod}\u0000${m.stage}`;
}

function compareApi(before: AccessMapApi | undefined, after: AccessMapApi | undefined, options: CompareOptions): ApiChange | undefined {
  const api = (after ?? before)!;
  const change: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const home = options.homeAccountOf?.(api.stack);
  const beforeMethods = new Map((before?.methods ?? []).map(m => [methodKey(m), m]));
  const afterMethods = new Map((after?.methods ?? []).map(m => [methodKey(m), m]));
  const keys = [...new Set([...beforeMethods.keys(), ...afterMethods.keys()])].sort(compareMethodKeys);
  const methods: MethodChange[] = [];
  for (const key of keys) {
    const m = compareMethod(beforeMethods.get(key), afterMethods.get(key), home);
    if (!m) continue;
    const callers = [...new Set([...m.gained, ...m.lost].map(e => e.caller))];
    const causes = options.causes?.methodCauses(api.stack, api.logicalId, (afterMethods.get(key) ?? beforeMethods.get(key))!, callers) ?? [];
    methods.push({ ...m, causes });
  }
  const stagesBefore = new Set((before?.methods ?? []).map(m => m.stage));
  const stagesAfter = new Set((after?.methods ?? []).map(m => m.stage));
  const stagesAdded = change === 'changed' ? [...stagesAfter].filter(s => !stagesBefore.has(s)).sort() : [];
  const stagesRemoved = change === 'changed' ? [...stagesBefore].filter(s => !stagesAfter.has(s)).sort() : [];
  const causes = options.causes?.apiCauses(api.stack, api.logicalId) ?? [];
  const endpointType = valueChange(before?.endpointType, after?.endpointType);
  if (change === 'changed' && methods.length === 0 && stagesAdded.length === 0 && stagesRemoved.length === 0 && !endpointType
    && causes.length === 0 && before!.name === after!.name) {
    return undefined;
  }
  return {
    stack: api.stack,
    logicalId: api.logicalId,
    name: api.name,
    change,
    ...(endpointType ? { endpointType } : {}),
    stagesAdded,
    stagesRemoved,
    causes,
    methods,
  };
}

/** Methods in the map's order: path, verb, stage. */
function compareMethodKeys(a: string, b: string): number {
  const [pa, ma, sa] = a.split('\u0000');
  const [pb, mb, sb] = b.split('\u0000');
  return cmp(pa, pb) || cmp(ma, mb) || cmp(sa, sb);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMethod(before: AccessMapMethod | undefined, after: AccessMapMethod | undefined, home: string | undefined):
Omit<MethodChange, 'causes'> | undefined {
  const method = (after ?? before)!;
  const change: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const was = { allowed: groups(before?.allowed ?? []), undecided: groups(before?.undecided ?? []) };
  const now = { allowed: groups(after?.allowed ?? []), undecided: groups(after?.undecided ?? []) };
  const gained: EntryChange[] = [];
  const lost: EntryChange[] = [];
  for (const decision of ['allowed', 'undecided'] as const) {
    const other = decision === 'allowed' ? 'undecided' : 'allowed';
    const keys = [...new Set([...was[decision].keys(), ...now[decision].keys()])].sort();
    for (const key of keys) {
      const b = was[decision].get(key);
      const a = now[decision].get(key);
      // Gained: in `after` and not in `before` with the same decision.
      if (a) {
        const added = coveredOut(b ? minus(a, b) : a, was[decision], before?.authorizationType, false);
        if (added) {
          const fromOther = was[other].get(key);
          const moved = fromOther ? both(added, fromOther) : undefined;
          const fresh = moved ? minus(added, moved) : added;
          if (fresh) gained.push(entryChange(decision, fresh, isBroadening(fresh.caller, home)));
          if (moved) {
            // Allowed before, undecided now: nobody new gets in. Undecided before, allowed now: the
            // analysis no longer doubts it, and CI should look (counted as broadening).
            const broadening = decision === 'allowed' && isBroadening(moved.caller, home);
            gained.push({ ...entryChange(decision, moved, broadening), was: other });
          }
        }
      }
      // Lost: in `before` and not in `after` with the same decision, unless reported above as moved.
      if (b) {
        const removed = coveredOut(a ? minus(b, a) : b, now[decision], after?.authorizationType, true);
        if (removed) {
          const toOther = now[other].get(key);
          const rest = toOther ? minus(removed, toOther) : removed;
          if (rest) lost.push(entryChange(decision, rest, false));
        }
      }
    }
  }
  const authorizationType = valueChange(before?.authorizationType, after?.authorizationType);
  if (change === 'changed' && gained.length === 0 && lost.length === 0 && !authorizationType) return undefined;
  return {
    stage: method.stage,
    httpMethod: method.httpMethod,
    path: method.path,
    change,
    ...(authorizationType ? { authorizationType } : {}),
    gained: sortEntries(gained),
    lost: sortEntries(lost),
    broadening: gained.some(g => g.broadening),
  };
}

/** A setting's two sides, when they differ. */
function valueChange(before: string | undefined, after: string | undefined): ValueChange | undefined {
  return before === after ? undefined : { before, after };
}

function isBroadening(caller: string, home: string | undefined): boolean {
  return home === undefined || caller !== `account:${home}`;
}

/** The entries of one decision sharing everything but their origin's list, and the union of those lists. */
interface Group {
  readonly proto: AccessMapEntry & { readonly because?: string };
  readonly caller: string;
  /** The group key without the caller: groups that differ only in caller may contain one another. */
  readonly rest: string;
  /** `rest` without the note: entries that differ only in their notes may contain one another. */
  readonly restWithoutNote: string;
  readonly addresses?: AddressSet;
  readonly endpoints?: EndpointSet;
}

function groups(entries: readonly (AccessMapEntry | AccessMapUndecidedEntry)[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const entry of entries) {
    const key = groupKey(entry);
    const known = out.get(key);
    const internet = entry.from.internet;
    let group: Group;
    if (internet !== undefined) {
      const addresses = addressSetOf(internet);
      const united = known?.addresses ? unionAddresses(known.addresses, addresses) : addresses;
      group = { proto: entry, caller: entry.caller, rest: restKey(entry), restWithoutNote: restKey(entry, false), addresses: united };
    } else {
      const endpoints = endpointSetOf(entry.from.vpcEndpoints ?? [], entry.from.exceptVpcEndpoints);
      const united = known?.endpoints ? unionEndpoints(known.endpoints, endpoints) : endpoints;
      group = { proto: entry, caller: entry.caller, rest: restKey(entry), restWithoutNote: restKey(entry, false), endpoints: united };
    }
    out.set(key, group);
  }
  return out;
}

function unionAddresses(a: AddressSet, b: AddressSet): AddressSet {
  return addressSetOf([...blocksOfAddressSet(a), ...blocksOfAddressSet(b)]);
}

function groupKey(e: AccessMapEntry): string {
  return `${e.caller}\u0000${restKey(e)}`;
}

function restKey(e: AccessMapEntry, withNote = true): string {
  const sorted = (list: readonly string[] | undefined) => (list ? [...list].sort() : null);
  return JSON.stringify([
    e.from.internet !== undefined ? 'internet' : 'vpce',
    sorted(e.from.vpcs), sorted(e.from.exceptVpcs), sorted(e.from.vpcSourceIps),
    sorted(e.paths), sorted(e.exceptPaths), sorted(e.pathsAlsoMatching), sorted(e.verbs), withNote ? e.note ?? null : null,
  ]);
}

/**
 * Parts of a note that only narrow an entry to some of its caller's requests (the map writes them
 * for principal ARN classes, organizations, CloudFormation branches, values a client sends, principal
 * tags and API keys: see docs/access-map.md). Other parts (who may get a role's credentials, the time
 * a decision was made at) are not read as narrowing.
 */
const NARROWING_NOTE = /^(if |when |anyone who sends |without |with an API key |principal tag |[\w:/-]+ matching )/;

/**
 * Whether the entry `inner` (noted) is within `outer` of the same caller and the same requests but
 * for the note: `outer`'s note parts are all `inner`'s, and what `inner` adds only narrows. So
 * "account 222222222222" contains "account 222222222222, if its ARN matches ...": a map that splits
 * a caller class more finely changes no one's access.
 */
function noteContains(outer: Group, inner: Group): boolean {
  if (outer.caller !== inner.caller || outer.restWithoutNote !== inner.restWithoutNote || outer.rest === inner.rest) return false;
  const parts = (note: string | undefined) => (note === undefined ? [] : note.split('; '));
  const innerParts = parts(inner.proto.note);
  const outerParts = parts(outer.proto.note);
  if (!outerParts.every(p => innerParts.includes(p))) return false;
  return innerParts.filter(p => !outerParts.includes(p)).every(p => NARROWING_NOTE.test(p));
}

/**
 * `group` less what the other side's broader caller classes of the same kind of request cover: the
 * map's classes do not overlap within one map, but two maps may draw them differently (a role listed
 * by ARN on one side falls in `account:<id>` or `any-account` on the other), and on a method that is
 * not AWS_IAM `anonymous` stands for every caller (document.ts).
 *
 * `account:<id>` and `any-account` are conditional ("principals whose own policies allow"): a role
 * gaining a grant was not allowed before just because its account's class was. They cover only
 * losses (`byAccountClasses`), so a broadening is never hidden; `anonymous` covers both ways.
 */
function coveredOut(group: Group | undefined, other: ReadonlyMap<string, Group>, otherAuthorization: string | undefined,
  byAccountClasses: boolean): Group | undefined {
  let left = group;
  for (const candidate of other.values()) {
    if (!left) break;
    if (noteContains(candidate, left)) {
      left = minus(left, candidate);
      continue;
    }
    if (candidate.rest !== left.rest || candidate.caller === left.caller) continue;
    if (candidate.caller !== 'anonymous' && !byAccountClasses) continue;
    if (callerContains(candidate.caller, left.caller, otherAuthorization)) left = minus(left, candidate);
  }
  return left;
}

function callerContains(outer: string, inner: string, authorization: string | undefined): boolean {
  if (outer === 'anonymous') return authorization !== undefined && authorization !== 'AWS_IAM';
  if (outer === 'any-account') return inner.startsWith('account:') || inner.startsWith('org:') || inner.startsWith('arn:');
  const account = /^account:(\d{12})$/.exec(outer);
  return account !== null && new RegExp(`^arn:[^:]+:(iam|sts)::${account[1]}:`).test(inner);
}

/** `a` less `b` (same group key), or undefined when nothing is left. */
function minus(a: Group, b: Group): Group | undefined {
  if (a.addresses && b.addresses) {
    const addresses = subtractAddresses(a.addresses, b.addresses);
    return isEmptyAddressSet(addresses) ? undefined : { ...a, addresses };
  }
  if (a.endpoints && b.endpoints) {
    const endpoints = subtractEndpoints(a.endpoints, b.endpoints);
    return isEmptyEndpointSet(endpoints) ? undefined : { ...a, endpoints };
  }
  return a;
}

/** What `a` and `b` (same group key) share, or undefined. */
function both(a: Group, b: Group): Group | undefined {
  if (a.addresses && b.addresses) {
    const addresses = intersectAddresses(a.addresses, b.addresses);
    return isEmptyAddressSet(addresses) ? undefined : { ...a, addresses };
  }
  if (a.endpoints && b.endpoints) {
    const endpoints = intersectEndpoints(a.endpoints, b.endpoints);
    return isEmptyEndpointSet(endpoints) ? undefined : { ...a, endpoints };
  }
  return undefined;
}

function entryChange(decision: EntryDecision, group: Group, broadening: boolean): EntryChange {
  const p = group.proto;
  const from = group.addresses
    ? { internet: blocksOfAddressSet(group.addresses) }
    : {
      ...endpointFields(group.endpoints!),
      ...(p.from.vpcs ? { vpcs: p.from.vpcs } : {}),
      ...(p.from.exceptVpcs ? { exceptVpcs: p.from.exceptVpcs } : {}),
      ...(p.from.vpcSourceIps ? { vpcSourceIps: p.from.vpcSourceIps } : {}),
    };
  return {
    decision,
    caller: p.caller,
    from,
    ...(p.paths ? { paths: p.paths } : {}),
    ...(p.exceptPaths ? { exceptPaths: p.exceptPaths } : {}),
    ...(p.pathsAlsoMatching ? { pathsAlsoMatching: p.pathsAlsoMatching } : {}),
    ...(p.verbs ? { verbs: p.verbs } : {}),
    ...(p.note !== undefined ? { note: p.note } : {}),
    ...(p.because !== undefined ? { because: p.because } : {}),
    broadening,
  };
}

function sortEntries(entries: EntryChange[]): EntryChange[] {
  const key = (e: EntryChange) => JSON.stringify([e.caller, e.decision, e.from, e.paths ?? null, e.verbs ?? null, e.note ?? null]);
  return entries.sort((a, b) => cmp(key(a), key(b)));
}

function validate(doc: AccessMapDocument, side: string): void {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as any).apis)) {
    throw new AccessMapInputError(`${side}: an access map (formatVersion 2) has an 'apis' array; got ${describe(doc)}`);
  }
  if ((doc as any).formatVersion !== 2) {
    throw new AccessMapInputError(`${side}: formatVersion must be 2 (report --format json, AccessMap.toJson()), not ${JSON.stringify((doc as any).formatVersion)}`);
  }
  doc.apis.forEach((api, i) => {
    for (const field of ['stack', 'logicalId', 'name', 'endpointType'] as const) {
      if (typeof api?.[field] !== 'string') throw new AccessMapInputError(`${side}: apis[${i}].${field} must be a string`);
    }
    if (!Array.isArray(api.methods)) throw new AccessMapInputError(`${side}: apis[${i}].methods must be an array`);
    api.methods.forEach((m, j) => {
      const where = `${side}: apis[${i}].methods[${j}]`;
      for (const field of ['stage', 'httpMethod', 'path', 'authorizationType'] as const) {
        if (typeof m?.[field] !== 'string') throw new AccessMapInputError(`${where}.${field} must be a string`);
      }
      for (const list of ['allowed', 'undecided'] as const) {
        if (!Array.isArray(m[list])) throw new AccessMapInputError(`${where}.${list} must be an array`);
        m[list].forEach((e, k) => {
          if (typeof e?.caller !== 'string') throw new AccessMapInputError(`${where}.${list}[${k}].caller must be a string`);
          const from = e.from as any;
          if (typeof from !== 'object' || from === null || (Array.isArray(from.internet) === Array.isArray(from.vpcEndpoints))) {
            throw new AccessMapInputError(`${where}.${list}[${k}].from must have exactly one of 'internet' and 'vpcEndpoints' (lists)`);
          }
          // Optional fields the comparison reads as text or lists of text: another type would crash it
          // (note.split) or be read as something else (a string of paths as its characters).
          for (const field of ['paths', 'exceptPaths', 'pathsAlsoMatching', 'verbs'] as const) {
            if (!isOptionalTextList((e as any)[field])) throw new AccessMapInputError(`${where}.${list}[${k}].${field} must be a list of strings`);
          }
          for (const field of ['vpcEndpoints', 'exceptVpcEndpoints', 'vpcs', 'exceptVpcs', 'vpcSourceIps'] as const) {
            if (!isOptionalTextList(from[field])) throw new AccessMapInputError(`${where}.${list}[${k}].from.${field} must be a list of strings`);
          }
          for (const field of ['note', 'because'] as const) {
            const value = (e as any)[field];
            if (value !== undefined && value !== null && typeof value !== 'string') {
              throw new AccessMapInputError(`${where}.${list}[${k}].${field} must be a string, not ${describe(value)}`);
            }
          }
          if (from.internet) {
            for (const cidr of from.internet) {
              try {
                addressSetOf([cidr]);
              } catch (err) {
                if (err instanceof NotACidrError) throw new AccessMapInputError(`${where}.${list}[${k}].from.internet: ${err.message}`);
                throw err;
              }
            }
          }
        });
      }
    });
  });
}

function isOptionalTextList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every(v => typeof v === 'string'));
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
