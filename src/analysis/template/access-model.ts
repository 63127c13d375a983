/**
 * The access model: everything in one stack that decides who can call or manage its REST APIs,
 * read from the stack's CloudFormation template with intrinsics resolved symbolically.
 *
 * One model serves the synth-time aspect (built from the stacks' resolved resources) and the command
 * line (built from the templates of a cloud assembly), so the checks work on any CloudFormation
 * template, whatever produced it. Nothing here imports aws-cdk-lib.
 */
import { AuthorizerModel, AuthorizerReader, lambdaFunctionOfUri, UserPoolModel } from './authorizers';
import { IdentityPoolModel, readIdentityPools, WebIdentityExposure, webIdentityExposure } from './identity-pools';
import { CfnResourceEntry, CfnTemplate, describeUnread, ImportLookup, IntrinsicResolver, readOrReport, ResolverLinks, StackEnvironment, UnresolvedValueError } from './intrinsics';
import { AWS_MANAGED_POLICY_DATA_DATE, awsManagedPolicy, isAwsManagedPolicyArn } from '../managed-policies';

export type {
  AuthorizerModel, CognitoProviderModel, IdentitySourceLocation, IdentitySourceModel, MethodAccessModel, UserPoolModel,
} from './authorizers';
export { apiKeyProblem, DEFAULT_AUTHORIZER_TTL_SECONDS, invokedWithoutCredentials } from './authorizers';
export type { IdentityPoolModel, WebIdentityExposure } from './identity-pools';

/** An IAM policy document, as JSON. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement?: unknown;
  readonly [key: string]: unknown;
}

/** A statement of a policy document, loosely typed: the evaluator validates it. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The construct (by logical id) a finding is reported on, and a name people recognise. */
export interface ModelLocation {
  readonly logicalId: string;
}

/** A deployed method of a REST API. */
export interface MethodModel extends ModelLocation {
  readonly httpMethod: string;
  /** The resource path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  readonly authorizationType: string;
  readonly integration?: IntegrationModel;
  /** The method's AuthorizerId, resolved (CUSTOM and COGNITO_USER_POOLS methods). */
  readonly authorizerId?: string;
  /** The authorizer that AuthorizerId names, when the stack defines it (else a problem says so). */
  readonly authorizer?: AuthorizerModel;
  /** Whether a call needs a valid API key as well as passing authorization (ApiKeyRequired). */
  readonly apiKeyRequired: boolean;
  /**
   * The template path of an ApiKeyRequired that cannot be read (`apiKeyRequired` is then false): a call
   * without a key may be refused, so what the policies allow is allowed only if no key is required.
   */
  readonly apiKeyUnread?: string;
  /**
   * Why who may call the method is not known before deployment: its AuthorizationType or HttpMethod
   * is a value without meaning here (a template parameter); that field is then `UNKNOWN`. The method
   * is kept, and every request to it is undecided.
   */
  readonly undecided?: string;
}

/** The AuthorizationType or HttpMethod of a method whose value is not known before deployment. */
export const UNKNOWN_METHOD_VALUE = 'UNKNOWN';

/** The path of the method that stands for the methods of an API's OpenAPI definition: any path. */
export const OPENAPI_METHODS_PATH = '/*';

/** A method's integration, as far as access goes. */
export interface IntegrationModel {
  readonly type: string;
  /** The integration URI, resolved. */
  readonly uri?: string;
  /** The credentials API Gateway uses to call the backend: a role ARN, resolved. */
  readonly credentials?: string;
  /** The ARN of the Lambda function the URI invokes, when it invokes one. */
  readonly functionArn?: string;
}

/** A REST API and its deployed methods. */
export interface ApiModel extends ModelLocation {
  /** The symbolic API id, the same value `Ref` of the API resolves to. */
  readonly id: string;
  readonly name: string;
  /** EDGE, REGIONAL or PRIVATE; `UNKNOWN` when it is a value only known at deploy time (see `undecided`). */
  readonly endpointType: string;
  /**
   * Why who may call the API, and from where, is not known before deployment: its endpoint type is a
   * value without meaning here (a template parameter without AllowedValues, an import). The endpoint type
   * decides whether calls come from the internet (EDGE, REGIONAL) or only through VPC endpoints (PRIVATE),
   * and which policy conditions apply, so every request to the API is undecided. The API is kept.
   */
  readonly undecided?: string;
  readonly resourcePolicy?: PolicyDocument;
  readonly methods: MethodModel[];
  /** Names of the stages that deploy the API. */
  readonly stages: string[];
  /** The API's authorizers. */
  readonly authorizers: AuthorizerModel[];
  /**
   * Where API Gateway reads the API key of a method that requires one: HEADER (`x-api-key`, the
   * default) or AUTHORIZER (the Lambda authorizer's usageIdentifierKey).
   */
  readonly apiKeySource: string;
  /**
   * Stages that deploy the API under a name that cannot be resolved before deployment (or that may
   * deploy it: a stage whose RestApiId cannot be resolved), each as the template path of that value.
   */
  readonly unreadStages?: string[];
}

/** A policy document attached to a principal, and where it is defined. */
export interface AttachedPolicy extends ModelLocation {
  /** How findings name it: `policy 'ReaderDefaultPolicy151F3818'`. */
  readonly name: string;
  readonly document: PolicyDocument;
  /**
   * An AWS managed policy, read from the data this library ships: `document` holds only its statements
   * that can allow or deny execute-api or apigateway actions (what it grants on other services is unknown).
   */
  readonly awsManaged?: boolean;
  /**
   * Statements left out because a value in them has no meaning before deployment (a parameter, ...) and
   * they may decide access: each names the value's template path. Empty or absent when all were read.
   */
  readonly unresolved?: readonly string[];
}

/** An IAM role or user: a principal that can sign calls. */
export interface PrincipalModel extends ModelLocation {
  readonly kind: 'role' | 'user';
  readonly arn: string;
  readonly policies: AttachedPolicy[];
  readonly permissionsBoundary?: AttachedPolicy;
  /** The role's trust policy (roles only). */
  readonly trustPolicy?: PolicyDocument;
  /**
   * Managed policies defined outside the app, or AWS managed policies newer than the data this library
   * ships: their content is unknown here.
   */
  readonly externalManagedPolicies: string[];
  /** The role's or user's name, as `Ref` resolves it (how other stacks name it). */
  readonly name?: string;
  /**
   * AWS managed policies attached (directly or through a group): their statements on execute-api and
   * apigateway are in `policies`; what they grant on other services is unknown.
   */
  readonly awsManagedPolicies?: string[];
  /**
   * Everything about the principal's permissions that could not be read (external managed policies,
   * unresolved statements, a boundary defined elsewhere), one sentence each: a decision that is not
   * ALLOW may be wrong for this principal, so it is CannotEvaluate, for this principal only.
   */
  readonly unknowns?: string[];
  /**
   * Policies that may or may not be attached to it: their holder could not be read (a parameter in a
   * policy's `Roles`, a user added to a group by a name that cannot be read), and it may be this
   * principal. Each says which value could not be read. Decisions that differ with and without them
   * are undecided for this principal only.
   */
  readonly mayHavePolicies?: MaybeAttachedPolicy[];
  /**
   * Set when a Cognito identity pool may give the role's credentials to anyone on the internet (or to
   * callers the app cannot tell, `anyone: false`): see identity-pools.ts.
   */
  readonly webIdentity?: WebIdentityExposure;
  /** What of the role's trust policy could not be read (whole, or statements left out), naming the values. */
  readonly trustUnread?: string[];
  /**
   * Other accounts whose principals the role's trust policy lets assume it (`Principal: {AWS: <account,
   * its root or one of its principals>}`, sts:AssumeRole): they call as the role, if their own policies
   * allow them sts:AssumeRole (IAM User Guide, "Cross account resource access in IAM").
   */
  readonly trustedAccounts?: string[];
}

