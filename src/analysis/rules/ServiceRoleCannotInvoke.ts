import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { identityAllows } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { serviceRoleUses } from './service-roles';

/**
 * A Lambda integration or Lambda authorizer whose credentials role may not call `lambda:InvokeFunction`
 * on its function: API Gateway calls the function with that role, so every call fails (API Gateway
 * developer guide, "Set up Lambda integrations": with credentials, the role needs lambda:InvokeFunction
 * on the function; Lambda's resource-based permission is then not used. API reference, Authorizer
 * authorizerCredentials: "the required credentials as an IAM role for API Gateway to invoke the
 * authorizer").
 */
export const ServiceRoleCannotInvoke: AccessRuleDefinition = {
  id: AccessCheckRule.SERVICE_ROLE_CANNOT_INVOKE,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a Lambda integration or Lambda authorizer whose credentials role lacks lambda:InvokeFunction on its function',
  fix: 'grant the role lambda:InvokeFunction on the function (fn.grantInvoke(role))',
  check: (context) => {
    const violations: RuleViolation[] = [];
    const reported = new Set<string>();
    for (const { role, functionArn: fn, usedAs, failure } of serviceRoleUses(context)) {
      if (fn === undefined || reported.has(`${role.logicalId} ${fn}`)) continue;
      if (identityAllows(role.policies, role.permissionsBoundary?.document, 'lambda:InvokeFunction', fn)) continue;
      reported.add(`${role.logicalId} ${fn}`);
      if (role.externalManagedPolicies.length > 0) {
        context.cannotEvaluate(role.logicalId, `role '${role.arn}' may get lambda:InvokeFunction on '${fn}' from managed policies outside the app (${role.externalManagedPolicies.join(', ')}), which were not read.`);
        continue;
      }
      violations.push({
        logicalId: role.logicalId,
        problem: `role '${role.arn}' is ${usedAs}, but no policy allows it lambda:InvokeFunction on '${fn}', so ${failure}.`,
      });
    }
    return violations;
  },
};
