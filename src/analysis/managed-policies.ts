/**
 * AWS managed policies, as far as API Gateway access goes: which ones exist, and the statements of
 * those that can allow or deny an `execute-api` or `apigateway` action.
 *
 * The data (data/aws-managed-policies-apigateway.json) records its sources and date. A policy the
 * data names but holds no statements of grants nothing on these two services; a name the data does
 * not know is newer than the data, so its content is unknown (the principal holding it cannot be
 * evaluated). To refresh it, see data/README.md.
 */
import * as data from './data/aws-managed-policies-apigateway.json';

/** One AWS managed policy's statements on execute-api and apigateway. */
interface ManagedPolicyEntry {
  readonly name: string;
  readonly arn: string;
  readonly statements: readonly unknown[];
}

interface ManagedPolicyData {
  readonly source: string;
  readonly generated: string;
  readonly allPolicyNames: readonly string[];
  readonly policies: readonly ManagedPolicyEntry[];
}

const DATA = data as unknown as ManagedPolicyData;

/** The date of the data (YYYY-MM-DD): AWS managed policies published later are unknown. */
export const AWS_MANAGED_POLICY_DATA_DATE: string = DATA.generated;

/** What the data says of one AWS managed policy. */
export type AwsManagedPolicyContent =
  /** Its statements that can allow or deny execute-api or apigateway actions (possibly none). */
  | { readonly known: true; readonly statements: readonly unknown[] }
  /** A policy newer than the data (or misspelt): its content is unknown. */
  | { readonly known: false };

let byName: Map<string, ManagedPolicyEntry> | undefined;
let allNames: Set<string> | undefined;

/** Whether the ARN names an AWS managed policy (`arn:PARTITION:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/**
 * The content of the AWS managed policy `arn` (in any partition). AWS managed policy names are unique
 * whatever their path (IAM User Guide, "AWS managed policies"), so the lookup is by name.
 */
export function awsManagedPolicy(arn: string): AwsManagedPolicyContent {
  if (!byName) {
    byName = new Map(DATA.policies.map(p => [p.name, p]));
    allNames = new Set(DATA.allPolicyNames);
  }
  const name = arn.replace(/^arn:[^:]+:iam::aws:policy\//, '').split('/').pop() ?? '';
  const entry = byName.get(name);
  if (entry) return { known: true, statements: entry.statements };
  if (allNames!.has(name)) return { known: true, statements: [] };
  return { known: false };
}
