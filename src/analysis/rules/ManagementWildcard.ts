import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { coversResource, hasCondition, isAllowStatement, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { listOf, statementsOf } from '../template/access-model';

/**
 * `apigateway:*` on every resource without a condition: the holder can change or delete every API of
 * the account, rewrite resource policies and switch endpoints to public (API Gateway developer guide,
 * "Control access for managing API Gateway resources": scope the resource path, or use the
 * apigateway:Request/* and apigateway:Resource/* condition keys).
 */
export const ManagementWildcard: AccessRuleDefinition = {
  id: AccessCheckRule.MANAGEMENT_WILDCARD,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'an identity policy that allows apigateway:* on every resource, without a condition',
  fix: 'name the actions (apigateway:GET, PATCH, ...) and the resource paths (arn:aws:apigateway:REGION::/restapis/ID/*), or add apigateway:Request/* or apigateway:Resource/* conditions',
  check: ({ model }) => {
    const violations: RuleViolation[] = [];
    // Any API of any region: a resource that covers it covers the whole control plane.
    const unrelated = `arn:${model.env.partition}:apigateway:${model.env.region}::/restapis/unrelated01/stages/prod`;
    for (const policy of model.identityPolicies) {
      statementsOf(policy.document).forEach((statement, i) => {
        const wildcardAction = listOf(statement.Action).some(a => a.toLowerCase() === 'apigateway:*');
        if (isAllowStatement(statement) && wildcardAction && !hasCondition(statement) && coversResource(statement, unrelated)) {
          violations.push({
            logicalId: policy.logicalId,
            problem: `policy '${policy.name}' ${statementLabel(statement, i)} allows apigateway:* on every API Gateway resource: `
              + 'its holders can change or delete any API of the account and rewrite its resource policy.',
          });
        }
      });
    }
    return violations;
  },
};
