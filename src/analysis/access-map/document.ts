/**
 * The access map as data: for every method of every REST API on every stage, exactly who may call it
 * and from where. This is the `report --format json` contract (formatVersion 2): tools, the diff and
 * jest snapshots rely on it, so fields are only ever added, never renamed.
 *
 * Completeness is the contract: a request that no `allowed` or `undecided` entry of its method covers
 * is denied by AWS.
 */

/** The version of this shape, written as `formatVersion`. */
export const ACCESS_MAP_FORMAT_VERSION = 2;

/** The whole map of an app (or of the stacks asked for). */
export interface AccessMapDocument {
  readonly formatVersion: typeof ACCESS_MAP_FORMAT_VERSION;
  /** Sorted by stack, then logical id. */
  readonly apis: readonly AccessMapApi[];
}

/** One REST API. */
export interface AccessMapApi {
  /** The stack (artifact id / stack name) that defines the API. */
  readonly stack: string;
  /** The API's `Name`, else (not set, or not readable before deployment) its logical id. */
  readonly name: string;
  readonly logicalId: string;
  /** EDGE, REGIONAL or PRIVATE; `UNKNOWN` when it cannot be read before deployment (every entry of the API is then undecided). */
  readonly endpointType: string;
  /** Sorted by path, then httpMethod, then stage. */
  readonly methods: readonly AccessMapMethod[];
}

/** One method on one stage. */
export interface AccessMapMethod {
  readonly stage: string;
  /**
   * As deployed: GET, POST, ..., or ANY; `UNKNOWN` when it is a value only known at deploy time (a
   * template parameter without AllowedValues): every request of the method is then `undecided`.
   */
  readonly httpMethod: string;
  /** The resource path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  /** NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS; `UNKNOWN` as for `httpMethod`. */
  readonly authorizationType: string;
  /**
   * The classes of caller the method was mapped for, sorted (added to formatVersion 2 as an optional
   * field). They do not overlap: a principal belongs to its ARN's class when that ARN is listed, else
   * to `account:<id>` when its account is listed, else to `any-account` (an `org:<id>` entry narrows
   * `any-account` to the accounts of that organization). A listed class without entries is denied.
   * An `account:<id>` or `any-account` class that aws:PrincipalArn patterns cut apart has entries
   * whose `note` says which principal ARNs each covers.
   */
  readonly callers?: readonly string[];
  /** Requests AWS allows. */
  readonly allowed: readonly AccessMapEntry[];
  /** Requests the analysis could not decide exactly; each says why. Never assumed denied. */
  readonly undecided: readonly AccessMapUndecidedEntry[];
}

/**
 * A class of requests: a caller, calling from an origin, optionally only on some concrete paths or
 * verbs of the method, optionally under a condition said in `note`.
 */
export interface AccessMapEntry {
  /**
   * `anonymous` (a call without IAM credentials; for a method that is not AWS_IAM, every caller, since
   * API Gateway authenticates no IAM identity there); the ARN of a role or user of the app; `account:<id>` (any principal of that account
   * whose own policies allow); `any-account`; `org:<id>`; `authorizer:<logical id>` (callers the Lambda
   * authorizer admits); `cognito:<logical id>` (holders of a valid token of that user pool).
   */
  readonly caller: string;
  readonly from: AccessMapOrigin;
  /** Only these concrete paths or path patterns (`*` any run of characters) of the method. */
  readonly paths?: readonly string[];
  /**
   * Except these paths or path patterns (added to formatVersion 2 as an optional field): the entry
   * covers the paths of `paths` (all of the method's when absent) that match none of these.
   */
  readonly exceptPaths?: readonly string[];
  /**
   * And every one of these path patterns too (added to formatVersion 2 as an optional field; rare:
   * only when the policies' patterns overlap so that no union of them says the answer).
   */
  readonly pathsAlsoMatching?: readonly string[];
  /** Only these verbs (for an ANY method). */
  readonly verbs?: readonly string[];
  /** What else the entry depends on: a time window, a header value, a CloudFormation condition, an API key. */
  readonly note?: string;
}

/** An undecided class of requests, and the value or construct the analysis could not decide on. */
export interface AccessMapUndecidedEntry extends AccessMapEntry {
  readonly because: string;
}

/**
 * Where calls come from: exactly one of the two fields is present.
 * - `internet`: IPv4 and IPv6 source ranges (CIDR) of calls that do not come through a VPC endpoint;
 * - `vpcEndpoints`: ids as the policies name them, a logical id for an endpoint of the app, `*` for any.
 * An endpoint or VPC of the app (also in `exceptVpcEndpoints`, `vpcs`, `exceptVpcs`) is named by its
 * logical id, or `Stack/LogicalId` when two stacks of the app define that logical id; one imported
 * from another stack by the exporting stack's.
 */
export interface AccessMapOrigin {
  readonly internet?: readonly string[];
  readonly vpcEndpoints?: readonly string[];
  /*
   * Optional refinements of `vpcEndpoints` (added to formatVersion 2 as optional fields), present
   * only when the policies tell these apart:
   */
  /** With `vpcEndpoints: ["*"]`: except through these endpoints. */
  readonly exceptVpcEndpoints?: readonly string[];
  /** Only through endpoints in these VPCs (`*` for any, with `exceptVpcs`). */
  readonly vpcs?: readonly string[];
  /** With `vpcs: ["*"]`: except through endpoints in these VPCs. */
  readonly exceptVpcs?: readonly string[];
  /** Only from these source addresses inside the VPC (aws:VpcSourceIp), IPv4 and IPv6 CIDRs. */
  readonly vpcSourceIps?: readonly string[];
}