/** A policy that may be attached to a principal, and why that is not known. */
export interface MaybeAttachedPolicy {
  readonly policy: AttachedPolicy;
  readonly because: string;
}

/** A resource-based permission of a Lambda function (`AWS::Lambda::Permission`). */
export interface LambdaPermissionModel extends ModelLocation {
  readonly action: string;
  readonly functionArn: string;
  readonly principal: string;
  readonly sourceArn?: string;
  /** The SourceAccount condition of the permission, resolved. */
  readonly sourceAccount?: string;
  /**
   * The properties that cannot be resolved before deployment (a parameter, an import no stack
   * exports), each with why, naming the value. The field is then absent or empty (`functionArn` is
   * the property's path), and the rules read it as unknown: a SourceArn that cannot be read is
   * neither missing nor matching any API.
   */
  readonly unread?: {
    readonly FunctionName?: string;
    readonly Action?: string;
    readonly Principal?: string;
    readonly SourceArn?: string;
    readonly SourceAccount?: string;
  };
}

/**
 * A VPC endpoint or VPC the stack defines. Policies name it by the symbolic id a `Ref` to it resolves
 * to (see intrinsics.ts); the access map names it by its logical id, which people recognise.
 */
export interface NetworkResourceModel extends ModelLocation {
  readonly kind: 'vpcEndpoint' | 'vpc';
  /** The stack that defines it. */
  readonly stackName: string;
  /** The id a `Ref` to it (or its `Id` / `VpcId` attribute) resolves to, in this stack or through an import. */
  readonly id: string;
}

/** Something in the template the checks could not interpret: reported, never a silent pass. */
export interface ModelProblem extends ModelLocation {
  readonly what: string;
}

/** The access model of one stack. */
export interface AccessModel {
  readonly stackName: string;
  readonly env: StackEnvironment;
  readonly apis: ApiModel[];
  readonly principals: PrincipalModel[];
  readonly lambdaPermissions: LambdaPermissionModel[];
  /** The Cognito user pools of the stack (what COGNITO_USER_POOLS authorizers name). */
  readonly userPools: UserPoolModel[];
  /** The Cognito identity pools of the stack (they hand out credentials of roles). */
  readonly identityPools?: IdentityPoolModel[];
  /** Every policy document that grants to a role, user or group, for rules that read policies alone. */
  readonly identityPolicies: AttachedPolicy[];
  readonly problems: ModelProblem[];
  /** The VPC endpoints and VPCs the stack defines (absent in models built before they were listed). */
  readonly networkResources?: readonly NetworkResourceModel[];
  /** Resolves a template value (e.g. a token a user passed) the way the model resolved the template. */
  readonly resolver: IntrinsicResolver;
  /**
   * The models of every stack of the app, this one included: a grant in one stack can name an API
   * of another (through an import).
   */
  readonly peers: readonly AccessModel[];
  /**
   * When access depends on template parameters (through CloudFormation conditions or directly): the
   * way they go in this model, e.g. `parameter Env is "prod"`, `parameter Env is none of "prod", "dev"`
   * or, for a condition no parameter value decides, `condition InUsEast1 is true`.
   */
  readonly condition?: string;
  /** The models of the stack for the other ways those conditions can go (each with its `condition`). */
  readonly variants?: readonly AccessModel[];
}

/**
 * Builds the models of several templates as peers of one app (see app-model.ts for imports). Each
 * input may have its own import lookup (exports are per account and region), else `importValue`.
 */
export function buildPeerModels(
  inputs: ReadonlyArray<{ template: CfnTemplate; env: StackEnvironment; links?: ResolverLinks; importValue?: ImportLookup }>,
  importValue?: ImportLookup,
): AccessModel[] {
  const peers: AccessModel[] = [];
  const builders = inputs.map(input => new ModelBuilder(input.template, input.env, input.importValue ?? importValue, input.links));
  for (const builder of builders) peers.push(builder.build(peers));
  linkAcrossStacks(builders);
  spreadUnboundedReach(builders);
  for (const builder of builders) builder.finish();
  return peers;
}

/** Builds the access model of one template. */
export function buildAccessModel(template: CfnTemplate, env: StackEnvironment, importValue?: ImportLookup): AccessModel {
  return buildPeerModels([{ template, env }], importValue)[0];
}

/** A grant to a role, user or group named by a value that is not a resource of its own template. */
interface PendingGrant {
  readonly kind: 'role' | 'user' | 'group';
  readonly name: string;
  readonly path: string;
  readonly policies: () => AttachedPolicy[];
  readonly external: () => string[];
  /** What of the grant could not be read (its document), said on the principal it links to. */
  readonly unknowns?: () => string[];
}

/**
 * Links what one stack grants to principals, groups and managed policies of another (names and ARNs
 * that came through Fn::ImportValue or were written literally). What links nowhere is reported.
 */
function linkAcrossStacks(builders: readonly ModelBuilder[]): void {
  const others = (self: ModelBuilder) => builders.filter(b => b !== self);
  for (const builder of builders) {
    builder.linkForeignApis(apiId => {
      for (const other of others(builder)) {
        const api = other.model!.apis.find(a => a.id === apiId);
        if (api) return { api, builder: other };
      }
      return undefined;
    });
  }
  for (const builder of builders) {
    for (const path of builder.stagesOfUnknownApis) {
      for (const api of builders.flatMap(b => b.model!.apis)) addStage(api, undefined, path);
    }
  }
  for (const builder of builders) {
    for (const grant of builder.pending) {
      let linked = false;
      for (const other of others(builder)) {
        if (grant.kind === 'group') {
          for (const group of other.groupsNamed(grant.name)) {
            other.addToGroup(group, grant.policies(), grant.external(), grant.unknowns?.() ?? []);
            linked = true;
          }
        } else {
          for (const principal of other.model!.principals.filter(p => p.kind === grant.kind && p.name === grant.name)) {
            principal.policies.push(...grant.policies());
            principal.externalManagedPolicies.push(...grant.external());
            principal.unknowns!.push(...grant.unknowns?.() ?? []);
            linked = true;
          }
        }
      }
      if (!linked) builder.unlinked(grant);
    }
    for (const { holder, arn } of builder.pendingManaged) {
      const policy = others(builder).map(o => o.managedPolicies.get(arn)).find(p => p !== undefined);
      builder.addManaged(holder, policy, arn);
    }
    for (const { principal, arn } of builder.pendingBoundaries) {
      const policy = others(builder).map(o => o.managedPolicies.get(arn)).find(p => p !== undefined);
      builder.setBoundary(principal, policy, arn);
    }
    for (const { user, group, path } of builder.pendingGroups) {
      const found = others(builder).flatMap(o => o.groupsNamed(group).map(g => ({ o, g })));
      const target = builder.model!.principals.find(p => p.logicalId === user);
      if (!target) continue;
      for (const { o, g } of found) {
        target.policies.push(...o.groupPolicies(g));
        target.externalManagedPolicies.push(...o.groupManaged.get(g)?.external ?? []);
      }
      if (found.length === 0) {
        builder.problem(user, `${path}: the group '${group}' is not defined in the app, so the policies it gives the user are unknown`);
        target.unknowns?.push(`it is a member of group '${group}', which is not defined in the app`);
      }
    }
  }
}

/**
 * What a template grants to a holder it names with a value that cannot be read reaches every role (or
 * user) the value could name: `AWS::IAM::Policy` Roles, Users and Groups and `UserToGroupAddition`
 * Users take names of principals of the stack's own account (CloudFormation reference), so every
 * principal of the app of that kind in that account, or in any account when either account is not
 * known before deployment. Principals outside the app are already read as "any principal of that
 * account whose own policies allow" by the map, so no decision about them depends on it.
 */
