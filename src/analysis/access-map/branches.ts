/**
 * One map for every way a stack's CloudFormation conditions can go. Each branch (a model and its
 * `condition`) is mapped on its own; the maps are then merged so that access allowed, or undecided,
 * in ANY branch is in the map: what every branch says stays as it is, what only some say is noted
 * `when <condition>` (an open API is never reported closed because one branch closes it).
 */
import { AccessMapApi, AccessMapEntry, AccessMapMethod, AccessMapUndecidedEntry } from './document';

/** The APIs one branch maps, and the condition that says when the branch is the deployed one. */
export interface BranchMap {
  readonly condition: string;
  readonly apis: readonly AccessMapApi[];
}

/** The APIs of all branches of one stack, merged. */
export function mergeBranches(branches: readonly BranchMap[]): AccessMapApi[] {
  if (branches.length === 1) return [...branches[0].apis];
  const all = branches.map(b => b.condition);
  // An API whose name or endpoint type differs between branches is a different API to its callers.
  const apis = new Keyed<{ api: AccessMapApi; methods: Keyed<Array<{ condition: string; method: AccessMapMethod }>> }>();
  for (const { condition, apis: list } of branches) {
    for (const api of list) {
      const entry = apis.get(`${api.stack}\n${api.logicalId}\n${api.name}\n${api.endpointType}`, () => ({ api, methods: new Keyed() }));
      for (const method of api.methods) {
        entry.methods.get(`${method.stage}\n${method.httpMethod}\n${method.path}\n${method.authorizationType}`, () => []).push({ condition, method });
      }
    }
  }
  return apis.values().map(({ api, methods }) => ({
    ...api,
    methods: methods.values().map(inBranches => mergeMethod(inBranches, all)).sort(compareMethods),
  }));
}

function mergeMethod(inBranches: ReadonlyArray<{ condition: string; method: AccessMapMethod }>, all: readonly string[]): AccessMapMethod {
  const first = inBranches[0].method;
  const callerLists = inBranches.map(b => b.method.callers).filter((c): c is readonly string[] => c !== undefined);
  const callers = callerLists.length > 0 ? [...new Set(callerLists.flat())].sort() : undefined;
  const merge = <T extends AccessMapEntry>(of: (m: AccessMapMethod) => readonly T[]): T[] => {
    const entries = new Keyed<{ entry: T; conditions: string[] }>();
    for (const { condition, method } of inBranches) {
      for (const entry of [...of(method), ...standIns(of(method), method.callers, callers)]) {
        const conditions = entries.get(canonical(entry), () => ({ entry, conditions: [] })).conditions;
        if (!conditions.includes(condition)) conditions.push(condition);
      }
    }
    const merged = entries.values().map(({ entry, conditions }) => (conditions.length === all.length ? entry : {
      ...entry,
      note: [entry.note, `when ${all.filter(c => conditions.includes(c)).join(', or when ')}`].filter(n => n !== undefined).join('; '),
    }));
    return sortEntries(merged);
  };
  return {
    stage: first.stage,
    httpMethod: first.httpMethod,
    path: first.path,
    authorizationType: first.authorizationType,
    ...(callers ? { callers } : {}),
    allowed: merge(m => m.allowed),
    undecided: merge<AccessMapUndecidedEntry>(m => m.undecided),
  };
}

/**
 * The entries, in one branch, of the caller classes other branches list and this one does not. A
 * class a branch does not list is part of a wider class there (a principal ARN of its account's
 * class, else of `any-account`; an account of `any-account`: see `callers` in document.ts), so its
 * requests get that class's answers: those entries, said for it. Without them the merged map would
 * list the class and answer for it only from the branches that name it, and report it closed where
 * the others let it in.
 */
function standIns<T extends AccessMapEntry>(entries: readonly T[], listed: readonly string[] | undefined, all: readonly string[] | undefined): T[] {
  if (listed === undefined || all === undefined) return [];
  const has = new Set(listed);
  const out: T[] = [];
  for (const caller of all) {
    if (has.has(caller)) continue;
    const account = caller.startsWith('arn:') ? /^arn:[^:]+:[^:]+::(\d{12}):/.exec(caller)?.[1] : undefined;
    const wider = account !== undefined && has.has(`account:${account}`) ? `account:${account}`
      : caller.startsWith('arn:') || caller.startsWith('account:') ? 'any-account' : undefined;
    if (wider === undefined || !has.has(wider)) continue;
    for (const entry of entries) {
      // `org:<id>` entries narrow `any-account` to the accounts of one organization.
      const org = wider === 'any-account' && entry.caller.startsWith('org:') ? entry.caller.slice('org:'.length) : undefined;
      if (entry.caller !== wider && org === undefined) continue;
      const note = [entry.note, org !== undefined ? `if its account is in organization ${org}` : undefined].filter(n => n !== undefined).join('; ');
      out.push({ ...entry, caller, ...(note !== '' ? { note } : {}) });
    }
  }
  return out;
}

/** Insertion-ordered map from a key to a value made on first use. */
class Keyed<V> {
  private readonly map = new Map<string, V>();
  public get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) this.map.set(key, value = make());
    return value;
  }
  public values(): V[] {
    return [...this.map.values()];
  }
}

/** JSON with sorted keys: equal entries give equal text whatever order their fields were set in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => compare(a, b));
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMethods(a: AccessMapMethod, b: AccessMapMethod): number {
  return compare(a.path, b.path) || compare(a.httpMethod, b.httpMethod) || compare(a.stage, b.stage)
    || compare(a.authorizationType, b.authorizationType);
}

/** Entries in a stable order: by caller, then by the rest of the entry. */
function sortEntries<T extends AccessMapEntry>(entries: T[]): T[] {
  const keyed = entries.map(e => ({ e, k: canonical(e) }));
  keyed.sort((a, b) => compare(a.e.caller, b.e.caller) || compare(a.k, b.k));
  return keyed.map(x => x.e);
}
