import * as fs from 'fs';
import * as path from 'path';
import { AccessEvaluator } from '../../src';
import { EXAMPLE_SCENARIO_FILES } from './fixtures/example-scenarios';

// Each fixture carries the decision AWS makes in `expected` (see fixtures/scenarios/README.md):
// the five examples published with the scenario format and the project's own, one per rule of the scenario format.
const dir = path.join(__dirname, 'fixtures', 'scenarios');
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();

test('the five example scenarios of the format are among the fixtures', () => {
  expect(files).toEqual(expect.arrayContaining([...EXAMPLE_SCENARIO_FILES]));
});

describe.each(files)('%s', file => {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const scenario = JSON.parse(text);

  test(`gives its expected decision (${scenario.expected})`, () => {
    const result = AccessEvaluator.evaluateJson(text);
    expect(scenario.expected).toBeDefined();
    if (scenario.expected === 'DENY') {
      expect(result.decision).not.toBe('ALLOW');
    } else {
      expect(result.decision).toBe(scenario.expected);
    }
    expect(result.matchesExpected).toBe(true);
    expect(result.reasons.length).toBeGreaterThan(0);
  });
});
