/**
 * From decided cells back to compact answers: the cells of one caller with the same answer are
 * grouped by origin, verbs and paths, and each group is written as few entries as say it exactly.
 */
import { AccessMapEntry, AccessMapOrigin, AccessMapUndecidedEntry } from './document';
import { Origin, originsToFroms } from './origins';

export type Outcome =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny' }
  | { readonly kind: 'undecided'; readonly because: string };

export interface CellResult {
  readonly verbGroup: number;
  readonly path: number;
  readonly origin: number;
  readonly outcome: Outcome;
}

/** A class of the method's paths: which of the distinguishing patterns its paths match. */
export interface PathClass {
  readonly matched: readonly boolean[];
  readonly representative: string;
}

/** The method's request space, as the cells index it. */
export interface MethodSpace {
  readonly verbGroups: readonly (readonly string[])[];
  readonly pathClasses: readonly PathClass[];
  /** The distinguishing path patterns, as people read them (e.g. `/files/public/*`). */
  readonly pathLabels: readonly string[];
  readonly origins: readonly Origin[];
}

interface PathDescription {
  readonly paths?: string[];
  readonly exceptPaths?: string[];
  readonly pathsAlsoMatching?: string[];
}

/** The entries of one caller (under one note) from its cells. */
export function entriesOf(caller: string, note: string | undefined, cells: readonly CellResult[], space: MethodSpace):
{ allowed: AccessMapEntry[]; undecided: AccessMapUndecidedEntry[] } {
  const allowed: AccessMapEntry[] = [];
  const undecided: AccessMapUndecidedEntry[] = [];
  const byOutcome = new Map<string, CellResult[]>();
  for (const cell of cells) {
    if (cell.outcome.kind === 'deny') continue;
    const k = cell.outcome.kind === 'allow' ? '' : `?${cell.outcome.because}`;
    let list = byOutcome.get(k);
    if (!list) byOutcome.set(k, list = []);
    list.push(cell);
  }
  for (const [k, list] of byOutcome) {
    for (const e of group(caller, note, list, space)) {
      if (k === '') allowed.push(e);
      else undecided.push({ ...e, because: k.slice(1) });
    }
  }
  return { allowed, undecided };
}

function group(caller: string, note: string | undefined, cells: readonly CellResult[], space: MethodSpace): AccessMapEntry[] {
  // path -> verb group -> origins
  const byPath = new Map<number, Map<number, number[]>>();
  for (const c of cells) {
    let v = byPath.get(c.path);
    if (!v) byPath.set(c.path, v = new Map());
    let o = v.get(c.verbGroup);
    if (!o) v.set(c.verbGroup, o = []);
    o.push(c.origin);
  }
  // (origins, verbs) -> paths
  const byOriginsVerbs = new Map<string, { origins: number[]; verbGroups: number[]; paths: number[] }>();
  for (const [path, verbs] of byPath) {
    const byOrigins = new Map<string, { origins: number[]; verbGroups: number[] }>();
    for (const [verbGroup, origins] of verbs) {
      const sorted = [...new Set(origins)].sort((a, b) => a - b);
      const k = sorted.join(',');
      let g = byOrigins.get(k);
      if (!g) byOrigins.set(k, g = { origins: sorted, verbGroups: [] });
      g.verbGroups.push(verbGroup);
    }
    for (const [ok, g] of byOrigins) {
      const vk = `${ok}|${[...g.verbGroups].sort((a, b) => a - b).join(',')}`;
      let e = byOriginsVerbs.get(vk);
      if (!e) byOriginsVerbs.set(vk, e = { origins: g.origins, verbGroups: g.verbGroups, paths: [] });
      e.paths.push(path);
    }
  }
  const out: AccessMapEntry[] = [];
  const allVerbs = space.verbGroups.flat();
  for (const g of byOriginsVerbs.values()) {
    const verbs = g.verbGroups.flatMap(i => space.verbGroups[i]);
    const verbsField = verbs.length < allVerbs.length ? sortVerbs(verbs) : undefined;
    for (const paths of describePaths(new Set(g.paths), space)) {
      for (const from of originsToFroms(space.origins, g.origins)) {
        out.push(entry(caller, from, paths, verbsField, note));
      }
    }
  }
  return out;
}

