import { Decision } from './decision';
import { EvaluationResult } from './evaluation-result';
import { decideInvoke } from './invoke';
import { decideManagement } from './management';
import { parseScenario } from './scenario';
import { ExpectedWord } from './scenario-model';

/**
 * Evaluates a scenario given as a plain object in the scenario format (parsed JSON, a jsii
 * struct, or an object the synth-time checks build). Throws InvalidInputError, naming the field,
 * for anything it cannot fully interpret: it never answers for input it did not understand.
 */
export function evaluateScenario(input: unknown): EvaluationResult {
  const scenario = parseScenario(input);
  const outcome = scenario.kind === 'invoke' ? decideInvoke(scenario) : decideManagement(scenario);
  const reasons = [...outcome.reasons];
  if (scenario.expected === undefined) {
    return { decision: outcome.decision, reasons };
  }
  return {
    decision: outcome.decision,
    reasons,
    expected: scenario.expected,
    matchesExpected: matchesExpected(outcome.decision, scenario.expected),
  };
}

/** DENY stands for either denial; the other words must be equal. */
export function matchesExpected(decision: Decision, expected: ExpectedWord): boolean {
  return expected === 'DENY' ? decision !== Decision.ALLOW : decision === (expected as string);
}
