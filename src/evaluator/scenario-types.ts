/**
 * The scenario format (version 1) as jsii structs, so that TypeScript, Python, Java, .NET and Go
 * users can build a scenario in code. The field names and meanings are those of the public
 * format (`docs/scenario-format.md`); a struct and the same scenario parsed from JSON are read
 * by the same strict validator.
 */

/** Where an API's endpoint is reachable from. */
export enum ApiEndpointType {
  /** Edge-optimized: reachable from the internet through CloudFront. */
  EDGE = 'EDGE',
  /** Regional: reachable from the internet in its region. */
  REGIONAL = 'REGIONAL',
  /** Private: reachable only through interface VPC endpoints for execute-api. */
  PRIVATE = 'PRIVATE',
}

/** How a method authorizes its callers. */
export enum MethodAuthorizationType {
  /** No authorization: only the resource policy, if any, decides. */
  NONE = 'NONE',
  /** IAM: the call must be signed with SigV4 and allowed by IAM policies. */
  AWS_IAM = 'AWS_IAM',
  /** A Lambda authorizer. */
  CUSTOM = 'CUSTOM',
  /** An Amazon Cognito user pool token. */
  COGNITO_USER_POOLS = 'COGNITO_USER_POOLS',
}

/** What a Lambda authorizer answered. */
export enum LambdaAuthorizerResult {
  /** The authorizer returned a policy (given in `policy`). */
  POLICY = 'POLICY',
  /** The authorizer answered Unauthorized (API Gateway returns 401). */
  UNAUTHORIZED = 'UNAUTHORIZED',
}

/** The Cognito token a call carries. */
export enum CognitoTokenState {
  /** A valid token of the method's user pool. */
  VALID = 'VALID',
  /** A token that is expired, malformed or from another pool. */
  INVALID = 'INVALID',
  /** No token. */
  ABSENT = 'ABSENT',
}

/** The decision a scenario expects. */
export enum ExpectedDecision {
  /** The call is allowed. */
  ALLOW = 'ALLOW',
  /** Nothing allowed the call. */
  IMPLICIT_DENY = 'IMPLICIT_DENY',
  /** A Deny statement matched. */
  EXPLICIT_DENY = 'EXPLICIT_DENY',
  /** Either kind of denial. */
  DENY = 'DENY',
}

/** A deployed method of the API. */
export interface ScenarioMethod {
  /** GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY (ANY answers every verb that has no method of its own). */
  readonly httpMethod: string;
  /** The resource path: `/pets`, `/pets/{petId}`, `/files/{proxy+}` (a greedy part only at the end). */
  readonly path: string;
  /** How the method authorizes callers. */
  readonly authorizationType: MethodAuthorizationType;
}

/** The REST API that is called (an invoke scenario). */
export interface ScenarioApi {
  /** The REST API id, 10 lower-case letters or digits (e.g. `a1b2c3d4e5`). */
  readonly id: string;
  /** The 12-digit id of the account that owns the API. */
  readonly account: string;
  /** The API's region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The partition: aws, aws-cn or aws-us-gov.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * The endpoint type.
   * @default ApiEndpointType.REGIONAL
   */
  readonly endpointType?: ApiEndpointType;
  /**
   * The REST API resource policy (a JSON policy document); may use the `execute-api:/...` shorthand.
   * @default - no resource policy attached
   */
  readonly resourcePolicy?: any;
  /** The deployed methods, at least one. */
  readonly methods: ScenarioMethod[];
}

/** The control plane a management scenario calls. */
export interface ScenarioManagement {
  /** The 12-digit id of the account whose APIs are managed. */
  readonly account: string;
  /** The region of the call, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The partition: aws, aws-cn or aws-us-gov.
   * @default 'aws'
   */
  readonly partition?: string;
}

/** A Lambda authorizer's answer, for CUSTOM methods. */
export interface ScenarioLambdaAuthorizer {
  /** What the authorizer answered. */
  readonly result: LambdaAuthorizerResult;
  /**
   * The policy the authorizer returned (required when `result` is POLICY, not allowed otherwise).
   * @default - none
   */
  readonly policy?: any;
}

/** The Cognito token of a call, for COGNITO_USER_POOLS methods. */
export interface ScenarioCognito {
  /** Whether the call carries a valid token. */
  readonly token: CognitoTokenState;
}

