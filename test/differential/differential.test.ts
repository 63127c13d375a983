/**
 * Differential test: this library's evaluator against @cloud-copilot/iam-simulate, an IAM
 * evaluator nobody here wrote, on generated scenarios of the logic both model (AWS_IAM invoke
 * calls, anonymous calls decided by the resource policy alone, management calls).
 *
 * Every decision must be equal. Scenarios outside the shared logic (API Gateway's own rules) and
 * scenarios a known difference may affect (exclusions.ts) are counted, not compared, and fast-check
 * generates more until 10,000 have been compared. The seed is fixed so CI is deterministic; a
 * failure prints the seed, the path and the counterexample to replay.
 *
 * A disagreement found here is checked against the AWS guides and becomes a named test in
 * regressions.test.ts (or a known difference, when iam-simulate is the one that is wrong).
 */
import * as fc from 'fast-check';
import { anyScenario } from './arbitraries';
import { differencesAffecting } from './exclusions';
import { ours, simulate, simulateUnvalidated } from './oracle';
import { Tally } from './tally';
import { translate } from './to-iam-simulate';

/** Compared (not merely generated) cases per CI run: the issue asks for at least 10,000. */
const COMPARED_CASES = Number(process.env.DIFFERENTIAL_CASES ?? 10_000);
/** Fixed in CI; set DIFFERENTIAL_SEED (and DIFFERENTIAL_CASES) to explore further locally. */
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20261123);

jest.setTimeout(180_000);

test(`agrees with iam-simulate on ${COMPARED_CASES} generated scenarios (seed ${SEED})`, async () => {
  const tally = new Tally();
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(anyScenario(), async scenario => {
      // Both checks are cheap: iam-simulate only runs on scenarios that are compared.
      const translation = translate(scenario);
      if (translation.kind === 'out-of-scope') {
        tally.recordOutOfScope(translation.rule);
        fc.pre(false);
        return;
      }
      const differences = differencesAffecting(scenario);
      if (differences.length > 0) {
        tally.recordNotCompared(differences);
        fc.pre(false);
        return;
      }
      // Every tenth case through iam-simulate's validated entry point as well, which must agree
      // with its unvalidated (10x faster) one: the shortcut is checked on a thousand cases per run.
      const theirs = simulateUnvalidated(translation.simulation);
      if (checked++ % 10 === 0) {
        const validated = await simulate(translation.simulation);
        if (validated.kind !== theirs.kind || (validated.kind === 'decision' && theirs.kind === 'decision' && validated.decision !== theirs.decision)) {
          throw new Error(`iam-simulate's entry points disagree: runSimulation ${JSON.stringify(validated)}, runUnsafeSimulation ${JSON.stringify(theirs)}`);
        }
      }
      const mine = ours(scenario);
      if (theirs.kind !== 'decision' || mine.kind !== 'decision' || mine.decision !== theirs.decision) {
        throw new Error(`disagreement: iam-simulate ${JSON.stringify(theirs)}, this library ${JSON.stringify(mine)}`);
      }
      tally.recordCompared(mine.decision);
    }),
    // Out-of-scope and not-compared runs are skips (fc.pre): they do not count towards numRuns.
    { numRuns: COMPARED_CASES, seed: SEED, maxSkipsPerRun: 10 },
  );
  // eslint-disable-next-line no-console
  console.log(`differential: ${tally.report('differential')}`);
  expect(tally.compared).toBeGreaterThanOrEqual(COMPARED_CASES);
  // The generators must keep exercising every outcome, or the agreement proves little.
  for (const decision of ['ALLOW', 'IMPLICIT_DENY', 'EXPLICIT_DENY']) {
    expect(tally.decisions[decision] ?? 0).toBeGreaterThan(COMPARED_CASES * 0.05);
  }
});
