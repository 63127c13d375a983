/**
 * The paired invoke grant shared by IamRestApi and InvokeGrant: the methods it may cover (AWS_IAM
 * only), the execute-api ARNs (aggregated), and both sides of a cross-account grant.
 */
import { Lazy, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { executeApiArn, shorthandResource, wildcardRegExp } from './execute-api';
import { aggregateSuffixes, MethodKey, perMethodSuffixes } from './grant-aggregation';
import { GrantLayout } from './grant-layout';
import { InvokeGrantOptions } from './invoke-grant-options';
import { normalizeHttpMethods, validatePaths, validateStageNames } from './validation';

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

/** What a grant needs to know about the API it is on. */
export interface InvokeGrantTarget {
  readonly api: apigateway.IRestApi;
  /** Every method of the API this library can see; aggregation only happens when this is complete. */
  readonly allMethods: () => apigateway.Method[];
  readonly complete: boolean;
  /** The stage a grant covers by default, if any. */
  readonly defaultStage?: string;
  readonly resourceSide: iam.IResourceWithPolicy;
}

/** Builds the paired invoke grant both IamRestApi and InvokeGrant use. */
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

  if (options.methods && options.methods.length === 0) {
    throw new Error('methods: expected at least one method, got an empty list (leave methods unset for every AWS_IAM method)');
  }
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
  // The patterns are computed at synthesis, over the API's final methods: a method added after the
  // grant can then never fall under a pattern it was not meant for.
  let cache: { methodCount: number; suffixes: string[] } | undefined;
  const suffixes = (): string[] => {
    if (!target.complete) {
      return perMethodSuffixes(selectedKeys);
    }
    const all = target.allMethods();
    if (!cache || cache.methodCount !== all.length) {
      cache = { methodCount: all.length, suffixes: aggregateSuffixes(selectedKeys, all.map(keyOf)) };
    }
    return cache.suffixes;
  };
  const items = () => stages.flatMap((stage) => suffixes().map((suffix) => ({ stage, suffix, arn: executeApiArn(api, stage, suffix) })));
  const layout = new GrantLayout(api, grantee.grantPrincipal, actions, items);
  const resourceArns = Lazy.list({ produce: () => layout.inlineArns() });
  // The resource side sits in the API's own policy: a token stage (a Ref to the Stage) there would
  // be a circular dependency, so it covers every stage; the identity side still names the stage,
  // and a cross-account call needs both.
  const resourceSelfArns = Lazy.list({
    produce: () => [...new Set(stages.flatMap((stage) => suffixes()
      .map((suffix) => shorthandResource(Token.isUnresolved(stage) ? '*' : stage, suffix))))],
  });

  return iam.Grant.addToPrincipalOrResource({
    grantee,
    actions,
    resourceArns,
    resourceSelfArns,
    resource: target.resourceSide,
  });
}

/** The deployment stage's name, if the API has one. */
export function deploymentStageName(api: apigateway.IRestApi): string | undefined {
  try {
    return api.deploymentStage?.stageName;
  } catch {
    return undefined; // RestApiBase throws when no stage is set
  }
}

/** An API that can take both sides of a grant. */
export interface PairedGrantOwner {
  grantInvoke(grantee: iam.IGrantable, options?: InvokeGrantOptions): iam.Grant;
}

const OWNERS = new WeakMap<object, PairedGrantOwner>();

/** Registers an API (an IamRestApi) as the owner of its paired grants. */
export function registerOwner(api: apigateway.IRestApi, owner: PairedGrantOwner): void {
  OWNERS.set(api, owner);
}

export function ownerOf(api: apigateway.IRestApi): PairedGrantOwner | undefined {
  return OWNERS.get(api);
}
