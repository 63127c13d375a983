import { Decision } from './decision';

/** A policy statement that decided a call, as data: the statement a reason names in words. */
export interface DecidingStatement {
  /**
   * Where the policy is in the scenario: `api.resourcePolicy`, `caller.identityPolicies[0]`,
   * `caller.permissionsBoundary` or `caller.lambdaAuthorizer.policy`.
   */
  readonly policyField: string;
  /** How the reasons name the policy, e.g. `resource policy` or `identity policy 'ReadPets'`. */
  readonly policyLabel: string;
  /** The statement's position in the policy's Statement list, from 0. */
  readonly statementIndex: number;
  /**
   * The statement's Sid.
   * @default - the statement has no Sid
   */
  readonly sid?: string;
  /** `Allow` or `Deny`. */
  readonly effect: string;
}

/** The result of evaluating one scenario (scenario format, "Result"). */
export interface EvaluationResult {
  /** ALLOW, IMPLICIT_DENY (nothing allowed the call) or EXPLICIT_DENY (a Deny statement matched). */
  readonly decision: Decision;
  /** The statements or API Gateway rules that decided, in words a person can act on. */
  readonly reasons: string[];
  /**
   * The statements that decided, as data: the Deny statements that matched (EXPLICIT_DENY), or the
   * Allow statements that granted the call (ALLOW). Empty when no statement decided: an API Gateway
   * rule refused the call, or nothing allowed it.
   * @default - none (results built before this field existed)
   */
  readonly decidingStatements?: DecidingStatement[];
  /**
   * For an invoke scenario, the rule of the scenario format ("Rules the evaluator applies") that
   * decided: 2 (no method matches), 3 (the endpoint refuses the call: a PRIVATE API reached without
   * a VPC endpoint or without a resource policy, a public API through one), 5 (AWS_IAM), 6 (NONE),
   * 7 (CUSTOM) or 8 (COGNITO_USER_POOLS).
   * @default - a management scenario (decided by the caller's identity policies alone)
   */
  readonly decidingRule?: number;
  /**
   * The scenario's `expected` decision, when it has one.
   * @default - the scenario has no expected decision
   */
  readonly expected?: string;
  /**
   * Whether `decision` matches `expected` (DENY matches both denials).
   * @default - the scenario has no expected decision
   */
  readonly matchesExpected?: boolean;
}
