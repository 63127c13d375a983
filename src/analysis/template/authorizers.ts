/**
 * Authorizers, API keys and user pools, read from a template: what decides, besides IAM and the
 * resource policy, whether a call to a method reaches its integration.
 *
 * Sources (API Gateway API reference, "Authorizer"; CloudFormation reference,
 * "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::Method", "AWS::Cognito::UserPool"):
 * - identitySource: "For a TOKEN or COGNITO_USER_POOLS authorizer, this is required and specifies the
 *   request header mapping expression for the custom header holding the authorization token. [...] For
 *   the REQUEST authorizer, this is required when authorization caching is enabled. The value is a
 *   comma-separated string of one or more mapping expressions [...] used [...] to perform runtime
 *   validation of the REQUEST authorizer by verifying all of the identity-related request parameters
 *   are present, not null and non-empty. Only when this is true does the authorizer invoke the
 *   authorizer Lambda function, otherwise, it returns a 401 Unauthorized response".
 * - authorizerResultTtlInSeconds: "If it equals 0, authorization caching is disabled. If it is greater
 *   than 0, API Gateway will cache authorizer responses. If this field is not set, the default value is 300."
 * - AllowAdminCreateUserOnly: "When true, only administrators can create new user profiles. When false,
 *   users can register themselves and create a new user profile with the SignUp operation." The Cognito
 *   developer guide ("Configuring policies for user creation"): a user pool that accepts sign-up and has
 *   an app client "creates a user profile for anyone on the internet who knows your publicly-discoverable
 *   app client ID and requests to sign up".
 *
 * Nothing here imports aws-cdk-lib. A value that cannot be read is a problem on the resource, and the
 * model keeps the most open reading (an API key not known to be required is not required, a user pool
 * whose sign-up setting is unknown may allow sign-up), so no access is hidden.
 */
import type { ModelLocation, ModelProblem } from './access-model';
import { CfnResourceEntry, describeUnread, IntrinsicResolver, readOrReport, UnresolvedValueError } from './intrinsics';

/** Where an identity source is read from in the request. */
export type IdentitySourceLocation =
  | 'header' | 'multivalueheader' | 'querystring' | 'multivaluequerystring' | 'stageVariable' | 'context';

/** One mapping expression of an authorizer's IdentitySource. */
export interface IdentitySourceModel {
  /** As written, e.g. `method.request.header.Authorization`, `context.identity.sourceIp`. */
  readonly expression: string;
  readonly location: IdentitySourceLocation;
  /** The header, query string, stage variable or context variable name (`identity.sourceIp`). */
  readonly name: string;
}

/** A Cognito user pool defined in the template. */
export interface UserPoolModel extends ModelLocation {
  /** `Fn::GetAtt [pool, Arn]`, symbolically: what an authorizer's ProviderARNs name. */
  readonly arn: string;
  /**
   * Whether anyone may sign up (AdminCreateUserConfig.AllowAdminCreateUserOnly absent or false), and so
   * get a valid token. True as well when the setting could not be read (reported as a problem).
   */
  readonly selfSignUp: boolean;
  /**
   * Logical ids of the template's app clients of the pool (`AWS::Cognito::UserPoolClient`). Sign-up
   * needs an app client id; a pool with none here may still have one created outside the template.
   */
  readonly appClients: string[];
}

/** A user pool an authorizer accepts tokens of. */
export interface CognitoProviderModel {
  /** The ARN as the authorizer's ProviderARNs name it, resolved. */
  readonly arn: string;
  /** The pool, when it is defined in the same template; otherwise its settings are unknown. */
  readonly userPool?: UserPoolModel;
}

