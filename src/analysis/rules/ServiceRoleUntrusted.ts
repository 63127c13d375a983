import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { coversAction, hasCondition, isAllowStatement } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { serviceRoleUses } from './service-roles';
import { listOf, PolicyStatementJson, statementsOf } from '../template/access-model';

const API_GATEWAY_SERVICE = 'apigateway.amazonaws.com';

/**
 * An integration's or Lambda authorizer's credentials role whose trust policy does not let API Gateway
 * assume it: every call through the integration (or to the methods the authorizer protects) fails. The
 * role needs a trust statement for `{"Service": "apigateway.amazonaws.com"}` and `sts:AssumeRole` (API
 * Gateway developer guide, "API Gateway permissions model for invoking your API": the execution role's
 * trust relationship).
 */
export const ServiceRoleUntrusted: AccessRuleDefinition = {
  id: AccessCheckRule.SERVICE_ROLE_UNTRUSTED,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'an integration or authorizer credentials role that API Gateway cannot assume (its trust policy does not name apigateway.amazonaws.com)',
  fix: 'create the role with assumedBy: new iam.ServicePrincipal(\'apigateway.amazonaws.com\')',
  check: (context) => {
    const violations: RuleViolation[] = [];
    const reported = new Set<string>();
    for (const { role, usedAs, failure } of serviceRoleUses(context)) {
      if (reported.has(role.logicalId) || trustsApiGateway(statementsOf(role.trustPolicy))) continue;
      reported.add(role.logicalId);
      violations.push({
        logicalId: role.logicalId,
        problem: `role '${role.arn}' is ${usedAs}, but its trust policy does not allow ${API_GATEWAY_SERVICE} to assume it, so ${failure}.`,
      });
    }
    return violations;
  },
};

function trustsApiGateway(statements: PolicyStatementJson[]): boolean {
  const names = (s: PolicyStatementJson) => namesApiGateway(s.Principal) && coversAction(s, 'sts:AssumeRole');
  if (statements.some(s => !isAllowStatement(s) && !hasCondition(s) && names(s))) return false;
  return statements.some(s => isAllowStatement(s) && names(s));
}

function namesApiGateway(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return listOf((principal as Record<string, unknown>).Service).includes(API_GATEWAY_SERVICE);
}
