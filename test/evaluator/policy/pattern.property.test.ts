import * as fc from 'fast-check';
import { compilePattern, WildcardMode } from '../../../src/evaluator/policy/pattern';

// Reference semantics straight from the IAM User Guide: `*` matches any run of characters, `?` exactly
// one ("IAM JSON policy elements: Action"; StringLike in "Condition operators"). Written as the plainest
// recursive definition so it cannot share a bug with the compiled matchers.
function globReference(pattern: string, subject: string): boolean {
  if (pattern === '') {
    return subject === '';
  }
  const [p, rest] = [pattern[0], pattern.slice(1)];
  if (p === '*') {
    for (let k = 0; k <= subject.length; k++) {
      if (globReference(rest, subject.slice(k))) {
        return true;
      }
    }
    return false;
  }
  if (subject === '') {
    return false;
  }
  return (p === '?' || p === subject[0]) && globReference(rest, subject.slice(1));
}

// "Using wildcards in resource ARNs": the six segments are matched separately; a wildcard does not
// cross a colon inside the first five, and the resource part (the sixth) is matched as a whole.
function arnReference(pattern: string, subject: string): boolean {
  const split = (text: string) => {
    const parts = text.split(':');
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const [p, s] = [split(pattern), split(subject)];
  if (s.length !== 6 || p.length !== 6) {
    return false;
  }
  return p.every((segment, i) => globReference(segment, s[i]));
}

const noKeys = new Map<string, string[]>();
const alphabet = fc.constantFrom('a', 'b', '/', ':', '*', '?');
const subjectAlphabet = fc.constantFrom('a', 'b', '/', ':');
const text = (chars: fc.Arbitrary<string>, max: number) => fc.array(chars, { maxLength: max }).map((cs) => cs.join(''));

describe('wildcard matching agrees with the guide\'s definition', () => {
  test('text patterns (Action, StringLike)', () => {
    fc.assert(fc.property(text(alphabet, 8), text(subjectAlphabet, 10), (pattern, subject) => {
      const compiled = compilePattern(pattern, { wildcards: WildcardMode.TEXT, variables: false, field: 'f' });
      expect(compiled.matches(subject, noKeys)).toBe(globReference(pattern, subject));
    }), { numRuns: 3000 });
  });

  test('text patterns also match subjects built to fit them', () => {
    // Random subjects rarely match; fill the pattern's wildcards to get matches too.
    fc.assert(fc.property(text(alphabet, 8), text(subjectAlphabet, 3), (pattern, filler) => {
      const subject = pattern.replace(/\*/g, filler).replace(/\?/g, 'b');
      const compiled = compilePattern(pattern, { wildcards: WildcardMode.TEXT, variables: false, field: 'f' });
      expect(compiled.matches(subject, noKeys)).toBe(true);
      expect(globReference(pattern, subject)).toBe(true);
    }), { numRuns: 1000 });
  });

  test('ARN patterns whose first five segments do not end with *', () => {
    const segment = text(fc.constantFrom('a', 'b', '*', '?'), 3).filter((s) => !s.endsWith('*'));
    const resourcePart = text(fc.constantFrom('a', 'b', '/', ':', '*', '?'), 6);
    const subjectSegment = text(fc.constantFrom('a', 'b'), 3);
    const subjectResource = text(fc.constantFrom('a', 'b', '/', ':'), 6);
    fc.assert(fc.property(
      fc.array(segment, { minLength: 5, maxLength: 5 }), resourcePart,
      fc.array(subjectSegment, { minLength: 5, maxLength: 5 }), subjectResource,
      (segments, resource, subjectSegments, subjectRes) => {
        const pattern = [...segments, resource].join(':');
        const subject = [...subjectSegments, subjectRes].join(':');
        const compiled = compilePattern(pattern, { wildcards: WildcardMode.ARN, variables: false, field: 'f' });
        expect(compiled.matches(subject, noKeys)).toBe(arnReference(pattern, subject));
      }), { numRuns: 3000 });
  });

  test('the fast matchers and the variable matcher agree (a variable resolving to nothing changes nothing)', () => {
    const keys = new Map([['aws:empty', ['']]]);
    fc.assert(fc.property(
      text(alphabet, 8), text(subjectAlphabet, 10), fc.constantFrom(WildcardMode.TEXT, WildcardMode.ARN),
      (pattern, subject, wildcards) => {
        const plain = compilePattern(pattern, { wildcards, variables: true, field: 'f' });
        const withVariable = compilePattern(`\${aws:empty}${pattern}`, { wildcards, variables: true, field: 'f' });
        expect(withVariable.hasVariables).toBe(true);
        expect(plain.matches(subject, keys)).toBe(withVariable.matches(subject, keys));
      }), { numRuns: 3000 });
  });
});

describe('ignoreCase patterns (used by the synth-time checks)', () => {
  test.each([
    ['execute-api:Invoke', 'EXECUTE-API:invoke', true],
    ['execute-api:*', 'Execute-Api:InvalidateCache', true],
    ['Execute-API:Inv?ke', 'execute-api:invoke', true],
    ['execute-api:Invoke', 'execute-api:InvalidateCache', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(compilePattern(pattern, { wildcards: WildcardMode.TEXT, variables: false, ignoreCase: true, field: 'Action' })
      .matches(action, noKeys)).toBe(expected);
  });
});

describe('no catastrophic backtracking', () => {
  // A backtracking regex for this pattern takes minutes on the subject below; the automaton is linear
  // in the subject for a given pattern.
  const api = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5';
  const subject = `${api}/${'a'.repeat(5_000)}`;

  test.each([
    ['a resource pattern with many *', `${api}/*a*a*a*a*a*a*b`, WildcardMode.ARN, {}],
    ['a StringLike value with many *', '*a*a*a*a*a*a*a*b', WildcardMode.TEXT, {}],
    ['a case-insensitive pattern with many *', '*A*A*A*A*A*A*B', WildcardMode.TEXT, { ignoreCase: true }],
  ])('%s', (_name, pattern, wildcards, extra) => {
    const compiled = compilePattern(pattern, { wildcards, variables: false, field: 'f', ...extra });
    const started = Date.now();
    expect(compiled.matches(subject, noKeys)).toBe(false);
    expect(compiled.matches(`${subject}b`, noKeys)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a pattern with a policy variable and many *', () => {
    const compiled = compilePattern(`${api}/*a*a*a*a*a*a*\${aws:username}`, { wildcards: WildcardMode.ARN, variables: true, field: 'f' });
    const keys = new Map([['aws:username', ['b']]]);
    const started = Date.now();
    expect(compiled.matches(subject, keys)).toBe(false);
    expect(compiled.matches(`${subject}b`, keys)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