function spreadUnboundedReach(builders: readonly ModelBuilder[]): void {
  const concrete = (account: string) => /^\d{12}$/.test(account);
  for (const builder of builders) {
    for (const reach of [...builder.unboundedReach, ...builder.unboundedMemberReach()]) {
      for (const other of builders) {
        const account = other.model!.env.account;
        if (concrete(account) && concrete(builder.model!.env.account) && account !== builder.model!.env.account) continue;
        for (const principal of other.model!.principals.filter(p => p.kind === reach.kind)) {
          if (reach.unknown) principal.unknowns!.push(reach.unknown);
          if (reach.maybe) (principal.mayHavePolicies as MaybeAttachedPolicy[]).push(reach.maybe);
        }
      }
    }
  }
}

/** Something granted to roles or users a value that cannot be read names (see spreadUnboundedReach). */
interface UnboundedReach {
  readonly kind: 'role' | 'user';
  /** Its content is unknown: said as one of the principal's unknowns. */
  readonly unknown?: string;
  /** Its content is known: the principal may have this policy. */
  readonly maybe?: MaybeAttachedPolicy;
}

/** Adds a stage to an API: its name, or the path of the name that cannot be read. */
function addStage(api: ApiModel, stageName: string | undefined, unread: string | undefined): void {
  if (stageName !== undefined && !api.stages.includes(stageName)) api.stages.push(stageName);
  if (unread !== undefined) {
    const mutable = api as { unreadStages?: string[] };
    mutable.unreadStages ??= [];
    if (!mutable.unreadStages.includes(unread)) mutable.unreadStages.push(unread);
  }
}

class ModelBuilder {
  /** Groups that a user named by a value that cannot be read joins (UserToGroupAddition Users). */
  public readonly pendingUnboundedMembers: Array<{ group: string; because: string }> = [];
  /** Grants whose holder cannot be read: they may reach any principal of a kind (spreadUnboundedReach). */
  public readonly unboundedReach: UnboundedReach[] = [];
  /** What could not be read of the permissions of a role, user or group (logical id), one sentence each. */
  private readonly unknownsOf = new Map<string, string[]>();
  public model?: AccessModel;
  public readonly pending: PendingGrant[] = [];
  public readonly pendingManaged: Array<{ holder: string; arn: string }> = [];
  public readonly pendingBoundaries: Array<{ principal: string; arn: string }> = [];
  public readonly pendingGroups: Array<{ user: string; group: string; path: string }> = [];
  private readonly pendingStages: Array<{ logicalId: string; apiId: string; stageName?: string; unread?: string }> = [];
  /** Stages whose RestApiId cannot be resolved (template paths): they may deploy any API of the app. */
  public readonly stagesOfUnknownApis: string[] = [];
  private readonly pendingMethods: Array<{ logicalId: string; entry: CfnResourceEntry; apiId: string }> = [];
  private foreignPath?: (id: string) => string | undefined;
  /** Customer managed policies of this template, by ARN. */
  public readonly managedPolicies = new Map<string, AttachedPolicy>();
  /** Customer managed policies of this template whose document cannot be read, by ARN: why. */
  private readonly unreadableManaged = new Map<string, string>();
  /** External and AWS managed policies each group names. */
  public readonly groupManaged = new Map<string, { external: string[]; awsManaged: string[] }>();
  private readonly resolver: IntrinsicResolver;
  private readonly resources: Record<string, CfnResourceEntry>;
  private readonly problems: ModelProblem[] = [];
  private readonly resourcePaths = new Map<string, string | undefined>();
  private readonly authorizerReader: AuthorizerReader;
  /** Policies by the role, user or group (logical id) they are attached to. */
  private readonly policiesOf = new Map<string, AttachedPolicy[]>();
  /** Groups by logical id, with their names. */
  private readonly groupNames = new Map<string, string>();
  /** The groups of each user (logical ids). */
  private readonly groupsOf = new Map<string, string[]>();

  constructor(template: CfnTemplate, private readonly env: StackEnvironment, importValue?: ImportLookup, links?: ResolverLinks) {
    this.resolver = new IntrinsicResolver(template, env, importValue, links);
    // A resource whose condition is false in the branch analyzed is not created.
    this.resources = {};
    for (const [logicalId, entry] of Object.entries(template.Resources ?? {})) {
      if (entry && typeof entry.Condition === 'string' && !this.holds(entry.Condition, logicalId)) continue;
      this.resources[logicalId] = entry;
    }
    this.authorizerReader = new AuthorizerReader(this.resolver, this.problems);
  }

  /** Whether a resource's condition holds; one that cannot be evaluated (over the budget) is assumed to. */
  private holds(condition: string, logicalId: string): boolean {
    try {
      return this.resolver.condition(condition, `${logicalId}.Condition`);
    } catch (e) {
      if (e instanceof UnresolvedValueError) return true;
      throw e;
    }
  }

  /** Groups of this template with that name. */
  public groupsNamed(name: string): string[] {
    return [...this.groupNames].filter(([, n]) => n === name).map(([id]) => id);
  }

  /** Adds policies (and unknown managed policies) to a group and to every member of it. */
  public addToGroup(group: string, policies: AttachedPolicy[], external: string[], unknowns: string[] = []): void {
    for (const unknown of unknowns) this.addUnknown(group, unknown);
    let list = this.policiesOf.get(group);
    if (!list) this.policiesOf.set(group, list = []);
    list.push(...policies);
    let managed = this.groupManaged.get(group);
    if (!managed) this.groupManaged.set(group, managed = { external: [], awsManaged: [] });
    managed.external.push(...external);
    for (const principal of this.model!.principals) {
      if (this.groupsOf.get(principal.logicalId)?.includes(group)) {
        principal.policies.push(...policies);
        principal.externalManagedPolicies.push(...external);
        principal.unknowns!.push(...unknowns);
      }
    }
  }

  /** A managed policy ARN a role, user or group of this template names, found in another stack or not at all. */
  public addManaged(holder: string, policy: AttachedPolicy | undefined, arn: string): void {
    const principal = this.model!.principals.find(p => p.logicalId === holder);
    if (principal) {
      if (policy) principal.policies.push(policy);
      else principal.externalManagedPolicies.push(arn);
    } else if (this.groupNames.has(holder)) {
      this.addToGroup(holder, policy ? [policy] : [], policy ? [] : [arn]);
    }
  }

  /** A permissions boundary defined in another stack, or nowhere in the app. */
  public setBoundary(logicalId: string, policy: AttachedPolicy | undefined, arn: string): void {
    const principal = this.model!.principals.find(p => p.logicalId === logicalId) as { permissionsBoundary?: AttachedPolicy } | undefined;
    if (!principal) return;
    if (policy) {
      principal.permissionsBoundary = policy;
      return;
    }
    this.problem(logicalId, `the permissions boundary '${arn}' is not defined in the app, so what it withholds is unknown`);
  }

  public unlinked(grant: PendingGrant): void {
    const policies = grant.policies();
    const holder = policies[0]?.logicalId ?? grant.path.split('.')[0];
    this.problem(holder, `${grant.path}: the ${grant.kind} '${grant.name}' is not defined in the app, so what the grant gives it is not checked`);
  }

  public problem(logicalId: string, what: string): void {
    this.problems.push({ logicalId, what });
  }

  /** Records what could not be read of the permissions of a role, user or group of this template. */
  private addUnknown(holder: string, what: string): void {
    let list = this.unknownsOf.get(holder);
    if (!list) this.unknownsOf.set(holder, list = []);
    if (!list.includes(what)) list.push(what);
  }

