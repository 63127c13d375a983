import * as fc from 'fast-check';
import { wildcardRegExp } from '../../src/constructs/execute-api';
import { aggregateSuffixes, MethodKey, perMethodSuffixes } from '../../src/constructs/grant-aggregation';

const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Values a caller may send in a path parameter: chosen to collide with literal segments. */
const SEGMENT_VALUES = ['a', 'b', 'ab', 'x', 'v4lu3'];
const GREEDY_VALUES = ['a', 'a/b', 'x/ab/b'];

/**
 * Requests as IAM sees them after the stage: `VERB/path`, with concrete values in the path
 * parameters (the caller sends values, API Gateway routes them to the method).
 */
function requestsFor(method: MethodKey): string[] {
  const verbs = method.httpMethod === 'ANY' ? VERBS : [method.httpMethod];
  let paths = [''];
  for (const segment of method.path.split('/').slice(1)) {
    const values = segment.endsWith('+}') ? GREEDY_VALUES : segment.startsWith('{') ? SEGMENT_VALUES : [segment];
    paths = paths.flatMap((p) => values.map((v) => `${p}/${v}`));
  }
  return verbs.flatMap((verb) => paths.map((path) => `${verb}${path}`));
}

const matchesAny = (patterns: string[], request: string) => patterns.some((p) => wildcardRegExp(p).test(request));

describe('aggregateSuffixes', () => {
  test('a lone method keeps its own ARN, with path parameters as *', () => {
    const all = [{ httpMethod: 'GET', path: '/pets/{id}' }, { httpMethod: 'POST', path: '/pets' }];
    expect(aggregateSuffixes([all[0]], all)).toEqual(['GET/pets/*']);
  });

  test('every method of the API becomes one pattern', () => {
    const all = [{ httpMethod: 'GET', path: '/' }, { httpMethod: 'POST', path: '/a' }, { httpMethod: 'ANY', path: '/b/{x}' }];
    expect(aggregateSuffixes(all, all)).toEqual(['*']);
  });

  test('a subtree merges, a sibling sharing its prefix stays out', () => {
    const all = [
      { httpMethod: 'GET', path: '/pets' },
      { httpMethod: 'GET', path: '/pets/{id}' },
      { httpMethod: 'GET', path: '/pets/{id}/toys' },
      { httpMethod: 'GET', path: '/petshop' },
    ];
    const patterns = aggregateSuffixes(all.slice(0, 3), all);
    expect([...patterns].sort()).toEqual(['GET/pets', 'GET/pets/*']);
    expect(matchesAny(patterns, 'GET/petshop')).toBe(false);
  });

  test('an ANY method is only merged with patterns covering every verb', () => {
    const all = [{ httpMethod: 'ANY', path: '/a' }, { httpMethod: 'GET', path: '/b' }, { httpMethod: 'POST', path: '/b' }];
    expect(aggregateSuffixes([all[0], all[1]], all)).toEqual(['*/a', 'GET/b']);
  });

  test('a pattern never reaches another method through a path parameter value', () => {
    // `*/x*` would merge both selected methods, but also matches `GET/b/x/y`, a request to GET /b/{id}/y.
    const all = [{ httpMethod: 'GET', path: '/x' }, { httpMethod: 'POST', path: '/x' }, { httpMethod: 'GET', path: '/b/{id}/y' }];
    const patterns = aggregateSuffixes(all.slice(0, 2), all);
    expect(matchesAny(patterns, 'GET/b/x/y')).toBe(false);
    expect([...patterns].sort()).toEqual(['GET/x', 'POST/x']);
  });

  // Property: for any API and any selection, the merged patterns let through every request the
  // per-method ARNs let through to a selected method, and no request to a method that the
  // per-method ARNs would not let through.
  const segment = fc.constantFrom('a', 'b', 'ab', 'x', '{id}', '{proxy+}');
  const method = fc.record({
    httpMethod: fc.constantFrom('GET', 'POST', 'DELETE', 'ANY'),
    // `{proxy+}` only as the last segment, as API Gateway requires.
    path: fc.array(segment, { minLength: 0, maxLength: 3 })
      .map((segments) => '/' + segments.filter((seg, i) => seg !== '{proxy+}' || i === segments.length - 1).join('/')),
  });
  const api = fc.uniqueArray(method, { minLength: 1, maxLength: 25, selector: (m) => `${m.httpMethod} ${m.path}` })
    .chain((all) => fc.subarray(all, { minLength: 1 }).map((selected) => ({ all, selected })));

  test('never wider than the per-method ARNs, never narrower on the selected methods', () => {
    fc.assert(fc.property(api, ({ all, selected }) => {
      const patterns = aggregateSuffixes(selected, all);
      const baseline = perMethodSuffixes(selected);
      for (const m of selected) {
        for (const request of requestsFor(m)) {
          expect(matchesAny(patterns, request)).toBe(true);
        }
      }
      for (const m of all.filter((candidate) => !selected.includes(candidate))) {
        for (const request of requestsFor(m)) {
          if (matchesAny(patterns, request)) {
            expect(matchesAny(baseline, request)).toBe(true);
          }
        }
      }
      expect(patterns.length).toBeLessThanOrEqual(baseline.length);
    }), { numRuns: 500 });
  });
});
