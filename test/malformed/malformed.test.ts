/**
 * Malformed input never crashes the evaluator or the CLI and never yields a decision: random
 * invalidating mutations of valid scenarios (wrong types, unknown fields, missing required fields,
 * bad ARNs, CIDRs and addresses, unknown operators), damaged JSON text and huge inputs each get the
 * format's error: an InvalidInputError naming the field, and from the CLI exit status 2 with the
 * field on standard error and no stack trace.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { mutation, related } from './mutations';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { AccessEvaluator } from '../../src/evaluator/access-evaluator';
import { InvalidInputError } from '../../src/evaluator/errors';
import { captureIo } from '../cli/capture';
import { everyFlowScenario } from '../differential/arbitraries';
import { ours } from '../differential/oracle';
import { exampleScenarios } from '../evaluator/fixtures/example-scenarios';

const SEED = 7_2026;

/** Valid scenarios to mutate: generated ones the evaluator accepts, and the format's published examples. */
const validScenario: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 9, arbitrary: everyFlowScenario().filter(s => ours(s).kind === 'decision') },
  { weight: 1, arbitrary: fc.constantFrom(...exampleScenarios()) },
);

const STACK_TRACE = /\n\s+at .+[:(]\d+:\d+\)?/;

test('every invalidating mutation is refused with an InvalidInputError about the mutated field', () => {
  const kinds = new Map<string, number>();
  fc.assert(fc.property(mutation(validScenario), m => {
    const answer = ours(m.scenario);
    if (answer.kind !== 'invalid') {
      throw new Error(`${m.kind} at ${m.field} was not refused: ${JSON.stringify(answer)}`);
    }
    if (!related(answer.field, m.field)) {
      throw new Error(`${m.kind} at ${m.field}, but the error names ${answer.field}: ${answer.message}`);
    }
    const family = ['wrong type', 'unknown field', 'missing', 'bad value', 'unknown condition operator'].find(f => m.kind.startsWith(f))!;
    kinds.set(family, (kinds.get(family) ?? 0) + 1);
  }), { numRuns: 3_000, seed: SEED });
  // Every family of mutation was exercised.
  expect([...kinds.keys()].sort()).toEqual(['bad value', 'missing', 'unknown condition operator', 'unknown field', 'wrong type']);
});

test('the CLI answers every invalid scenario with exit 2, the field on stderr, no stack trace and nothing on stdout', () => {
  fc.assert(fc.property(mutation(validScenario), m => {
    const io = captureIo(JSON.stringify(m.scenario));
    const code = runCli(['evaluate', '-'], io);
    expect(code).toBe(ExitCode.INVALID);
    expect(io.stdout).toBe('');
    expect(io.stderr).not.toMatch(STACK_TRACE);
    const answer = ours(m.scenario);
    if (answer.kind === 'invalid') expect(io.stderr).toContain(answer.field);
  }), { numRuns: 300, seed: SEED });
});

test('damaged JSON text never crashes the CLI: exit 0, 1 or 2, and a decision only for JSON that is a valid scenario', () => {
  const damaged = fc.tuple(validScenario, fc.nat(), fc.constantFrom('truncate', 'insert', 'delete'), fc.constantFrom('{', '}', '"', ',', ':', '[', '\\', '\u0000', 'x'))
    .map(([scenario, at, how, char]) => {
      const text = JSON.stringify(scenario, undefined, 2);
      const i = at % text.length;
      return how === 'truncate' ? text.slice(0, i) : how === 'insert' ? text.slice(0, i) + char + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
    });
  fc.assert(fc.property(damaged, text => {
    const io = captureIo(text);
    const code = runCli(['evaluate', '-'], io);
    expect([ExitCode.OK, ExitCode.MISMATCH, ExitCode.INVALID]).toContain(code);
    expect(io.stderr).not.toMatch(STACK_TRACE);
    if (code === ExitCode.INVALID) {
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(/invalid|cannot|JSON|line|column/i);
    } else {
      // It decided: the text must then have been a scenario the evaluator accepts as is.
      expect(ours(JSON.parse(text)).kind).toBe('decision');
      expect(JSON.parse(io.stdout).decision).toMatch(/^(ALLOW|IMPLICIT_DENY|EXPLICIT_DENY)$/);
    }
  }), { numRuns: 500, seed: SEED });
});

test('malformed JSON gets an InvalidInputError from evaluateJson, never another exception', () => {
  for (const text of ['', '{', '{"api": }', '[1, 2', 'null', '42', '"scenario"', '{"api": {"id": "a"},}', '\u0000']) {
    expect(() => AccessEvaluator.evaluateJson(text)).toThrow(InvalidInputError);
  }
});

