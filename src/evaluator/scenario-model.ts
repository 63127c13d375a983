import { Caller, CompiledPolicy } from './policy/model';
import { PathTemplate } from './routing';
import { ApiEndpointType, CognitoTokenState, ExpectedDecision, LambdaAuthorizerResult, MethodAuthorizationType } from './scenario-types';

/**
 * A scenario once read and checked (see scenario.ts): the words of the format version 1 and the
 * normalised, fully validated form the decision flows work on.
 */

// The words of the public enums, as the string unions the decision flows compare with: the lists
// are the enums' own values, so a word added to an enum is accepted everywhere at once.
export type AuthorizationType = `${MethodAuthorizationType}`;
export const AUTHORIZATION_TYPES: readonly AuthorizationType[] = Object.values(MethodAuthorizationType);
export type EndpointType = `${ApiEndpointType}`;
export const ENDPOINT_TYPES: readonly EndpointType[] = Object.values(ApiEndpointType);
export type ExpectedWord = `${ExpectedDecision}`;
export const EXPECTED_DECISIONS: readonly ExpectedWord[] = Object.values(ExpectedDecision);
export const INVOKE_ACTIONS = ['execute-api:Invoke', 'execute-api:InvalidateCache'] as const;
export const MANAGEMENT_ACTIONS = [
  'apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE',
  'apigateway:UpdateRestApiPolicy',
] as const;
export const LAMBDA_AUTHORIZER_RESULTS: readonly `${LambdaAuthorizerResult}`[] = Object.values(LambdaAuthorizerResult);
export const COGNITO_TOKENS: readonly `${CognitoTokenState}`[] = Object.values(CognitoTokenState);

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
  readonly methods: readonly ParsedMethod[];
}

export interface ParsedCaller {
  /** The signer; undefined for an unsigned call. */
  readonly caller?: Caller;
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  readonly principalTags: readonly (readonly [string, string])[];
  readonly principalOrgId?: string;
  readonly lambdaAuthorizer: `${LambdaAuthorizerResult}`;
  readonly authorizerPolicy?: CompiledPolicy;
  readonly cognitoToken: `${CognitoTokenState}`;
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
