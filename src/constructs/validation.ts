/**
 * Argument validation shared by the constructs. Every check skips unresolved tokens: a token's
 * value is only known at deploy time, so only literal values can be judged here.
 */
import { Token } from 'aws-cdk-lib';
import { METHOD_VERBS, parseCidr, VPC_ENDPOINT_ID, VPC_ID } from '../evaluator/internal';

/** AWS account ids are 12 digits (IAM User Guide, "Your AWS account ID"). */
const ACCOUNT_ID = /^\d{12}$/;
/** Organizations ids: `o-` and 10 to 32 lowercase letters or digits (Organizations API, Organization.Id). */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** The verbs API Gateway methods accept, plus `ANY` and the `*` wildcard of execute-api ARNs. */
const HTTP_METHODS: ReadonlySet<string> = new Set([...METHOD_VERBS, '*']);
/** Stage names: letters, digits, hyphens and underscores (API Gateway CreateStage), or `*`. */
const STAGE_NAME = /^(?:[A-Za-z0-9_-]+|\*)$/;

function describe(value: string): string {
  return JSON.stringify(value);
}

function requireNonEmpty(argument: string, values: readonly string[]): void {
  if (values.length === 0) {
    throw new Error(`${argument}: expected at least one value, got an empty list`);
  }
}

/** Throws unless every literal value is a 12-digit AWS account id. */
export function validateAccountIds(argument: string, accountIds: readonly string[]): void {
  requireNonEmpty(argument, accountIds);
  for (const id of accountIds) {
    if (!Token.isUnresolved(id) && !ACCOUNT_ID.test(id)) {
      throw new Error(`${argument}: ${describe(id)} is not an AWS account id (expected 12 digits, e.g. "123456789012")`);
    }
  }
}

/** Throws unless the literal value is an AWS Organizations id (`o-` + 10 to 32 lowercase letters or digits). */
export function validateOrganizationId(argument: string, orgId: string): void {
  if (!Token.isUnresolved(orgId) && !ORGANIZATION_ID.test(orgId)) {
    throw new Error(`${argument}: ${describe(orgId)} is not an AWS Organizations id (expected "o-" and 10 to 32 lowercase letters or digits, e.g. "o-a1b2c3d4e5")`);
  }
}

/** Throws unless every literal value is a VPC endpoint id. */
export function validateVpcEndpointIds(argument: string, ids: readonly string[]): void {
  requireNonEmpty(argument, ids);
  for (const id of ids) {
    if (!Token.isUnresolved(id) && !VPC_ENDPOINT_ID.test(id)) {
      throw new Error(`${argument}: ${describe(id)} is not a VPC endpoint id (expected "vpce-" and 8 or 17 hex digits, e.g. "vpce-0123456789abcdef0")`);
    }
  }
}

/** Throws unless every literal value is a VPC id. */
export function validateVpcIds(argument: string, ids: readonly string[]): void {
  requireNonEmpty(argument, ids);
  for (const id of ids) {
    if (!Token.isUnresolved(id) && !VPC_ID.test(id)) {
      throw new Error(`${argument}: ${describe(id)} is not a VPC id (expected "vpc-" and 8 or 17 hex digits, e.g. "vpc-0123456789abcdef0")`);
    }
  }
}

/**
 * Throws unless every literal value is an IPv4 or IPv6 CIDR block or address, the forms the
 * IpAddress condition operators accept (IAM User Guide, "IP address condition operators").
 */
export function validateCidrs(argument: string, cidrs: readonly string[]): void {
  requireNonEmpty(argument, cidrs);
  for (const cidr of cidrs) {
    if (!Token.isUnresolved(cidr) && parseCidr(cidr) === undefined) {
      throw new Error(`${argument}: ${describe(cidr)} is not an IPv4 or IPv6 CIDR block (e.g. "203.0.113.0/24" or "2001:db8::/32")`);
    }
  }
}

/** Upper-cases literal HTTP methods and throws for anything API Gateway would not accept. */
export function normalizeHttpMethods(argument: string, methods: readonly string[]): string[] {
  requireNonEmpty(argument, methods);
  return methods.map((method) => {
    if (Token.isUnresolved(method)) {
      return method;
    }
    const upper = method.toUpperCase();
    if (!HTTP_METHODS.has(upper)) {
      throw new Error(`${argument}: ${describe(method)} is not an HTTP method (expected one of ${[...HTTP_METHODS].join(', ')})`);
    }
    return upper;
  });
}

/** Throws unless every literal path starts with `/` (resource paths as API Gateway shows them). */
export function validatePaths(argument: string, paths: readonly string[]): void {
  requireNonEmpty(argument, paths);
  for (const path of paths) {
    if (!Token.isUnresolved(path) && path !== '*' && !path.startsWith('/')) {
      throw new Error(`${argument}: ${describe(path)} is not a resource path (expected "/", "/pets", "/pets/*" or "*")`);
    }
  }
}

/** Throws unless every literal stage name is a valid stage name or `*`. */
export function validateStageNames(argument: string, stages: readonly string[]): void {
  requireNonEmpty(argument, stages);
  for (const stage of stages) {
    if (!Token.isUnresolved(stage) && !STAGE_NAME.test(stage)) {
      throw new Error(`${argument}: ${describe(stage)} is not a stage name (letters, digits, "-" and "_", or "*")`);
    }
  }
}
