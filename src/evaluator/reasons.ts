import { Decision } from './decision';
import { CompiledPolicy, CompiledStatement, PolicyVerdict, StatementHit } from './policy/model';

/**
 * How a decision explains itself: the statements that decided, or the API Gateway rule, in words
 * a person can act on. Statements are named by their policy's label and the statement's Sid (else
 * its position), as the policy layer labels them.
 */

/** The outcome of one flow: the decision and why. */
export interface Outcome {
  readonly decision: Decision;
  readonly reasons: readonly string[];
  /** The statements that decided (the Denies, or the Allows that granted); none when a rule decided. */
  readonly deciding?: readonly StatementHit[];
  /** The scenario format's rule that decided (invoke scenarios). */
  readonly rule?: number;
}

/** `resource policy statement 'OfficeOnly' denies execute-api:Invoke on arn:...`. */
export function describeHit(hit: StatementHit, action: string, resource: string): string {
  const verb = hit.statement.effect === 'Deny' ? 'denies' : 'allows';
  return `${hit.policy.source.label} ${hit.statement.label} ${verb} ${action} on ${resource}`;
}

/**
 * Combines policies by Table A of the API Gateway developer guide ("How API Gateway resource
 * policies affect authorization workflow"): a matching Deny anywhere denies; otherwise an Allow in
 * any of them allows; otherwise nothing allowed the call.
 */
export function combineEitherAllows(
  verdicts: readonly PolicyVerdict[], action: string, resource: string, nothingAllows: () => string,
): Outcome {
  const denies: string[] = [];
  const allows: string[] = [];
  const denyHits: StatementHit[] = [];
  const allowHits: StatementHit[] = [];
  for (const verdict of verdicts) {
    for (const hit of verdict.denies) {
      denies.push(describeHit(hit, action, resource));
      denyHits.push(hit);
    }
    // Allows only explain an ALLOW: skip their text once a Deny decided.
    if (denies.length === 0) {
      for (const hit of verdict.allows) {
        allows.push(describeHit(hit, action, resource));
        allowHits.push(hit);
      }
    }
  }
  if (denies.length > 0) {
    return { decision: Decision.EXPLICIT_DENY, reasons: denies, deciding: denyHits };
  }
  if (allows.length > 0) {
    return { decision: Decision.ALLOW, reasons: allows, deciding: allowHits };
  }
  return { decision: Decision.IMPLICIT_DENY, reasons: [nothingAllows()] };
}

/**
 * The statements of a resource policy whose Principal names specific AWS principals and not
 * `{"AWS": "*"}` (rule 9 of the format): for methods that are not AWS_IAM they never match, which
 * is worth saying when one of them would have changed the decision. The policy compiler records
 * the fact on each statement.
 */
export function statementsNamingAwsPrincipals(policy: CompiledPolicy): readonly CompiledStatement[] {
  return policy.statements.filter(s => s.namesSpecificAwsPrincipals);
}
