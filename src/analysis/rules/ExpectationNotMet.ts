import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessRuleDefinition, RuleViolation } from './rule';

/**
 * An intended access, stated as code with `expectAllowed` or `expectDenied`, that the app does not
 * grant or does not refuse. The finding carries the evaluator's reasons: the statement or API Gateway
 * rule that decided.
 */
export const ExpectationNotMet: AccessRuleDefinition = {
  id: AccessCheckRule.EXPECTATION_NOT_MET,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'an expectAllowed or expectDenied that the app does not meet',
  fix: 'change the grants, resource policy or authorization type named in the reasons, or the expectation if the intent changed',
  check: (context) => {
    const violations: RuleViolation[] = [];
    for (const expectation of context.expectations) {
      if (expectation.scenario === undefined) {
        context.cannotEvaluate(expectation.logicalId, `the expectation that ${expectation.description} could not be checked: ${expectation.unresolved ?? 'unknown reason'}`);
        continue;
      }
      const outcome = context.evaluate(expectation.scenario, expectation.logicalId, `the expectation that ${expectation.description}`);
      if (outcome === undefined) continue;
      if (outcome.decision === 'IMPLICIT_DENY' && expectation.caveat) {
        // What was not read may allow the call: neither "met" nor "not met" can be said.
        context.cannotEvaluate(expectation.logicalId, `the expectation that ${expectation.description} could not be checked: `
          + `the known policies do not allow it (${outcome.decision}), but ${expectation.caveat}`);
        continue;
      }
      if (isAllowDecision(outcome) === expectation.allowed) continue;
      violations.push({
        logicalId: expectation.logicalId,
        problem: `expected that ${expectation.description}, but the decision is ${outcome.decision}: ${outcome.reasons.join('; ')}.`
          + (expectation.caveat ? ` (${expectation.caveat})` : ''),
      });
    }
    return violations;
  },
};
