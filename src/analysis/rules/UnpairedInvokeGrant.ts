import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { requestReaching, defaultOrigin, invokeScenario, stagesOf } from '../scenarios';
import { isAllowStatement, resourceMatcher } from './policy-reading';
import { AccessRuleDefinition, RuleContext, RuleViolation } from './rule';
import { ApiModel, AttachedPolicy, listOf, MethodModel, statementsOf } from '../template/access-model';
import { StackEnvironment } from '../template/intrinsics';

/**
 * An identity policy that grants execute-api on a method whose authorization type is not AWS_IAM.
 * API Gateway only consults IAM policies for AWS_IAM methods (API Gateway developer guide, "Control
 * access to a REST API with IAM permissions"), so the grant does nothing: a NONE method is open to
 * everyone anyway, a CUSTOM or Cognito method is decided by its authorizer. aws-cdk-lib's
 * `Method.grantExecute` does not check this.
 *
 * How: for each policy with execute-api statements that name the API, ask the evaluator whether
 * those statements would allow the call if the method were AWS_IAM (and no resource policy applied).
 */
export const UnpairedInvokeGrant: AccessRuleDefinition = {
  id: AccessCheckRule.UNPAIRED_INVOKE_GRANT,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'an identity policy that grants execute-api on a method whose authorization type is not AWS_IAM (the grant does nothing)',
  fix: 'set authorizationType: apigateway.AuthorizationType.IAM on the method, or remove the grant',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    // The policies of this stack, on the APIs of every stack (a grant may name another stack's API).
    for (const { api, env } of model.peers.flatMap(peer => peer.apis.map(a => ({ api: a, env: peer.env })))) {
      const unpaired = api.methods.filter(m => m.authorizationType !== 'AWS_IAM' && m.undecided === undefined)
        .map(method => ({ method, arns: requestArns(api, method, env) }));
      if (unpaired.length === 0) continue;
      const signedArns = api.methods.filter(m => m.authorizationType === 'AWS_IAM' || m.undecided !== undefined)
        .flatMap(method => requestArns(api, method, env));
      for (const policy of model.identityPolicies) {
        const grant = invokeGrantOn(api, policy, signedArns);
        if (!grant) continue;
        const granted = unpaired
          .filter(({ arns }) => grant.variables || arns.some(arn => grant.covers.some(covers => covers(arn))))
          .map(({ method }) => method)
          .filter(method => grantApplies(context, env, api, method, grant.policy, policy));
        if (granted.length > 0) {
          violations.push({
            logicalId: policy.logicalId,
            problem: `policy '${policy.name}' grants execute-api on ${describeMethods(granted)} of REST API '${api.name}', `
              + 'but API Gateway only checks IAM permissions on AWS_IAM methods, so the grant does nothing.',
            fix: `set authorizationType: apigateway.AuthorizationType.IAM on ${granted.length === 1 ? 'that method' : 'those methods'}, or remove the grant`,
          });
        }
      }
    }
    return violations;
  },
};

interface InvokeGrant {
  /** The grant as a policy of its own, for the evaluator. */
  readonly policy: Record<string, unknown>;
  /** Its Resource patterns, to skip methods no statement names without asking the evaluator. */
  readonly covers: ReadonlyArray<(arn: string) => boolean>;
  /** Whether a Resource uses policy variables (then only the evaluator can tell). */
  readonly variables: boolean;
}

/**
 * The policy's Allow statements on execute-api that name this API, as a policy of their own, keeping
 * of each statement only the Resource patterns that cover no method a signed call may reach
 * (`signedArns`: the request ARNs of the AWS_IAM methods, and of those whose authorization type is
 * undecided). A pattern that covers an AWS_IAM method grants that method; the other methods it also
 * covers are not what it grants: `api.arnForExecuteApi()` (`<api>/*\/*\/*`) on an API with an open
 * health check, or `arnForExecuteApi('*', '/items', 'dev')` on an AWS_IAM /items whose CORS preflight
 * OPTIONS /items is NONE (it must be: browsers do not sign preflights) is the AWS_IAM grant Amplify's
 * guide "Set up Amplify REST API" writes, and deployed it lets the role call /items.
 */
function invokeGrantOn(api: ApiModel, policy: AttachedPolicy, signedArns: readonly string[]): InvokeGrant | undefined {
  const grantsOnlyUnsigned = (pattern: string) => pattern.includes('${')
    || !signedArns.some(resourceMatcher({ Effect: 'Allow', Resource: pattern }));
  const statements = statementsOf(policy.document).filter(s =>
    isAllowStatement(s)
    && listOf(s.Action).some(a => a.toLowerCase().startsWith('execute-api:'))
    && listOf(s.Resource).some(r => r.includes(`:${api.id}/`)))
    .flatMap(s => {
      const resources = listOf(s.Resource).filter(grantsOnlyUnsigned);
      return resources.length === 0 ? [] : [{ ...s, Resource: resources }];
    });
  if (statements.length === 0) return undefined;
  return {
    policy: { Version: policy.document.Version ?? '2012-10-17', Statement: statements },
    covers: statements.map(resourceMatcher),
    variables: statements.some(s => listOf(s.Resource).some(r => r.includes('${'))),
  };
}

/**
 * The request ARNs of a call to the method on each stage: a statement whose Resource covers none of
 * them cannot grant it, so the evaluator is only asked about the others (it then decides, conditions
 * and all).
 */
function requestArns(api: ApiModel, method: MethodModel, env: StackEnvironment): string[] {
  return stagesOf(api).map(stage => {
    const call = requestReaching(api, method, stage, {});
    return `arn:${env.partition}:execute-api:${env.region}:${env.account}:${api.id}/${stage}/${call.httpMethod}${call.path}`;
  });
}

function grantApplies(context: RuleContext, env: StackEnvironment, api: ApiModel, method: MethodModel,
  grant: Record<string, unknown>, policy: AttachedPolicy): boolean {
  const asIam: MethodModel = { ...method, authorizationType: 'AWS_IAM' };
  const hypothetical: ApiModel = { ...api, endpointType: 'REGIONAL', resourcePolicy: undefined };
  // A grantee in the API's own account: then the identity policy alone decides (same-account rule).
  const caller = { principal: `arn:${env.partition}:iam::${env.account}:role/grantee`, identityPolicies: [grant] };
  return stagesOf(api).some(stage => {
    const call = requestReaching(api, method, stage, defaultOrigin(hypothetical));
    const outcome = context.evaluate(invokeScenario(env, hypothetical, caller, call, { methods: [asIam] }),
      policy.logicalId, `whether policy '${policy.name}' grants ${method.httpMethod} ${method.path}`);
    return outcome !== undefined && isAllowDecision(outcome);
  });
}

/** `GET /items (NONE), POST /items (CUSTOM)`, at most five then a count. */
export function describeMethods(methods: readonly MethodModel[]): string {
  const named = methods.slice(0, 5).map(m => `${m.httpMethod} ${m.path} (${m.authorizationType})`);
  const more = methods.length > 5 ? ` and ${methods.length - 5} more` : '';
  return `${named.join(', ')}${more}`;
}
