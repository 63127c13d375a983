import { PARTITIONS, partitionOfRegion, VPC_ENDPOINT_ID, VPC_ID } from './aws-names';
import { InvalidInputError, quote } from './errors';
import { checkString, Fields, requireObject, show } from './fields';
import { ARN_LENGTH, BOUNDARY_POLICY_SIZE, checkSize, IDENTITY_POLICY_SIZE, Limit, RESOURCE_POLICY_SIZE, TAG_VALUE_LENGTH, URL_LENGTH } from './limits';
import { Memo } from './memo';
import { parseRequestAddress } from './policy/ip';
import { Caller, CompiledPolicy, PolicyKind } from './policy/model';
import { parseCaller } from './policy/principal';
import { findRolePathTest } from './policy/role-path';
import { checkMethodSet, METHOD_VERBS, parsePathTemplate, parseRequestPath, PathTemplate, REQUEST_VERBS } from './routing';
import {
  AUTHORIZATION_TYPES, COGNITO_TOKENS, ENDPOINT_TYPES, EXPECTED_DECISIONS, ExpectedWord, INVOKE_ACTIONS, InvokeRequest, InvokeScenario,
  LAMBDA_AUTHORIZER_RESULTS, MANAGEMENT_ACTIONS, ManagementScenario, ParsedApi, ParsedCaller, ParsedMethod, ParsedScenario,
  ParsedVpcEndpoint,
} from './scenario-model';
import { compileScenarioPolicy } from './scenario-policies';

/**
 * Reads a scenario (format version 1, `docs/scenario-format.md`) strictly: unknown fields,
 * missing required fields, wrong types and malformed values are InvalidInputErrors naming the
 * field. What comes out is fully checked and normalised, policies compiled, so the flows that
 * decide never meet input they cannot interpret.
 */

const ACCOUNT = /^\d{12}$/;
const ACCOUNT_HINT = 'a 12-digit AWS account id';
// Region names: `us-east-1`, `eu-central-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-2`.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const REGION_HINT = 'an AWS region such as us-east-1';
// REST API ids are 10 lower-case letters and digits (e.g. a1b2c3d4e5).
const API_ID = /^[a-z0-9]{10}$/;
const API_ID_HINT = 'a REST API id: 10 lower-case letters or digits, e.g. a1b2c3d4e5';
// Stage names: letters, digits, hyphens and underscores, up to 128 characters.
const STAGE = /^[A-Za-z0-9_-]{1,128}$/;
const STAGE_HINT = 'a stage name (letters, digits, - and _)';
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
// Condition keys are `service:Name`, optionally with a `/tag-key` suffix.
const CONTEXT_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_.:/@+=-]+$/;
// IAM tag keys: 1-128 letters, digits, spaces and _.:/=+-@ (IAM User Guide, "Tagging IAM resources").
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const MANAGEMENT_RESOURCE = /^arn:([a-z-]+):apigateway:([a-z0-9-]+)::(\/.*)$/;

// Values that repeat across evaluations, parsed once (see memo.ts).
const callers = new Memo<Caller>();
const templates = new Memo<PathTemplate>();
const requestPaths = new Memo<readonly string[]>();
const validTagKeys = new Memo<boolean>();
const validContextKeys = new Memo<boolean>();

const TOP_INVOKE = new Set(['description', 'api', 'caller', 'request', 'expected']);
const TOP_MANAGEMENT = new Set(['description', 'management', 'caller', 'request', 'expected']);
const TOP_ANY = new Set(['description', 'api', 'management', 'caller', 'request', 'expected']);
const API_FIELDS = new Set(['id', 'account', 'region', 'partition', 'endpointType', 'resourcePolicy', 'methods']);
const METHOD_FIELDS = new Set(['httpMethod', 'path', 'authorizationType']);
const MANAGEMENT_FIELDS = new Set(['account', 'region', 'partition']);
const INVOKE_CALLER_FIELDS = new Set([
  'principal', 'sessionName', 'identityPolicies', 'permissionsBoundary', 'principalTags', 'principalOrgId', 'lambdaAuthorizer', 'cognito',
]);
const MANAGEMENT_CALLER_FIELDS = new Set(['principal', 'sessionName', 'identityPolicies', 'permissionsBoundary', 'principalTags', 'principalOrgId']);
const AUTHORIZER_FIELDS = new Set(['result', 'policy']);
const COGNITO_FIELDS = new Set(['token']);
const INVOKE_REQUEST_FIELDS = new Set(['action', 'stage', 'httpMethod', 'path', 'sourceIp', 'vpcEndpoint', 'context']);
const MANAGEMENT_REQUEST_FIELDS = new Set(['action', 'resource', 'context']);
const VPCE_FIELDS = new Set(['id', 'vpcId']);

