import { Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { executeApiArn, shorthandResource, wildcardRegExp } from './execute-api';
import { aggregateSuffixes, MethodKey, perMethodSuffixes, widenedMethods } from './grant-aggregation';
import { unownedResourceSide } from './resource-policy-side';
import { normalizeHttpMethods, validatePaths, validateStageNames } from './validation';

/** Which of the given methods and which stages an invoke grant covers. Filters combine. */
export interface MethodGrantOptions {
  /**
   * Resource paths to keep, as API Gateway shows them: `/pets`, `/pets/{id}`; `*` matches any
   * characters, so `/pets/*` keeps everything below `/pets` and `*` keeps every path.
   *
   * @default - every path
   */
  readonly paths?: string[];
  /**
   * HTTP methods to keep (`GET`, `POST`, ..., `ANY` for methods defined as ANY, `*` for all).
   *
   * @default - every HTTP method
   */
  readonly httpMethods?: string[];
  /**
   * Stage names the grant covers (`*` for every stage).
   *
   * @default - the API's deployment stage
   */
  readonly stages?: string[];
}

/** Which methods and stages an invoke grant covers. Filters combine: a method must pass all of them. */
export interface InvokeGrantOptions extends MethodGrantOptions {
  /**
   * The methods to grant. Each must belong to the API and use AWS_IAM authorization: a grant on
   * a method of another authorization type would have no effect, so it is an error.
   *
   * @default - every AWS_IAM method of the API that passes the other filters
   */
  readonly methods?: apigateway.Method[];
}

/** The authorization type of a method, read from its CloudFormation resource. */
export function authorizationTypeOf(method: apigateway.Method): string {
  const cfn = method.node.defaultChild as apigateway.CfnMethod;
  const type = cfn.authorizationType;
  if (type === undefined) {
    return apigateway.AuthorizationType.NONE; // CloudFormation's default
  }
  return Token.isUnresolved(type) ? 'an unresolved authorization type' : type;
}

function describeMethod(method: apigateway.Method): string {
  return `${method.httpMethod} ${method.resource.path}`;
}

function keyOf(method: apigateway.Method): MethodKey {
  return { httpMethod: method.httpMethod, path: method.resource.path };
}

function pathMatches(pattern: string, path: string): boolean {
  return Token.isUnresolved(pattern) || wildcardRegExp(pattern).test(path);
}

/** What a grant needs to know about the API it is on. @internal */
export interface InvokeGrantTarget {
  readonly api: apigateway.IRestApi;
  /** Every method of the API this library can see; aggregation only happens when this is complete. */
  readonly allMethods: () => apigateway.Method[];
  readonly complete: boolean;
  /** The stage a grant covers by default, if any. */
  readonly defaultStage?: string;
  readonly resourceSide: iam.IResourceWithPolicy;
}

/** Builds the paired invoke grant both IamRestApi and InvokeGrant use. @internal */
export function grantOnMethods(
  target: InvokeGrantTarget,
  grantee: iam.IGrantable,
  actions: string[],
  options: InvokeGrantOptions,
  caller: string,
): iam.Grant {
  const { api } = target;
  const paths = options.paths;
  if (paths) {
    validatePaths('paths', paths);
  }
  const verbs = options.httpMethods ? normalizeHttpMethods('httpMethods', options.httpMethods) : undefined;
  const stages = options.stages ?? (target.defaultStage !== undefined ? [target.defaultStage] : undefined);
  if (!stages) {
    throw new Error(`stages: the API ${api.node.path} has no deployment stage; name the stages the grant covers (e.g. stages: ['prod'])`);
  }
  validateStageNames('stages', stages);

  // Named methods must work with IAM: a grant on any other authorization type has no effect.
  for (const method of options.methods ?? []) {
    if (method.api !== api) {
      throw new Error(`methods: ${describeMethod(method)} belongs to ${method.api.node.path}, not to ${api.node.path}`);
    }
    const type = authorizationTypeOf(method);
    if (type !== apigateway.AuthorizationType.IAM) {
      throw new Error(`methods: ${describeMethod(method)} uses ${type} authorization, so API Gateway never checks IAM for it and `
        + 'an invoke grant would have no effect; set authorizationType: AWS_IAM on the method, or leave it out of the grant');
    }
  }

  const candidates = (options.methods ?? target.allMethods()).filter((method) =>
    (!paths || paths.some((p) => p === '*' || pathMatches(p, method.resource.path)))
    && (!verbs || verbs.some((v) => v === '*' || v === method.httpMethod)));
  const selected = candidates.filter((m) => authorizationTypeOf(m) === apigateway.AuthorizationType.IAM);
  if (selected.length === 0) {
    const skipped = candidates.map((m) => `${describeMethod(m)} (${authorizationTypeOf(m)})`);
    throw new Error(`${caller}: no AWS_IAM method of ${api.node.path} matches the grant`
      + (skipped.length > 0 ? `; these match but use another authorization type, so IAM grants have no effect on them: ${skipped.join(', ')}` : '')
      + '; grants cover the methods that exist when they are made: add the methods first');
  }

  const selectedKeys = selected.map(keyOf);
  const suffixes = target.complete
    ? aggregateSuffixes(selectedKeys, target.allMethods().map(keyOf))
    : perMethodSuffixes(selectedKeys);

  const resourceArns: string[] = [];
  const resourceSelfArns: string[] = [];
  for (const stage of stages) {
    // The resource side sits in the API's own policy: a token stage (a Ref to the Stage) there
    // would be a circular dependency, so it covers every stage; the identity side still names the
    // stage, and a cross-account call needs both.
    const literalStage = Token.isUnresolved(stage) ? '*' : stage;
    for (const suffix of suffixes) {
      resourceArns.push(executeApiArn(api, stage, suffix));
      resourceSelfArns.push(shorthandResource(literalStage, suffix));
    }
  }

  if (target.complete) {
    // Wider patterns were checked against the methods that existed at the grant: a method added
    // later could fall under one of them without having been granted.
    api.node.addValidation({
      validate: () => widenedMethods(suffixes, selectedKeys, target.allMethods().map(keyOf))
        .map((m) => `${caller}: the grant's pattern(s) ${suffixes.join(', ')} would also cover ${m.httpMethod} ${m.path}, added after the grant; `
          + 'make the grant after adding every method'),
    });
  }

  return iam.Grant.addToPrincipalOrResource({
    grantee,
    actions,
    resourceArns,
    resourceSelfArns: [...new Set(resourceSelfArns)],
    resource: target.resourceSide,
  });
}

/**
 * Invoke grants paired with the methods they are for, on any aws-cdk-lib RestApi.
 *
 * Unlike `Method.grantExecute`, the grant refuses methods that do not use AWS_IAM authorization
 * (where an IAM grant has no effect), and refuses a grantee of another account on an API whose
 * resource policy it cannot extend (a cross-account call needs both sides).
 */
export class InvokeGrant {
  /**
   * Grants `execute-api:Invoke` on the given methods (all of one API) to the grantee.
   *
   * On an `IamRestApi`, this is `api.grantInvoke(grantee, { methods })` (and adds the resource-policy
   * side for a grantee of another account). On any other RestApi, only the identity side can be
   * added: a grantee of another account is an error.
   *
   * @param grantee who may invoke
   * @param methods the methods, each using AWS_IAM authorization
   * @param options filters and stages
   */
  public static onMethods(grantee: iam.IGrantable, methods: apigateway.Method[], options: MethodGrantOptions = {}): iam.Grant {
    if (methods.length === 0) {
      throw new Error('methods: expected at least one method, got an empty list');
    }
    const api = methods[0].api;
    const owner = ownerOf(api);
    if (owner) {
      return owner.grantInvoke(grantee, { ...options, methods });
    }
    const restApi = api instanceof apigateway.RestApi ? api : undefined;
    return grantOnMethods({
      api,
      allMethods: () => restApi ? restApi.methods : methods,
      complete: restApi !== undefined,
      defaultStage: deploymentStageName(api),
      resourceSide: unownedResourceSide(api),
    }, grantee, ['execute-api:Invoke'], { ...options, methods }, 'InvokeGrant.onMethods');
  }

  private constructor() {}
}

/** The deployment stage's name, if the API has one. @internal */
export function deploymentStageName(api: apigateway.IRestApi): string | undefined {
  try {
    return api.deploymentStage?.stageName;
  } catch {
    return undefined; // RestApiBase throws when no stage is set
  }
}

/** An API that can take both sides of a grant. @internal */
export interface PairedGrantOwner {
  grantInvoke(grantee: iam.IGrantable, options?: InvokeGrantOptions): iam.Grant;
}

const OWNERS = new WeakMap<object, PairedGrantOwner>();

/** Registers an API (an IamRestApi) as the owner of its paired grants. @internal */
export function registerOwner(api: apigateway.IRestApi, owner: PairedGrantOwner): void {
  OWNERS.set(api, owner);
}

function ownerOf(api: apigateway.IRestApi): PairedGrantOwner | undefined {
  return OWNERS.get(api);
}
