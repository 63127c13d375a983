import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { conditionKeys } from './policy-reading';
import { AccessRuleDefinition } from './rule';
import { statementsOf } from '../template/access-model';

const RESTRICTING_KEYS = ['aws:sourcevpc', 'aws:sourcevpce'];

/**
 * A PRIVATE API whose resource policy does not restrict the VPCs or VPC endpoints it is called from.
 * Any interface endpoint for execute-api, in any account, can then reach the API when the policy
 * allows the caller (API Gateway developer guide, "Private REST APIs": restrict access with
 * aws:SourceVpc or aws:SourceVpce conditions).
 */
export const PrivateApiNotRestricted: AccessRuleDefinition = {
  id: AccessCheckRule.PRIVATE_API_NOT_RESTRICTED,
  defaultSeverity: FindingSeverity.WARNING,
  finds: 'a PRIVATE REST API whose resource policy restricts neither aws:SourceVpc nor aws:SourceVpce',
  fix: 'allow execute-api:Invoke only on a StringEquals aws:SourceVpce (your endpoints) or aws:SourceVpc (your VPCs) condition, or deny when StringNotEquals',
  check: ({ model }) => model.apis
    .filter(api => api.endpointType === 'PRIVATE' && api.resourcePolicy !== undefined)
    .filter(api => !statementsOf(api.resourcePolicy).some(s => conditionKeys(s).some(k => RESTRICTING_KEYS.includes(k))))
    .map(api => ({
      logicalId: api.logicalId,
      problem: `the resource policy of PRIVATE REST API '${api.name}' does not restrict aws:SourceVpc or aws:SourceVpce, `
        + 'so calls through any VPC endpoint for execute-api, in any account, can reach it.',
    })),
};
