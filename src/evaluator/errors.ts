/**
 * Input the evaluator cannot fully interpret: a malformed scenario, policy, ARN, CIDR, an unknown
 * field or condition operator, a value beyond what AWS accepts. The evaluator fails closed: it
 * throws this instead of deciding.
 *
 * `field` is the path of the offending value in the scenario, e.g.
 * `api.resourcePolicy.Statement[1].Condition.IpAddress.aws:SourceIp`.
 *
 * The class is not exported from the package (jsii cannot expose Error subclasses to the other
 * languages): TypeScript users recognise it with `AccessEvaluator.isInvalidInputError(error)`, which
 * reads the symbol marker below, the way aws-cdk-lib's `Errors.isValidationError` does for its
 * errors; in every language, `AccessEvaluator.tryEvaluate*` return its field and message as data.
 */
export class InvalidInputError extends Error {
  /** Whether `x` is an InvalidInputError, also one from another copy of this library. */
  public static isInvalidInputError(x: unknown): x is InvalidInputError {
    return typeof x === 'object' && x !== null && INVALID_INPUT_SYMBOL in x;
  }

  /** Path of the offending field, as the user wrote it. */
  public readonly field: string;

  constructor(field: string, problem: string) {
    // A field path holds the user's keys (request.context.KEY): a huge key must not make a huge message.
    const shown = field.length <= MAX_FIELD ? field : `${field.slice(0, MAX_FIELD)}…(${field.length} characters)`;
    super(`${shown}: ${problem}`);
    Object.defineProperty(this, INVALID_INPUT_SYMBOL, { value: true });
    this.name = 'InvalidInputError';
    this.field = shown;
  }
}

/** Shared across copies of the library in one process, like aws-cdk-lib's error symbols. */
const INVALID_INPUT_SYMBOL = Symbol.for('cdk-apigateway-access.InvalidInputError');

const MAX_FIELD = 240;

/** How much of a bad value an error message quotes. */
export const QUOTED_PREFIX = 80;

/**
 * A value quoted for an error message: the whole value when short, else its first characters and
 * its length, so a 10 MB value never ends up in a message (or a terminal).
 */
export function quote(value: string, max = QUOTED_PREFIX): string {
  if (value.length <= max) {
    return `'${value}'`;
  }
  return `'${value.slice(0, max)}'…(${value.length} characters)`;
}