/**
 * Keys the evaluator derives from other fields (rule 4 of the format). Giving them in
 * request.context would contradict those fields, so it is an error that names the field to use.
 */
const DERIVED_KEYS: ReadonlyMap<string, string> = new Map([
  ['aws:principalarn', 'caller.principal'],
  ['aws:principalaccount', 'caller.principal'],
  ['aws:principaltype', 'caller.principal'],
  ['aws:username', 'caller.principal'],
  ['aws:principalorgid', 'caller.principalOrgId'],
]);
const DERIVED_INVOKE_KEYS: ReadonlyMap<string, string> = new Map([
  ['aws:sourceip', 'request.sourceIp'],
  ['aws:vpcsourceip', 'request.sourceIp with request.vpcEndpoint'],
  ['aws:sourcevpce', 'request.vpcEndpoint.id'],
  ['aws:sourcevpc', 'request.vpcEndpoint.vpcId'],
  ['aws:requestedregion', 'api.region'],
]);
const DERIVED_MANAGEMENT_KEYS: ReadonlyMap<string, string> = new Map([
  ['aws:requestedregion', 'management.region'],
]);

/** Reads and checks a whole scenario. */
export function parseScenario(input: unknown): ParsedScenario {
  const top = requireObject(input, '');
  const hasApi = top.api !== undefined;
  const hasManagement = top.management !== undefined;
  if (hasApi === hasManagement) {
    // Check unknown top-level fields first: a typo like "apis" is the likelier cause.
    Fields.of(top, '', TOP_ANY);
    throw new InvalidInputError(hasApi ? 'management' : 'api',
      hasApi
        ? 'a scenario has exactly one of api (invoke) and management, not both'
        : 'a scenario needs exactly one of api (an invoke scenario) and management (a management scenario)');
  }
  const fields = Fields.of(top, '', hasApi ? TOP_INVOKE : TOP_MANAGEMENT);
  fields.optionalString('description');
  const expected = fields.has('expected') ? fields.oneOf('expected', EXPECTED_DECISIONS) : undefined;
  return hasApi ? parseInvoke(fields, expected) : parseManagement(fields, expected);
}

function parseInvoke(top: Fields, expected: ExpectedWord | undefined): InvokeScenario {
  const api = parseApi(top.raw('api'));
  const caller = parseCallerFields(top.raw('caller'), true, api.partition);
  refuseRolePathTests(caller, api.resourcePolicy);
  const request = parseInvokeRequest(top.raw('request'), URL_LENGTH[api.endpointType]);
  return { kind: 'invoke', api, caller, request, expected };
}

function parseApi(value: unknown): ParsedApi {
  const f = Fields.of(value, 'api', API_FIELDS);
  const id = f.requiredString('id', API_ID, API_ID_HINT);
  const account = f.requiredString('account', ACCOUNT, ACCOUNT_HINT);
  const partition = f.oneOf('partition', PARTITIONS, 'aws');
  const region = readRegion(f, partition);
  const endpointType = f.oneOf('endpointType', ENDPOINT_TYPES, 'REGIONAL');

  const rawMethods = f.optionalArray('methods');
  if (rawMethods === undefined || rawMethods.length === 0) {
    throw new InvalidInputError('api.methods', 'is required: list at least one deployed method');
  }
  const methods = rawMethods.map((m, index) => parseMethod(m, index, URL_LENGTH[endpointType]));
  checkMethodSet(methods, 'api.methods');

  const document = f.raw('resourcePolicy');
  const executeApiPrefix = `arn:${partition}:execute-api:${region}:${account}:${id}`;
  const resourcePolicy = document === undefined ? undefined : compileScenarioPolicy(document, 'api.resourcePolicy', executeApiPrefix, () => ({
    kind: PolicyKind.RESOURCE,
    source: { label: 'resource policy', field: 'api.resourcePolicy' },
    executeApiPrefix,
  }), RESOURCE_POLICY_SIZE);
  return { id, account, region, partition, endpointType, resourcePolicy, methods };
}

