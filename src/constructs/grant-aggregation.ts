/**
 * Aggregation of invoke grants: fewer, wider execute-api patterns that never let through a request
 * to a method the per-method ARNs would not let through. This keeps a grant on a large API inside
 * the IAM size quotas (IAM User Guide, "IAM and AWS STS quotas": 10,240 characters of inline
 * policy per role, 6,144 per managed policy) without widening what the grantee can call.
 *
 * The reasoning is on request languages. The requests of a method are `VERB/path` with any value
 * in each path parameter (`{id}`: one or more characters other than `/`; `{proxy+}`: one or more of
 * any character), for every verb of an `ANY` method. An IAM `*` matches any run of characters, `/`
 * included (IAM User Guide, "IAM JSON policy elements: Resource"), so a pattern can reach a method
 * through a parameter value (`*\/x/*` matches `GET/b/x/y` for `GET /b/{id}/y`): a candidate is
 * accepted only when no request of any method outside the grant can match it, except methods whose
 * every request the per-method ARNs already match.
 */
import { arnPath, arnVerb, methodSuffix, wildcardRegExp } from './execute-api';
import { REQUEST_VERBS } from '../evaluator/internal';

/** A method as the aggregation sees it. */
export interface MethodKey {
  /** `GET`, `ANY`, ... */
  readonly httpMethod: string;
  /** The resource path as API Gateway shows it: `/pets/{id}`. */
  readonly path: string;
}

/** One character of a pattern or a request template: a literal, or a class once or repeated. */
type Atom =
  | { readonly kind: 'lit'; readonly char: string }
  | { readonly kind: 'one' | 'many'; readonly slash: boolean };

const ANY_RUN: Atom = { kind: 'many', slash: true };

/** The atoms of an IAM wildcard pattern: `*` any run (slashes too), `?` one character. */
function patternAtoms(pattern: string): Atom[] {
  return pattern.split('').map((char) => char === '*' ? ANY_RUN : char === '?' ? { kind: 'one', slash: true } : { kind: 'lit', char });
}

/** The atoms of a request template, `GET/pets/{id}`: a parameter is one or more characters. */
function templateAtoms(template: string): Atom[] {
  const atoms: Atom[] = [];
  for (const part of template.split(/(\{[^}]*\})/)) {
    if (part.startsWith('{') && part.endsWith('}')) {
      const greedy = part.endsWith('+}'); // {proxy+} spans segments
      atoms.push({ kind: 'one', slash: greedy }, { kind: 'many', slash: greedy });
    } else {
      atoms.push(...part.split('').map((char): Atom => ({ kind: 'lit', char })));
    }
  }
  return atoms;
}

/** Whether two atoms can stand for the same character. */
function overlap(a: Atom, b: Atom): boolean {
  if (a.kind === 'lit' && b.kind === 'lit') {
    return a.char === b.char;
  }
  if (a.kind === 'lit') {
    return b.kind !== 'lit' && (b.slash || a.char !== '/');
  }
  if (b.kind === 'lit') {
    return a.slash || b.char !== '/';
  }
  return true; // two classes share every character but `/`
}

