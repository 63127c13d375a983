import { CognitoTokenState, LambdaAuthorizerResult, ScenarioCaller } from '../../evaluator';
import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { CallOrigin, defaultOrigin, invokeScenario, requestReaching, stagesOf, UNKNOWN_VPC_ENDPOINT, VPC_SOURCE_IP } from '../scenarios';
import { isAllowStatement, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { describeMethods } from './UnpairedInvokeGrant';
import { ApiModel, listOf, MethodModel, PolicyStatementJson, statementsOf } from '../template/access-model';

/**
 * A resource policy that allows specific AWS principals (`{"AWS": "<account id, root, role or user
 * ARN>"}`) on a method that is not AWS_IAM. Such a call carries no IAM identity, so the statement never
 * matches it and API Gateway refuses the callers it was meant to let in (API Gateway developer guide,
 * "How API Gateway resource policies affect authorization workflow"). `"Principal": "*"` and
 * `{"AWS": "*"}` are not affected: they match everyone, anonymous callers included (IAM User Guide,
 * "AWS JSON policy elements: Principal", all principals; aws-cdk-lib's `AnyPrincipal` renders
 * `{"AWS": "*"}` and its integration test for `grantInvokeFromVpcEndpointsOnly` calls a NONE method
 * unsigned and gets 200).
 *
 * How: the policy is evaluated as written, and again with those statements' Principal read as `"*"`
 * (their conditions aside, every other statement kept): a method the second lets the caller in and
 * the first does not is blocked by the named principals. The caller is the one the method's own
 * authorizer lets in, from the usual origin and from each origin the policy's conditions name (its
 * VPC endpoints, VPCs and source addresses), so that a Deny unless `aws:SourceVpce` does not hide the
 * call that would have got in.
 */
export const AwsPrincipalBlocksNonIamMethod: AccessRuleDefinition = {
  id: AccessCheckRule.AWS_PRINCIPAL_BLOCKS_NON_IAM_METHOD,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a resource policy that allows specific AWS principals (accounts, roles, users) on a method that is not AWS_IAM: those calls carry no IAM identity, so API Gateway refuses them',
  fix: 'to let in every caller the method\'s authorizer admits, use "Principal": "*" or {"AWS": "*"} (iam.StarPrincipal or iam.AnyPrincipal), '
    + 'narrowed by conditions such as aws:SourceVpce or aws:SourceIp; to let in only those principals, make the methods AWS_IAM',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    for (const api of model.apis) {
      const statements = statementsOf(api.resourcePolicy);
      const named = statements
        .map((statement, index) => ({ statement, index }))
        .filter(({ statement }) => isAllowStatement(statement) && namesSpecificAwsPrincipals(statement));
      if (named.length === 0) continue;
      const rewritten = new Set(named.map(({ index }) => index));
      const asStar = {
        ...api.resourcePolicy,
        Statement: statements.map((statement, index) =>
          rewritten.has(index) ? { ...withoutCondition(statement), Principal: '*' } : statement),
      };
      const origins = originsOf(api, statements);
      const blocked = api.methods.filter(method => method.authorizationType !== 'AWS_IAM' && method.undecided === undefined
        && stagesOf(api).some(stage => origins.some(origin => {
          const call = requestReaching(api, method, stage, origin);
          const purpose = `whether the resource policy of '${api.name}' blocks ${method.httpMethod} ${method.path}`;
          const caller = authorizedCaller(method);
          const withStar = context.evaluate(invokeScenario(model.env, api, caller, call, { methods: [method], resourcePolicy: asStar }),
            api.logicalId, purpose);
          if (!withStar || !isAllowDecision(withStar)) return false;
          const real = context.evaluate(invokeScenario(model.env, api, caller, call, { methods: [method] }), api.logicalId, purpose);
          return real !== undefined && !isAllowDecision(real);
        })));
      if (blocked.length > 0) {
        violations.push({
          logicalId: api.logicalId,
          problem: `the resource policy of REST API '${api.name}' allows specific AWS principals in `
            + `${named.map(({ statement, index }) => statementLabel(statement, index)).join(', ')} on ${describeMethods(blocked)}: `
            + 'a call to a method that is not AWS_IAM carries no IAM identity, so those statements never match it and the calls are refused.',
        });
      }
    }
    return violations;
  },
};

/**
 * Whether the statement's Principal names AWS principals and none of them is `"*"`. A statement whose
 * principals include `"*"` (in any form) matches everyone and is not this rule's concern.
 */
function namesSpecificAwsPrincipals(statement: PolicyStatementJson): boolean {
  const p = statement.Principal;
  if (p === null || typeof p !== 'object' || Array.isArray(p) || !('AWS' in (p as object))) return false;
  return !Object.values(p as Record<string, unknown>).some(value => listOf(value).includes('*'));
}

function withoutCondition(statement: PolicyStatementJson): PolicyStatementJson {
  const { Condition: _condition, ...rest } = statement;
  return rest;
}

// IPv6 conditions are left to the usual origin: an IPv4 address is enough to show the rule's point.
const IPV4_OR_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/;
const VPCE_ID = /^vpce-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

/**
 * Where calls may come from: the usual origin, and the VPC endpoints, VPCs and IPv4 addresses the
 * policy's conditions name (each alone and all together), so that a condition that only lets in calls
 * from one place is tried from that place. Values that are patterns or not literal are not origins.
 */
function originsOf(api: ApiModel, statements: readonly PolicyStatementJson[]): CallOrigin[] {
  const named = (key: string, pattern: RegExp) => [...new Set(statements.flatMap(s => conditionValues(s, key)))]
    .filter(v => pattern.test(v));
  const origins: CallOrigin[] = [defaultOrigin(api)];
  if (api.endpointType === 'PRIVATE') {
    const endpoints = named('aws:sourcevpce', VPCE_ID);
    const vpcs = named('aws:sourcevpc', VPC_ID);
    const addresses = named('aws:vpcsourceip', IPV4_OR_CIDR).map(firstAddress);
    const via = (id = UNKNOWN_VPC_ENDPOINT.id, vpcId = UNKNOWN_VPC_ENDPOINT.vpcId, sourceIp = VPC_SOURCE_IP): CallOrigin =>
      ({ sourceIp, vpcEndpoint: { id, vpcId } });
    origins.push(via(endpoints[0], vpcs[0], addresses[0]));
    origins.push(...endpoints.map(id => via(id)), ...vpcs.map(vpcId => via(undefined, vpcId)), ...addresses.map(ip => via(undefined, undefined, ip)));
  } else {
    origins.push(...named('aws:sourceip', IPV4_OR_CIDR).map(firstAddress).map(sourceIp => ({ sourceIp })));
  }
  const seen = new Set<string>();
  return origins.filter(origin => {
    const key = JSON.stringify(origin);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The address itself, or the network address of a CIDR: an address inside it. */
function firstAddress(cidr: string): string {
  return cidr.split('/')[0];
}

/** The literal values a statement's conditions give for `key` (lower case), whatever the operator. */
function conditionValues(statement: PolicyStatementJson, key: string): string[] {
  const values: string[] = [];
  for (const block of Object.values(statement.Condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [name, value] of Object.entries(block as Record<string, unknown>)) {
      if (name.toLowerCase() === key) values.push(...listOf(value).filter(v => !/[*?$]/.test(v)));
    }
  }
  return values;
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
