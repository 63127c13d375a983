import { InvalidInputError } from './errors';
import { evaluateScenario } from './evaluate-scenario';
import { EvaluationResult } from './evaluation-result';
import { parseJson } from './json';
import { Scenario } from './scenario-types';

// The synth-time checks call the evaluator through this internal entry (not exported from the package).
export { evaluateScenario };

/**
 * Decides, offline, whether AWS lets one call through to an Amazon API Gateway REST API (or to
 * its management API), and says which policy statement or API Gateway rule decided.
 *
 * It follows the API Gateway developer guide ("How API Gateway resource policies affect
 * authorization workflow") and IAM's policy evaluation logic, per authorization type: AWS_IAM
 * (identity policies within the permissions boundary, with the resource policy, same or cross
 * account), NONE, CUSTOM (a Lambda authorizer's answer) and COGNITO_USER_POOLS, and private
 * endpoints. It fails closed: input it cannot fully interpret throws an `InvalidInputError` that
 * names the field (recognise it with `AccessEvaluator.isInvalidInputError`); it never answers ALLOW for it.
 *
 * Policy documents are read once per object (their compiled form is kept while the object lives):
 * to change a policy, pass a new object.
 */
export class AccessEvaluator {
  /**
   * Evaluates a scenario built in code.
   *
   * @param scenario the call and everything that decides it (scenario format, version 1)
   * @throws InvalidInputError naming the offending field
   */
  public static evaluate(scenario: Scenario): EvaluationResult {
    return evaluateScenario(scenario);
  }

  /**
   * Evaluates a scenario given as JSON text (scenario format, version 1).
   *
   * @param json the scenario document
   * @throws InvalidInputError naming the offending field, or the line and column of malformed JSON
   */
  public static evaluateJson(json: string): EvaluationResult {
    return evaluateScenario(parseJson(json));
  }

  /**
   * Whether an error thrown by `evaluate` or `evaluateJson` is an InvalidInputError: the scenario
   * (or a policy in it) was not valid, and the message starts with the offending field. Other
   * errors are bugs. The error class itself is not exported (jsii cannot expose Error subclasses
   * to other languages); like aws-cdk-lib's `Errors.isValidationError`, this test reads a marker
   * the error carries, so it also recognises errors from another copy of this library.
   *
   * @param x the caught error
   */
  public static isInvalidInputError(x: any): boolean {
    return InvalidInputError.isInvalidInputError(x);
  }

  private constructor() {}
}