/** Whether some string is in both languages (a memoized walk over both atom lists). */
function intersects(a: readonly Atom[], b: readonly Atom[]): boolean {
  const memo = new Map<number, boolean>();
  const walk = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) {
      return known;
    }
    memo.set(key, false);
    let result = i === a.length && j === b.length;
    if (!result && i < a.length && a[i].kind === 'many') {
      result = walk(i + 1, j); // the run ends here (empty)
    }
    if (!result && j < b.length && b[j].kind === 'many') {
      result = walk(i, j + 1);
    }
    if (!result && i < a.length && j < b.length && overlap(a[i], b[j]) && !(a[i].kind === 'many' && b[j].kind === 'many')) {
      result = walk(a[i].kind === 'many' ? i : i + 1, b[j].kind === 'many' ? j : j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/** A request template per verb: an `ANY` method answers every verb. */
function templates(method: MethodKey): string[] {
  const verb = method.httpMethod.toUpperCase();
  return (verb === 'ANY' ? [...REQUEST_VERBS] : [verb]).map((v) => `${v}${method.path}`);
}

/**
 * Whether the pattern matches every request of the template. Each parameter (greedy or not) becomes
 * one character no pattern contains, a value every parameter accepts, which only a `*` can match;
 * a `*` matches any value, so matching this one request means matching them all (and a pattern
 * that matches them all matches this one).
 */
function coversTemplate(pattern: RegExp, template: string): boolean {
  return pattern.test(template.replace(/\{[^}]*\}/g, '\u0000'));
}

class Languages {
  private readonly regexps = new Map<string, RegExp>();
  private readonly atoms = new Map<string, Atom[]>();

  public covers(pattern: string, method: MethodKey): boolean {
    let re = this.regexps.get(pattern);
    if (!re) {
      re = wildcardRegExp(pattern);
      this.regexps.set(pattern, re);
    }
    return templates(method).every((t) => coversTemplate(re!, t));
  }

  public reaches(pattern: string, method: MethodKey): boolean {
    const patternAtomList = this.atomsOf(`p:${pattern}`, () => patternAtoms(pattern));
    return templates(method).some((t) => intersects(patternAtomList, this.atomsOf(`t:${t}`, () => templateAtoms(t))));
  }

  private atomsOf(key: string, make: () => Atom[]): Atom[] {
    let atoms = this.atoms.get(key);
    if (!atoms) {
      atoms = make();
      this.atoms.set(key, atoms);
    }
    return atoms;
  }
}

/** `/pets/*\/toys` -> ['', '/pets', '/pets/*', '/pets/*\/toys'] */
function pathPrefixes(path: string): string[] {
  const segments = arnPath(path).split('/').filter((s) => s.length > 0);
  const prefixes = [''];
  for (let i = 1; i <= segments.length; i++) {
    prefixes.push('/' + segments.slice(0, i).join('/'));
  }
  return prefixes;
}

/** The `VERB/PATH` suffixes of the per-method ARNs: what a grant means before aggregation. */
export function perMethodSuffixes(selected: readonly MethodKey[]): string[] {
  return [...new Set(selected.map((m) => methodSuffix(m.httpMethod, m.path)))];
}

/**
 * Patterns (`VERB/PATH` suffixes with wildcards) that together match every selected method and
 * nothing the per-method ARNs would not match among `all` (the API's methods). A pattern replaces
 * per-method ARNs only when it replaces at least two; a lone method keeps its own, readable ARN.
 */
export function aggregateSuffixes(selected: readonly MethodKey[], all: readonly MethodKey[]): string[] {
  const languages = new Languages();
  const baseline = perMethodSuffixes(selected);
  const isSelected = new Set(selected.map((m) => `${m.httpMethod.toUpperCase()} ${m.path}`));
  // Methods no pattern may reach: outside the grant, and not already wholly inside a per-method ARN.
  const forbidden = all.filter((m) => !isSelected.has(`${m.httpMethod.toUpperCase()} ${m.path}`)
    && !templates(m).every((t) => baseline.some((b) => coversTemplate(wildcardRegExp(b), t))));

  // What must be covered: each per-method ARN of the grant, through the methods it stands for.
  const wanted = new Map<string, MethodKey[]>();
  for (const method of selected) {
    const suffix = methodSuffix(method.httpMethod, method.path);
    wanted.set(suffix, [...(wanted.get(suffix) ?? []), method]);
  }

  // Most general first: shallow prefixes before deep ones, any verb before one verb.
  const verbs = [...new Set(selected.map((m) => arnVerb(m.httpMethod)))].sort();
  // With one verb, naming it reads better and matches no other verb; with several, `*` may merge them.
  const verbOrder = verbs.length === 1 ? verbs : ['*', ...verbs.filter((v) => v !== '*')];
  const prefixes = [...new Set(selected.flatMap((m) => pathPrefixes(m.path)))]
    .sort((x, y) => x.split('/').length - y.split('/').length || x.localeCompare(y));
  const candidates: string[] = [];
  for (const prefix of prefixes) {
    for (const verb of verbOrder) {
      if (prefix === '') {
        // Every path starts with `/`: `GET/*` is `GET*` without matching invented verbs.
        candidates.push(verb === '*' ? '*' : `${verb}/*`);
      } else {
        // `/pets*` takes `/pets` and everything below it in one pattern; `/pets/*` only what is below.
        candidates.push(`${verb}${prefix}*`, `${verb}${prefix}/*`);
      }
    }
  }

  // A candidate is usable when it replaces two ARNs or more and reaches no forbidden method.
  const usable = [...new Set(candidates)]
    .map((candidate) => ({
      candidate,
      covers: [...wanted.keys()].filter((suffix) => wanted.get(suffix)!.every((m) => languages.covers(candidate, m))),
    }))
    .filter(({ candidate, covers }) => covers.length >= 2 && !forbidden.some((m) => languages.reaches(candidate, m)));

  // Greedy set cover: the pattern that replaces the most remaining ARNs, the most general on ties.
  const uncovered = new Set(wanted.keys());
  const chosen: string[] = [];
  for (;;) {
    let best: { candidate: string; gain: string[] } | undefined;
    for (const { candidate, covers } of usable) {
      const gain = covers.filter((suffix) => uncovered.has(suffix));
      if (!best || gain.length > best.gain.length) {
        best = { candidate, gain };
      }
    }
    if (!best || best.gain.length < 2) {
      break;
    }
    chosen.push(best.candidate);
    best.gain.forEach((suffix) => uncovered.delete(suffix));
  }
  return [...chosen, ...[...wanted.keys()].filter((suffix) => uncovered.has(suffix))];
}
