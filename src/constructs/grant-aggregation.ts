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
 * nothing the per-method ARNs would not match among `all` (the API's methods).
 */
export function aggregateSuffixes(selected: readonly MethodKey[], all: readonly MethodKey[]): string[] {
  const matcher = new PatternMatcher();
  const allowed = reachable(selected, all, matcher);
  const allReps = [...new Set(all.flatMap(representatives))];
  const uncovered = new Set(selected.flatMap(representatives));

  // Most general first: shallow prefixes before deep ones, any verb before one verb.
  const verbs = [...new Set(selected.map((m) => arnVerb(m.httpMethod)))].sort();
  const prefixes = [...new Set(selected.flatMap((m) => pathPrefixes(m.path)))]
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const candidates: string[] = [];
  // With one verb, naming it reads better and matches no other verb; with several, `*` may merge them.
  const verbOrder = verbs.length === 1 ? verbs : ['*', ...verbs.filter((v) => v !== '*')];
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

  const chosen: string[] = [];
  for (const candidate of [...new Set(candidates)]) {
    if (uncovered.size === 0) {
      break;
    }
    const newlyCovered = [...uncovered].filter((rep) => matcher.matches(candidate, rep));
    if (newlyCovered.length === 0) {
      continue;
    }
    if (allReps.some((rep) => !allowed.has(rep) && matcher.matches(candidate, rep))) {
      continue;
    }
    chosen.push(candidate);
    newlyCovered.forEach((rep) => uncovered.delete(rep));
  }
  // Whatever no wider pattern could take keeps its own per-method ARN.
  for (const method of selected) {
    if (representatives(method).some((rep) => uncovered.has(rep))) {
      const own = methodSuffix(method.httpMethod, method.path);
      if (!chosen.includes(own)) {
        chosen.push(own);
      }
      representatives(method).forEach((rep) => uncovered.delete(rep));
    }
  }
  return chosen;
}

/**
 * The methods of `all` that `patterns` match but the per-method ARNs of `selected` do not: empty
 * unless methods were added after the patterns were computed.
 */
export function widenedMethods(patterns: readonly string[], selected: readonly MethodKey[], all: readonly MethodKey[]): MethodKey[] {
  const matcher = new PatternMatcher();
  const allowed = reachable(selected, all, matcher);
  return all.filter((method) => representatives(method)
    .some((rep) => !allowed.has(rep) && patterns.some((p) => matcher.matches(p, rep))));
}
