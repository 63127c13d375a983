/**
 * How AWS names partitions, regions and VPC resources: stated once here, read the same way by the
 * evaluator, the constructs' argument checks, the template analysis and the command line.
 */

/** The partitions API Gateway runs in. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = typeof PARTITIONS[number];

/** Partitions own their regions: cn-* in aws-cn, us-gov-* in aws-us-gov, the rest in aws. */
export function partitionOfRegion(region: string): Partition {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** EC2 ids have 8 (older) or 17 hex characters after the prefix (EC2 User Guide, "Resource IDs"). */
export const VPC_ENDPOINT_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** A VPC id, like an endpoint's: 8 or 17 hex characters after `vpc-`. */
export const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
