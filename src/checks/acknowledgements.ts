/**
 * Acknowledgements through aws-cdk-lib's `Validations.of(scope).acknowledge({ id, reason })`: the id
 * of a rule is `cdk-apigateway-access::RuleId`, as for any validation plugin named
 * `cdk-apigateway-access`. CDK records each acknowledgement as construct metadata; the aspect reads it
 * from there, and the cloud assembly keeps it for the `check` command.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AccessCheckRule } from '../analysis/rule-ids';

/** The name of the validation plugin, and the namespace of its rule ids. */
export const VALIDATION_PLUGIN_NAME = 'cdk-apigateway-access';

/** `cdk-apigateway-access::RuleId`: how `Validations.acknowledge` names a rule. */
export function qualifiedRuleId(rule: AccessCheckRule): string {
  return `${VALIDATION_PLUGIN_NAME}::${rule}`;
}

/**
 * The reason of the acknowledgement of `rule` closest to `construct` (on it or on a scope above it),
 * as CDK matches acknowledgements to a validation plugin's findings.
 */
export function acknowledgedReason(construct: IConstruct, rule: AccessCheckRule): string | undefined {
  const id = qualifiedRuleId(rule);
  for (const scope of [...construct.node.scopes].reverse()) {
    for (const entry of scope.node.metadata) {
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
