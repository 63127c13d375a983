/**
 * Every built-in rule, in the order they run. Adding a rule is one file and one line here.
 * CannotEvaluate comes last: the others report to it what they could not evaluate.
 */
import { AwsPrincipalBlocksNonIamMethod } from './AwsPrincipalBlocksNonIamMethod';
import { CannotEvaluate } from './CannotEvaluate';
import { ExpectationNotMet } from './ExpectationNotMet';
import { InvokeRoleAssumableByAnyone } from './InvokeRoleAssumableByAnyone';
import { LambdaPermissionWithoutSourceArn } from './LambdaPermissionWithoutSourceArn';
import { ManagementWildcard } from './ManagementWildcard';
import { MethodOpenToAnyAccount } from './MethodOpenToAnyAccount';
import { OpenMethod } from './OpenMethod';
import { PrivateApiNotRestricted } from './PrivateApiNotRestricted';
import { PrivateApiWithoutResourcePolicy } from './PrivateApiWithoutResourcePolicy';
import { AccessRuleDefinition } from './rule';
import { ServiceRoleCannotInvoke } from './ServiceRoleCannotInvoke';
import { ServiceRoleUntrusted } from './ServiceRoleUntrusted';
import { ServiceRoleWildcardInvoke } from './ServiceRoleWildcardInvoke';
import { SourceIpOnPrivateApi } from './SourceIpOnPrivateApi';
import { UnpairedInvokeGrant } from './UnpairedInvokeGrant';

export const BUILT_IN_RULES: readonly AccessRuleDefinition[] = [
  UnpairedInvokeGrant,
  AwsPrincipalBlocksNonIamMethod,
  PrivateApiWithoutResourcePolicy,
  SourceIpOnPrivateApi,
  PrivateApiNotRestricted,
  ServiceRoleUntrusted,
  ServiceRoleCannotInvoke,
  ServiceRoleWildcardInvoke,
  InvokeRoleAssumableByAnyone,
  LambdaPermissionWithoutSourceArn,
  ManagementWildcard,
  OpenMethod,
  MethodOpenToAnyAccount,
  ExpectationNotMet,
  CannotEvaluate,
];

export * from './rule';
