/**
 * This library's evaluator against @cloud-copilot/iam-simulate on the same scenario mix, in the
 * same process run: evaluations per second of each and their ratio. Target: this library at least
 * 100 times faster.
 *
 * Only the scenarios iam-simulate can decide are timed (its translation, as in the differential
 * tests: AWS_IAM, resource-policy-only and management calls); both evaluators must agree on each
 * one no known difference touches before anything is timed. The target ratio is for each library
 * called as it is used (the same scenario objects); the ratio on fresh documents, where this
 * library's per-object policy cache cannot help, is printed beside it.
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
    const timed: { scenario: (typeof BENCH_SCENARIOS)[number]['scenario']; simulation: Simulation }[] = [];
    let compared = 0;
    for (const { name, scenario } of BENCH_SCENARIOS) {
      const translation = translate(scenario as never);
      if (translation.kind === 'out-of-scope') {
        log(`not in iam-simulate's scope, not timed: '${name}' (${translation.rule})`);
        continue;
      }
      const theirs = await runSimulation(translation.simulation, {});
      if (theirs.resultType === 'error') {
        log(`iam-simulate cannot run '${name}', not timed: ${theirs.errors.message}`);
        continue;
      }
      timed.push({ scenario, simulation: translation.simulation });
      // A fast wrong answer is worth nothing: where no known difference applies, both must agree.
      const differences = differencesAffecting(scenario as never);
      if (differences.length > 0) {
        log(`timed, decision not compared (known differences: ${differences.map(d => d.id).join(', ')}): '${name}'`);
        continue;
      }
      const ours = AccessEvaluator.evaluate(scenario).decision;
      if (decisionOf(theirs.overallResult) !== ours) {
        throw new Error(`bench scenario '${name}': this library decides ${ours}, iam-simulate ${theirs.overallResult}`);
      }
      compared++;
    }
    if (timed.length === 0) throw new Error('no bench scenario is in iam-simulate\'s scope');
    log(`${timed.length} of ${BENCH_SCENARIOS.length} scenarios timed on both; ${compared} of them decided alike, the others under known differences`);

    // Each library as it is called: the same scenario objects again and again. This library keeps a
    // policy's compiled form while the document object lives (what synth-time checks rely on);
    // iam-simulate's runSimulation validates and loads every policy on every call.
    let next = 0;
    const ours = medianRate(() => {
      AccessEvaluator.evaluate(timed[next].scenario);
      next = next + 1 === timed.length ? 0 : next + 1;
    }, { warmupMs: 500, runs: 5, runMs: 300 });

    // And without that cache: fresh copies of the documents (made before timing) on every call.
    const copies = Array.from({ length: 20_000 }, (_, i) => JSON.parse(JSON.stringify(timed[i % timed.length].scenario)));
    let nextCopy = 0;
    const oursFresh = medianRate(() => {
      AccessEvaluator.evaluate(copies[nextCopy]);
      nextCopy = nextCopy + 1 === copies.length ? 0 : nextCopy + 1;
    }, { warmupMs: 300, runs: 5, runMs: 300 });

    const theirs = await iamSimulateRate(timed.map(s => s.simulation));
    log(`this library: ${Math.round(ours.perSecond).toLocaleString('en-US')} evaluations/s (same objects); ${Math.round(oursFresh.perSecond).toLocaleString('en-US')} on fresh documents (${(oursFresh.perSecond / theirs).toFixed(0)} x iam-simulate)`);
    log(`iam-simulate: ${Math.round(theirs).toLocaleString('en-US')} evaluations/s (runSimulation)`);
    return [
      { name: 'iam-simulate evaluations per second', value: theirs, unit: 'evaluations/s' },
      { name: 'this library / iam-simulate (same scenario objects)', value: ours.perSecond / theirs, unit: 'x', target: { value: TARGET_RATIO, better: 'higher' } },
      { name: 'this library on fresh documents / iam-simulate', value: oursFresh.perSecond / theirs, unit: 'x' },
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
