import { CognitoTokenState, LambdaAuthorizerResult, ScenarioCaller } from '../../evaluator';
import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { requestReaching, defaultOrigin, invokeScenario, stagesOf } from '../scenarios';
import { isAllowStatement, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { describeMethods } from './UnpairedInvokeGrant';
import { MethodModel, PolicyStatementJson, statementsOf } from '../template/access-model';

/**
 * A resource policy that allows an `{"AWS": ...}` principal on a method that is not AWS_IAM. API
 * Gateway fails authorization for such statements on those methods (API Gateway developer guide,
 * "How API Gateway resource policies affect authorization workflow"); `"Principal": "*"` is what
 * works beside other authorization types. aws-cdk-lib's `AnyPrincipal` renders `{"AWS": "*"}`,
 * `StarPrincipal` renders `"*"`.
 *
 * How: the policy is evaluated as written, and again with those statements' Principal read as `"*"`
 * (their conditions aside, every other statement kept): a method the second lets the caller in and
 * the first does not is blocked by the {"AWS": ...} principal. The caller is the one the method's own
 * authorizer lets in, from the usual origin.
 */
export const AwsPrincipalBlocksNonIamMethod: AccessRuleDefinition = {
  id: AccessCheckRule.AWS_PRINCIPAL_BLOCKS_NON_IAM_METHOD,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a resource policy that allows an {"AWS": ...} principal on a method that is not AWS_IAM: API Gateway refuses those calls',
  fix: 'use "Principal": "*" (iam.StarPrincipal, not iam.AnyPrincipal) in statements for methods that are not AWS_IAM, or make those methods AWS_IAM',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    for (const api of model.apis) {
      const statements = statementsOf(api.resourcePolicy);
      const aws = statements
        .map((statement, index) => ({ statement, index }))
        .filter(({ statement }) => isAllowStatement(statement) && hasAwsPrincipal(statement));
      if (aws.length === 0) continue;
      const rewritten = new Set(aws.map(({ index }) => index));
      const asStar = {
        ...api.resourcePolicy,
        Statement: statements.map((statement, index) =>
          rewritten.has(index) ? { ...withoutCondition(statement), Principal: '*' } : statement),
      };
      const blocked = api.methods.filter(method => method.authorizationType !== 'AWS_IAM'
        && stagesOf(api).some(stage => {
          const call = requestReaching(api, method, stage, defaultOrigin(api));
          const purpose = `whether the resource policy of '${api.name}' blocks ${method.httpMethod} ${method.path}`;
          const caller = authorizedCaller(method);
          const withStar = context.evaluate(invokeScenario(model.env, api, caller, call, { methods: [method], resourcePolicy: asStar }),
            api.logicalId, purpose);
          if (!withStar || !isAllowDecision(withStar)) return false;
          const real = context.evaluate(invokeScenario(model.env, api, caller, call, { methods: [method] }), api.logicalId, purpose);
          return real !== undefined && !isAllowDecision(real);
        }));
      if (blocked.length > 0) {
        violations.push({
          logicalId: api.logicalId,
          problem: `the resource policy of REST API '${api.name}' allows an {"AWS": ...} principal in `
            + `${aws.map(({ statement, index }) => statementLabel(statement, index)).join(', ')} on ${describeMethods(blocked)}: `
            + 'API Gateway fails authorization for AWS principals on methods that are not AWS_IAM, so those calls are refused.',
        });
      }
    }
    return violations;
  },
};

function hasAwsPrincipal(statement: PolicyStatementJson): boolean {
  const p = statement.Principal;
  return p !== null && typeof p === 'object' && !Array.isArray(p) && 'AWS' in (p as object);
}

function withoutCondition(statement: PolicyStatementJson): PolicyStatementJson {
  const { Condition: _condition, ...rest } = statement;
  return rest;
}

/** The caller the method's own authorizer lets in: anyone (NONE), an authorizer that allows, a valid token. */
function authorizedCaller(method: MethodModel): ScenarioCaller {
  switch (method.authorizationType) {
    case 'CUSTOM':
      return {
        lambdaAuthorizer: {
          result: LambdaAuthorizerResult.POLICY,
          policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] },
        },
      };
    case 'COGNITO_USER_POOLS':
      return { cognito: { token: CognitoTokenState.VALID } };
    default:
      return {};
  }
}
