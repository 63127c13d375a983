import { EvaluationResult } from './evaluation-result';

/**
 * Why a scenario could not be evaluated: the value the evaluator could not fully interpret, and
 * what is wrong with it. The same facts `evaluate` and `evaluateJson` throw, as data every
 * jsii language can read.
 */
export interface InvalidInput {
  /**
   * Path of the offending value in the scenario, as the user wrote it, e.g.
   * `api.methods[0].authorizationType` or `api.resourcePolicy.Statement[1].Condition`; `(json)` for
   * JSON text that is malformed as a whole, `(scenario)` for a scenario that is not an object.
   */
  readonly field: string;
  /**
   * What is wrong and how to fix it, starting with the field: the message `evaluate` throws, e.g.
   * `api.methods[0].authorizationType: must be one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS, not "IAM"`.
   */
  readonly message: string;
}

/**
 * The outcome of `AccessEvaluator.tryEvaluate` or `tryEvaluateJson`: exactly one of `result` and
 * `invalidInput` is set.
 */
export interface EvaluationAttempt {
  /**
   * The decision, when the scenario was valid.
   * @default - the scenario was not valid: see `invalidInput`
   */
  readonly result?: EvaluationResult;
  /**
   * The field that made the scenario invalid, when it was.
   * @default - the scenario was valid: see `result`
   */
  readonly invalidInput?: InvalidInput;
}