/** Who calls. */
export interface ScenarioCaller {
  /**
   * The IAM identity that signs the request with SigV4: a user ARN, a role ARN (a session of that
   * role), an assumed-role session ARN, or an account root ARN.
   *
   * A role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`) stands for the account's
   * one role named NAME, whatever its path; it does not carry the path, so a scenario whose policies
   * test the role's path (e.g. `aws:PrincipalArn` against `role/ci/*`) is refused: give the role ARN
   * with its path here, and the session name in `sessionName`.
   * @default - the request is not signed
   */
  readonly principal?: string;
  /**
   * The role session's name, when `principal` is a role ARN: the session is then
   * `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION-NAME` (2-64 letters, digits and `+=,.@_-`).
   * Only for a role ARN: a user or the root user has no sessions, and a session ARN names its own.
   * @default - a session named `cdk-apigateway-access`
   */
  readonly sessionName?: string;
  /**
   * Every identity-based policy in force for the principal (user, group and role policies).
   * @default []
   */
  readonly identityPolicies?: any[];
  /**
   * The principal's permissions boundary.
   * @default - none
   */
  readonly permissionsBoundary?: any;
  /**
   * Values of `aws:PrincipalTag/*`.
   * @default - no tags
   */
  readonly principalTags?: { [key: string]: string };
  /**
   * Value of `aws:PrincipalOrgID`.
   * @default - absent
   */
  readonly principalOrgId?: string;
  /**
   * The Lambda authorizer's answer, for CUSTOM methods.
   * @default - Unauthorized
   */
  readonly lambdaAuthorizer?: ScenarioLambdaAuthorizer;
  /**
   * The Cognito token, for COGNITO_USER_POOLS methods.
   * @default - ABSENT
   */
  readonly cognito?: ScenarioCognito;
}

/** An interface VPC endpoint for execute-api that a call arrives through. */
export interface ScenarioVpcEndpoint {
  /** The endpoint's id, `vpce-...`. */
  readonly id: string;
  /** The id of the endpoint's VPC, `vpc-...`. */
  readonly vpcId: string;
}

/**
 * The call. Invoke scenarios use `action`, `stage`, `httpMethod`, `path`, `sourceIp`,
 * `vpcEndpoint` and `context`; management scenarios use `action`, `resource` and `context`. A
 * field of the other kind is an error.
 */
export interface ScenarioRequest {
  /**
   * Invoke: execute-api:Invoke or execute-api:InvalidateCache. Management (required):
   * apigateway:GET, POST, PUT, PATCH, DELETE or apigateway:UpdateRestApiPolicy.
   * @default 'execute-api:Invoke' (invoke scenarios)
   */
  readonly action?: string;
  /**
   * Invoke (required): the stage called.
   * @default - none
   */
  readonly stage?: string;
  /**
   * Invoke (required): the request's verb (GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS).
   * @default - none
   */
  readonly httpMethod?: string;
  /**
   * Invoke (required): the real request path, e.g. `/pets/123` (not the template).
   * @default - none
   */
  readonly path?: string;
  /**
   * Invoke: the client's IPv4 or IPv6 address.
   * @default - absent
   */
  readonly sourceIp?: string;
  /**
   * Invoke: set when the call arrives through an interface VPC endpoint for execute-api.
   * @default - not through a VPC endpoint
   */
  readonly vpcEndpoint?: ScenarioVpcEndpoint;
  /**
   * Management (required): the `arn:PARTITION:apigateway:REGION::/...` resource.
   * @default - none
   */
  readonly resource?: string;
  /**
   * Further request-context keys (aws:Referer, aws:CurrentTime, apigateway:Request/EndpointType,
   * ...): each value a string or a list of strings.
   * @default {}
   */
  readonly context?: { [key: string]: any };
}

/** One call to API Gateway and everything that decides it (scenario format, version 1). */
export interface Scenario {
  /**
   * Free text.
   * @default - none
   */
  readonly description?: string;
  /**
   * The API called (an invoke scenario). Exactly one of `api` and `management`.
   * @default - a management scenario
   */
  readonly api?: ScenarioApi;
  /**
   * The control plane called (a management scenario). Exactly one of `api` and `management`.
   * @default - an invoke scenario
   */
  readonly management?: ScenarioManagement;
  /**
   * Who calls.
   * @default - an unsigned call with nothing else known about the caller
   */
  readonly caller?: ScenarioCaller;
  /** The call. */
  readonly request: ScenarioRequest;
  /**
   * The decision the scenario expects; the result then says whether it matches.
   * @default - none
   */
  readonly expected?: ExpectedDecision;
}
