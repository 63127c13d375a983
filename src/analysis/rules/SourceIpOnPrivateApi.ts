import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { conditionKeys, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { statementsOf } from '../template/access-model';

/**
 * `aws:SourceIp` in the resource policy of a PRIVATE API. Calls to a private API always arrive through
 * an interface VPC endpoint, and then the request carries `aws:VpcSourceIp`, never `aws:SourceIp`
 * (IAM User Guide, "AWS global condition context keys", aws:SourceIp: "If the request comes from a
 * host that uses an Amazon VPC endpoint, then the aws:SourceIp key is not present"). An IpAddress
 * Allow then never matches, and a `Deny ... NotIpAddress` denies every call.
 */
export const SourceIpOnPrivateApi: AccessRuleDefinition = {
  id: AccessCheckRule.SOURCE_IP_ON_PRIVATE_API,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'an aws:SourceIp condition in the resource policy of a PRIVATE API: the key is never present there',
  fix: 'test aws:VpcSourceIp (the caller\'s address inside the VPC), aws:SourceVpce or aws:SourceVpc instead of aws:SourceIp',
  check: ({ model }) => {
    const violations: RuleViolation[] = [];
    for (const api of model.apis) {
      if (api.endpointType !== 'PRIVATE') continue;
      statementsOf(api.resourcePolicy).forEach((statement, i) => {
        if (conditionKeys(statement).includes('aws:sourceip')) {
          violations.push({
            logicalId: api.logicalId,
            problem: `the resource policy of PRIVATE REST API '${api.name}' tests aws:SourceIp in ${statementLabel(statement, i)}, `
              + 'but calls through a VPC endpoint never carry aws:SourceIp, so that statement '
              + (statement.Effect === 'Deny' ? 'may deny every call.' : 'never allows anything.'),
          });
        }
      });
    }
    return violations;
  },
};
