import { InvalidInputError } from './errors';

/**
 * Sizes beyond what AWS accepts: such input cannot describe a deployed API or a real caller, and
 * refusing it keeps the work (and the messages) of one evaluation bounded. Each limit names its
 * source, and the error names the field, the size and the limit.
 */
export interface Limit {
  readonly max: number;
  /** What is counted, e.g. `characters without white space`. */
  readonly unit: string;
  /** Where AWS says so. */
  readonly source: string;
}

/** API Gateway quotas for configuring and running a REST API. */
export const RESOURCE_POLICY_SIZE: Limit = {
  max: 8192,
  unit: 'characters without white space',
  source: 'API Gateway quota "Length, in characters, of API Gateway resource policy" (8192 by default; AWS raises it on request)',
};

/** IAM and AWS STS quotas: the largest identity-based policy IAM accepts is a role's inline policies. */
export const IDENTITY_POLICY_SIZE: Limit = {
  max: 10240,
  unit: 'characters without white space',
  source: 'IAM quotas: "Role policy size cannot exceed 10,240 characters" (managed policies: 6,144); IAM does not count white space',
};

/** A permissions boundary is a managed policy. */
export const BOUNDARY_POLICY_SIZE: Limit = {
  max: 6144,
  unit: 'characters without white space',
  source: 'IAM quotas: "Managed policy size cannot exceed 6,144 characters" (a permissions boundary is a managed policy); '
    + 'IAM does not count white space',
};

/** A request's path is part of its URL (API Gateway quotas: URL length per endpoint type). */
export const URL_LENGTH: Readonly<Record<string, Limit>> = {
  REGIONAL: { max: 10240, unit: 'characters', source: 'API Gateway quota "Length, in characters, of the URL for a regional API" (10240)' },
  EDGE: { max: 8192, unit: 'characters', source: 'API Gateway quota "Length, in characters, of the URL for an edge-optimized API" (8192)' },
  PRIVATE: { max: 8192, unit: 'characters', source: 'API Gateway quota "Length, in characters, of the URL for a private API" (8192)' },
};

/** IAM API Reference, data type arnType: 20 to 2048 characters. */
export const ARN_LENGTH: Limit = { max: 2048, unit: 'characters', source: 'IAM API Reference: an ARN (arnType) has at most 2048 characters' };

/** IAM User Guide, "Tagging IAM resources": tag values have 0 to 256 characters. */
export const TAG_VALUE_LENGTH: Limit = { max: 256, unit: 'characters', source: 'IAM tag values have at most 256 characters ("Tagging IAM resources")' };

/** Throws when `size` is beyond `limit`, naming the field, the size, the limit and its source. */
export function checkSize(size: number, limit: Limit, field: string): void {
  if (size > limit.max) {
    throw new InvalidInputError(field, `is ${size.toLocaleString('en-US')} ${limit.unit}, more than AWS accepts: `
      + `${limit.max.toLocaleString('en-US')} (${limit.source})`);
  }
}

/** The characters of a policy document as IAM counts them: its JSON without white space. */
export function policySize(document: unknown): number | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(document);
  } catch {
    // Cyclic or too deep to serialise: the policy reader names what is wrong with it.
    return undefined;
  }
  if (text === undefined) {
    return undefined;
  }
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      size++;
    }
  }
  return size;
}
