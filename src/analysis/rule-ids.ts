/**
 * The built-in rules of `ApiAccessChecks`. Each value is the rule's stable id: findings start with
 * `[RuleId]`, and severities and acknowledgements name rules by it.
 */
export enum AccessCheckRule {
  /** An identity policy grants execute-api on a method whose authorization type is not AWS_IAM (the grant does nothing). */
  UNPAIRED_INVOKE_GRANT = 'UnpairedInvokeGrant',
  /**
   * A resource policy allows specific AWS principals (an account, role or user) on a method that is
   * not AWS_IAM: such calls carry no IAM identity, so the statement never matches and API Gateway
   * refuses them. `"*"` and `{"AWS": "*"}` match everyone and are not reported.
   */
  AWS_PRINCIPAL_BLOCKS_NON_IAM_METHOD = 'AwsPrincipalBlocksNonIamMethod',
  /** A PRIVATE API without a resource policy (every call fails). */
  PRIVATE_API_WITHOUT_RESOURCE_POLICY = 'PrivateApiWithoutResourcePolicy',
  /** An `aws:SourceIp` condition on a PRIVATE API (calls through a VPC endpoint never carry that key). */
  SOURCE_IP_ON_PRIVATE_API = 'SourceIpOnPrivateApi',
  /** A PRIVATE API whose resource policy restricts neither `aws:SourceVpc` nor `aws:SourceVpce`. */
  PRIVATE_API_NOT_RESTRICTED = 'PrivateApiNotRestricted',
  /** An integration's or Lambda authorizer's credentials role that API Gateway cannot assume. */
  SERVICE_ROLE_UNTRUSTED = 'ServiceRoleUntrusted',
  /** An integration's or Lambda authorizer's credentials role without `lambda:InvokeFunction` on its function. */
  SERVICE_ROLE_CANNOT_INVOKE = 'ServiceRoleCannotInvoke',
  /** An integration's or Lambda authorizer's credentials role that may invoke any Lambda function. */
  SERVICE_ROLE_WILDCARD_INVOKE = 'ServiceRoleWildcardInvoke',
  /** A role any AWS account may assume that may call methods of an API of the app (the API is open to every AWS account). */
  INVOKE_ROLE_ASSUMABLE_BY_ANYONE = 'InvokeRoleAssumableByAnyone',
  /** A Lambda permission for `apigateway.amazonaws.com` without SourceArn or SourceAccount (any API in any account may invoke the function). */
  LAMBDA_PERMISSION_WITHOUT_SOURCE_ARN = 'LambdaPermissionWithoutSourceArn',
  /** An identity policy that allows `apigateway:*` on every resource, without conditions. */
  MANAGEMENT_WILDCARD = 'ManagementWildcard',
  /** A method anyone on the internet can call without credentials, from the addresses the access map names. */
  OPEN_METHOD = 'OpenMethod',
  /** A method that principals of any AWS account may call, their own policies allowing (read from the access map). */
  METHOD_OPEN_TO_ANY_ACCOUNT = 'MethodOpenToAnyAccount',
  /** An access expectation (`expectAllowed` / `expectDenied`) that the app does not meet. */
  EXPECTATION_NOT_MET = 'ExpectationNotMet',
  /** Something the checks could not resolve or evaluate (reported instead of passing silently). */
  CANNOT_EVALUATE = 'CannotEvaluate',
}

/** How a finding is reported. */
export enum FindingSeverity {
  /** An error annotation: `cdk synth` fails. */
  ERROR = 'error',
  /** A warning annotation (`cdk synth --strict` fails). */
  WARNING = 'warning',
  /** An informational annotation. */
  INFO = 'info',
}
