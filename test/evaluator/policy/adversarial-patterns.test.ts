import { compile, request } from './helpers';
import { evaluatePolicy } from '../../../src/evaluator/policy/evaluate';
import { PolicyKind } from '../../../src/evaluator/policy/model';
import { compilePattern, WildcardMode } from '../../../src/evaluator/policy/pattern';

// Issue 10: a 4 KB Resource pattern of many `*` against a 1 MB request path took 63 s (an automaton
// advancing every live pattern position for every subject character). Matching must stay about
// linear in the subject whatever the pattern. These tests run such cases; they assert the answers
// only: if the matcher regressed they would exceed jest's 5 s timeout (speed itself is measured by
// the bench task, never by timed tests).

const MB = 1_000_000;
const API = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5';
const text = (pattern: string) => compilePattern(pattern, { wildcards: WildcardMode.TEXT, variables: false, field: 'f' });
const arn = (pattern: string) => compilePattern(pattern, { wildcards: WildcardMode.ARN, variables: false, field: 'f' });
const NO_KEYS = new Map<string, readonly string[]>();

describe('a 4 KB pattern against a 1 MB subject', () => {
  // The subject ends in `b` so that a pattern ending in `b` gets past the cheap first/last-character
  // checks and reaches the matcher.
  const subject = `${'a'.repeat(MB)}b`;
  const stars = '*a'.repeat(2048); // 4 KB, 2048 stars

  test.each([
    ['many stars, no match (the reported case)', `${stars}*c*b`, false],
    ['many stars, a match', `${stars}*b`, true],
    ['many stars, a final star', `${stars}*`, true],
  ])('%s', (_name, pattern, expected) => {
    expect(text(pattern).matches(subject, NO_KEYS)).toBe(expected);
    expect(arn(`${API}/prod/GET/${pattern}`).matches(`${API}/prod/GET/${subject}`, NO_KEYS)).toBe(expected);
  });

  test('pieces of many ? between stars', () => {
    const pattern = `*${'a?'.repeat(1024)}b*${'a?'.repeat(1024)}c*`;
    expect(text(pattern).matches(`${subject}c`, NO_KEYS)).toBe(false);
    expect(text(pattern).matches(`${subject}${subject}c`, NO_KEYS)).toBe(true);
  });

  test('a resource-policy statement with such a pattern, evaluated against a 1 MB request path', () => {
    const policy = compile({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/prod/GET/${stars}*c*b` }],
    }, PolicyKind.RESOURCE);
    expect(evaluatePolicy(policy, request({ resource: `${API}/prod/GET/${subject}` })).allows).toHaveLength(0);
  });
});
