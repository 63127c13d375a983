import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { CallerKind, CallerSpec } from './caller-spec';

/**
 * Who calls the API in an access expectation.
 *
 * - `principal(grantable)`: a role or user of the app, with every identity policy and permissions
 *   boundary the app gives it;
 * - `arn(arn)`: an IAM principal by ARN. When the app defines it, its policies apply; otherwise it is
 *   taken to be allowed by its own account's policies, so the expectation tests what the API allows;
 * - `account(accountId)`: a role in that account that its own policies allow to invoke any API;
 * - `anonymous()`: an unsigned call, e.g. from a browser on the internet.
 */
export class AccessCaller {
  /**
   * A role or user defined in the app (or anything whose grant principal is one).
   *
   * @param grantable the role, user, or construct with a grant principal (e.g. a Lambda function's role)
   */
  public static principal(grantable: iam.IGrantable): AccessCaller {
    const principal = grantable.grantPrincipal;
    const scope = isConstruct(principal) ? principal : isConstruct(grantable) ? grantable : undefined;
    const label = scope ? `'${scope.node.path}'` : 'the principal';
    const role = principal as Partial<iam.IRole>;
    const user = principal as Partial<iam.IUser>;
    if (typeof role.roleArn === 'string') return new AccessCaller({ kind: CallerKind.PRINCIPAL, value: role.roleArn, scope, label: `role ${label}` });
    if (typeof user.userArn === 'string') return new AccessCaller({ kind: CallerKind.PRINCIPAL, value: user.userArn, scope, label: `user ${label}` });
    if (principal instanceof iam.ArnPrincipal) return AccessCaller.arn(principal.arn);
    throw new Error(`AccessCaller.principal(grantable): the grant principal of ${label} is neither a role, a user nor an ArnPrincipal. `
      + 'Pass an iam.Role, an iam.User or a construct whose grantPrincipal is one, or use AccessCaller.arn(arn) / AccessCaller.account(accountId).');
  }

  /**
   * An IAM principal by ARN: a user, a role (a session of it), an assumed-role session or an account root.
   *
   * @param arn the principal's ARN, e.g. `arn:aws:iam::111111111111:role/reader`
   */
  public static arn(arn: string): AccessCaller {
    if (!Token.isUnresolved(arn) && !arn.startsWith('arn:')) {
      throw new Error(`AccessCaller.arn(arn): '${arn}' is not an ARN. Pass an IAM ARN such as arn:aws:iam::111111111111:role/reader.`);
    }
    return new AccessCaller({ kind: CallerKind.ARN, value: arn, label: `'${arn}'` });
  }

  /**
   * A caller from an account: a role there whose own policies allow it to invoke any API, so the
   * expectation tests what the API lets that account do.
   *
   * @param accountId the 12-digit account id
   */
  public static account(accountId: string): AccessCaller {
    if (!Token.isUnresolved(accountId) && !/^\d{12}$/.test(accountId)) {
      throw new Error(`AccessCaller.account(accountId): '${accountId}' is not an account id. Pass the 12-digit AWS account id.`);
    }
    return new AccessCaller({ kind: CallerKind.ACCOUNT, value: accountId, label: `a caller in account ${accountId}` });
  }

  /** An unsigned call: nobody in particular, e.g. a browser on the internet. */
  public static anonymous(): AccessCaller {
    return new AccessCaller({ kind: CallerKind.ANONYMOUS, label: 'an anonymous caller' });
  }

  /** @internal */
  public readonly _spec: CallerSpec;

  private constructor(spec: CallerSpec) {
    this._spec = spec;
  }
}

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && 'node' in x && typeof (x as IConstruct).node?.path === 'string';
}