function parseMethod(value: unknown, index: number, urlLimit: Limit): ParsedMethod {
  const field = `api.methods[${index}]`;
  const f = Fields.of(value, field, METHOD_FIELDS);
  const httpMethod = f.oneOf('httpMethod', METHOD_VERBS);
  const path = f.requiredString('path', undefined, 'a resource path such as /pets/{petId}');
  checkSize(path.length, urlLimit, `${field}.path`);
  const template = templates.get(path, text => parsePathTemplate(text, `${field}.path`));
  const authorizationType = f.oneOf('authorizationType', AUTHORIZATION_TYPES);
  return { index, httpMethod, path, template, authorizationType };
}

function readRegion(f: Fields, partition: string): string {
  const region = f.requiredString('region', REGION, REGION_HINT);
  const regionPartition = partitionOfRegion(region);
  if (regionPartition !== partition) {
    throw new InvalidInputError(f.path('region'), `${region} is in partition ${regionPartition}, not ${partition} (set ${f.path('partition')})`);
  }
  return region;
}

function parseCallerFields(value: unknown, invoke: boolean, partition: string): ParsedCaller {
  // `caller` may be left out: an unsigned call with nothing else known about the caller.
  const f = Fields.of(value ?? {}, 'caller', invoke ? INVOKE_CALLER_FIELDS : MANAGEMENT_CALLER_FIELDS);
  const principal = f.optionalString('principal');
  if (principal !== undefined) {
    checkSize(principal.length, ARN_LENGTH, 'caller.principal');
  }
  const sessionName = f.optionalString('sessionName');
  if (sessionName !== undefined && principal === undefined) {
    throw new InvalidInputError('caller.sessionName', 'needs caller.principal: the role ARN (with its path) whose session signs the call');
  }
  const caller = principal === undefined ? undefined
    : sessionName === undefined ? callers.get(principal, arn => parseCaller(arn, 'caller.principal'))
      : callers.get(`${principal}\n${sessionName}`, () => parseCaller(principal, 'caller.principal', sessionName));
  if (caller && caller.partition !== partition) {
    throw new InvalidInputError('caller.principal', `is in partition ${caller.partition}, but the API is in ${partition}`);
  }

  const identityPolicies = (f.optionalArray('identityPolicies') ?? []).map((document, i) => {
    const field = identityPolicyFields[i] ?? `caller.identityPolicies[${i}]`;
    return compileScenarioPolicy(document, field, undefined, () => ({
      kind: PolicyKind.IDENTITY,
      source: { label: identityPolicyLabel(document, i), field },
    }), IDENTITY_POLICY_SIZE);
  });
  const boundaryDocument = f.raw('permissionsBoundary');
  const permissionsBoundary = boundaryDocument === undefined ? undefined
    : compileScenarioPolicy(boundaryDocument, 'caller.permissionsBoundary', undefined, () => ({
      kind: PolicyKind.BOUNDARY,
      source: { label: 'permissions boundary', field: 'caller.permissionsBoundary' },
    }), BOUNDARY_POLICY_SIZE);

  const principalTags = readPrincipalTags(f.raw('principalTags'));
  const principalOrgId = f.optionalString('principalOrgId', ORG_ID, 'an AWS Organizations id such as o-a1b2c3d4e5');

  let lambdaAuthorizer: ParsedCaller['lambdaAuthorizer'] = 'UNAUTHORIZED';
  let authorizerPolicy: CompiledPolicy | undefined;
  if (f.has('lambdaAuthorizer')) {
    const a = Fields.of(f.raw('lambdaAuthorizer'), 'caller.lambdaAuthorizer', AUTHORIZER_FIELDS);
    lambdaAuthorizer = a.oneOf('result', LAMBDA_AUTHORIZER_RESULTS);
    if (lambdaAuthorizer === 'POLICY') {
      if (!a.has('policy')) {
        throw new InvalidInputError('caller.lambdaAuthorizer.policy', 'is required when result is POLICY (the policy the authorizer returns)');
      }
      authorizerPolicy = compileScenarioPolicy(a.raw('policy'), 'caller.lambdaAuthorizer.policy', undefined, () => ({
        kind: PolicyKind.AUTHORIZER,
        source: { label: 'Lambda authorizer policy', field: 'caller.lambdaAuthorizer.policy' },
      }));
    } else if (a.has('policy')) {
      throw new InvalidInputError('caller.lambdaAuthorizer.policy', 'is only allowed when result is POLICY (an Unauthorized answer returns no policy)');
    }
  }
  let cognitoToken: ParsedCaller['cognitoToken'] = 'ABSENT';
  if (f.has('cognito')) {
    cognitoToken = Fields.of(f.raw('cognito'), 'caller.cognito', COGNITO_FIELDS).oneOf('token', COGNITO_TOKENS);
  }
  return {
    caller, identityPolicies, permissionsBoundary, principalTags, principalOrgId, lambdaAuthorizer, authorizerPolicy, cognitoToken,
  };
}

