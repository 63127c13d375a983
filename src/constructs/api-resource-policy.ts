import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { arnPath, arnVerb, shorthandResource } from './execute-api';
import {
  normalizeHttpMethods,
  validateAccountIds,
  validateCidrs,
  validateOrganizationId,
  validatePaths,
  validateStageNames,
  validateVpcEndpointIds,
  validateVpcIds,
} from './validation';

/** Every stage, verb and path of the API, as the guide's examples write it. */
const EVERYTHING = 'execute-api:/*';

/**
 * Narrows a resource-policy statement to some stages, verbs and paths. Every list defaults to
 * all (`*`); a statement covers every combination of the lists.
 */
export interface PolicyScope {
  /**
   * Stage names.
   *
   * @default - every stage
   */
  readonly stages?: string[];
  /**
   * HTTP methods (`GET`, `POST`, ..., `ANY` or `*` for every verb).
   *
   * @default - every verb
   */
  readonly httpMethods?: string[];
  /**
   * Resource paths: `/pets`, `/pets/{id}` (a path parameter matches any value), `/pets/*`
   * (everything below `/pets`), `/` (the root) or `*` (every path).
   *
   * @default - every path
   */
  readonly paths?: string[];
}

/** Properties of an `ApiResourcePolicy`. */
export interface ApiResourcePolicyProps {
  /**
   * Whether the policy is for a PRIVATE API. On a private API, calls come through interface VPC
   * endpoints and carry `aws:VpcSourceIp` instead of `aws:SourceIp`, so IP restrictions must use
   * that key (API Gateway Developer Guide, "API Gateway resource policy examples").
   *
   * @default - decided by the `IamRestApi` the policy is given to (its endpoint type); `false`
   *   (a public API) when the policy is only used through `toPolicyDocument()`
   */
  readonly privateApi?: boolean;
}

/**
 * A builder for API Gateway REST API resource policies.
 *
 * Each method adds one statement and returns the builder. Resources always use the
 * `execute-api:/STAGE/VERB/PATH` shorthand, which API Gateway expands with the API's own ARN, so
 * the policy can sit on the RestApi it protects without a CloudFormation circular dependency.
 * Statements that must not break methods of other authorization types (NONE, CUSTOM, COGNITO)
 * use the `"*"` principal (`{"AWS": "*"}` is equivalent): a call to a method that is not AWS_IAM
 * carries no IAM identity, so a statement naming specific AWS principals (accounts, roles, users)
 * never matches it (API Gateway Developer Guide, "How API Gateway resource policies affect
 * authorization workflow"; IAM User Guide, "AWS JSON policy elements: Principal").
 *
 * Restrictions (`restrictTo...`, `deny...`) are Deny statements: they compose with any allow, and
 * allow nothing by themselves. A method that is not AWS_IAM needs an explicit allow (for example
 * `allowAnyone()`) once its API has a resource policy.
 *
 * A changed resource policy only takes effect after a new deployment of the API; an `IamRestApi`
 * (like any aws-cdk-lib RestApi) redeploys when its policy changes.
 */
export class ApiResourcePolicy {
  private readonly document = new iam.PolicyDocument();
  private readonly explicitPrivate?: boolean;
  private boundPrivate?: boolean;
  private readonly allowedSourceIps: string[] = [];
  private readonly allowedVpcEndpoints: string[] = [];
  private readonly allowedVpcs: string[] = [];
  private readonly deniedSourceIps: string[] = [];

  constructor(props: ApiResourcePolicyProps = {}) {
    this.explicitPrivate = props.privateApi;
  }

  /**
   * Allows principals of the given accounts (through their own identity policies) to invoke.
   *
   * Renders `{"AWS": "arn:PARTITION:iam::ACCOUNT:root"}` principals, which only AWS_IAM methods can
   * satisfy. For a caller in another account, that account's identity policies must allow too.
   *
   * @param accountIds 12-digit AWS account ids
   * @param scope the stages, verbs and paths the statement covers
   */
  public allowAccounts(accountIds: string[], scope?: PolicyScope): ApiResourcePolicy {
    validateAccountIds('accountIds', accountIds);
    return this.allow(accountIds.map((id) => new iam.AccountPrincipal(id)), scope);
  }