/** An `AWS::ApiGateway::Authorizer`. */
export interface AuthorizerModel extends ModelLocation {
  /** What `Ref` of the authorizer resolves to: the value a method's AuthorizerId names. */
  readonly id: string;
  readonly name: string;
  /** The symbolic id of the REST API the authorizer belongs to. */
  readonly restApiId: string;
  /** TOKEN, REQUEST or COGNITO_USER_POOLS. */
  readonly type: string;
  /** The parsed IdentitySource, in order; empty when none is set (REQUEST without caching only). */
  readonly identitySources: IdentitySourceModel[];
  /** The authorizer's Lambda URI, resolved (TOKEN and REQUEST). */
  readonly authorizerUri?: string;
  /** The ARN of the Lambda function the URI invokes. */
  readonly functionArn?: string;
  /** The role API Gateway assumes to invoke the function (AuthorizerCredentials), resolved. */
  readonly credentials?: string;
  /** The user pools a COGNITO_USER_POOLS authorizer accepts tokens of. */
  readonly providers: CognitoProviderModel[];
  /**
   * ProviderARNs, or entries of it, that cannot be read before deployment, each with why: the pools they
   * name are unknown, and may let anyone sign up. Absent when every pool was read.
   */
  readonly unreadProviders?: string[];
  /** How long API Gateway caches the authorizer's answer; 300 when not set, 0 means no caching. */
  readonly resultTtlInSeconds: number;
}

/** What a method adds to access beyond its authorization type. */
export interface MethodAccessModel {
  /** The method's AuthorizerId, resolved. */
  readonly authorizerId?: string;
  /** The authorizer it names, when it is defined in the template. */
  readonly authorizer?: AuthorizerModel;
  /** Whether a call needs a valid API key as well (ApiKeyRequired). */
  readonly apiKeyRequired: boolean;
  /** Why ApiKeyRequired cannot be read, when it cannot (`apiKeyRequired` is then false). */
  readonly apiKeyUnread?: string;
}

/** Default of AuthorizerResultTtlInSeconds (API Gateway API reference, "Authorizer"). */
export const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

/** The ARN of the function a Lambda URI (`arn:P:apigateway:R:lambda:path/2015-03-31/functions/ARN/invocations`) invokes. */
export function lambdaFunctionOfUri(uri: string | undefined): string | undefined {
  return uri?.match(/:lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/)?.[1];
}

/** Parses an IdentitySource value (comma-separated mapping expressions); throws on an expression it does not know. */
export function parseIdentitySource(value: string, path: string): IdentitySourceModel[] {
  return value.split(',').map(s => s.trim()).filter(s => s !== '').map(expression => {
    const request = expression.match(/^method\.request\.(header|multivalueheader|querystring|multivaluequerystring)\.(.+)$/);
    if (request) return { expression, location: request[1] as IdentitySourceLocation, name: request[2] };
    const stage = expression.match(/^stageVariables\.(.+)$/);
    if (stage) return { expression, location: 'stageVariable', name: stage[1] };
    const context = expression.match(/^context\.(.+)$/);
    if (context) return { expression, location: 'context', name: context[1] };
    throw new UnresolvedValueError(path, `the identity source '${expression}' is not a header, query string, stage variable or context expression`);
  });
}

/**
 * Why a request with no credentials at all (no token, no header or query string the caller chooses)
 * still reaches the authorizer's function, or undefined when API Gateway refuses such a request first.
 *
 * A TOKEN or COGNITO authorizer needs its header; a REQUEST authorizer needs every identity source
 * present and non-empty before it calls the function (API reference, Authorizer identitySource). A
 * context variable (e.g. `context.identity.sourceIp`) or a stage variable is supplied by API Gateway,
 * not the caller, so a REQUEST authorizer whose sources are all of those, or that has none (caching
 * off), is called for every request: who gets in is decided by the function alone. (A stage variable
 * the stage does not define is missing and makes API Gateway refuse; it is taken as present, which
 * can only widen what is reported as undecided.)
 */
export function invokedWithoutCredentials(authorizer: AuthorizerModel): string | undefined {
  if (authorizer.type !== 'REQUEST') return undefined;
  if (authorizer.identitySources.length === 0) {
    return `authorizer '${authorizer.name}' has no identity source, so API Gateway calls its function for every request`;
  }
  if (authorizer.identitySources.every(s => s.location === 'context' || s.location === 'stageVariable')) {
    return `authorizer '${authorizer.name}' reads only ${authorizer.identitySources.map(s => s.expression).join(', ')}, `
      + 'which API Gateway supplies for every request, so its function is called for every request';
  }
  return undefined;
}

