import { Decision } from './decision';
import { DecidingStatement, EvaluationResult } from './evaluation-result';
import { decideInvoke } from './invoke';
import { decideManagement } from './management';
import { StatementHit } from './policy/model';
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
  const decidingStatements = (outcome.deciding ?? []).map(decidingStatement);
  const decided = outcome.rule === undefined ? { decidingStatements } : { decidingStatements, decidingRule: outcome.rule };
  if (scenario.expected === undefined) {
    return { decision: outcome.decision, reasons, ...decided };
  }
  return {
    decision: outcome.decision,
    reasons,
    ...decided,
    expected: scenario.expected,
    matchesExpected: matchesExpected(outcome.decision, scenario.expected),
  };
}

/** A statement hit as the result's data. */
function decidingStatement(hit: StatementHit): DecidingStatement {
  const { statement, policy } = hit;
  const data = { policyField: policy.source.field, policyLabel: policy.source.label, statementIndex: statement.index, effect: statement.effect };
  return statement.sid === undefined || statement.sid === '' ? data : { ...data, sid: statement.sid };
}

/** DENY stands for either denial; the other words must be equal. */
export function matchesExpected(decision: Decision, expected: ExpectedWord): boolean {
  return expected === 'DENY' ? decision !== Decision.ALLOW : decision === (expected as string);
}
