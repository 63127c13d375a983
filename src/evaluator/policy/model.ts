/**
 * The policy model shared by the evaluator's parts: what a compiled policy, a request and a
 * statement match look like. The IAM policy language itself lives beside this file
 * (compile, match, conditions, variables, principals); the API Gateway flows only use these types.
 */

/** Where a policy came from, so reasons and errors can name it. */
export interface PolicySource {
  /** How reasons name the policy: `identity policy 'ReadPets'`, `resource policy`, `permissions boundary`. */
  readonly label: string;
  /** Path of the policy in the scenario, for errors: `caller.identityPolicies[0]`. */
  readonly field: string;
}

/** Which grammar a policy follows: resource policies need a Principal, the others must not have one. */
export enum PolicyKind {
  IDENTITY = 'identity',
  BOUNDARY = 'boundary',
  RESOURCE = 'resource',
  /** The policy a Lambda authorizer returns: identity grammar. */
  AUTHORIZER = 'authorizer',
}

export interface CompileOptions {
  readonly kind: PolicyKind;
  readonly source: PolicySource;
  /**
   * For an API's resource policy: `arn:PARTITION:execute-api:REGION:ACCOUNT:APIID`, the prefix that
   * the `execute-api:/...` shorthand stands for.
   */
  readonly executeApiPrefix?: string;
}

/** The kinds of signed callers. */
export enum CallerType {
  USER = 'user',
  /** A session of an IAM role (the scenario's role ARN means a session of that role). */
  ROLE_SESSION = 'role-session',
  ROOT = 'root',
}

/** The IAM identity that signed a request. */
export interface Caller {
  /** The principal as IAM sees it: a user ARN, an assumed-role session ARN, or `arn:P:iam::ACCOUNT:root`. */
  readonly arn: string;
  readonly partition: string;
  readonly account: string;
  readonly type: CallerType;
  /**
   * For role sessions: the role's ARN (`arn:P:iam::ACCOUNT:role/PATH/NAME`). When the caller was
   * given as a session ARN, which does not carry the role's path, this is the ARN with path `/`,
   * and `rolePathUnknown` is set: the role is then the account's one role of that name, whatever its
   * path, and the scenario reader refuses policies whose answer depends on the path.
   */
  readonly roleArn?: string;
  /** For role sessions: the role's name (unique within its account, whatever the path). */
  readonly roleName?: string;
  /** The caller was given as an assumed-role session ARN: the role's path is not known. */
  readonly rolePathUnknown?: boolean;
}

/** One request as the policy language sees it. */
export interface RequestContext {
  /** The action, e.g. `execute-api:Invoke`, `apigateway:PATCH`. */
  readonly action: string;
  /** The full resource ARN (never the shorthand). */
  readonly resource: string;
  /** The signed caller; absent for an anonymous (unsigned) call, which only `"Principal": "*"` matches. */
  readonly caller?: Caller;
  /**
   * The condition keys present in the request, keyed by lower-cased key name. Every value is a list;
   * single-valued keys have exactly one element. A key that is absent is not in the map.
   */
  readonly keys: ReadonlyMap<string, readonly string[]>;
}

/** How a resource-policy statement's Principal (or NotPrincipal) matched the caller. */
export enum PrincipalMatch {
  /** `"Principal": "*"`: everyone, signed or not. */
  ANYONE = 'anyone',
  /** `{"AWS": "*"}`: any AWS principal, and anonymous callers too (the IAM guide: equivalent to `"*"` for them). */
  ANY_AWS = 'any-aws',
  /** Names the caller's account (root ARN or bare id): delegates to the account's identity policies. */
  ACCOUNT = 'account',
  /** Names the role whose session calls: grants, but not past the session's permissions boundary. */
  ROLE = 'role',
  /** Names the user ARN or the exact role-session ARN: grants past a permissions boundary. */
  DIRECT = 'direct',
  /** A NotPrincipal that does not exclude the caller. */
  NOT_PRINCIPAL = 'not-principal',
  /** A service principal (`{"Service": ...}`). */
  SERVICE = 'service',
}

/** A statement of a policy. Matching internals are private to the policy language modules. */
export interface CompiledStatement {
  /** Position in the policy, from 0. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** How reasons name it: `statement 'AllowGet'`, or `statement #2` (1-based) without a Sid. */
  readonly label: string;
  /**
   * A resource-policy statement whose Principal is `"*"` or `{"AWS": "*"}` and whose Condition tests
   * `aws:PrincipalArn`: what it grants is not limited by permissions boundaries or session policies
   * (IAM User Guide, "AWS JSON policy elements: Principal", IAM role principals).
   */
  readonly grantsByPrincipalArn: boolean;
  /**
   * A resource-policy statement whose Principal names specific AWS principals (accounts, roles,
   * users) and not `{"AWS": "*"}`: it never matches a call to a method that is not AWS_IAM (rule 9).
   */
  readonly namesSpecificAwsPrincipals: boolean;
}

export interface CompiledPolicy {
  readonly source: PolicySource;
  readonly kind: PolicyKind;
  /** `2012-10-17`, `2008-10-17`, or undefined when absent (then policy variables are literal text). */
  readonly version?: string;
  readonly statements: readonly CompiledStatement[];
}

/** A statement that matched a request. */
export interface StatementHit {
  readonly policy: CompiledPolicy;
  readonly statement: CompiledStatement;
  /** For resource policies: how the Principal matched. */
  readonly principal?: PrincipalMatch;
}

/** Every statement of one policy that matched a request, by effect. */
export interface PolicyVerdict {
  readonly denies: readonly StatementHit[];
  readonly allows: readonly StatementHit[];
}
