import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessRuleDefinition } from './rule';

/**
 * A PRIVATE API with no resource policy: API Gateway refuses every call until one is attached
 * (API Gateway developer guide, "Private REST APIs in API Gateway": "you must attach a resource
 * policy ... before it can be invoked").
 */
export const PrivateApiWithoutResourcePolicy: AccessRuleDefinition = {
  id: AccessCheckRule.PRIVATE_API_WITHOUT_RESOURCE_POLICY,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a PRIVATE REST API without a resource policy: every call to it fails',
  fix: 'attach a resource policy that allows execute-api:Invoke from your VPC endpoints (aws:SourceVpce) or VPCs (aws:SourceVpc), e.g. with the RestApi `policy` prop',
  check: ({ model }) => model.apis
    .filter(api => api.endpointType === 'PRIVATE' && api.resourcePolicy === undefined)
    .map(api => ({
      logicalId: api.logicalId,
      problem: `REST API '${api.name}' is PRIVATE and has no resource policy, so API Gateway refuses every call to it.`,
    })),
};
