import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { LambdaPermissionModel } from '../template/access-model';

const API_GATEWAY_SERVICE = 'apigateway.amazonaws.com';

/**
 * A Lambda permission that lets `apigateway.amazonaws.com` invoke a function without saying which API:
 * any API Gateway API, in any account, can then integrate the function and invoke it, past every
 * authorizer of the app's own API.
 *
 * Sources: Lambda developer guide, "Granting Lambda function access to AWS services": a permission for a
 * service principal "doesn't restrict the [...] resource that triggers the invocation. To ensure that
 * your function is only invoked by a specific resource, specify the Amazon Resource Name (ARN) of the
 * resource with the source-arn option"; IAM User Guide, "The confused deputy problem": use
 * aws:SourceArn or aws:SourceAccount in resource-based policies that grant a service principal access.
 * aws-cdk-lib's LambdaIntegration and Lambda authorizers set SourceArn to the API's execute-api ARN.
 */
export const LambdaPermissionWithoutSourceArn: AccessRuleDefinition = {
  id: AccessCheckRule.LAMBDA_PERMISSION_WITHOUT_SOURCE_ARN,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'a Lambda permission for apigateway.amazonaws.com without SourceArn or SourceAccount (any API in any account may invoke the function)',
  fix: 'set sourceArn to the API\'s execute-api ARN (api.arnForExecuteApi()), or use apigateway.LambdaIntegration, which does',
  check: (context) => {
    const violations: RuleViolation[] = [];
    for (const permission of context.model.lambdaPermissions) {
      const unread = permission.unread ?? {};
      // A SourceAccount, even one that cannot be read before deployment, names one account.
      if (permission.sourceAccount !== undefined || unread.SourceAccount !== undefined) continue;
      const certain = invokesAsApiGateway(permission);
      if (!certain && !mayInvokeAsApiGateway(permission)) continue;
      const fn = unread.FunctionName !== undefined ? `the function ${permission.functionArn} names` : `'${permission.functionArn}'`;
      // Which function it is does not matter: any API may invoke it, whichever it is.
      const unsure = [unread.Principal, unread.Action].filter((u): u is string => u !== undefined);
      let problem: string | undefined;
      let fix: string | undefined;
      if (unread.SourceArn !== undefined) {
        // Neither missing nor known to match any API: unknown until deployed.
        context.cannotEvaluate(permission.logicalId, `the Lambda permission lets ${API_GATEWAY_SERVICE} invoke ${fn}, `
          + `but its SourceArn cannot be read (${unread.SourceArn}), so whether it restricts the function to APIs of one account is unknown.`);
        continue;
      } else if (permission.sourceArn === undefined) {
        problem = `the Lambda permission lets ${API_GATEWAY_SERVICE} invoke ${fn} without a SourceArn or SourceAccount, `
          + 'so an API Gateway API in any account may invoke the function.';
      } else if (anyAccount(permission.sourceArn)) {
        problem = `the Lambda permission lets ${API_GATEWAY_SERVICE} invoke ${fn} from SourceArn '${permission.sourceArn}', `
          + 'which matches APIs of any account, so an API Gateway API in any account may invoke the function.';
        fix = 'name the API\'s own account in SourceArn (api.arnForExecuteApi()), or set SourceAccount';
      }
      if (problem === undefined) continue;
      if (!certain || unsure.length > 0) {
        context.cannotEvaluate(permission.logicalId, `${problem.replace(/^the Lambda permission lets/, 'the Lambda permission may let')
          .replace(/\.$/, '')}: what it grants could not all be read (${unsure.join('; ')}).`);
        continue;
      }
      violations.push({ logicalId: permission.logicalId, problem, ...(fix ? { fix } : {}) });
    }
    return violations;
  },
};

function invokesAsApiGateway(permission: LambdaPermissionModel): boolean {
  return permission.principal === API_GATEWAY_SERVICE && /^lambda:(invokefunction|\*)$/i.test(permission.action);
}

/** Whether the permission may be for API Gateway and invoking, once what could not be read is known. */
function mayInvokeAsApiGateway(permission: LambdaPermissionModel): boolean {
  const unread = permission.unread ?? {};
  return (permission.principal === API_GATEWAY_SERVICE || unread.Principal !== undefined)
    && (/^lambda:(invokefunction|\*)$/i.test(permission.action) || unread.Action !== undefined);
}

/** Whether an ARN pattern's account field matches more than one account (`*`, `?`, or empty). */
function anyAccount(sourceArn: string): boolean {
  const account = sourceArn.split(':')[4];
  return account === undefined || account === '' || /[*?]/.test(account);
}