/**
 * The problem reported when a method's ApiKeyRequired cannot be read (`unread` says why). A key only
 * narrows access, so the map makes undecided only what the policies allow (see `apiKeyUnread`), not
 * what they deny: it tells this problem apart from those that may widen access.
 */
export function apiKeyProblem(unread: string): string {
  return `${unread}, so whether a call needs an API key is unknown`;
}

/** Reads templates' authorizers, user pools and the access settings of methods. */
export class AuthorizerReader {
  private readonly userPoolsByArn = new Map<string, UserPoolModel>();
  private readonly authorizersById = new Map<string, AuthorizerModel>();

  constructor(
    private readonly resolver: IntrinsicResolver,
    private readonly problems: ModelProblem[],
  ) {}

  /** Reads the template's user pools and their app clients (before the authorizers, which name the pools). */
  public userPools(entries: ReadonlyArray<[string, CfnResourceEntry]>, clients: ReadonlyArray<[string, CfnResourceEntry]> = []): UserPoolModel[] {
    const pools: UserPoolModel[] = [];
    for (const [logicalId, entry] of entries) {
      const arn = this.attempt(logicalId, () => this.resolver.getAtt(logicalId, 'Arn', logicalId));
      if (arn === undefined) continue;
      const appClients = clients
        .filter(([, client]) => (client.Properties?.UserPoolId as Record<string, unknown> | undefined)?.Ref === logicalId)
        .map(([clientId]) => clientId);
      const pool = { logicalId, arn, selfSignUp: this.selfSignUp(logicalId, entry.Properties ?? {}), appClients };
      pools.push(pool);
      this.userPoolsByArn.set(arn, pool);
    }
    return pools;
  }

  /** Reads the template's authorizers. */
  public authorizers(entries: ReadonlyArray<[string, CfnResourceEntry]>): AuthorizerModel[] {
    const authorizers: AuthorizerModel[] = [];
    for (const [logicalId, entry] of entries) {
      const authorizer = this.attempt(logicalId, () => this.authorizer(logicalId, entry.Properties ?? {}));
      if (!authorizer) continue;
      authorizers.push(authorizer);
      this.authorizersById.set(authorizer.id, authorizer);
    }
    return authorizers;
  }

