// The public API of the constructs; helpers beside them stay internal.
export { ApiResourcePolicy, ApiResourcePolicyProps, PolicyScope } from './api-resource-policy';
export { IamRestApi, IamRestApiProps } from './iam-rest-api';
export { InvokeGrant, InvokeGrantOptions, MethodGrantOptions } from './invoke-grant';
export { ManagementAccess, ManagementPolicy, ManagementPolicyProps } from './management-policy';
export { ApiGatewayServiceRole, ApiGatewayServiceRoleProps } from './service-role';
