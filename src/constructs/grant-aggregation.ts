/**
 * Aggregation of invoke grants: fewer, wider execute-api patterns that match exactly the methods
 * the per-method ARNs would match, never more. This keeps a grant on a large API inside the IAM
 * size quotas (IAM User Guide, "IAM and AWS STS quotas": 10,240 characters of inline policy per
 * role, 6,144 per managed policy) without widening what the grantee can call.
 *
 * Methods are compared through representatives: `VERB/path` with path parameters kept as their
 * literal `{name}` segment (a stand-in for any value the caller sends) and `ANY` expanded to
 * every request verb. A candidate pattern is accepted only when every representative it matches is
 * already matched by one of the per-method ARNs of the grant.
 */
import { arnPath, arnVerb, methodSuffix, REQUEST_VERBS, wildcardRegExp } from './execute-api';

/** A method as the aggregation sees it. */
export interface MethodKey {
  /** `GET`, `ANY`, ... */
  readonly httpMethod: string;
  /** The resource path as API Gateway shows it: `/pets/{id}`. */
  readonly path: string;
}

function representatives(method: MethodKey): string[] {
  const verb = method.httpMethod.toUpperCase();
  const verbs = verb === 'ANY' ? REQUEST_VERBS : [verb];
  return verbs.map((v) => `${v}${method.path}`);
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

class PatternMatcher {
  private readonly cache = new Map<string, RegExp>();

  public matches(pattern: string, text: string): boolean {
    let re = this.cache.get(pattern);
    if (!re) {
      re = wildcardRegExp(pattern);
      this.cache.set(pattern, re);
    }
    return re.test(text);
  }
}

/** The `VERB/PATH` suffixes of the per-method ARNs: what a grant means before aggregation. */
export function perMethodSuffixes(selected: readonly MethodKey[]): string[] {
  return [...new Set(selected.map((m) => methodSuffix(m.httpMethod, m.path)))];
}

/**
 * The representatives of `all` that the per-method ARNs of `selected` match: the most the
 * aggregated patterns may match.
 */
function reachable(selected: readonly MethodKey[], all: readonly MethodKey[], matcher: PatternMatcher): Set<string> {
  const baseline = perMethodSuffixes(selected);
  const result = new Set<string>();
  for (const method of all) {
    for (const rep of representatives(method)) {
      if (baseline.some((p) => matcher.matches(p, rep))) {
        result.add(rep);
      }
    }
  }
  return result;
}

/**
 * Patterns (`VERB/PATH` suffixes with wildcards) that together match every selected method and
 * nothing the per-method ARNs would not match among `all` (the API's methods). A pattern replaces
 * per-method ARNs only when it replaces at least two; a lone method keeps its own, readable ARN.
 */
export function aggregateSuffixes(selected: readonly MethodKey[], all: readonly MethodKey[]): string[] {
  const matcher = new PatternMatcher();
  const allowed = reachable(selected, all, matcher);
  const allReps = [...new Set(all.flatMap(representatives))];
  const outside = allReps.filter((rep) => !allowed.has(rep));

  // What must be covered: each per-method ARN of the grant, through its methods' representatives.
  const wanted = new Map<string, string[]>();
  for (const method of selected) {
    const suffix = methodSuffix(method.httpMethod, method.path);
    wanted.set(suffix, [...(wanted.get(suffix) ?? []), ...representatives(method)]);
  }

  // Most general first: shallow prefixes before deep ones, any verb before one verb.
  const verbs = [...new Set(selected.map((m) => arnVerb(m.httpMethod)))].sort();
  // With one verb, naming it reads better and matches no other verb; with several, `*` may merge them.
  const verbOrder = verbs.length === 1 ? verbs : ['*', ...verbs.filter((v) => v !== '*')];
  const prefixes = [...new Set(selected.flatMap((m) => pathPrefixes(m.path)))]
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
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

  // A candidate is usable when it matches nothing outside what the per-method ARNs match.
  const usable = [...new Set(candidates)]
    .filter((candidate) => !outside.some((rep) => matcher.matches(candidate, rep)))
    .map((candidate) => ({
      candidate,
      covers: [...wanted.keys()].filter((suffix) => wanted.get(suffix)!.every((rep) => matcher.matches(candidate, rep))),
    }));

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
