import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { describeByStage, describeUndecided, mappedMethods, StageEntries } from './map-methods';
import { AccessRuleDefinition, RuleViolation } from './rule';

/**
 * A method that a principal of any AWS account may call, read from the access map (`any-account`
 * entries): a resource policy that allows `{"AWS": "*"}` (`iam.AnyPrincipal`) on an AWS_IAM method
 * lets every account's principals in whose own identity policies allow execute-api:Invoke (IAM user
 * guide, "Cross-account policy evaluation logic"; API Gateway developer guide, "How API Gateway resource
 * policies affect authorization workflow"). Not anonymous, so not OpenMethod, but as wide: anyone can
 * create an AWS account. A warning: an API meant for every account (a public SaaS API signed with
 * SigV4) is rare, and then the finding is acknowledged. Entries the map could not decide are reported
 * as "may".
 */
export const MethodOpenToAnyAccount: AccessRuleDefinition = {
  id: AccessCheckRule.METHOD_OPEN_TO_ANY_ACCOUNT,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'a method that principals of any AWS account may call (their own policies allowing)',
  fix: 'allow only the accounts, organizations or principals that need it (aws:PrincipalOrgID, aws:PrincipalAccount, named principals), or acknowledge this finding if every AWS account is meant to call it',
  check: (context) => {
    const violations: RuleViolation[] = [];
    for (const { api, method, stages } of mappedMethods(context)) {
      const anyAccount = (caller: string) => caller === 'any-account';
      const entries: StageEntries[] = stages.map(s => ({
        stage: s.stage,
        allowed: s.allowed.filter(e => anyAccount(e.caller)),
        undecided: s.undecided.filter(e => anyAccount(e.caller)),
      }));
      const name = `${method.httpMethod} ${method.path} of REST API '${api.name}'`;
      const open = describeByStage(entries);
      if (open !== '') {
        const openStages = entries.filter(e => e.allowed.length > 0).map(e => e.stage);
        violations.push({
          logicalId: method.logicalId,
          problem: `a principal of any AWS account whose own policies allow it can call ${name} (stage ${openStages.join(', ')}): ${open}.`,
        });
      }
      const maybe = describeUndecided(entries);
      if (maybe !== '') {
        violations.push({
          logicalId: method.logicalId,
          problem: `principals of any AWS account may be able to call ${name}: the access map could not decide (${maybe}).`,
        });
      }
    }
    return violations;
  },
};
