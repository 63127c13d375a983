/**
 * The access model: everything in one stack that decides who can call or manage its REST APIs,
 * read from the stack's CloudFormation template with intrinsics resolved symbolically.
 *
 * One model serves the synth-time aspect (built from the stacks' resolved resources) and the command
 * line (built from the templates of a cloud assembly), so the checks work on any CloudFormation
 * template, whatever produced it. Nothing here imports aws-cdk-lib.
 */
import { AuthorizerModel, AuthorizerReader, lambdaFunctionOfUri, UserPoolModel } from './authorizers';
import { CfnResourceEntry, CfnTemplate, ImportLookup, IntrinsicResolver, StackEnvironment, UnresolvedValueError } from './intrinsics';

export type {
  AuthorizerModel, CognitoProviderModel, IdentitySourceLocation, IdentitySourceModel, MethodAccessModel, UserPoolModel,
} from './authorizers';
export { DEFAULT_AUTHORIZER_TTL_SECONDS, invokedWithoutCredentials } from './authorizers';

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
}

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
  /** EDGE, REGIONAL or PRIVATE. */
  readonly endpointType: string;
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
}

/** A policy document attached to a principal, and where it is defined. */
export interface AttachedPolicy extends ModelLocation {
  /** How findings name it: `policy 'ReaderDefaultPolicy151F3818'`. */
  readonly name: string;
  readonly document: PolicyDocument;
}

/** An IAM role or user: a principal that can sign calls. */
export interface PrincipalModel extends ModelLocation {
  readonly kind: 'role' | 'user';
  readonly arn: string;
  readonly policies: AttachedPolicy[];
  readonly permissionsBoundary?: AttachedPolicy;
  /** The role's trust policy (roles only). */
  readonly trustPolicy?: PolicyDocument;
  /** Managed policies defined outside the template (their content is unknown here). */
  readonly externalManagedPolicies: string[];
}

/** A resource-based permission of a Lambda function (`AWS::Lambda::Permission`). */
export interface LambdaPermissionModel extends ModelLocation {
  readonly action: string;
  readonly functionArn: string;
  readonly principal: string;
  readonly sourceArn?: string;
  /** The SourceAccount condition of the permission, resolved. */
  readonly sourceAccount?: string;
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
  /** Every policy document that grants to a role, user or group, for rules that read policies alone. */
  readonly identityPolicies: AttachedPolicy[];
  readonly problems: ModelProblem[];
  /** Resolves a template value (e.g. a token a user passed) the way the model resolved the template. */
  readonly resolver: IntrinsicResolver;
  /**
   * The models of every stack of the app, this one included: a grant in one stack can name an API
   * of another (through an import).
   */
  readonly peers: readonly AccessModel[];
}

/**
 * AWS managed policies known to grant nothing on execute-api, apigateway or lambda:InvokeFunction, so
 * leaving their content out does not change any decision here. Any other managed policy that is not
 * in the template is reported (CannotEvaluate) on the principal it is attached to.
 */
const INERT_AWS_MANAGED_POLICIES = new Set([
  'service-role/AWSLambdaBasicExecutionRole',
  'service-role/AWSLambdaVPCAccessExecutionRole',
  'service-role/AmazonAPIGatewayPushToCloudWatchLogs',
  'AWSXRayDaemonWriteAccess',
  'CloudWatchLambdaInsightsExecutionRolePolicy',
]);

/** Builds the models of several templates as peers of one app (see app-model.ts for imports). */
export function buildPeerModels(inputs: ReadonlyArray<{ template: CfnTemplate; env: StackEnvironment }>, importValue?: ImportLookup): AccessModel[] {
  const peers: AccessModel[] = [];
  for (const input of inputs) peers.push(new ModelBuilder(input.template, input.env, importValue).build(peers));
  return peers;
}

class ModelBuilder {
  private readonly resolver: IntrinsicResolver;
  private readonly resources: Record<string, CfnResourceEntry>;
  private readonly problems: ModelProblem[] = [];
  private readonly resourcePaths = new Map<string, string | undefined>();
  private readonly authorizerReader: AuthorizerReader;