  /**
   * Runs `read` (a value of a grant); when it cannot be read, reports it on `logicalId` and says on
   * `holder` (a role, user or group of this template) that what the grant gives it is unknown.
   */
  private attemptFor<T>(logicalId: string, holder: string, read: () => T, what: (e: UnresolvedValueError) => string): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      this.problems.push({ logicalId, what: e.message });
      this.addUnknown(holder, what(e));
      return undefined;
    }
  }

  /** Once every stack is linked: each principal's unknowns, from what could not be read. */
  public finish(): void {
    const identityPools = this.model!.peers.flatMap(peer => peer.identityPools ?? []);
    for (const principal of this.model!.principals) {
      if (principal.kind === 'role' && identityPools.length + statementsOf(principal.trustPolicy).length > 0) {
        const exposure = webIdentityExposure(principal, identityPools);
        if (exposure) (principal as { webIdentity?: WebIdentityExposure }).webIdentity = exposure;
        const accounts = foreignTrustedAccounts(principal);
        if (accounts.length > 0) (principal as { trustedAccounts?: string[] }).trustedAccounts = accounts;
      }
      const unknowns = principal.unknowns!;
      for (const arn of new Set(principal.externalManagedPolicies)) {
        unknowns.push(isAwsManagedPolicyArn(arn)
          ? `the AWS managed policy '${arn}' is newer than this library's data (${AWS_MANAGED_POLICY_DATA_DATE}), so what it grants is unknown`
          : `the managed policy '${arn}' is defined outside the app, so what it grants is unknown`);
      }
      for (const policy of new Set(principal.policies)) {
        for (const what of policy.unresolved ?? []) unknowns.push(`policy '${policy.name}': ${what}`);
      }
      if (principal.permissionsBoundary === undefined && this.boundaryArnOf(principal.logicalId) !== undefined) {
        unknowns.push(`its permissions boundary '${this.boundaryArnOf(principal.logicalId)}' is not defined in the app`);
      }
    }
  }

  private boundaryArnOf(logicalId: string): string | undefined {
    return this.pendingBoundaries.find(b => b.principal === logicalId)?.arn;
  }

  /** Builds the model; `peers` is the list of the app's models, which the caller fills. */
  public build(peers: AccessModel[]): AccessModel {
    const byType = new Map<string, Array<[string, CfnResourceEntry]>>();
    for (const [logicalId, entry] of Object.entries(this.resources)) {
      if (!entry || typeof entry.Type !== 'string') continue;
      let list = byType.get(entry.Type);
      if (!list) byType.set(entry.Type, list = []);
      list.push([logicalId, entry]);
    }
    const of = (type: string) => byType.get(type) ?? [];

    const apis = new Map<string, ApiModel>();
    for (const [logicalId, entry] of of('AWS::ApiGateway::RestApi')) {
      const api = this.api(logicalId, entry);
      if (api) apis.set(api.id, api);
    }
    for (const [logicalId, entry] of [...of('AWS::ApiGateway::Stage'), ...of('AWS::ApiGateway::Deployment')]) {
      this.stage(logicalId, entry, apis);
    }
    const userPools = this.authorizerReader.userPools(of('AWS::Cognito::UserPool'), of('AWS::Cognito::UserPoolClient'));
    const identityPools = readIdentityPools(of('AWS::Cognito::IdentityPool'), this.resolver, userPools, this.problems);
    for (const authorizer of this.authorizerReader.authorizers(of('AWS::ApiGateway::Authorizer'))) {
      const api = apis.get(authorizer.restApiId);
      if (api) {
        api.authorizers.push(authorizer);
      } else {
        this.problems.push({ logicalId: authorizer.logicalId, what: `the authorizer belongs to REST API '${authorizer.restApiId}', which is not defined in this stack` });
      }
    }
    for (const [logicalId, entry] of of('AWS::ApiGateway::Method')) {
      this.method(logicalId, entry, apis);
    }

    const { principals, identityPolicies } = this.principals(of);
    const lambdaPermissions = of('AWS::Lambda::Permission').map(([logicalId, entry]) => this.lambdaPermission(logicalId, entry));

    const networkResources: NetworkResourceModel[] = [];
    for (const [type, kind] of [['AWS::EC2::VPCEndpoint', 'vpcEndpoint'], ['AWS::EC2::VPC', 'vpc']] as const) {
      for (const [logicalId] of of(type)) {
        const id = this.attempt(logicalId, () => this.resolver.refOf(logicalId, logicalId));
        if (id !== undefined) networkResources.push({ kind, logicalId, stackName: this.env.stackName, id });
      }
    }

    const model: AccessModel = {
      stackName: this.env.stackName,
      env: this.env,
      apis: [...apis.values()],
      principals,
      lambdaPermissions,
      userPools,
      identityPools,
      identityPolicies,
      problems: this.problems,
      networkResources,
      resolver: this.resolver,
      peers,
    };
    this.model = model;
    return model;
  }

  /** The policy document of a policy resource (AWS::IAM::Policy, ManagedPolicy, RolePolicy, ...), named as written. */
  private policyResource(logicalId: string, props: Record<string, unknown>): AttachedPolicy {
    // The name decides nothing: one that cannot be read is said by the logical id.
    const named = props.PolicyName !== undefined ? this.tryResolve(props.PolicyName, `${logicalId}.PolicyName`) : undefined;
    const name = typeof named === 'string' ? named : logicalId;
    return this.attachedPolicy(logicalId, name, props.PolicyDocument, `${logicalId}.PolicyDocument`);
  }

  /** What a policy resource grants: its document, or (reported as a problem) that it cannot be read. */
  private grantOf(logicalId: string, props: Record<string, unknown>): Grant {
    try {
      return { policy: this.policyResource(logicalId, props) };
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      this.problems.push({ logicalId, what: e.message });
      return { unknown: `policy '${logicalId}' cannot be read (${e.message}), so what it grants is unknown` };
    }
  }

  /** Runs `read`, turning a value without symbolic meaning into a problem on `logicalId`. */
  private attempt<T>(logicalId: string, read: () => T): T | undefined {
    return readOrReport(this.problems, logicalId, read);
  }

  private api(logicalId: string, entry: CfnResourceEntry): ApiModel | undefined {
    const props = entry.Properties ?? {};
    return this.attempt(logicalId, () => {
      // Methods defined in an OpenAPI definition are not CloudFormation resources, and this model does
      // not read OpenAPI: say so, and stand them in by one method of unknown verb, path and
      // authorization, every request to which is undecided, so that the map never lists such an API
      // without methods, which would read as "nobody may call it" (aws-cdk's integ.spec-restapi.ts
      // deploys a SpecRestApi whose OpenAPI methods serve calls).
      const openApi = props.Body !== undefined ? `${logicalId}.Body` : props.BodyS3Location !== undefined ? `${logicalId}.BodyS3Location` : undefined;
      if (openApi !== undefined) {
        this.problems.push({
          logicalId,
          what: 'the API is defined by an OpenAPI body; its methods there are not checked',
        });
      }
      // Neither value drops the API. The name only labels it: the logical id stands in. The endpoint
      // type decides where calls come from: unknown, every request is undecided (ApiModel.undecided).
      const endpoint = this.endpointType(logicalId, props);
      const name = props.Name === undefined ? logicalId : this.nameOf(props.Name, `${logicalId}.Name`) ?? logicalId;
      return {
        logicalId,
        id: this.resolver.refOf(logicalId, logicalId),
        name,
        endpointType: endpoint.type,
        ...(endpoint.undecided !== undefined ? { undecided: endpoint.undecided } : {}),
        resourcePolicy: this.resourcePolicy(logicalId, props.Policy),
        methods: openApi === undefined ? [] : [{
          logicalId,
          httpMethod: UNKNOWN_METHOD_VALUE,
          path: OPENAPI_METHODS_PATH,
          authorizationType: UNKNOWN_METHOD_VALUE,
          apiKeyRequired: false,
          undecided: `the methods ${openApi} (an OpenAPI definition) defines are not read, so who may call them is undecided`,
        }],
        stages: [],
        authorizers: [],
        // Read on its own: an unreadable key source is a problem, never a reason to drop the API.
        apiKeySource: props.ApiKeySourceType === undefined ? 'HEADER'
          : this.attempt(logicalId, () => this.resolver.resolveString(props.ApiKeySourceType, `${logicalId}.ApiKeySourceType`).toUpperCase()) ?? 'HEADER',
      };
    });
  }

  /** A name that only labels a resource, or undefined when it cannot be read (it decides nothing, so no problem). */
  private nameOf(value: unknown, path: string): string | undefined {
    try {
      return this.resolver.resolveString(value, path);
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      return undefined;
    }
  }

  /** The API's endpoint type (EDGE when not set), or UNKNOWN and why, reported on the API. */
  private endpointType(logicalId: string, props: Record<string, unknown>): { type: string; undecided?: string } {
    const value = (props.EndpointConfiguration as Record<string, unknown> | undefined)?.Types;
    const path = `${logicalId}.EndpointConfiguration.Types`;
    try {
      const types = this.resolver.resolve(value, path);
      // One value where a list belongs (a String parameter given as the list) is read as that list.
      const first = Array.isArray(types) ? types[0] : types;
      return { type: first === undefined ? 'EDGE' : this.resolver.resolveString(first, Array.isArray(types) ? `${path}[0]` : path).toUpperCase() };
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      const undecided = `${describeUnread(value, path, e)}, and whether the API is called from the internet (EDGE, REGIONAL) or only through VPC endpoints (PRIVATE) depends on it`;
      this.problems.push({ logicalId, what: `${undecided}, so who may call the API, and from where, is undecided` });
      return { type: UNKNOWN_METHOD_VALUE, undecided };
    }
  }

  /** The API's resource policy; statements it cannot read are problems on the API, the rest is kept. */
  private resourcePolicy(logicalId: string, policy: unknown): PolicyDocument | undefined {
    const unresolved: string[] = [];
    const document = this.policyDocument(policy, `${logicalId}.Policy`, unresolved);
    for (const what of unresolved) {
      this.problems.push({ logicalId, what: `the resource policy: ${what}; the decisions for the callers that statement names may differ once deployed` });
    }
    return document;
  }

  private stage(logicalId: string, entry: CfnResourceEntry, apis: Map<string, ApiModel>): void {
    const props = entry.Properties ?? {};
    if (props.StageName === undefined) return; // a Deployment without a stage of its own
    const apiId = this.attempt(logicalId, () => this.resolver.resolveString(props.RestApiId, `${logicalId}.RestApiId`));
    if (apiId === undefined) {
      // It may deploy any API of the app: each gets a stage whose name is unknown.
      this.stagesOfUnknownApis.push(`${logicalId}.RestApiId`);
      return;
    }
    const stageName = this.attempt(logicalId, () => this.resolver.resolveString(props.StageName, `${logicalId}.StageName`));
    const unread = stageName === undefined ? `${logicalId}.StageName` : undefined;
    const api = apis.get(apiId);
    if (api) addStage(api, stageName, unread);
    // A stage of another stack's API (through an import): linked once every stack is read.
    else this.pendingStages.push({ logicalId, apiId, stageName, unread });
  }

  /** Adds the methods and stages this stack defines for APIs of other stacks, or reports them. */
  public linkForeignApis(apiOf: (apiId: string) => { api: ApiModel; builder: ModelBuilder } | undefined): void {
    for (const { logicalId, apiId, stageName, unread } of this.pendingStages) {
      const found = apiOf(apiId);
      if (!found) {
        this.problems.push({ logicalId, what: `the stage '${stageName ?? unread}' deploys REST API '${apiId}', which is not defined in the app` });
      } else {
        addStage(found.api, stageName, unread);
      }
    }
    for (const { logicalId, entry, apiId } of this.pendingMethods) {
      const found = apiOf(apiId);
      if (!found) {
        this.problems.push({ logicalId, what: `the method belongs to REST API '${apiId}', which is not defined in the app` });
        continue;
      }
      this.foreignPath = id => found.builder.pathOfResourceId(id);
      this.method(logicalId, entry, new Map([[apiId, found.api]]));
      this.foreignPath = undefined;
    }
  }

  /** The path of a resource of this template given its id (its logical id, as `Ref` resolves it). */
  public pathOfResourceId(id: string): string | undefined {
    if (id.endsWith('.RootResourceId')) return '/';
    if (this.resources[id]?.Type !== 'AWS::ApiGateway::Resource') return undefined;
    return this.resourcePath(id, new Set());
  }

  private method(logicalId: string, entry: CfnResourceEntry, apis: Map<string, ApiModel>): void {
    const props = entry.Properties ?? {};
    this.attempt(logicalId, () => {
      const apiId = this.resolver.resolveString(props.RestApiId, `${logicalId}.RestApiId`);
      const api = apis.get(apiId);
      if (!api) {
        // Maybe an API of another stack (through an import): linked once every stack is read.
        this.pendingMethods.push({ logicalId, entry, apiId });
        return;
      }
      const path = this.pathOf(props.ResourceId, logicalId);
      const integration = props.Integration as Record<string, unknown> | undefined;
      // A template parameter as AuthorizationType or HttpMethod does not drop the method: it is kept,
      // undecided, saying which value it waits for (a parameter with AllowedValues is enumerated instead).
      const unknown: string[] = [];
      const word = (property: string): string => {
        try {
          return this.resolver.resolveString(props[property], `${logicalId}.${property}`).toUpperCase();
        } catch (e) {
          if (!(e instanceof UnresolvedValueError)) throw e;
          unknown.push(describeUnread(props[property], `${logicalId}.${property}`, e));
          return UNKNOWN_METHOD_VALUE;
        }
      };
      const authorizationType = props.AuthorizationType === undefined ? 'NONE' : word('AuthorizationType');
      const httpMethod = word('HttpMethod');
      const undecided = unknown.length > 0 ? unknown.join('; ') : undefined;
      if (undecided !== undefined) this.problems.push({ logicalId, what: `${undecided}, so who may call the method is undecided` });
      api.methods.push({
        logicalId,
        httpMethod,
        path,
        authorizationType,
        integration: integration ? this.integration(integration, logicalId) : undefined,
        ...this.authorizerReader.methodAccess(logicalId, props, authorizationType),
        ...(undecided !== undefined ? { undecided } : {}),
      });
    });
  }

  /**
   * The integration, as far as access goes. A value that cannot be resolved here does not drop the
   * method (who may call it does not depend on its backend): the URI is then unknown, and only what
   * depends on it (the credentials role's right to invoke a function) is reported.
   */
  private integration(integration: Record<string, unknown>, logicalId: string): IntegrationModel {
    const optional = (value: unknown, path: string): string | undefined => {
      if (value === undefined) return undefined;
      try {
        return this.resolver.resolveString(value, path);
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
        return undefined;
      }
    };
    const uri = optional(integration.Uri, `${logicalId}.Integration.Uri`);
    const credentials = optional(integration.Credentials, `${logicalId}.Integration.Credentials`);
    if (integration.Credentials !== undefined && credentials === undefined) {
      this.problems.push({
        logicalId,
        what: `${logicalId}.Integration.Credentials cannot be resolved before deployment, so the trust and permissions of the role API Gateway uses for this integration were not checked`,
      });
    } else if (credentials !== undefined && integration.Uri !== undefined && uri === undefined) {
      this.problems.push({
        logicalId,
        what: `${logicalId}.Integration.Uri cannot be resolved before deployment, so whether the credentials role '${credentials}' may invoke the backend was not checked`,
      });
    }
    // Lambda integrations call `arn:P:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`
    // (API Gateway developer guide, "Set up Lambda integrations").
    return {
      type: integration.Type === undefined ? 'MOCK' : optional(integration.Type, `${logicalId}.Integration.Type`) ?? 'UNKNOWN',
      uri,
      credentials,
      functionArn: lambdaFunctionOfUri(uri),
    };
  }

  /** The path of an `AWS::ApiGateway::Resource` (or the root), from its chain of parents. */
  private pathOf(resourceId: unknown, logicalId: string): string {
    const ref = resourceId as Record<string, unknown> | undefined;
    const getAtt = ref?.['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[1] === 'RootResourceId') return '/';
    if (typeof getAtt === 'string' && getAtt.endsWith('.RootResourceId')) return '/';
    const target = ref?.Ref;
    if (typeof target === 'string' && this.resources[target]?.Type === 'AWS::ApiGateway::Resource') {
      return this.resourcePath(target, new Set());
    }
    if (this.foreignPath) {
      // A method or resource of this stack under a resource of the API's stack (an imported id).
      const id = this.resolver.resolveString(resourceId, `${logicalId}.ResourceId`);
      const path = this.foreignPath(id);
      if (path !== undefined) return path;
    }
    throw new UnresolvedValueError(`${logicalId}.ResourceId`, 'the method\'s resource is not a resource of this template');
  }

  private resourcePath(logicalId: string, seen: Set<string>): string {
    const cached = this.resourcePaths.get(logicalId);
    if (cached !== undefined) return cached;
    if (seen.has(logicalId)) throw new UnresolvedValueError(logicalId, 'the resource is its own ancestor');
    seen.add(logicalId);
    const props = this.resources[logicalId].Properties ?? {};
    const part = this.resolver.resolveString(props.PathPart, `${logicalId}.PathPart`);
    const parent = this.pathOf(props.ParentId, logicalId);
    const path = `${parent === '/' ? '' : parent}/${part}`;
    this.resourcePaths.set(logicalId, path);
    return path;
  }

  private principals(of: (type: string) => Array<[string, CfnResourceEntry]>) {
    const roles = new Map<string, { arn: string; props: Record<string, unknown> }>();
    const users = new Map<string, { arn: string; props: Record<string, unknown> }>();
    const policiesOf = this.policiesOf;
    const identityPolicies: AttachedPolicy[] = [];
    const attach = (target: string, policy: AttachedPolicy) => {
      let list = policiesOf.get(target);
      if (!list) policiesOf.set(target, list = []);
      list.push(policy);
    };

    for (const [logicalId, entry] of of('AWS::IAM::Role')) {
      const arn = this.attempt(logicalId, () => this.resolver.getAtt(logicalId, 'Arn', logicalId));
      if (arn !== undefined) roles.set(logicalId, { arn, props: entry.Properties ?? {} });
    }
    for (const [logicalId, entry] of of('AWS::IAM::User')) {
      const arn = this.attempt(logicalId, () => this.resolver.getAtt(logicalId, 'Arn', logicalId));
      if (arn !== undefined) users.set(logicalId, { arn, props: entry.Properties ?? {} });
    }
    for (const [logicalId] of of('AWS::IAM::Group')) {
      const name = this.attempt(logicalId, () => this.resolver.refOf(logicalId, logicalId));
      if (name !== undefined) this.groupNames.set(logicalId, name);
    }

    // Inline policies of roles, users and groups (the `Policies` property).
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']) {
      for (const [logicalId, entry] of of(type)) {
        const inline = entry.Properties?.Policies;
        if (!Array.isArray(inline)) continue;
        inline.forEach((p, i) => {
          const where = `${logicalId}.Policies[${i}]`;
          const name = this.tryResolve((p as Record<string, unknown> | undefined)?.PolicyName, `${where}.PolicyName`);
          const policy = this.attemptFor(logicalId, logicalId, () => this.attachedPolicy(logicalId,
            typeof name === 'string' ? name : where, (p as Record<string, unknown> | undefined)?.PolicyDocument, `${where}.PolicyDocument`),
          e => `its inline policy ${where} cannot be read (${e.message}), so what it grants is unknown`);
          if (policy) {
            attach(logicalId, policy);
            identityPolicies.push(policy);
          }
        });
      }
    }

    // AWS::IAM::Policy and AWS::IAM::ManagedPolicy attach themselves to roles, users and groups.
    const managed = this.managedPolicies; // by ARN
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const [logicalId, entry] of of(type)) {
        const props = entry.Properties ?? {};
        // The holders get it even when its document cannot be read: then the fact that it is unknown.
        const grant = this.grantOf(logicalId, props);
        if (grant.policy) identityPolicies.push(grant.policy);
        if (type === 'AWS::IAM::ManagedPolicy') {
          const arn = this.attempt(logicalId, () => this.resolver.refOf(logicalId, logicalId));
          if (arn && grant.policy) managed.set(arn, grant.policy);
          else if (arn) this.unreadableManaged.set(arn, grant.unknown!);
        }
        for (const prop of ['Roles', 'Users', 'Groups'] as const) {
          const targets = props[prop];
          if (targets === undefined) continue;
          const kind = prop === 'Groups' ? 'group' : prop === 'Roles' ? 'role' : 'user';
          if (!Array.isArray(targets)) {
            this.unboundedGrant(kind, grant, logicalId, `${logicalId}.${prop}`, `${logicalId}.${prop} is not a list`);
            continue;
          }
          targets.forEach((t, i) => this.attachTo(kind, t, `${logicalId}.${prop}[${i}]`, grant, logicalId, of, attach));
        }
      }
    }

    // AWS::IAM::RolePolicy, UserPolicy and GroupPolicy: one inline policy of one role, user or group.
    for (const [type, kind, nameProp] of [
      ['AWS::IAM::RolePolicy', 'role', 'RoleName'],
      ['AWS::IAM::UserPolicy', 'user', 'UserName'],
      ['AWS::IAM::GroupPolicy', 'group', 'GroupName'],
    ] as const) {
      for (const [logicalId, entry] of of(type)) {
        const props = entry.Properties ?? {};
        const grant = this.grantOf(logicalId, props);
        if (grant.policy) identityPolicies.push(grant.policy);
        this.attachTo(kind, props[nameProp], `${logicalId}.${nameProp}`, grant, logicalId, of, attach);
      }
    }

    // Managed policies a group names: its members get them like the group's other policies.
    for (const [logicalId, entry] of of('AWS::IAM::Group')) {
      const { policies, external, awsManaged } = this.managedPolicyArns(logicalId, entry.Properties ?? {});
      for (const policy of policies) attach(logicalId, policy);
      this.groupManaged.set(logicalId, { external, awsManaged });
    }

    // Group membership: a user gets its groups' policies (AWS::IAM::User Groups, UserToGroupAddition).
    const groupsOf = this.groupsOf;
    const groupIds = of('AWS::IAM::Group');
    for (const [logicalId, user] of users) {
      const groups = Array.isArray(user.props.Groups) ? user.props.Groups : [];
      groupsOf.set(logicalId, []);
      groups.forEach((g, i) => {
        const group = this.targetOf(g, groupIds);
        if (group) groupsOf.get(logicalId)!.push(group);
        else this.pendingMembership(logicalId, g, `${logicalId}.Groups[${i}]`, logicalId);
      });
    }
    for (const [additionId, entry] of of('AWS::IAM::UserToGroupAddition')) {
      const group = this.targetOf(entry.Properties?.GroupName, groupIds);
      const members = Array.isArray(entry.Properties?.Users) ? entry.Properties!.Users as unknown[] : [];
      members.forEach((u, i) => {
        const user = this.targetOf(u, of('AWS::IAM::User'));
        if (group && user) {
          groupsOf.get(user)?.push(group);
        } else if (user) {
          this.pendingMembership(user, entry.Properties?.GroupName, `${additionId}.GroupName`, additionId);
        } else {
          // A user of another stack joins a group: linked across the app, or reported.
          const path = `${additionId}.Users[${i}]`;
          const name = this.tryResolve(u, path);
          if (typeof name !== 'string') {
            // Any user of the account may be the one: it may get the group's policies.
            this.problems.push({ logicalId: additionId, what: `${path} cannot be resolved before deployment, so which user joins the group is unknown` });
            const because = `${path} cannot be resolved before deployment and may name it, so it may be a member of the group it adds to`;
            if (!group) {
              this.unboundedReach.push({ kind: 'user', unknown: `${because}, which cannot be read either` });
            } else {
              this.pendingUnboundedMembers.push({ group, because });
            }
            return;
          }
          this.pending.push({
            kind: 'user',
            name,
            path,
            policies: () => group ? this.groupPolicies(group) : [],
            external: () => group ? this.groupManaged.get(group)?.external ?? [] : [],
            unknowns: () => group ? this.unknownsOf.get(group) ?? []
              : [`${additionId}.GroupName cannot be read, so the group it joins, and what that group grants, are unknown`],
          });
        }
      });
    }

    const principals: PrincipalModel[] = [];
    const build = (kind: 'role' | 'user', logicalId: string, arn: string, props: Record<string, unknown>) => {
      const policies = [...policiesOf.get(logicalId) ?? []];
      const { policies: managedPolicies, external, awsManaged } = this.managedPolicyArns(logicalId, props);
      policies.push(...managedPolicies);
      for (const group of groupsOf.get(logicalId) ?? []) {
        policies.push(...this.groupPolicies(group));
        external.push(...this.groupManaged.get(group)?.external ?? []);
        awsManaged.push(...this.groupManaged.get(group)?.awsManaged ?? []);
      }
      let permissionsBoundary: AttachedPolicy | undefined;
      if (props.PermissionsBoundary !== undefined) {
        const boundaryArn = this.attemptFor(logicalId, logicalId,
          () => this.resolver.resolveString(props.PermissionsBoundary, `${logicalId}.PermissionsBoundary`),
          e => `its permissions boundary cannot be read (${e.message}), so what it withholds is unknown`);
        if (boundaryArn !== undefined) {
          permissionsBoundary = managed.get(boundaryArn) ?? this.awsManagedPolicy(logicalId, boundaryArn);
          if (!permissionsBoundary) {
            this.pendingBoundaries.push({ principal: logicalId, arn: boundaryArn });
          }
        }
      }
      const trustUnread: string[] = [];
      const trustPolicy = kind === 'role'
        ? this.attempt(logicalId, () => {
          const unresolved: string[] = [];
          try {
            const trust = this.policyDocument(props.AssumeRolePolicyDocument, `${logicalId}.AssumeRolePolicyDocument`, unresolved);
            for (const what of unresolved) this.problems.push({ logicalId, what: `the trust policy: ${what}` });
            trustUnread.push(...unresolved);
            return trust;
          } catch (e) {
            if (e instanceof UnresolvedValueError) trustUnread.push(e.message);
            throw e;
          }
        })
        : undefined;
      const name = this.attempt(logicalId, () => this.resolver.refOf(logicalId, logicalId));
      // Read last: reading the managed policies and the boundary above may add to them.
      const unknowns = [...this.unknownsOf.get(logicalId) ?? [], ...(groupsOf.get(logicalId) ?? []).flatMap(g => this.unknownsOf.get(g) ?? [])];
      principals.push({
        logicalId,
        kind,
        arn,
        name: name ?? logicalId,
        policies,
        permissionsBoundary,
        trustPolicy,
        externalManagedPolicies: external,
        awsManagedPolicies: awsManaged,
        unknowns: [...new Set(unknowns)],
        mayHavePolicies: [],
        ...(trustUnread.length > 0 ? { trustUnread } : {}),
      });
    };
    for (const [logicalId, role] of roles) build('role', logicalId, role.arn, role.props);
    for (const [logicalId, user] of users) build('user', logicalId, user.arn, user.props);
    return { principals, identityPolicies };
  }

  /** The policies of a group, its managed policies included. */
  public groupPolicies(group: string): AttachedPolicy[] {
    return this.policiesOf.get(group) ?? [];
  }

  /** A user joins a group that is not a resource of this template: linked across the app. */
  private pendingMembership(user: string, group: unknown, path: string, logicalId: string): void {
    const name = this.attemptFor(logicalId, user, () => this.resolver.resolveString(group, path),
      e => `it is a member of a group that cannot be read (${e.message}), so what that group grants is unknown`);
    if (name !== undefined) this.pendingGroups.push({ user, group: name, path });
  }

  /** What joining those groups may give any user: their policies, or that they are unknown. */
  public unboundedMemberReach(): UnboundedReach[] {
    return this.pendingUnboundedMembers.flatMap(({ group, because }): UnboundedReach[] => {
      const managed = this.groupManaged.get(group)?.external ?? [];
      const unread = [...this.unknownsOf.get(group) ?? [], ...managed.map(arn => `its managed policy '${arn}' is not read`)];
      return [
        ...this.groupPolicies(group).map(policy => ({ kind: 'user' as const, maybe: { policy, because } })),
        ...unread.map(what => ({ kind: 'user' as const, unknown: `${because}, and of that group: ${what}` })),
      ];
    });
  }

  /**
   * Attaches `policy` to the role, user or group `target` names: a resource of this template, else
   * (a name, e.g. from Fn::ImportValue) one of another stack of the app, linked once every stack is
   * read; a value without meaning is reported on the policy.
   */
  private attachTo(kind: 'role' | 'user' | 'group', target: unknown, path: string, grant: Grant, logicalId: string,
    of: (type: string) => Array<[string, CfnResourceEntry]>, attach: (target: string, policy: AttachedPolicy) => void): void {
    const type = kind === 'group' ? 'AWS::IAM::Group' : kind === 'role' ? 'AWS::IAM::Role' : 'AWS::IAM::User';
    const local = this.targetOf(target, of(type));
    if (local) {
      if (grant.policy) attach(local, grant.policy);
      else this.addUnknown(local, grant.unknown!);
      return;
    }
    let name: string | undefined;
    try {
      name = this.resolver.resolveString(target, path);
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      this.unboundedGrant(kind, grant, logicalId, path, e.message);
      return;
    }
    this.pending.push({
      kind,
      name,
      path,
      policies: () => (grant.policy ? [grant.policy] : []),
      external: () => [],
      unknowns: () => (grant.unknown ? [grant.unknown] : []),
    });
  }

  /**
   * A grant whose holder cannot be read: reported on the grant, and it may reach every principal of
   * the kind in the account (a group: every user, who may be a member of it). A policy that cannot
   * decide access reaches nothing that matters.
   */
  private unboundedGrant(kind: 'role' | 'user' | 'group', grant: Grant, logicalId: string, path: string, message: string): void {
    const who = kind === 'group' ? 'user' : kind;
    this.problems.push({
      logicalId,
      what: `${message}; which ${kind} the policy is attached to is unknown, so it is taken to be possibly attached to every ${who} of the account`,
    });
    if (grant.policy && !statementsOf(grant.policy.document).some(mayDecideStatement)) return;
    const because = `${path} cannot be resolved before deployment and may name ${kind === 'group' ? 'a group it is a member of' : 'it'}`;
    this.unboundedReach.push(grant.policy
      ? { kind: who, maybe: { policy: grant.policy, because: `policy '${grant.policy.name}' may be attached to it: ${because}` } }
      : { kind: who, unknown: `${grant.unknown}, and ${because}` });
  }

  /**
   * The managed policies `ManagedPolicyArns` names: those of this template, AWS managed ones (from the
   * data this library ships), and ARNs of neither, whose content is unknown here.
   */
  private managedPolicyArns(logicalId: string, props: Record<string, unknown>) {
    const policies: AttachedPolicy[] = [];
    const external: string[] = [];
    const awsManaged: string[] = [];
    const arns = Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns : [];
    arns.forEach((m, i) => {
      const arn = this.attemptFor(logicalId, logicalId, () => this.resolver.resolveString(m, `${logicalId}.ManagedPolicyArns[${i}]`),
        e => `its managed policy ${logicalId}.ManagedPolicyArns[${i}] cannot be read (${e.message}), so what it grants is unknown`);
      if (arn === undefined) return;
      const inTemplate = this.managedPolicies.get(arn);
      if (inTemplate) {
        policies.push(inTemplate);
        return;
      }
      const unreadable = this.unreadableManaged.get(arn);
      if (unreadable !== undefined) {
        this.addUnknown(logicalId, unreadable);
        return;
      }
      if (isAwsManagedPolicyArn(arn)) {
        const policy = this.awsManagedPolicy(logicalId, arn);
        if (policy) {
          awsManaged.push(arn);
          if (statementsOf(policy.document).length > 0) policies.push(policy);
          return;
        }
        external.push(arn);
        return;
      }
      // A customer managed policy of another stack is linked across the app; else its content is unknown.
      this.pendingManaged.push({ holder: logicalId, arn });
    });
    return { policies, external, awsManaged };
  }

  /** An AWS managed policy as an attached policy (its execute-api and apigateway statements), if the data knows it. */
  private awsManagedPolicy(holder: string, arn: string): AttachedPolicy | undefined {
    if (!isAwsManagedPolicyArn(arn)) return undefined;
    const content = awsManagedPolicy(arn);
    if (!content.known) return undefined;
    return { logicalId: holder, name: arn, document: { Version: '2012-10-17', Statement: [...content.statements] }, awsManaged: true };
  }

  /** The logical id a Roles/Users/Groups entry refers to, when it is a resource of this template. */
  private targetOf(value: unknown, candidates: Array<[string, CfnResourceEntry]>): string | undefined {
    const ref = (value as Record<string, unknown> | undefined)?.Ref;
    if (typeof ref === 'string' && candidates.some(([id]) => id === ref)) return ref;
    if (typeof value === 'string') {
      // A literal name: match a resource of the template with that physical name.
      const byName = candidates.find(([id]) => {
        try {
          return this.resolver.refOf(id, id) === value;
        } catch {
          return false;
        }
      });
      return byName?.[0];
    }
    return undefined;
  }

  private attachedPolicy(logicalId: string, name: string, document: unknown, path: string): AttachedPolicy {
    const unresolved: string[] = [];
    const resolved = this.policyDocument(document, path, unresolved);
    if (!resolved) throw new UnresolvedValueError(path, 'the policy has no document');
    for (const what of unresolved) this.problems.push({ logicalId, what: `policy '${name}': ${what}` });
    return unresolved.length > 0 ? { logicalId, name, document: resolved, unresolved } : { logicalId, name, document: resolved };
  }

  /**
   * Resolves a policy document. A statement with a value that has no meaning before deployment is
   * left out: silently when its actions cannot touch API access (e.g. a log group ARN in a statement on
   * logs:*), else with a sentence in `unresolved` naming the value and what depends on it. A document
   * whose statements cannot even be listed is an error for the whole document.
   */
  private policyDocument(document: unknown, path: string, unresolved?: string[]): PolicyDocument | undefined {
    if (document === undefined) return undefined;
    let resolved: unknown;
    try {
      resolved = this.resolver.resolve(document, path);
    } catch (e) {
      if (!(e instanceof UnresolvedValueError) || unresolved === undefined) throw e;
      resolved = this.statementByStatement(document, path, unresolved);
    }
    if (typeof resolved === 'string') {
      // Some properties (RestApi Policy) also accept the document as a JSON string.
      try {
        resolved = JSON.parse(resolved);
      } catch {
        throw new UnresolvedValueError(path, 'the policy is a string that is not JSON');
      }
    }
    if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved)) {
      throw new UnresolvedValueError(path, 'the policy is not a JSON object');
    }
    return resolved as PolicyDocument;
  }

  private statementByStatement(document: unknown, path: string, unresolved: string[]): unknown {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return this.resolver.resolve(document, path);
    const { Statement: raw, ...rest } = document as Record<string, unknown>;
    const head = this.resolver.resolve(rest, path) as Record<string, unknown>;
    const list = Array.isArray(raw) ? raw : [raw];
    const statements: unknown[] = [];
    list.forEach((statement, i) => {
      const where = `${path}.Statement[${i}]`;
      try {
        statements.push(this.resolver.resolve(statement, where));
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
        const s = (statement ?? {}) as Record<string, unknown>;
        const actions = this.tryResolve(s.Action, `${where}.Action`);
        if (s.NotAction === undefined && actions !== undefined && !listOf(actions).some(mayDecideAccess)) return;
        const effect = this.tryResolve(s.Effect, `${where}.Effect`);
        unresolved.push(`${e.path}: ${e.what}, so statement #${i + 1} (${effect ?? 'Allow or Deny'} ${actions === undefined ? 'of unknown actions' : listOf(actions).join(', ')}) was left out`
          + (effect === 'Deny' ? ' (a Deny it may add is not assumed)' : ''));
      }
    });
    return { ...head, Statement: statements };
  }

  private tryResolve(value: unknown, path: string): unknown {
    try {
      return this.resolver.resolve(value, path);
    } catch (e) {
      if (e instanceof UnresolvedValueError) return undefined;
      throw e;
    }
  }

  /**
   * A Lambda permission. A value that cannot be read keeps the permission: it is named in `unread`,
   * and the rule that reads permissions says it is unknown where it matters.
   */
  private lambdaPermission(logicalId: string, entry: CfnResourceEntry): LambdaPermissionModel {
    const props = entry.Properties ?? {};
    const unread: Record<string, string> = {};
    const read = (prop: keyof NonNullable<LambdaPermissionModel['unread']>): string | undefined => {
      if (props[prop] === undefined) return undefined;
      try {
        return this.resolver.resolveString(props[prop], `${logicalId}.${prop}`);
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
        unread[prop] = e.message;
        return undefined;
      }
    };
    const fn = read('FunctionName');
    const permission: LambdaPermissionModel = {
      logicalId,
      action: read('Action') ?? '',
      functionArn: fn === undefined ? `${logicalId}.FunctionName`
        : fn.startsWith('arn:') ? fn : `arn:${this.env.partition}:lambda:${this.env.region}:${this.env.account}:function:${fn}`,
      principal: read('Principal') ?? '',
      sourceArn: read('SourceArn'),
      sourceAccount: read('SourceAccount'),
    };
    return Object.keys(unread).length > 0 ? { ...permission, unread } : permission;
  }
}

