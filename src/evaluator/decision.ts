/**
 * What AWS decides for one call (scenario format, version 1).
 */
export enum Decision {
  /** An Allow applied and no Deny matched. */
  ALLOW = 'ALLOW',
  /**
   * Nothing allowed the call (and no Deny matched), including when an API Gateway rule refused it
   * before any policy could allow it: no method matches, an unsigned call to an AWS_IAM method, a
   * private endpoint reached the wrong way, an Unauthorized Lambda authorizer, an invalid Cognito token.
   */
  IMPLICIT_DENY = 'IMPLICIT_DENY',
  /**
   * A Deny statement matched: in an identity policy, the permissions boundary, the resource policy
   * or the policy a Lambda authorizer returned.
   */
  EXPLICIT_DENY = 'EXPLICIT_DENY',
}
