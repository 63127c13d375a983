/**
 * This library's evaluator against @cloud-copilot/iam-simulate on the same scenario mix, in the
 * same process run: evaluations per second of each and their ratio. Target: this library at least
 * 100 times faster.
 *
 * Only the scenarios iam-simulate can decide are timed (its translation, as in the differential
 * tests: AWS_IAM, resource-policy-only and management calls); both evaluators must agree on each
 * before anything is timed. This library is timed on fresh copies of the scenarios, so its policy
 * cache (kept per document object) does not help it: every call parses and validates everything,
 * as iam-simulate's runSimulation does.
 *
 * AGPL: iam-simulate is a dev dependency used by test/ and bench/ only.
 */
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { BENCH_SCENARIOS } from './evaluator-scenarios';
import { BenchSuite, median, medianRate } from './suite';
import { AccessEvaluator } from '../src';
import { differencesAffecting } from '../test/differential/exclusions';
import { decisionOf, translate } from '../test/differential/to-iam-simulate';

const TARGET_RATIO = 100;

export const iamSimulateSuite: BenchSuite = {
  name: 'iam-simulate',
  description: 'the same scenario mix through this evaluator and @cloud-copilot/iam-simulate, evaluations per second and ratio',
  async run(log) {
    const shared: { scenario: unknown; simulation: Simulation }[] = [];
    for (const { name, scenario } of BENCH_SCENARIOS) {
      const translation = translate(scenario as never);
      if (translation.kind === 'out-of-scope') {
        log(`not in iam-simulate's scope: '${name}' (${translation.rule})`);
        continue;
      }
      const differences = differencesAffecting(scenario as never);
      if (differences.length > 0) {
        log(`known difference, not timed: '${name}' (${differences.map(d => d.id).join(', ')})`);
        continue;
      }
      const theirs = await runSimulation(translation.simulation, {});
      if (theirs.resultType === 'error') {
        log(`iam-simulate cannot run '${name}': ${theirs.errors.message}`);
        continue;
      }
      const ours = AccessEvaluator.evaluate(scenario).decision;
      if (decisionOf(theirs.overallResult) !== ours) {
        throw new Error(`bench scenario '${name}': this library decides ${ours}, iam-simulate ${theirs.overallResult}`);
      }
      shared.push({ scenario, simulation: translation.simulation });
    }
    if (shared.length === 0) throw new Error('no bench scenario is in iam-simulate\'s scope');
    log(`${shared.length} of ${BENCH_SCENARIOS.length} scenarios timed on both (both decide them alike)`);

    // Fresh copies, made before timing, so neither the copy nor the cache is in the measurement.
    const copies = Array.from({ length: 20_000 }, (_, i) => JSON.parse(JSON.stringify(shared[i % shared.length].scenario)));
    let next = 0;
    const ours = medianRate(() => {
      AccessEvaluator.evaluate(copies[next]);
      next = next + 1 === copies.length ? 0 : next + 1;
    }, { warmupMs: 500, runs: 5, runMs: 300 });

    const theirs = await iamSimulateRate(shared.map(s => s.simulation));
    const ratio = ours.perSecond / theirs;
    log(`this library: ${Math.round(ours.perSecond).toLocaleString('en-US')} evaluations/s (fresh documents, no cache)`);
    log(`iam-simulate: ${Math.round(theirs).toLocaleString('en-US')} evaluations/s (runSimulation)`);
    return [
      { name: 'iam-simulate evaluations per second', value: theirs, unit: 'evaluations/s' },
      { name: 'this library / iam-simulate', value: ratio, unit: 'x', target: { value: TARGET_RATIO, better: 'higher' } },
    ];
  },
};

/** runSimulation is async: time sequential awaited calls, median of 5 runs of about 300 ms. */
async function iamSimulateRate(simulations: readonly Simulation[]): Promise<number> {
  let next = 0;
  const once = async () => {
    await runSimulation(simulations[next], {});
    next = next + 1 === simulations.length ? 0 : next + 1;
  };
  const until = async (ms: number) => {
    const start = process.hrtime.bigint();
    let calls = 0;
    while (process.hrtime.bigint() - start < BigInt(ms * 1e6)) {
      await once();
      calls++;
    }
    return calls / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  await until(500);
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) rates.push(await until(300));
  return median(rates);
}
