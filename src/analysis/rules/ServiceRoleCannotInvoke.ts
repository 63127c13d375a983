import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { identityAllows } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { serviceRoleUses } from './service-roles';

/**
 * A Lambda integration whose credentials role may not call `lambda:InvokeFunction` on the integrated
 * function: API Gateway calls the function with that role, so every call fails (API Gateway developer
 * guide, "Set up Lambda integrations": with credentials, the role needs lambda:InvokeFunction on the
 * function; Lambda's resource-based permission is then not used).
 */
export const ServiceRoleCannotInvoke: AccessRuleDefinition = {
  id: AccessCheckRule.SERVICE_ROLE_CANNOT_INVOKE,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a Lambda integration whose credentials role lacks lambda:InvokeFunction on the integrated function',
  fix: 'grant the role lambda:InvokeFunction on the function (fn.grantInvoke(role))',
  check: (context) => {
    const violations: RuleViolation[] = [];
    const reported = new Set<string>();
    for (const { api, method, role } of serviceRoleUses(context)) {
      const fn = method.integration?.functionArn;
      if (fn === undefined || reported.has(`${role.logicalId} ${fn}`)) continue;
      if (identityAllows(role.policies, role.permissionsBoundary?.document, 'lambda:InvokeFunction', fn)) continue;
      reported.add(`${role.logicalId} ${fn}`);
      if (role.externalManagedPolicies.length > 0) {
        context.cannotEvaluate(role.logicalId, `role '${role.arn}' may get lambda:InvokeFunction on '${fn}' from managed policies outside the app (${role.externalManagedPolicies.join(', ')}), which were not read.`);
        continue;
      }
      violations.push({
        logicalId: role.logicalId,
        problem: `role '${role.arn}' is the credentials role of ${method.httpMethod} ${method.path} of REST API '${api.name}', `
          + `but no policy allows it lambda:InvokeFunction on '${fn}', so every call through that integration fails.`,
      });
    }
    return violations;
  },
};