describe('huge inputs are refused or decided, quickly, without a crash', () => {
  const base = (): any => ({
    api: {
      id: 'a1b2c3d4e5',
      account: '111111111111',
      region: 'us-east-1',
      methods: [{ httpMethod: 'GET', path: '/pets', authorizationType: 'AWS_IAM' }],
    },
    caller: {
      principal: 'arn:aws:iam::111111111111:user/alice',
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }],
    },
    request: { stage: 'prod', httpMethod: 'GET', path: '/pets' },
  });

  const cases: Record<string, () => unknown> = {
    'a 5 MB description': () => ({ ...base(), description: 'x'.repeat(5_000_000) }),
    'an identity policy of 20,000 statements (over IAM\'s policy size limits)': () => {
      const s = base();
      s.caller.identityPolicies[0].Statement = Array.from({ length: 20_000 }, () => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }));
      return s;
    },
    'a 1 MB resource ARN': () => {
      const s = base();
      s.caller.identityPolicies[0].Statement[0].Resource = `arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/${'a/'.repeat(500_000)}`;
      return s;
    },
    // REGRESSION deep nesting: src/evaluator/policy/compile.ts built its cache key with
    // JSON.stringify(document) before validating, which overflowed the stack (RangeError); fixed in 96aa1e3.
    'REGRESSION deep nesting: a condition value nested 5,000 levels deep': () => {
      let deep: unknown = '10.0.0.0/8';
      for (let i = 0; i < 5_000; i++) deep = [deep];
      const s = base();
      s.caller.identityPolicies[0].Statement[0].Condition = { IpAddress: { 'aws:SourceIp': deep } };
      return s;
    },
    '10,000 methods': () => {
      const s = base();
      s.api.methods = Array.from({ length: 10_000 }, (_, i) => ({ httpMethod: 'GET', path: `/p${i}`, authorizationType: 'AWS_IAM' }));
      return s;
    },
  };

  /** JSON text of a scenario whose `marker` string is replaced by `depth` nested arrays (JSON.stringify would overflow). */
  const deepText = (scenario: unknown, marker: string, depth: number) =>
    JSON.stringify(scenario).replace(JSON.stringify(marker), `${'['.repeat(depth)}"x"${']'.repeat(depth)}`);

  test('REGRESSION deep nesting: JSON text nested 100,000 levels deep (in an unknown field and in a condition value) is refused, not a RangeError', () => {
    const inUnknown = deepText({ ...base(), deep: 'DEEP' }, 'DEEP', 100_000);
    const inCondition = base();
    inCondition.caller.identityPolicies[0].Statement[0].Condition = { IpAddress: { 'aws:SourceIp': 'DEEP' } };
    for (const text of [inUnknown, deepText(inCondition, 'DEEP', 100_000)]) {
      const io = captureIo(text);
      expect(runCli(['evaluate', '-'], io)).toBe(ExitCode.INVALID);
      expect(io.stderr).not.toMatch(STACK_TRACE);
    }
  });

  for (const [name, build] of Object.entries(cases)) {
    test(name, () => {
      const scenario = build();
      const started = Date.now();
      const answer = ours(scenario);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(['decision', 'invalid']).toContain(answer.kind);
      let text: string;
      try {
        text = JSON.stringify(scenario);
      } catch {
        return; // too deep for JSON.stringify itself: the JSON-text test above covers the CLI
      }
      const io = captureIo(text);
      const code = runCli(['evaluate', '-'], io);
      expect(io.stderr).not.toMatch(STACK_TRACE);
      expect(code).toBe(answer.kind === 'invalid' ? ExitCode.INVALID : ExitCode.OK);
    });
  }
});

test('a folder of scenarios with invalid ones: every file gets its line, exit 2, no stack trace', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'malformed-'));
  try {
    const samples = fc.sample(mutation(validScenario), { numRuns: 20, seed: SEED });
    samples.forEach((m, i) => fs.writeFileSync(path.join(dir, `bad-${String(i).padStart(2, '0')}.json`), JSON.stringify(m.scenario)));
    fs.writeFileSync(path.join(dir, 'not-json.json'), '{"api": ');
    const io = captureIo('');
    expect(runCli(['evaluate', dir], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).not.toMatch(STACK_TRACE);
    expect(io.stdout).not.toMatch(/^PASS|^FAIL/m);
    expect(io.stdout.match(/^ERROR/gm)).toHaveLength(samples.length + 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
