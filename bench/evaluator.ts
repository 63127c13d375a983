/**
 * Evaluator throughput: evaluations per second of a fixed mix of realistic scenarios through the
 * public AccessEvaluator.evaluate, i.e. with full validation of each scenario, as a synth-time
 * check or a user's tool calls it. Target: 100,000 evaluations per second.
 */
import { BENCH_SCENARIOS } from './evaluator-scenarios';
import { BenchSuite, machineLoad, medianRate } from './suite';
import { AccessEvaluator } from '../src';

const TARGET_PER_SECOND = 100_000;

export const evaluatorSuite: BenchSuite = {
  name: 'evaluator',
  description: `AccessEvaluator.evaluate over ${BENCH_SCENARIOS.length} realistic scenarios (full validation per call)`,
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
    return [{ name: 'evaluations per second (median of runs)', value: perSecond, unit: 'evaluations/s', target: { value: TARGET_PER_SECOND, better: 'higher' } }];
  },
};