  constructor(template: CfnTemplate, private readonly env: StackEnvironment, importValue?: ImportLookup) {
    this.resolver = new IntrinsicResolver(template, env, importValue);
    this.resources = template.Resources ?? {};
    this.authorizerReader = new AuthorizerReader(this.resolver, this.problems);
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
    const lambdaPermissions = of('AWS::Lambda::Permission')
      .map(([logicalId, entry]) => this.lambdaPermission(logicalId, entry))
      .filter((p): p is LambdaPermissionModel => p !== undefined);

    const model: AccessModel = {
      stackName: this.env.stackName,
      env: this.env,
      apis: [...apis.values()],
      principals,
      lambdaPermissions,
      userPools,
      identityPolicies,
      problems: this.problems,
      resolver: this.resolver,
      peers,
    };
    return model;
  }

  /** Runs `read`, turning a value without symbolic meaning into a problem on `logicalId`. */
  private attempt<T>(logicalId: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (e instanceof UnresolvedValueError) {
        this.problems.push({ logicalId, what: e.message });
        return undefined;
      }
      throw e;
    }
  }

  private api(logicalId: string, entry: CfnResourceEntry): ApiModel | undefined {
    const props = entry.Properties ?? {};
    return this.attempt(logicalId, () => {
      if (props.Body !== undefined || props.BodyS3Location !== undefined) {
        // Methods defined in an OpenAPI definition are not CloudFormation resources: say so.
        this.problems.push({
          logicalId,
          what: 'the API is defined by an OpenAPI body; its methods there are not checked',
        });
      }
      const types = this.resolver.resolve(
        (props.EndpointConfiguration as Record<string, unknown> | undefined)?.Types, `${logicalId}.EndpointConfiguration.Types`);
      const endpointType = Array.isArray(types) && types.length > 0 ? String(types[0]).toUpperCase() : 'EDGE';
      return {
        logicalId,
        id: this.resolver.refOf(logicalId, logicalId),
        name: props.Name === undefined ? logicalId : this.resolver.resolveString(props.Name, `${logicalId}.Name`),
        endpointType,
        resourcePolicy: this.policyDocument(props.Policy, `${logicalId}.Policy`),
        methods: [],
        stages: [],
        authorizers: [],
        // Read on its own: an unreadable key source is a problem, never a reason to drop the API.
        apiKeySource: props.ApiKeySourceType === undefined ? 'HEADER'
          : this.attempt(logicalId, () => this.resolver.resolveString(props.ApiKeySourceType, `${logicalId}.ApiKeySourceType`).toUpperCase()) ?? 'HEADER',
      };
    });
  }

  private stage(logicalId: string, entry: CfnResourceEntry, apis: Map<string, ApiModel>): void {
    const props = entry.Properties ?? {};
    if (props.StageName === undefined) return; // a Deployment without a stage of its own
    this.attempt(logicalId, () => {
      const apiId = this.resolver.resolveString(props.RestApiId, `${logicalId}.RestApiId`);
      const stageName = this.resolver.resolveString(props.StageName, `${logicalId}.StageName`);
      const api = apis.get(apiId);
      if (api && !api.stages.includes(stageName)) api.stages.push(stageName);
    });
  }

  private method(logicalId: string, entry: CfnResourceEntry, apis: Map<string, ApiModel>): void {
    const props = entry.Properties ?? {};
    this.attempt(logicalId, () => {
      const apiId = this.resolver.resolveString(props.RestApiId, `${logicalId}.RestApiId`);
      const api = apis.get(apiId);
      if (!api) {
        this.problems.push({ logicalId, what: `the method belongs to REST API '${apiId}', which is not defined in this stack` });
        return;
      }
      const path = this.pathOf(props.ResourceId, logicalId);
      const integration = props.Integration as Record<string, unknown> | undefined;
      const authorizationType = props.AuthorizationType === undefined
        ? 'NONE'
        : this.resolver.resolveString(props.AuthorizationType, `${logicalId}.AuthorizationType`).toUpperCase();
      api.methods.push({
        logicalId,
        httpMethod: this.resolver.resolveString(props.HttpMethod, `${logicalId}.HttpMethod`).toUpperCase(),
        path,
        authorizationType,
        integration: integration ? this.integration(integration, logicalId) : undefined,
        ...this.authorizerReader.methodAccess(logicalId, props, authorizationType),
      });
    });
  }

  private integration(integration: Record<string, unknown>, logicalId: string): IntegrationModel {
    const uri = integration.Uri === undefined ? undefined : this.resolver.resolveString(integration.Uri, `${logicalId}.Integration.Uri`);
    // Lambda integrations call `arn:P:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`
    // (API Gateway developer guide, "Set up Lambda integrations").
    return {
      type: integration.Type === undefined ? 'MOCK' : this.resolver.resolveString(integration.Type, `${logicalId}.Integration.Type`),
      uri,
      credentials: integration.Credentials === undefined
        ? undefined : this.resolver.resolveString(integration.Credentials, `${logicalId}.Integration.Credentials`),
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
    const policiesOf = new Map<string, AttachedPolicy[]>(); // keyed by role, user or group logical id
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

    // Inline policies of roles, users and groups (the `Policies` property).
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']) {
      for (const [logicalId, entry] of of(type)) {
        const inline = entry.Properties?.Policies;
        if (!Array.isArray(inline)) continue;
        inline.forEach((p, i) => {
          const policy = this.attempt(logicalId, () => this.attachedPolicy(logicalId,
            this.resolver.resolveString((p as Record<string, unknown>).PolicyName, `${logicalId}.Policies[${i}].PolicyName`),
            (p as Record<string, unknown>).PolicyDocument, `${logicalId}.Policies[${i}].PolicyDocument`));
          if (policy) {
            attach(logicalId, policy);
            identityPolicies.push(policy);
          }
        });
      }
    }

    // AWS::IAM::Policy and AWS::IAM::ManagedPolicy attach themselves to roles, users and groups.
    const managed = new Map<string, AttachedPolicy>(); // by ARN
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const [logicalId, entry] of of(type)) {
        const props = entry.Properties ?? {};
        const policy = this.attempt(logicalId, () => this.attachedPolicy(logicalId,
          props.PolicyName !== undefined ? this.resolver.resolveString(props.PolicyName, `${logicalId}.PolicyName`) : logicalId,
          props.PolicyDocument, `${logicalId}.PolicyDocument`));
        if (!policy) continue;
        identityPolicies.push(policy);
        if (type === 'AWS::IAM::ManagedPolicy') {
          const arn = this.attempt(logicalId, () => this.resolver.refOf(logicalId, logicalId));
          if (arn) managed.set(arn, policy);
        }
        for (const prop of ['Roles', 'Users', 'Groups'] as const) {
          const targets = props[prop];
          if (!Array.isArray(targets)) continue;
          targets.forEach((t, i) => {
            const target = this.targetOf(t, of(prop === 'Groups' ? 'AWS::IAM::Group' : prop === 'Roles' ? 'AWS::IAM::Role' : 'AWS::IAM::User'));
            if (target) {
              attach(target, policy);
            } else {
              // A role or user outside the template: the grant is not part of this stack's model.
              this.attempt(logicalId, () => this.resolver.resolve(t, `${logicalId}.${prop}[${i}]`));
            }
          });
        }
      }
    }

    // Group membership: a user gets its groups' policies (AWS::IAM::User Groups, UserToGroupAddition).
    const groupsOf = new Map<string, string[]>();
    const groupIds = of('AWS::IAM::Group');
    for (const [logicalId, user] of users) {
      const groups = Array.isArray(user.props.Groups) ? user.props.Groups : [];
      groupsOf.set(logicalId, groups.map(g => this.targetOf(g, groupIds)).filter((g): g is string => g !== undefined));
    }
    for (const [, entry] of of('AWS::IAM::UserToGroupAddition')) {
      const group = this.targetOf(entry.Properties?.GroupName, groupIds);
      const members = Array.isArray(entry.Properties?.Users) ? entry.Properties!.Users as unknown[] : [];
      for (const u of members) {
        const user = this.targetOf(u, of('AWS::IAM::User'));
        if (group && user) groupsOf.get(user)?.push(group);
      }
    }

    const principals: PrincipalModel[] = [];
    const build = (kind: 'role' | 'user', logicalId: string, arn: string, props: Record<string, unknown>) => {
      const policies = [...policiesOf.get(logicalId) ?? []];
      for (const group of groupsOf.get(logicalId) ?? []) policies.push(...policiesOf.get(group) ?? []);
      const external: string[] = [];
      const managedArns = Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns : [];
      managedArns.forEach((m, i) => {
        const arn2 = this.attempt(logicalId, () => this.resolver.resolveString(m, `${logicalId}.ManagedPolicyArns[${i}]`));
        if (arn2 === undefined) return;
        const inTemplate = managed.get(arn2);
        if (inTemplate) {
          policies.push(inTemplate);
        } else if (!INERT_AWS_MANAGED_POLICIES.has(arn2.replace(/^arn:[^:]+:iam::aws:policy\//, ''))) {
          external.push(arn2);
        }
      });
      let permissionsBoundary: AttachedPolicy | undefined;
      if (props.PermissionsBoundary !== undefined) {
        const boundaryArn = this.attempt(logicalId, () => this.resolver.resolveString(props.PermissionsBoundary, `${logicalId}.PermissionsBoundary`));
        if (boundaryArn !== undefined) {
          permissionsBoundary = managed.get(boundaryArn);
          if (!permissionsBoundary) {
            this.problems.push({ logicalId, what: `the permissions boundary '${boundaryArn}' is not defined in this stack, so what it withholds is unknown` });
          }
        }
      }
      const trustPolicy = kind === 'role'
        ? this.attempt(logicalId, () => this.policyDocument(props.AssumeRolePolicyDocument, `${logicalId}.AssumeRolePolicyDocument`))
        : undefined;
      principals.push({ logicalId, kind, arn, policies, permissionsBoundary, trustPolicy, externalManagedPolicies: external });
    };
    for (const [logicalId, role] of roles) build('role', logicalId, role.arn, role.props);
    for (const [logicalId, user] of users) build('user', logicalId, user.arn, user.props);
    return { principals, identityPolicies };
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
    const resolved = this.policyDocument(document, path);
    if (!resolved) throw new UnresolvedValueError(path, 'the policy has no document');
    return { logicalId, name, document: resolved };
  }

  private policyDocument(document: unknown, path: string): PolicyDocument | undefined {
    if (document === undefined) return undefined;
    let resolved = this.resolver.resolve(document, path);
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

  private lambdaPermission(logicalId: string, entry: CfnResourceEntry): LambdaPermissionModel | undefined {
    const props = entry.Properties ?? {};
    return this.attempt(logicalId, () => {
      const fn = this.resolver.resolveString(props.FunctionName, `${logicalId}.FunctionName`);
      return {
        logicalId,
        action: this.resolver.resolveString(props.Action, `${logicalId}.Action`),
        functionArn: fn.startsWith('arn:') ? fn : `arn:${this.env.partition}:lambda:${this.env.region}:${this.env.account}:function:${fn}`,
        principal: this.resolver.resolveString(props.Principal, `${logicalId}.Principal`),
        sourceArn: props.SourceArn === undefined ? undefined : this.resolver.resolveString(props.SourceArn, `${logicalId}.SourceArn`),
        sourceAccount: props.SourceAccount === undefined ? undefined : this.resolver.resolveString(props.SourceAccount, `${logicalId}.SourceAccount`),
      };
    });
  }
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
