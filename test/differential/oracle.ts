/**
 * The two evaluators behind one shape of answer, so the differential tests compare like with like.
 *
 * `iamSimulate` runs @cloud-copilot/iam-simulate (AGPL: test and bench use only) on the translated
 * scenario; `ours` runs this library's evaluator. Both answer a decision, or say why they did not.
 */
import { runSimulation, runUnsafeSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { ScenarioJson } from './scenario-json';
import { decisionOf, translate } from './to-iam-simulate';
import { Decision } from '../../src/evaluator/decision';
import { InvalidInputError } from '../../src/evaluator/errors';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

export type OracleAnswer =
  | { readonly kind: 'decision'; readonly decision: Decision }
  | { readonly kind: 'out-of-scope'; readonly rule: string }
  | { readonly kind: 'rejected'; readonly message: string };

export type OurAnswer =
  | { readonly kind: 'decision'; readonly decision: Decision; readonly reasons: readonly string[] }
  | { readonly kind: 'invalid'; readonly field: string; readonly message: string };

/** iam-simulate's decision for the scenario's IAM part (see to-iam-simulate.ts for the scope). */
export async function iamSimulate(scenario: ScenarioJson): Promise<OracleAnswer> {
  const translation = translate(scenario);
  if (translation.kind === 'out-of-scope') return translation;
  return simulate(translation.simulation);
}

export async function simulate(simulation: Simulation): Promise<OracleAnswer> {
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    if (result.errors.message === 'no.resource.types' && isRootPathInvoke(simulation)) {
      // Known difference ROOT_PATH_ARN (exclusions.ts): iam-simulate's resource type for execute-api
      // needs a non-empty path, so the root resource's ARN (`.../GET/`) fails its validation. The
      // decision logic is the same engine without that check.
      return { kind: 'decision', decision: decisionOf(runUnsafeSimulation(withNamedResourcePolicy(simulation), {})) };
    }
    return { kind: 'rejected', message: JSON.stringify(result.errors) };
  }
  if (result.resultType === 'single' && (result.result.ignoredContextKeys ?? []).length > 0) {
    // iam-simulate drops keys it thinks the action cannot carry; the comparison would then not be
    // about the same request. The generators avoid this; a scenario that still does it is rejected.
    return { kind: 'rejected', message: `iam-simulate ignored context keys ${result.result.ignoredContextKeys!.join(', ')}` };
  }
  return { kind: 'decision', decision: decisionOf(result.overallResult) };
}

/**
 * runUnsafeSimulation loads the resource policy without a name and then reads the name (a crash in
 * iam-simulate 0.1.x). A policy in iam-policy's "validated" envelope carries its name with it.
 */
function withNamedResourcePolicy(simulation: Simulation): Simulation {
  if (!simulation.resourcePolicy) return simulation;
  return {
    ...simulation,
    resourcePolicy: { __validated: true, policyDocument: simulation.resourcePolicy, metadata: { name: 'resource policy' }, errors: [] },
  };
}

/**
 * iam-simulate's decision engine without its input validation (runUnsafeSimulation), 10 times
 * faster: for generated input that runSimulation has been shown to accept. The differential test
 * runs both on every tenth case and requires the same answer, so the shortcut cannot hide anything.
 */
export function simulateUnvalidated(simulation: Simulation): OracleAnswer {
  return { kind: 'decision', decision: decisionOf(runUnsafeSimulation(withNamedResourcePolicy(simulation), {})) };
}

function isRootPathInvoke(simulation: Simulation): boolean {
  return /^arn:[^:]+:execute-api:[^:]+:\d{12}:[^/]+\/[^/]+\/[A-Z]+\/$/.test(simulation.request.resource.resource);
}

/** This library's decision, or the InvalidInputError it threw. Any other exception is a bug and propagates. */
export function ours(scenario: unknown): OurAnswer {
  try {
    const result = evaluateScenario(scenario);
    return { kind: 'decision', decision: result.decision, reasons: result.reasons };
  } catch (e) {
    if (e instanceof InvalidInputError) return { kind: 'invalid', field: e.field, message: e.message };
    throw e;
  }
}