  /**
   * Allows the given IAM principals (roles, users, accounts) to invoke. They sign their requests, so
   * only AWS_IAM methods can use this statement.
   *
   * @param principals who may invoke
   * @param scope the stages, verbs and paths the statement covers
   */
  public allowPrincipals(principals: iam.IPrincipal[], scope?: PolicyScope): ApiResourcePolicy {
    if (principals.length === 0) {
      throw new Error('principals: expected at least one principal, got an empty list');
    }
    return this.allow(principals, scope);
  }

  /**
   * Allows signed callers of an AWS Organizations organization to invoke (`aws:PrincipalOrgID`).
   *
   * The principal is `"*"` with the condition; the key only exists for signed (AWS_IAM) calls.
   *
   * @param orgId the organization id, `o-...`
   * @param scope the stages, verbs and paths the statement covers
   */
  public allowOrganization(orgId: string, scope?: PolicyScope): ApiResourcePolicy {
    validateOrganizationId('orgId', orgId);
    const statement = this.allowStatement([new iam.StarPrincipal()], scope);
    statement.addCondition('StringEquals', { 'aws:PrincipalOrgID': orgId });
    this.document.addStatements(statement);
    return this;
  }

  /**
   * Allows anyone to invoke (`"Principal": "*"`): the allow that methods of other authorization
   * types (NONE, CUSTOM, COGNITO_USER_POOLS) need once the API has a resource policy. AWS_IAM
   * methods still require a signed request allowed by the caller's identity policies.
   *
   * @param scope the stages, verbs and paths the statement covers
   */
  public allowAnyone(scope?: PolicyScope): ApiResourcePolicy {
    return this.allow([new iam.StarPrincipal()], scope);
  }

  /**
   * Denies every call whose source IP is outside the given ranges (a Deny with `NotIpAddress`).
   * Calls accumulate into one allow-list. On a private API the key is `aws:VpcSourceIp`, on
   * public ones `aws:SourceIp`.
   *
   * @param cidrs IPv4 or IPv6 CIDR blocks or addresses
   */
  public restrictToSourceIps(cidrs: string[]): ApiResourcePolicy {
    validateCidrs('cidrs', cidrs);
    if (this.allowedSourceIps.length === 0) {
      this.document.addStatements(this.denyUnless('NotIpAddress', () => this.sourceIpKey(), this.allowedSourceIps));
    }
    this.allowedSourceIps.push(...cidrs);
    return this;
  }

  /**
   * Denies every call from the given IP ranges (a Deny with `IpAddress`; `aws:VpcSourceIp` on
   * private APIs, `aws:SourceIp` on public ones).
   *
   * @param cidrs IPv4 or IPv6 CIDR blocks or addresses
   */
  public denySourceIps(cidrs: string[]): ApiResourcePolicy {
    validateCidrs('cidrs', cidrs);
    if (this.deniedSourceIps.length === 0) {
      this.document.addStatements(this.denyUnless('IpAddress', () => this.sourceIpKey(), this.deniedSourceIps));
    }
    this.deniedSourceIps.push(...cidrs);
    return this;
  }

  /**
   * Denies every call that does not come through one of the given interface VPC endpoints
   * (`StringNotEquals` on `aws:SourceVpce`). Only calls to a PRIVATE API come through endpoints.
   *
   * @param vpcEndpointIds `vpce-...` ids
   */
  public restrictToVpcEndpoints(vpcEndpointIds: string[]): ApiResourcePolicy {
    validateVpcEndpointIds('vpcEndpointIds', vpcEndpointIds);
    if (this.allowedVpcEndpoints.length === 0) {
      this.document.addStatements(this.denyUnless('StringNotEquals', () => 'aws:SourceVpce', this.allowedVpcEndpoints));
    }
    this.allowedVpcEndpoints.push(...vpcEndpointIds);
    return this;
  }

  /**
   * Denies every call that does not come from one of the given VPCs (`StringNotEquals` on
   * `aws:SourceVpc`). Only calls to a PRIVATE API carry the key.
   *
   * @param vpcIds `vpc-...` ids
   */
  public restrictToVpcs(vpcIds: string[]): ApiResourcePolicy {
    validateVpcIds('vpcIds', vpcIds);
    if (this.allowedVpcs.length === 0) {
      this.document.addStatements(this.denyUnless('StringNotEquals', () => 'aws:SourceVpc', this.allowedVpcs));
    }
    this.allowedVpcs.push(...vpcIds);
    return this;
  }