  /**
   * A method's authorizer and API key setting. Each is read on its own, so a value that cannot be read
   * is a problem on the method and never removes the method.
   */
  public methodAccess(logicalId: string, props: Record<string, unknown>, authorizationType: string): MethodAccessModel {
    const authorizerId = props.AuthorizerId === undefined
      ? undefined
      : this.attempt(logicalId, () => this.resolver.resolveString(props.AuthorizerId, `${logicalId}.AuthorizerId`));
    const authorizer = authorizerId === undefined ? undefined : this.authorizersById.get(authorizerId);
    if ((authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') && !authorizer) {
      this.problems.push({
        logicalId,
        what: authorizerId === undefined
          ? `the method's authorization type is ${authorizationType} but its authorizer is not known, so who it admits is unknown`
          : `the method's authorizer '${authorizerId}' is not defined in this stack, so who it admits is unknown`,
      });
    }
    let apiKeyRequired = false;
    let apiKeyUnread: string | undefined;
    if (props.ApiKeyRequired !== undefined) {
      const path = `${logicalId}.ApiKeyRequired`;
      let value: unknown;
      try {
        value = this.resolver.resolve(props.ApiKeyRequired, path);
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
        // Unknown, a key may be needed as well: what the policies allow is allowed only without one.
        apiKeyUnread = describeUnread(props.ApiKeyRequired, path, e);
        this.problems.push({ logicalId, what: apiKeyProblem(apiKeyUnread) });
      }
      if (value === true || value === 'true') {
        apiKeyRequired = true;
      } else if (value !== undefined && value !== false && value !== 'false') {
        this.problems.push({ logicalId, what: `${path}: expected true or false, found ${JSON.stringify(value)}; read as not required` });
      }
    }
    return { authorizerId, authorizer, apiKeyRequired, ...(apiKeyUnread !== undefined ? { apiKeyUnread } : {}) };
  }

  private authorizer(logicalId: string, props: Record<string, unknown>): AuthorizerModel {
    const path = (p: string) => `${logicalId}.${p}`;
    const type = this.resolver.resolveString(props.Type, path('Type')).toUpperCase();
    const authorizerUri = props.AuthorizerUri === undefined
      ? undefined : this.attempt(logicalId, () => this.resolver.resolveString(props.AuthorizerUri, path('AuthorizerUri')));
    const credentials = props.AuthorizerCredentials === undefined
      ? undefined : this.attempt(logicalId, () => this.resolver.resolveString(props.AuthorizerCredentials, path('AuthorizerCredentials')));
    const identitySource = props.IdentitySource === undefined
      ? [] : this.attempt(logicalId, () => parseIdentitySource(this.resolver.resolveString(props.IdentitySource, path('IdentitySource')), path('IdentitySource'))) ?? [];
    const providers: CognitoProviderModel[] = [];
    const unreadProviders: string[] = [];
    if (props.ProviderARNs !== undefined) {
      // Each entry on its own: one that cannot be read leaves the others' pools known.
      const unread = (value: unknown, at: string, e: unknown): void => {
        if (!(e instanceof UnresolvedValueError)) throw e;
        this.problems.push({ logicalId, what: `${e.message}; the user pools the authorizer accepts are unknown, and may let anyone sign up` });
        unreadProviders.push(describeUnread(value, at, e));
      };
      let arns: unknown[] = [];
      if (Array.isArray(props.ProviderARNs)) {
        arns = props.ProviderARNs;
      } else {
        try {
          const list = this.resolver.resolve(props.ProviderARNs, path('ProviderARNs'));
          arns = Array.isArray(list) ? list : [list];
        } catch (e) {
          unread(props.ProviderARNs, path('ProviderARNs'), e);
        }
      }
      arns.forEach((value, i) => {
        const at = Array.isArray(props.ProviderARNs) ? `${path('ProviderARNs')}[${i}]` : path('ProviderARNs');
        try {
          const arn = this.resolver.resolveString(value, at);
          providers.push({ arn, userPool: this.userPoolsByArn.get(arn) });
        } catch (e) {
          unread(value, at, e);
        }
      });
    }
    let resultTtlInSeconds = DEFAULT_AUTHORIZER_TTL_SECONDS;
    if (props.AuthorizerResultTtlInSeconds !== undefined) {
      const ttl = this.attempt(logicalId, () => Number(this.resolver.resolve(props.AuthorizerResultTtlInSeconds, path('AuthorizerResultTtlInSeconds'))));
      if (ttl !== undefined && Number.isFinite(ttl)) resultTtlInSeconds = ttl;
    }
    return {
      logicalId,
      id: this.resolver.refOf(logicalId, logicalId),
      name: props.Name === undefined ? logicalId : this.attempt(logicalId, () => this.resolver.resolveString(props.Name, path('Name'))) ?? logicalId,
      restApiId: this.resolver.resolveString(props.RestApiId, path('RestApiId')),
      type,
      identitySources: identitySource,
      authorizerUri,
      functionArn: lambdaFunctionOfUri(authorizerUri),
      credentials,
      providers,
      ...(unreadProviders.length > 0 ? { unreadProviders } : {}),
      resultTtlInSeconds,
    };
  }

  private selfSignUp(logicalId: string, props: Record<string, unknown>): boolean {
    const config = props.AdminCreateUserConfig;
    if (config === undefined) return true;
    try {
      const resolved = this.resolver.resolve(config, `${logicalId}.AdminCreateUserConfig`) as Record<string, unknown> | undefined;
      const adminOnly = resolved?.AllowAdminCreateUserOnly;
      return !(adminOnly === true || adminOnly === 'true');
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      this.problems.push({ logicalId, what: `${e.message}; whether anyone may sign up to the user pool is unknown, so it is taken to allow it` });
      return true;
    }
  }

  /** Runs `read`, turning a value without symbolic meaning into a problem on `logicalId`. */
  private attempt<T>(logicalId: string, read: () => T): T | undefined {
    return readOrReport(this.problems, logicalId, read);
  }
}
