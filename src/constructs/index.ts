// The public API of the constructs. Helpers beside them (validation, ARNs, aggregation, grant core)
// stay internal: only these modules are exported.
export * from './api-resource-policy';
export * from './iam-rest-api';
export * from './invoke-grant';
export * from './invoke-grant-options';
export * from './management-access';
export * from './management-policy';
export * from './service-role';
