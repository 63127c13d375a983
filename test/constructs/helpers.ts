import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

/** A stack in a known account and region, so same- and cross-account grants can be told apart. */
export function newStack(account: string = ACCOUNT): Stack {
  const app = new App();
  return new Stack(app, 'Stack', { env: { account, region: 'us-east-1' } });
}

/** A role of this stack's account. */
export function callerRole(stack: Stack, id = 'Caller'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
}

/** The statements of every AWS::IAM::Policy attached to a role (by logical id). */
export function inlineStatements(template: any, roleLogicalId: string): any[] {
  return Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy'
      && (r.Properties.Roles ?? []).some((ref: any) => ref.Ref === roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

export function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: any } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

/**
 * The policy text as IAM would store it after deployment: intrinsics replaced by values of
 * realistic (long) length, whitespace removed (IAM does not count whitespace against quotas).
 */
export function resolvedText(value: unknown): string {
  return JSON.stringify(resolveIntrinsics(value));
}

/** Values for the intrinsics of a template, as one deployment would resolve them. */
export interface DeployedValues {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** Any other Ref (a RestApi id, a Stage name). */
  readonly ref: string;
  /** Any Fn::GetAtt. */
  readonly getAtt: string;
}

const WORST_CASE: DeployedValues = {
  partition: 'aws-us-gov',
  region: 'ap-southeast-2',
  account: '123456789012',
  ref: 'a1b2c3d4e5', // a RestApi id: 10 characters
  getAtt: 'arn:aws-us-gov:iam::123456789012:role/Stack-CallerRoleABCDEF-ABCDEFGHIJKL',
};

/** A template value with its intrinsics replaced by deployed values. */
export function resolveIntrinsics(value: any, values: DeployedValues = WORST_CASE): any {
  if (Array.isArray(value)) {
    return value.map((v) => resolveIntrinsics(v, values));
  }
  if (value && typeof value === 'object') {
    if ('Ref' in value) {
      switch (value.Ref) {
        case 'AWS::Partition': return values.partition;
        case 'AWS::Region': return values.region;
        case 'AWS::AccountId': return values.account;
        default: return values.ref;
      }
    }
    if ('Fn::GetAtt' in value) {
      return values.getAtt;
    }
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'];
      return resolveIntrinsics(parts, values).join(sep);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, values)]));
  }
  return value;
}
