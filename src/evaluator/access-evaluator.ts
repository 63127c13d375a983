import { InvalidInputError } from './errors';
import { evaluateScenario } from './evaluate-scenario';
import { EvaluationAttempt } from './evaluation-attempt';
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
 * endpoints. It fails closed: input it cannot fully interpret is never answered (never ALLOW):
 * `evaluate` and `evaluateJson` throw an error whose message starts with the offending field;
 * `tryEvaluate` and `tryEvaluateJson` return that field and message as data, which is how Python,
 * Java, .NET and Go code tells invalid input from a bug.
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
   * Evaluates a scenario built in code, returning invalid input as a value instead of throwing it.
   *
   * Exactly one of the attempt's `result` and `invalidInput` is set. Only invalid input becomes a
   * value: any other error (a bug) is still thrown, so it is never mistaken for a problem of the
   * scenario. Use this from Python, Java, .NET and Go, where the error `evaluate` throws cannot be
   * told apart from other errors.
   *
   * @param scenario the call and everything that decides it (scenario format, version 1)
   */
  public static tryEvaluate(scenario: Scenario): EvaluationAttempt {
    return attempt(() => evaluateScenario(scenario));
  }

  /**
   * Evaluates a scenario given as JSON text, returning invalid input (including malformed JSON) as a
   * value instead of throwing it. Exactly one of the attempt's `result` and `invalidInput` is set;
   * any other error (a bug) is still thrown. An argument that is not a string (null or undefined
   * from another language, an object from JavaScript) is invalid input for the field `(json)`, like
   * any other, not a TypeError.
   *
   * @param json the scenario document (scenario format, version 1)
   */
  public static tryEvaluateJson(json: string): EvaluationAttempt {
    return attempt(() => evaluateScenario(parseJson(json)));
  }

  /**
   * Whether an error thrown by `evaluate` or `evaluateJson` is an InvalidInputError: the scenario
   * (or a policy in it) was not valid, and the message starts with the offending field. Other
   * errors are bugs. The error class itself is not exported (jsii cannot expose Error subclasses
   * to other languages); like aws-cdk-lib's `Errors.isValidationError`, this test reads a marker
   * the error carries, so it also recognises errors from another copy of this library.
   *
   * TypeScript and JavaScript only: in the other languages the caught exception is not the
   * JavaScript error, so this cannot recognise it; use `tryEvaluate` or `tryEvaluateJson` there.
   *
   * @param x the caught error
   */
  public static isInvalidInputError(x: any): boolean {
    return InvalidInputError.isInvalidInputError(x);
  }

  private constructor() {}
}

/** Runs one evaluation, turning invalid input (and nothing else) into a value. */
function attempt(evaluate: () => EvaluationResult): EvaluationAttempt {
  try {
    return { result: evaluate() };
  } catch (e) {
    if (InvalidInputError.isInvalidInputError(e)) {
      return { invalidInput: { field: e.field, message: e.message } };
    }
    throw e;
  }
}
