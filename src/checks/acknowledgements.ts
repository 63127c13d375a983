/**
 * Acknowledgements through aws-cdk-lib's `Validations.of(scope).acknowledge({ id, reason })`, read
 * from the construct tree: the id of a rule is `cdk-apigateway-access::RuleId`, as for any validation
 * plugin named `cdk-apigateway-access`. The aspect reads them here; the assembly keeps them for `check`.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { qualifiedRuleId } from '../analysis/acknowledgements';
import { AccessCheckRule } from '../analysis/rule-ids';

/**
 * The reason of the acknowledgement of `rule` closest to `construct` (on it or on a scope above it),
 * as CDK matches acknowledgements to a validation plugin's findings.
 */
export function acknowledgedReason(construct: IConstruct, rule: AccessCheckRule): string | undefined {
  const id = qualifiedRuleId(rule);
  for (const scope of [...construct.node.scopes].reverse()) {
    // Newer aws-cdk-lib adds one entry per call, older one cumulative entry: the last one wins.
    for (const entry of [...scope.node.metadata].reverse()) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      const reason = (entry.data as Record<string, unknown>)[id];
      if (typeof reason === 'string') return reason;
    }
  }
  return undefined;
}

/**
 * Records on `construct` that a finding of `rule` on it was acknowledged, in the metadata entry
 * `Validations.acknowledge` writes, so the cloud assembly carries it for `check`.
 */
export function recordAcknowledgement(construct: IConstruct, rule: AccessCheckRule, reason: string): void {
  construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [qualifiedRuleId(rule)]: reason });
}
