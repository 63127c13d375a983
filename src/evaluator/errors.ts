/**
 * Input the evaluator cannot fully interpret: a malformed scenario, policy, ARN, CIDR, an unknown
 * field or condition operator. The evaluator fails closed: it throws this instead of deciding.
 *
 * `field` is the path of the offending value in the scenario, e.g.
 * `api.resourcePolicy.Statement[1].Condition.IpAddress.aws:SourceIp`.
 */
export class InvalidInputError extends Error {
  /** Path of the offending field, as the user wrote it. */
  public readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidInputError';
    this.field = field;
  }
}
