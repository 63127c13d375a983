import { Caller, CompiledPolicy } from './policy/model';
import { PathTemplate } from './routing';

/**
 * A scenario once read and checked (see scenario.ts): the words of the format version 1 and the
 * normalised, fully validated form the decision flows work on.
 */

export const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;
export type AuthorizationType = typeof AUTHORIZATION_TYPES[number];
export const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'] as const;
export type EndpointType = typeof ENDPOINT_TYPES[number];
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export const EXPECTED_DECISIONS = ['ALLOW', 'IMPLICIT_DENY', 'EXPLICIT_DENY', 'DENY'] as const;
export type ExpectedWord = typeof EXPECTED_DECISIONS[number];
export const INVOKE_ACTIONS = ['execute-api:Invoke', 'execute-api:InvalidateCache'] as const;
export const MANAGEMENT_ACTIONS = [
  'apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE',
  'apigateway:UpdateRestApiPolicy',
] as const;
export const LAMBDA_AUTHORIZER_RESULTS = ['POLICY', 'UNAUTHORIZED'] as const;
export const COGNITO_TOKENS = ['VALID', 'INVALID', 'ABSENT'] as const;

export interface ParsedMethod {
  readonly index: number;
  readonly httpMethod: string;
  readonly path: string;
  readonly template: PathTemplate;
  readonly authorizationType: AuthorizationType;
}

export interface ParsedApi {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly endpointType: EndpointType;
  readonly resourcePolicy?: CompiledPolicy;
  /** The raw resource policy document, for explanations (rule 9). */
  readonly resourcePolicyDocument?: unknown;
  readonly methods: readonly ParsedMethod[];
}

export interface ParsedCaller {
  /** The signer; undefined for an unsigned call. */
  readonly caller?: Caller;
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  readonly principalTags: readonly (readonly [string, string])[];
  readonly principalOrgId?: string;
  readonly lambdaAuthorizer: 'POLICY' | 'UNAUTHORIZED';
  readonly authorizerPolicy?: CompiledPolicy;
  readonly cognitoToken: 'VALID' | 'INVALID' | 'ABSENT';
}

export interface ParsedVpcEndpoint {
  readonly id: string;
  readonly vpcId: string;
}

export interface InvokeRequest {
  readonly action: string;
  readonly stage: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly sourceIp?: string;
  readonly vpcEndpoint?: ParsedVpcEndpoint;
  /** request.context, keys lower-cased. */
  readonly context: ReadonlyMap<string, readonly string[]>;
}

export interface InvokeScenario {
  readonly kind: 'invoke';
  readonly api: ParsedApi;
  readonly caller: ParsedCaller;
  readonly request: InvokeRequest;
  readonly expected?: ExpectedWord;
}

export interface ManagementRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: ReadonlyMap<string, readonly string[]>;
}

export interface ManagementScenario {
  readonly kind: 'management';
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly caller: ParsedCaller;
  readonly request: ManagementRequest;
  readonly expected?: ExpectedWord;
}

export type ParsedScenario = InvokeScenario | ManagementScenario;