/**
 * Scenario rule 5: a caller given as a role session ARN is the account's one role of that name, but
 * its path is unknown; a policy whose answer may depend on the path makes the decision unknown, so
 * the scenario is refused, naming caller.principal and the condition that tests the path.
 */
function refuseRolePathTests(parsed: ParsedCaller, resourcePolicy: CompiledPolicy | undefined): void {
  const caller = parsed.caller;
  if (caller === undefined || !caller.rolePathUnknown) {
    return;
  }
  const policies = [...parsed.identityPolicies, ...(parsed.permissionsBoundary ? [parsed.permissionsBoundary] : []),
    ...(resourcePolicy ? [resourcePolicy] : [])];
  for (const policy of policies) {
    const test = findRolePathTest(policy, caller);
    if (test !== undefined) {
      const what = test.value === undefined ? 'uses the ${aws:PrincipalArn} policy variable' : `tests aws:PrincipalArn against ${quote(test.value)}`;
      throw new InvalidInputError('caller.principal',
        `is a role session ARN, which does not carry the role's path, and ${test.field} ${what}, whose answer depends `
        + `on that path: give the role ARN with its path (arn:${caller.partition}:iam::${caller.account}:role/PATH/${caller.roleName}) `
        + 'in caller.principal, and the session name, if it matters, in caller.sessionName');
    }
  }
}

const identityPolicyFields = Array.from({ length: 16 }, (_, i) => `caller.identityPolicies[${i}]`);

/** How reasons name an identity policy: by its `Id` when it has one, else by position (from 1). */
function identityPolicyLabel(document: unknown, index: number): string {
  const id = typeof document === 'object' && document !== null ? (document as { Id?: unknown }).Id : undefined;
  return typeof id === 'string' && id !== '' ? `identity policy '${id}'` : `identity policy #${index + 1}`;
}

function readPrincipalTags(value: unknown): readonly (readonly [string, string])[] {
  if (value === undefined) {
    return [];
  }
  const tags = requireObject(value, 'caller.principalTags');
  const result: [string, string][] = [];
  const seen = new Set<string>();
  for (const key in tags) {
    const field = `caller.principalTags.${key}`;
    // Tag keys are case-insensitive in IAM.
    if (!validTagKeys.get(key, k => TAG_KEY.test(k))) {
      throw new InvalidInputError(field, 'is not a valid IAM tag key (1-128 letters, digits, spaces and _.:/=+-@)');
    }
    if (seen.has(key.toLowerCase())) {
      throw new InvalidInputError(field, 'repeats a tag key that differs only in case (IAM tag keys are case-insensitive)');
    }
    seen.add(key.toLowerCase());
    const tagValue = checkString(tags[key], field, undefined, 'the tag value');
    checkSize(tagValue.length, TAG_VALUE_LENGTH, field);
    result.push([key, tagValue]);
  }
  return result;
}

