/**
 * Acknowledgements as a cloud assembly records them. `Validations.of(scope).acknowledge({ id, reason })`
 * writes `{ [id]: reason }` as `aws:cdk:acknowledged-rules` metadata on `scope`, and a stack's
 * metadata in the assembly keeps it by construct path, beside the logical id of each resource. A rule
 * of ours is acknowledged by `cdk-apigateway-access::RuleId`, and a finding by the acknowledgement
 * closest to its resource (on the resource's construct path or a scope above it), as CDK matches
 * acknowledgements to a validation plugin's findings. Pure: the callers read the metadata.
 */
import { AccessCheckRule } from './rule-ids';

/** The name of the validation plugin, and the namespace of its rule ids. */
export const VALIDATION_PLUGIN_NAME = 'cdk-apigateway-access';

/** The metadata type `Validations.acknowledge` writes (aws-cdk-lib's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
export const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';

const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';

/** `cdk-apigateway-access::RuleId`: how `Validations.acknowledge` names a rule of ours. */
export function qualifiedRuleId(rule: AccessCheckRule | string): string {
  return `${VALIDATION_PLUGIN_NAME}::${rule}`;
}

/** One metadata entry of a construct, as the cloud assembly stores it. */
export interface StackMetadataEntry {
  readonly type?: string;
  readonly data?: unknown;
}

/** A stack's metadata in the cloud assembly: entries by construct path (`/Stack/Construct/...`). */
export type StackMetadata = Readonly<Record<string, readonly StackMetadataEntry[] | undefined>>;

/** Why a finding is acknowledged, and where. */
export interface Acknowledged {
  readonly reason: string;
  /** The construct path it was acknowledged at (without the leading slash), when known. */
  readonly at?: string;
}

/** The acknowledgements a stack's metadata records, looked up by resource and rule. */
export class StackAcknowledgements {
  private readonly pathOfLogicalId = new Map<string, string>();
  private readonly acknowledgedAt = new Map<string, Map<string, string>>();

  constructor(metadata: StackMetadata) {
    for (const [constructPath, entries] of Object.entries(metadata)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (entry.type === LOGICAL_ID_METADATA && typeof entry.data === 'string') this.pathOfLogicalId.set(entry.data, constructPath);
        if (entry.type === ACKNOWLEDGED_RULES_METADATA && typeof entry.data === 'object' && entry.data !== null) {
          const rules = this.acknowledgedAt.get(constructPath) ?? new Map<string, string>();
          for (const [id, reason] of Object.entries(entry.data)) if (typeof reason === 'string') rules.set(id, reason);
          this.acknowledgedAt.set(constructPath, rules);
        }
      }
    }
  }

  /** The closest acknowledgement of `rule` on the resource `logicalId` or a scope above it. */
  public find(logicalId: string, rule: AccessCheckRule | string): Acknowledged | undefined {
    const resourcePath = this.pathOfLogicalId.get(logicalId);
    if (resourcePath === undefined || this.acknowledgedAt.size === 0) return undefined;
    const id = qualifiedRuleId(rule);
    for (let p = resourcePath; p !== ''; p = p.substring(0, Math.max(p.lastIndexOf('/'), 0))) {
      const reason = this.acknowledgedAt.get(p)?.get(id);
      if (reason !== undefined) return { reason, at: p.replace(/^\//, '') };
    }
    return undefined;
  }
}
