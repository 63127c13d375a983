import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { coversAction, coversResource, isAllowStatement, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { serviceRoleUses } from './service-roles';
import { statementsOf } from '../template/access-model';

/**
 * An integration's or Lambda authorizer's credentials role that may invoke any Lambda function: the
 * developer guide's example uses `"Resource": "*"`, but least privilege names the functions API Gateway
 * calls (IAM User Guide, "Security best practices in IAM": grant least privilege).
 */
export const ServiceRoleWildcardInvoke: AccessRuleDefinition = {
  id: AccessCheckRule.SERVICE_ROLE_WILDCARD_INVOKE,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'an integration or authorizer credentials role that may invoke any Lambda function',
  fix: 'grant lambda:InvokeFunction on the integrated and authorizer functions only (their ARNs, and ARN:* for versions and aliases)',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    const reported = new Set<string>();
    // A function no integration or authorizer uses: a statement that covers it covers more than they need.
    const unrelated = `arn:${model.env.partition}:lambda:${model.env.region}:${model.env.account}:function:unrelated-function`;
    for (const { role, usedAs } of serviceRoleUses(context)) {
      for (const policy of role.policies) {
        statementsOf(policy.document).forEach((statement, i) => {
          const key = `${policy.logicalId} ${i}`;
          if (reported.has(key) || !isAllowStatement(statement)) return;
          if (coversAction(statement, 'lambda:InvokeFunction') && coversResource(statement, unrelated)) {
            reported.add(key);
            violations.push({
              logicalId: policy.logicalId,
              problem: `policy '${policy.name}' ${statementLabel(statement, i)} lets role '${role.arn}' (${usedAs}) `
                + 'invoke any Lambda function, not only the ones API Gateway calls with it.',
            });
          }
        });
      }
    }
    return violations;
  },
};
