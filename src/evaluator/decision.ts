/**
 * What AWS decides for one call (scenario format, version 1).
 */
export enum Decision {
  /** An Allow applied and no Deny matched. */
  ALLOW = 'ALLOW',
  /** Nothing allowed the call (and no Deny matched). */
  IMPLICIT_DENY = 'IMPLICIT_DENY',
  /** A Deny statement matched, or an API Gateway rule refused the call outright. */
  EXPLICIT_DENY = 'EXPLICIT_DENY',
}