const VERB_ORDER = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

function sortVerbs(verbs: readonly string[]): string[] {
  return [...new Set(verbs)].sort((a, b) => VERB_ORDER.indexOf(a) - VERB_ORDER.indexOf(b));
}

function entry(caller: string, from: AccessMapOrigin, paths: PathDescription, verbs: string[] | undefined, note: string | undefined):
AccessMapEntry {
  return {
    caller,
    from,
    ...(paths.paths ? { paths: paths.paths } : {}),
    ...(paths.exceptPaths ? { exceptPaths: paths.exceptPaths } : {}),
    ...(paths.pathsAlsoMatching ? { pathsAlsoMatching: paths.pathsAlsoMatching } : {}),
    ...(verbs ? { verbs } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * A set of path classes as path patterns: all of the method's (no field), the classes of some
 * patterns, all but those of some patterns, or both; else one description per class.
 */
function describePaths(set: ReadonlySet<number>, space: MethodSpace): PathDescription[] {
  const total = space.pathClasses.length;
  if (set.size === total) return [{}];
  const n = space.pathLabels.length;
  const classesOf = (i: number) => space.pathClasses.map((c, j) => (c.matched[i] ? j : -1)).filter(j => j >= 0);
  const union = (ids: number[]) => new Set(ids.flatMap(classesOf));
  const equals = (a: ReadonlySet<number>, b: ReadonlySet<number>) => a.size === b.size && [...a].every(x => b.has(x));
  // The labels of the patterns, without those whose classes the others already cover.
  const labels = (ids: number[]) => {
    const kept = new Set(ids);
    for (const i of [...ids].sort((a, b) => space.pathLabels[b].length - space.pathLabels[a].length || b - a)) {
      const others = [...kept].filter(j => j !== i);
      if (others.length > 0 && classesOf(i).every(c => others.some(j => space.pathClasses[c].matched[j]))) kept.delete(i);
    }
    return [...new Set([...kept].map(i => space.pathLabels[i]))].sort();
  };
  const all = [...Array(n).keys()];
  const inside = all.filter(i => classesOf(i).length > 0 && classesOf(i).every(j => set.has(j)));
  if (inside.length > 0 && equals(union(inside), set)) return [{ paths: labels(inside) }];
  const outside = all.filter(i => classesOf(i).length > 0 && classesOf(i).every(j => !set.has(j)));
  const remainder = (ids: number[]) => {
    const removed = union(ids);
    return new Set([...Array(total).keys()].filter(j => !removed.has(j)));
  };
  if (outside.length > 0 && equals(remainder(outside), set)) return [{ exceptPaths: labels(outside) }];
  const touching = all.filter(i => classesOf(i).some(j => set.has(j)));
  const both = new Set([...union(touching)].filter(j => !union(outside).has(j)));
  if (touching.length > 0 && equals(both, set)) return [{ paths: labels(touching), exceptPaths: labels(outside) }];
  // One description per class: every pattern it matches, none it does not.
  return [...set].sort((a, b) => a - b).map(j => {
    const c = space.pathClasses[j];
    const matched = all.filter(i => c.matched[i]);
    const unmatched = all.filter(i => !c.matched[i]);
    const say = (ids: number[]) => [...new Set(ids.map(i => space.pathLabels[i]))].sort();
    return {
      ...(matched.length > 0 ? { paths: say([matched[0]]) } : {}),
      ...(matched.length > 1 ? { pathsAlsoMatching: say(matched.slice(1)) } : {}),
      ...(unmatched.length > 0 ? { exceptPaths: labels(unmatched) } : {}),
    };
  });
}
