import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { OVER_BRANCH_BUDGET } from '../template/app-model';

/**
 * An intended access, stated as code with `expectAllowed` or `expectDenied`, that the app does not
 * grant or does not refuse. The finding carries the evaluator's reasons: the statement or API Gateway
 * rule that decided. Where the method's authorizer, not the caller's identity, decides (an authorizer
 * called for every request, a user pool anyone can sign up to), the expectation is never reported as
 * met on the strength of "the caller has no token": see authorizer-callers.ts.
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
      const purpose = `the expectation that ${expectation.description}`;
      let outcome = context.evaluate(expectation.scenario, expectation.logicalId, purpose);
      if (outcome === undefined) continue;
      let because: string | undefined;
      const { alternative } = expectation;
      if (!isAllowDecision(outcome) && alternative) {
        // The scenario assumed the caller holds no token; the authorizer may let it in anyway.
        const alt = context.evaluate(alternative.scenario, expectation.logicalId, purpose);
        if (alt === undefined) continue;
        if (isAllowDecision(alt)) {
          if (alternative.kind === 'undecided') {
            context.cannotEvaluate(expectation.logicalId, `whether ${expectation.description.replace(/ may (not )?call /, ' may call ')} `
              + `depends on the authorizer: ${alternative.because}.`);
            continue;
          }
          outcome = alt;
          because = alternative.because;
        }
      }
      const overBudget = context.model.problems.find(p => p.logicalId === expectation.logicalId && p.what.startsWith(OVER_BRANCH_BUDGET));
      if (!isAllowDecision(outcome) && overBudget) {
        // A Deny under a condition that was not enumerated may not exist when deployed.
        context.cannotEvaluate(expectation.logicalId, `the expectation that ${expectation.description} could not be checked: `
          + `the decision is ${outcome.decision}, but ${overBudget.what}`);
        continue;
      }
      if (outcome.decision === 'IMPLICIT_DENY' && expectation.caveat) {
        // What was not read may allow the call: neither "met" nor "not met" can be said.
        context.cannotEvaluate(expectation.logicalId, `the expectation that ${expectation.description} could not be checked: `
          + `the known policies do not allow it (${outcome.decision}), but ${expectation.caveat}`);
        continue;
      }
      if (isAllowDecision(outcome) === expectation.allowed) continue;
      violations.push({
        logicalId: expectation.logicalId,
        problem: `expected that ${expectation.description}, but the decision is ${outcome.decision}: `
          + `${because ? `${because}; ` : ''}${outcome.reasons.join('; ')}.`
          + (expectation.caveat ? ` (${expectation.caveat})` : ''),
      });
    }
    return violations;
  },
};