  /**
   * Adds a statement as written. Resources should use the `execute-api:/...` shorthand.
   *
   * @param statements resource-policy statements (with principals)
   */
  public addStatements(...statements: iam.PolicyStatement[]): ApiResourcePolicy {
    this.document.addStatements(...statements);
    return this;
  }

  /**
   * Whether the policy restricts callers to VPC endpoints or VPCs, conditions only calls to a
   * PRIVATE API can satisfy.
   */
  public get restrictsToVpc(): boolean {
    return this.allowedVpcEndpoints.length > 0 || this.allowedVpcs.length > 0;
  }

  /** Whether the policy has no statement yet. */
  public get isEmpty(): boolean {
    return this.document.isEmpty;
  }

  /** Whether IP conditions are rendered for a private API (`aws:VpcSourceIp`). */
  public get privateApi(): boolean {
    return this.explicitPrivate ?? this.boundPrivate ?? false;
  }

  /**
   * The policy document, usable as any RestApi's `policy`. It is the same document on every call
   * and keeps receiving what is added to the builder afterwards.
   */
  public toPolicyDocument(): iam.PolicyDocument {
    return this.document;
  }

  /**
   * Tells the policy the endpoint type of the API it is attached to.
   * @internal
   */
  public _bindEndpoint(privateApi: boolean): void {
    if (this.explicitPrivate !== undefined && this.explicitPrivate !== privateApi) {
      throw new Error(`resourcePolicy: the policy was built with privateApi: ${this.explicitPrivate} but the API is ${privateApi ? '' : 'not '}PRIVATE; `
        + 'leave privateApi unset so the IamRestApi decides, or make the two agree');
    }
    if (this.boundPrivate !== undefined && this.boundPrivate !== privateApi) {
      throw new Error('resourcePolicy: this policy is already used by an API of the other endpoint type; IP conditions differ between '
        + 'private APIs (aws:VpcSourceIp) and public ones (aws:SourceIp): give each API its own ApiResourcePolicy');
    }
    this.boundPrivate = privateApi;
  }

  private sourceIpKey(): string {
    // Through an interface VPC endpoint, aws:SourceIp is absent and aws:VpcSourceIp carries the
    // caller's address (IAM User Guide, "AWS global condition context keys").
    return this.privateApi ? 'aws:VpcSourceIp' : 'aws:SourceIp';
  }

  private allow(principals: iam.IPrincipal[], scope: PolicyScope | undefined): ApiResourcePolicy {
    this.document.addStatements(this.allowStatement(principals, scope));
    return this;
  }

  private allowStatement(principals: iam.IPrincipal[], scope: PolicyScope | undefined): iam.PolicyStatement {
    return new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals,
      actions: ['execute-api:Invoke'],
      resources: scopeResources(scope),
    });
  }

  private denyUnless(operator: string, key: () => string, values: string[]): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.StarPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [EVERYTHING],
    });
    // Rendered at synthesis: the key depends on the endpoint type of the API the policy ends up on,
    // and the values keep accumulating until then.
    statement.addCondition(operator, Lazy.any({ produce: () => ({ [key()]: [...values] }) }));
    return statement;
  }
}

/** The shorthand resources of a scope: every combination of its stages, verbs and paths. */
function scopeResources(scope: PolicyScope | undefined): string[] {
  const stages = scope?.stages ?? ['*'];
  validateStageNames('scope.stages', stages);
  const verbs = normalizeHttpMethods('scope.httpMethods', scope?.httpMethods ?? ['*']).map(arnVerb);
  const paths = scope?.paths ?? ['*'];
  validatePaths('scope.paths', paths);
  const resources: string[] = [];
  for (const stage of stages) {
    for (const verb of verbs) {
      for (const path of paths) {
        resources.push(shorthandResource(stage, `${verb}${arnPath(path)}`));
      }
    }
  }
  const unique = [...new Set(resources)];
  return unique.length === 1 && unique[0] === shorthandResource('*', '*/*') ? [EVERYTHING] : unique;
}
