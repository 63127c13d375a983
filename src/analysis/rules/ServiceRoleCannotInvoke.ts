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
      // This library's data holds AWS managed policies' statements on API Gateway only, so what they
      // grant on Lambda is unknown, except for those known to grant nothing on it.
      const unread = [
        ...(role.awsManagedPolicies ?? []).filter(arn => !NO_LAMBDA_INVOKE.has(policyName(arn)))
          .map(arn => `the AWS managed policy '${arn}' (this library knows only its API Gateway statements)`),
        ...role.unknowns ?? [],
        ...(role.mayHavePolicies ?? []).filter(m => identityAllows([m.policy], undefined, 'lambda:InvokeFunction', fn)).map(m => m.because),
      ];
      if (unread.length > 0) {
        context.cannotEvaluate(role.logicalId, `role '${role.arn}' may get lambda:InvokeFunction on '${fn}' from what was not read: ${unread.join('; ')}.`);
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

/**
 * AWS managed policies that allow no lambda:InvokeFunction: their documents grant only logs, EC2
 * network interface or X-Ray actions (AWS Managed Policy Reference Guide). CDK and the samples attach
 * them to integration and function roles.
 */
const NO_LAMBDA_INVOKE = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AmazonAPIGatewayPushToCloudWatchLogs',
  'AWSXRayDaemonWriteAccess',
  'CloudWatchLambdaInsightsExecutionRolePolicy',
]);

function policyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}
