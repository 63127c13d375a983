import { Decision } from './decision';
import { decideIam } from './policy/iam';
import { Outcome } from './reasons';
import { managementKeys } from './request-keys';
import { ManagementScenario } from './scenario-model';

/**
 * The management flow: an `apigateway:*` call to the API Gateway control plane.
 *
 * API Gateway developer guide, "Control access to API Gateway with IAM permissions" and "How API
 * Gateway works with IAM": management actions are authorized by the caller's identity policies
 * (within its permissions boundary) alone: API Gateway has no resource-based policy for them, so a
 * principal of another account can never be allowed.
 */
export function decideManagement(scenario: ManagementScenario): Outcome {
  const { caller, request } = scenario;
  if (caller.caller === undefined) {
    return {
      decision: Decision.IMPLICIT_DENY,
      reasons: [`${request.action} is a management call, which AWS only accepts signed with SigV4; caller.principal is absent`],
    };
  }
  const outcome = decideIam({
    request: { action: request.action, resource: request.resource, caller: caller.caller, keys: managementKeys(scenario, caller.caller) },
    identityPolicies: caller.identityPolicies,
    permissionsBoundary: caller.permissionsBoundary,
    resourceAccount: scenario.account,
  });
  if (outcome.decision !== Decision.ALLOW && caller.caller.account !== scenario.account) {
    return {
      decision: outcome.decision,
      reasons: [...outcome.reasons,
        `the caller's account ${caller.caller.account} is not the API's account ${scenario.account}, and API Gateway management `
        + 'actions have no resource policy that could let another account in'],
      deciding: outcome.deciding,
    };
  }
  return { decision: outcome.decision, reasons: outcome.reasons, deciding: outcome.deciding };
}
