/**
 * The scenario format (version 1, docs/scenario-format.md) as plain JSON types, written from the
 * format's text rather than from the evaluator's code, so the differential harness reads scenarios
 * on its own terms.
 */

/** An IAM policy document as JSON. */
export interface PolicyJson {
  Version?: string;
  Id?: string;
  Statement: StatementJson[] | StatementJson;
}

export type OneOrMany<T> = T | T[];

export interface StatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, OneOrMany<string>>;
  NotPrincipal?: '*' | Record<string, OneOrMany<string>>;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: Record<string, Record<string, OneOrMany<string>>>;
}

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';

export interface MethodJson {
  httpMethod: string;
  path: string;
  authorizationType: AuthorizationType;
}

export interface CallerJson {
  principal?: string;
  identityPolicies?: PolicyJson[];
  permissionsBoundary?: PolicyJson;
  principalTags?: Record<string, string>;
  principalOrgId?: string;
  lambdaAuthorizer?: { result: 'POLICY' | 'UNAUTHORIZED'; policy?: PolicyJson };
  cognito?: { token: 'VALID' | 'INVALID' | 'ABSENT' };
}

export interface InvokeScenarioJson {
  description?: string;
  api: {
    id: string;
    account: string;
    region: string;
    partition?: string;
    endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
    resourcePolicy?: PolicyJson;
    methods: MethodJson[];
  };
  caller?: CallerJson;
  request: {
    action?: string;
    stage: string;
    httpMethod: string;
    path: string;
    sourceIp?: string;
    vpcEndpoint?: { id: string; vpcId: string };
    context?: Record<string, OneOrMany<string>>;
  };
  expected?: string;
}

export interface ManagementScenarioJson {
  description?: string;
  management: { account: string; region: string; partition?: string };
  caller?: CallerJson;
  request: {
    action: string;
    resource: string;
    context?: Record<string, OneOrMany<string>>;
  };
  expected?: string;
}

export type ScenarioJson = InvokeScenarioJson | ManagementScenarioJson;

export function isInvoke(scenario: ScenarioJson): scenario is InvokeScenarioJson {
  return (scenario as InvokeScenarioJson).api !== undefined;
}

/** `x` or `[x, y]` as a list. */
export function asList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The statements of a policy as a list (the policy grammar allows one object or an array). */
export function statementsOf(policy: PolicyJson | undefined): StatementJson[] {
  return policy ? asList(policy.Statement) : [];
}
