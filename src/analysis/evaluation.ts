/**
 * The one place the checks call the evaluator. Everything the checks decide goes through the same
 * public scenario format a user can write by hand, so a finding can always be reproduced with
 * `cdk-apigateway-access evaluate`.
 */
import { DecidingStatement, Decision, Scenario } from '../evaluator';
import { evaluateScenario, InvalidInputError } from '../evaluator/internal';

/** The evaluator's answer. */
export interface EvaluationOutcome {
  readonly decision: Decision;
  readonly reasons: readonly string[];
  /** The statements that decided, as data (see EvaluationResult.decidingStatements): read these, not the reasons' words. */
  readonly decidingStatements: readonly DecidingStatement[];
  /** The scenario format's rule that decided (invoke scenarios). */
  readonly decidingRule?: number;
}

/** Evaluates a scenario; an input the evaluator refuses comes back as the error, never as a decision. */
export function evaluate(scenario: Scenario): EvaluationOutcome | InvalidInputError {
  try {
    const result = evaluateScenario(scenario);
    return {
      decision: result.decision,
      reasons: result.reasons,
      decidingStatements: result.decidingStatements ?? [],
      decidingRule: result.decidingRule,
    };
  } catch (e) {
    if (e instanceof InvalidInputError) return e;
    throw e;
  }
}

/** Whether a decision lets the call through. */
export function isAllowDecision(outcome: EvaluationOutcome): boolean {
  return outcome.decision === Decision.ALLOW;
}