function parseInvokeRequest(value: unknown, urlLimit: Limit): InvokeRequest {
  const f = Fields.of(value, 'request', INVOKE_REQUEST_FIELDS);
  const action = f.oneOf('action', INVOKE_ACTIONS, 'execute-api:Invoke');
  const stage = f.requiredString('stage', STAGE, STAGE_HINT);
  const httpMethod = f.oneOf('httpMethod', REQUEST_VERBS);
  const path = f.requiredString('path', undefined, 'the request path such as /pets/123');
  checkSize(path.length, urlLimit, 'request.path');
  const segments = requestPaths.get(path, text => parseRequestPath(text, 'request.path'));
  const sourceIp = f.optionalString('sourceIp');
  if (sourceIp !== undefined && parseRequestAddress(sourceIp) === undefined) {
    throw new InvalidInputError('request.sourceIp', `must be an IPv4 or IPv6 address, not ${show(sourceIp)}`);
  }
  let vpcEndpoint: ParsedVpcEndpoint | undefined;
  if (f.has('vpcEndpoint')) {
    const v = Fields.of(f.raw('vpcEndpoint'), 'request.vpcEndpoint', VPCE_FIELDS);
    vpcEndpoint = {
      id: v.requiredString('id', VPC_ENDPOINT_ID, 'an interface VPC endpoint id such as vpce-0a1b2c3d'),
      vpcId: v.requiredString('vpcId', VPC_ID, 'the id of the endpoint\'s VPC, such as vpc-0e1f2a3b'),
    };
  }
  const context = readContext(f.raw('context'), DERIVED_INVOKE_KEYS);
  return { action, stage, httpMethod, path, segments, sourceIp, vpcEndpoint, context };
}

function parseManagement(top: Fields, expected: ExpectedWord | undefined): ManagementScenario {
  const m = Fields.of(top.raw('management'), 'management', MANAGEMENT_FIELDS);
  const account = m.requiredString('account', ACCOUNT, ACCOUNT_HINT);
  const partition = m.oneOf('partition', PARTITIONS, 'aws');
  const region = readRegion(m, partition);
  const caller = parseCallerFields(top.raw('caller'), false, partition);
  refuseRolePathTests(caller, undefined);

  const r = Fields.of(top.raw('request'), 'request', MANAGEMENT_REQUEST_FIELDS);
  const action = r.oneOf('action', MANAGEMENT_ACTIONS);
  const resource = r.requiredString('resource', undefined, 'an arn:PARTITION:apigateway:REGION::/... resource');
  checkSize(resource.length, ARN_LENGTH, 'request.resource');
  const arn = MANAGEMENT_RESOURCE.exec(resource);
  if (!arn) {
    throw new InvalidInputError('request.resource',
      `must be an API Gateway management resource arn:${partition}:apigateway:${region}::/..., not ${show(resource)}`);
  }
  if (arn[1] !== partition || arn[2] !== region) {
    throw new InvalidInputError('request.resource',
      `names partition ${arn[1]} and region ${arn[2]}, but the call goes to management.partition ${partition} and management.region ${region}`);
  }
  const context = readContext(r.raw('context'), DERIVED_MANAGEMENT_KEYS);
  return { kind: 'management', account, region, partition, caller, request: { action, resource, context }, expected };
}

/** request.context: condition keys to strings or lists of strings; keys lower-cased. */
function readContext(value: unknown, derived: ReadonlyMap<string, string>): ReadonlyMap<string, readonly string[]> {
  const keys = new Map<string, readonly string[]>();
  if (value === undefined) {
    return keys;
  }
  const object = requireObject(value, 'request.context');
  for (const key in object) {
    const field = `request.context.${key}`;
    if (!validContextKeys.get(key, k => CONTEXT_KEY.test(k))) {
      throw new InvalidInputError(field, 'is not a condition key (service:Name, e.g. aws:Referer)');
    }
    const lower = key.toLowerCase();
    const from = DERIVED_KEYS.get(lower) ?? derived.get(lower) ?? (lower.startsWith('aws:principaltag/') ? 'caller.principalTags' : undefined);
    if (from !== undefined) {
      throw new InvalidInputError(field, `is derived from ${from}; set it there`);
    }
    if (keys.has(lower)) {
      throw new InvalidInputError(field, 'repeats a key that differs only in case (condition key names are case-insensitive)');
    }
    const raw = object[key];
    if (typeof raw === 'string') {
      keys.set(lower, [raw]);
    } else if (Array.isArray(raw)) {
      keys.set(lower, Array.from(raw, (v, i) => checkString(v, `${field}[${i}]`)));
    } else {
      throw new InvalidInputError(field, `must be a string or a list of strings, not ${show(raw)}`);
    }
  }
  return keys;
}
