/**
 * Where the ARNs of an invoke grant go, so a large grant stays inside the IAM quotas (IAM User
 * Guide, "IAM and AWS STS quotas"): the inline policies of a role or user total at most 10,240
 * characters, a managed policy at most 6,144, whitespace not counted.
 *
 * A grant is one statement in the grantee's inline (default) policy. When its ARNs would take the
 * grantee's invoke grants past INLINE_BUDGET, the ARNs that do not fit move to customer managed
 * policies of at most MANAGED_BUDGET characters each, attached to the grantee. The layout is
 * decided at synthesis (an aspect), when the aggregated ARNs are final.
 */
import { Aspects, IAspect, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/** Characters of invoke grants kept inline per grantee: leaves 2,240 of the 10,240 for its other grants. */
export const INLINE_BUDGET = 8_000;
/** Characters of ARNs per overflow managed policy, under the 6,144 quota with room for the statement. */
export const MANAGED_BUDGET = 5_800;
/**
 * The longest a resolved execute-api ARN prefix gets: `arn:` + partition (`aws-us-gov`, 10) +
 * `:execute-api:` + region (14) + `:` + account (12) + `:` + API id (10) + `/`, plus the quotes
 * and comma around it in the policy.
 */
const ARN_PREFIX_ESTIMATE = 4 + 10 + 13 + 14 + 1 + 12 + 1 + 10 + 1 + 3;

/** One resource of a grant: the stage and `VERB/PATH` it is built from, and the ARN itself. */
export interface LayoutItem {
  readonly stage: string;
  readonly suffix: string;
  readonly arn: string;
}

/** The resolved length of an execute-api ARN, estimated from the longest partition, region and id. */
export function estimatedArnLength(item: LayoutItem): number {
  return ARN_PREFIX_ESTIMATE + (Token.isUnresolved(item.stage) ? 128 : item.stage.length) + 1 + item.suffix.length;
}

/** Inline characters already taken by invoke grants, per grantee (decided in synthesis order). */
const inlineUsed = new WeakMap<iam.IPrincipal, number>();

type Attach = (policy: iam.ManagedPolicy) => void;

/** How to attach managed policies to the grantee, if it can hold them (a role, user or group of the stack's account). */
function attacherFor(principal: iam.IPrincipal, stack: Stack): Attach | undefined {
  const account = principal.principalAccount;
  const sameAccount = account !== undefined
    && [TokenComparison.SAME, TokenComparison.BOTH_UNRESOLVED].includes(Token.compareStrings(account, stack.account));
  if (!sameAccount || !Construct.isConstruct(principal)) {
    return undefined;
  }
  const candidate = principal as unknown as Partial<iam.IRole & iam.IUser & iam.IGroup>;
  if (candidate.roleName !== undefined && candidate.roleArn !== undefined) {
    return (policy) => policy.attachToRole(principal as unknown as iam.IRole);
  }
  if (candidate.userName !== undefined && candidate.userArn !== undefined) {
    return (policy) => policy.attachToUser(principal as unknown as iam.IUser);
  }
  if (candidate.groupName !== undefined && candidate.groupArn !== undefined) {
    return (policy) => policy.attachToGroup(principal as unknown as iam.IGroup);
  }
  return undefined;
}

function freeId(scope: Construct, base: string): string {
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!scope.node.tryFindChild(id)) {
      return id;
    }
  }
}

/**
 * The layout of one grant: the ARNs its inline statement keeps, decided once at synthesis.
 */
export class GrantLayout {
  private inline?: string[];

  constructor(
    private readonly api: IConstruct,
    private readonly principal: iam.IPrincipal,
    private readonly actions: string[],
    private readonly items: () => LayoutItem[],
  ) {
    const layout = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node === api) {
          layout.plan();
        }
      },
    };
    Aspects.of(api).add(aspect);
  }

  /** The ARNs of the grant's inline statement. */
  public inlineArns(): string[] {
    return this.inline ?? this.items().map((item) => item.arn);
  }

  private plan(): void {
    if (this.inline) {
      return;
    }
    const items = this.items();
    const used = inlineUsed.get(this.principal) ?? 0;
    const attach = attacherFor(this.principal, Stack.of(this.api));
    let size = used;
    let keep = 0;
    while (keep < items.length && (keep === 0 || !attach || size + estimatedArnLength(items[keep]) <= INLINE_BUDGET)) {
      size += estimatedArnLength(items[keep]);
      keep++;
    }
    inlineUsed.set(this.principal, size);
    this.inline = items.slice(0, keep).map((item) => item.arn);

    // What does not fit inline goes to managed policies of the grantee (never widened, only moved).
    let chunk: string[] = [];
    let chunkSize = 0;
    const flush = () => {
      if (chunk.length === 0 || !attach) {
        return;
      }
      const scope = this.principal as unknown as Construct;
      const policy = new iam.ManagedPolicy(scope, freeId(scope, 'InvokeGrantOverflow'), {
        description: 'execute-api grants that do not fit in the inline policy (cdk-apigateway-access)',
        statements: [new iam.PolicyStatement({ actions: this.actions, resources: chunk })],
      });
      attach(policy);
      chunk = [];
      chunkSize = 0;
    };
    for (const item of items.slice(keep)) {
      const length = estimatedArnLength(item);
      if (chunkSize + length > MANAGED_BUDGET) {
        flush();
      }
      chunk.push(item.arn);
      chunkSize += length;
    }
    flush();
  }
}
