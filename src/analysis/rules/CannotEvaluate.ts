import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessRuleDefinition } from './rule';

/**
 * What the checks could not resolve or evaluate: a template parameter, an import no stack exports, a
 * role or policy defined elsewhere, a policy the evaluator refuses. Reported so that a check that did
 * not run is never mistaken for a check that passed. It runs after every other rule, which report
 * what they could not evaluate through the rule context.
 */
export const CannotEvaluate: AccessRuleDefinition = {
  id: AccessCheckRule.CANNOT_EVALUATE,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'something the checks could not resolve or evaluate (never a silent pass)',
  fix: 'define the value in the app (not as a parameter or an import), or acknowledge this finding with the reason',
  // The engine reports the problems it collected; this rule adds none of its own.
  check: () => [],
};
