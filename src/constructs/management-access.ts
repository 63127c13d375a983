/** What a management policy lets its holder do with API Gateway (the control plane). */
export enum ManagementAccess {
  /** Read every part of the APIs (`apigateway:GET`). */
  READ_ONLY = 'READ_ONLY',
  /**
   * Read, and deploy: create deployments (`apigateway:POST` on `/restapis/ID/deployments`) and
   * update stages (`apigateway:PATCH` on `/restapis/ID/stages/*`).
   */
  DEPLOY = 'DEPLOY',
  /**
   * Every verb (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`) on the APIs. Changing a resource policy
   * also needs `apigateway:UpdateRestApiPolicy`, which only `allowResourcePolicyUpdate` adds.
   */
  FULL = 'FULL',
}
