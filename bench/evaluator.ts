/**
 * Evaluator throughput: evaluations per second of a fixed mix of realistic scenarios through the
 * public AccessEvaluator.evaluate, as a synth-time check or a user's tool calls it: each call reads
 * and validates its scenario in full (policy documents, the same objects in every call as in the
 * checks, are compiled once). Target: 100,000 evaluations per second. For comparison it also prints
 * the cold path, evaluateJson, where every call also parses the JSON and finds its policies by content.
 */
import { BENCH_SCENARIOS } from './evaluator-scenarios';
import { BenchSuite, machineLoad, medianRate } from './suite';
import { AccessEvaluator } from '../src';

const TARGET_PER_SECOND = 100_000;

export const evaluatorSuite: BenchSuite = {
  name: 'evaluator',
  description: `AccessEvaluator.evaluate over ${BENCH_SCENARIOS.length} realistic scenarios (each call validates its scenario in full)`,
  run(log) {
    // A fast wrong answer is worth nothing: check every decision before measuring.
    for (const { name, scenario, expected } of BENCH_SCENARIOS) {
      const { decision } = AccessEvaluator.evaluate(scenario);
      if (decision !== expected) {
        throw new Error(`bench scenario '${name}' decided ${decision}, expected ${expected}`);
      }
    }
    log(`${BENCH_SCENARIOS.length} scenarios decided as expected`);

    const scenarios = BENCH_SCENARIOS.map(s => s.scenario);
    let next = 0;
    log(`machine: ${machineLoad()}`);
    const { perSecond, runs, perCpuSecond } = medianRate(() => {
      AccessEvaluator.evaluate(scenarios[next]);
      next = next + 1 === scenarios.length ? 0 : next + 1;
    });
    log(`runs (evaluations/s): ${runs.map(r => Math.round(r).toLocaleString('en-US')).join(', ')}`);
    log(`per second of this process's CPU time (median): ${Math.round(perCpuSecond).toLocaleString('en-US')}`);

    // The cold path for comparison: JSON text, so every call validates a fresh scenario in full
    // (the policy layer still recognises policy documents by content).
    const texts = BENCH_SCENARIOS.map(s => JSON.stringify(s.scenario));
    let nextText = 0;
    const cold = medianRate(() => {
      AccessEvaluator.evaluateJson(texts[nextText]);
      nextText = nextText + 1 === texts.length ? 0 : nextText + 1;
    }, { warmupMs: 500, runs: 5, runMs: 300 });
    log(`evaluateJson (fresh objects, full validation each call): ${Math.round(cold.perSecond).toLocaleString('en-US')} evaluations/s`);
    return [{ name: 'evaluations per second (median of runs)', value: perSecond, unit: 'evaluations/s', target: { value: TARGET_PER_SECOND, better: 'higher' } }];
  },
};