/** The accounts other than the role's own that an Allow of sts:AssumeRole in its trust policy names. */
function foreignTrustedAccounts(role: PrincipalModel): string[] {
  const own = /::(\d{12}):/.exec(role.arn)?.[1];
  const accounts = new Set<string>();
  for (const statement of statementsOf(role.trustPolicy)) {
    if (statement.Effect !== 'Allow' || statement.NotPrincipal !== undefined) continue;
    const actions = statement.NotAction !== undefined ? ['*'] : listOf(statement.Action);
    if (!actions.some(a => /^(sts:(assumerole|\*)|\*)$/i.test(a))) continue;
    const principal = statement.Principal;
    if (principal === null || typeof principal !== 'object') continue;
    for (const p of listOf((principal as Record<string, unknown>).AWS)) {
      const account = /^\d{12}$/.test(p) ? p : /^arn:[^:]+:(iam|sts)::(\d{12}):/.exec(p)?.[2];
      if (account !== undefined && account !== own) accounts.add(account);
    }
  }
  return [...accounts].sort();
}

/** What a policy resource gives its holders: its content, or (when it cannot be read) that it is unknown. */
interface Grant {
  readonly policy?: AttachedPolicy;
  readonly unknown?: string;
}

/** Whether a statement can decide access: a NotAction, or an action `mayDecideAccess`. */
function mayDecideStatement(statement: PolicyStatementJson): boolean {
  return statement.NotAction !== undefined || statement.Action === undefined || listOf(statement.Action).some(mayDecideAccess);
}

/**
 * Whether an action pattern can match an action the checks decide on: execute-api and apigateway
 * (calls and management of APIs), lambda (integrations and authorizers) and sts (trust policies).
 */
function mayDecideAccess(pattern: string): boolean {
  const service = pattern.split(':')[0].toLowerCase();
  const re = new RegExp(`^${service.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return !pattern.includes(':') || ['execute-api', 'apigateway', 'lambda', 'sts'].some(s => re.test(s));
}

/** The statements of a policy document as a list (a single statement object is allowed by IAM). */
export function statementsOf(document: PolicyDocument | undefined): PolicyStatementJson[] {
  const s = document?.Statement;
  if (s === undefined) return [];
  return (Array.isArray(s) ? s : [s]) as PolicyStatementJson[];
}

/** A string or list field of a statement, as a list. */
export function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(v => String(v));
}
