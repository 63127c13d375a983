import { Decision } from './decision';

/** The result of evaluating one scenario (scenario format, "Result"). */
export interface EvaluationResult {
  /** ALLOW, IMPLICIT_DENY (nothing allowed the call) or EXPLICIT_DENY (a Deny statement matched). */
  readonly decision: Decision;
  /** The statements or API Gateway rules that decided, in words a person can act on. */
  readonly reasons: string[];
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
