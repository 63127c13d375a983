/**
 * decideIam: the IAM decision for one request, from identity policies, a permissions boundary and a
 * resource policy. Used for AWS_IAM methods, management calls and Lambda authorizer policies.
 *
 * Sources (IAM User Guide):
 * - "Policy evaluation logic": an explicit Deny in any policy wins; otherwise an Allow is needed.
 *   Within one account, an Allow in the identity-based policies or in the resource-based policy is
 *   enough ("Identity-based policies with resource-based policies").
 * - "Permissions boundaries for IAM entities": the identity side is the intersection of the identity
 *   policies and the boundary. A resource-based policy that names the IAM user, or the exact
 *   assumed-role session, grants even when the boundary does not allow ("an implicit deny in a
 *   permissions boundary does not limit permissions granted by a resource-based policy" for those
 *   principals); one that names the role is limited by the boundary of the session.
 * - "AWS JSON policy elements: Principal": a grant to `"*"` through an `aws:PrincipalArn` condition is
 *   not limited by permissions boundaries or session policies, only by an explicit Deny.
 * - "Cross-account policy evaluation logic": the identity side in the caller's account AND the
 *   resource policy in the resource's account must both allow.
 * - "AWS JSON policy elements: Principal": naming an account (root ARN or bare id) delegates to the
 *   account's administrators: it grants nothing by itself within the account, and across accounts it
 *   is the resource side's half of the grant.
 * - "AWS account root user": the root user's requests are allowed every action in its own account
 *   (policies cannot limit it, only explicit Denies in resource policies and organizations policies).
 */
import { Decision } from '../decision';
import { evaluatePolicy, PolicyEvaluateOptions } from './evaluate';
import {
  CallerType, CompiledPolicy, PolicyVerdict, PrincipalMatch, RequestContext, StatementHit,
} from './model';

export interface IamInput {
  /** The request; `request.caller` is set for signed calls. */
  readonly request: RequestContext;
  /** Every identity-based policy in force for the caller (or the policy a Lambda authorizer returned). */
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  readonly resourcePolicy?: CompiledPolicy;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
}

export interface IamOutcome {
  readonly decision: Decision;
  /** One sentence each, naming the policy and statement (or the missing grant) that decided. */
  readonly reasons: string[];
  /** The statements that decided: the Denies, or the Allows that granted. */
  readonly deciding: StatementHit[];
}

const PRINCIPAL_WORDS: Record<PrincipalMatch, string> = {
  [PrincipalMatch.ANYONE]: 'Principal "*"',
  [PrincipalMatch.ANY_AWS]: 'Principal {"AWS": "*"}',
  [PrincipalMatch.ACCOUNT]: "the caller's account",
  [PrincipalMatch.ROLE]: "the caller's role",
  [PrincipalMatch.DIRECT]: 'the caller itself',
  [PrincipalMatch.NOT_PRINCIPAL]: 'a NotPrincipal that does not exclude the caller',
  [PrincipalMatch.SERVICE]: 'a service principal',
};

function name(hit: StatementHit): string {
  return `${hit.policy.source.label} ${hit.statement.label}`;
}

function what(request: RequestContext): string {
  return `${request.action} on ${request.resource}`;
}

function hitSentence(hit: StatementHit, verb: string, request: RequestContext): string {
  const naming = hit.principal !== undefined ? ` (it names ${PRINCIPAL_WORDS[hit.principal]})` : '';
  return `${name(hit)} ${verb} ${what(request)}${naming}`;
}

function allHits(verdicts: readonly PolicyVerdict[], effect: 'denies' | 'allows'): StatementHit[] {
  const hits: StatementHit[] = [];
  for (const verdict of verdicts) {
    const list = verdict[effect];
    for (let i = 0; i < list.length; i++) {
      hits.push(list[i]);
    }
  }
  return hits;
}

/** The resource policy is told whether the caller has a boundary (for NotPrincipal). */
const WITH_BOUNDARY: PolicyEvaluateOptions = { callerHasBoundary: true };

const PASSES_BOUNDARY = ', which a permissions boundary does not limit';

/**
 * Whether a same-account resource-policy grant holds past an implicit deny of the caller's
 * permissions boundary: one that names the user or the exact role session ("Permissions boundaries
 * for IAM entities"), and one to `"*"` (or `{"AWS": "*"}`) through an `aws:PrincipalArn` condition:
 * "Identity-based policy types, such as permissions boundaries or session policies, do not limit
 * permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal
 * element, unless the identity-based policies contain an explicit deny" (IAM User Guide, "AWS JSON
 * policy elements: Principal", IAM role principals). An explicit Deny has already decided by then.
 */
function passesBoundary(hit: StatementHit): boolean {
  return hit.principal === PrincipalMatch.DIRECT
    || ((hit.principal === PrincipalMatch.ANYONE || hit.principal === PrincipalMatch.ANY_AWS) && hit.statement.grantsByPrincipalArn);
}

/** The IAM decision for a request (see the module comment for the rules). */
export function decideIam(input: IamInput): IamOutcome {
  const { request } = input;
  const caller = request.caller;
  const isRoot = caller?.type === CallerType.ROOT;

  const identity = input.identityPolicies.map((policy) => evaluatePolicy(policy, request));
  const boundary = input.permissionsBoundary ? evaluatePolicy(input.permissionsBoundary, request) : undefined;
  const resource = input.resourcePolicy
    ? evaluatePolicy(input.resourcePolicy, request, input.permissionsBoundary !== undefined ? WITH_BOUNDARY : undefined)
    : undefined;

  // 1. Any explicit Deny decides.
  const denies = allHits(identity, 'denies');
  if (boundary !== undefined && boundary.denies.length > 0) {
    denies.push(...boundary.denies);
  }
  if (resource !== undefined && resource.denies.length > 0) {
    denies.push(...resource.denies);
  }
  if (denies.length > 0) {
    return {
      decision: Decision.EXPLICIT_DENY,
      reasons: denies.map((hit) => hitSentence(hit, 'denies', request)),
      deciding: denies,
    };
  }

  // 2. The identity side: identity policies intersected with the boundary; the root user needs none.
  const identityAllows = allHits(identity, 'allows');
  const boundaryAllows = boundary?.allows ?? [];
  const boundaryLimits = boundary !== undefined && boundaryAllows.length === 0;
  const identitySideAllows = isRoot || (identityAllows.length > 0 && !boundaryLimits);

  const resourceAllows = resource?.allows ?? [];
  const sameAccount = caller === undefined || caller.account === input.resourceAccount;

  if (sameAccount) {
    // Within the account either side may grant; a resource grant that names the account delegates.
    const resourceGrants = resourceAllows.filter((hit) => hit.principal !== PrincipalMatch.ACCOUNT
      && (!boundaryLimits || passesBoundary(hit)));
    if (identitySideAllows || resourceGrants.length > 0) {
      const reasons: string[] = [];
      const deciding: StatementHit[] = [];
      if (identitySideAllows) {
        if (isRoot) {
          reasons.push(`the account root user is allowed ${what(request)} in its own account`);
        }
        for (const hit of [...identityAllows, ...boundaryAllows]) {
          reasons.push(hitSentence(hit, 'allows', request));
          deciding.push(hit);
        }
      }
      for (const hit of resourceGrants) {
        reasons.push(hitSentence(hit, 'allows', request) + (boundaryLimits ? PASSES_BOUNDARY : ''));
        deciding.push(hit);
      }
      return { decision: Decision.ALLOW, reasons, deciding };
    }
    return {
      decision: Decision.IMPLICIT_DENY,
      reasons: sameAccountDenyReasons(input, identityAllows, resourceAllows, boundaryLimits),
      deciding: [],
    };
  }

  // Cross account: both sides must allow; a resource grant to the caller's account counts here.
  const reasons: string[] = [];
  const note = `(the caller is in account ${caller.account}, the resource in ${input.resourceAccount}: `
    + 'both the identity policy and the resource policy must allow)';
  if (!identitySideAllows) {
    reasons.push(identityAllows.length > 0
      ? `permissions boundary does not allow ${what(request)} ${note}`
      : `no identity policy allows ${what(request)} ${note}`);
  }
  if (resource === undefined) {
    reasons.push(`there is no resource policy to allow ${what(request)} ${note}`);
  } else if (resourceAllows.length === 0) {
    reasons.push(`no ${input.resourcePolicy!.source.label} statement allows ${what(request)} for the caller ${note}`);
  }
  if (reasons.length > 0) {
    return { decision: Decision.IMPLICIT_DENY, reasons, deciding: [] };
  }
  const deciding = [...identityAllows, ...boundaryAllows, ...resourceAllows];
  return {
    decision: Decision.ALLOW,
    reasons: [
      ...(isRoot ? [`the account root user is allowed ${what(request)} by its own account`] : []),
      ...deciding.map((hit) => hitSentence(hit, 'allows', request)),
    ],
    deciding,
  };
}

function sameAccountDenyReasons(input: IamInput, identityAllows: StatementHit[], resourceAllows: readonly StatementHit[],
  boundaryLimits: boolean): string[] {
  const request = input.request;
  const reasons: string[] = [];
  if (identityAllows.length > 0 && boundaryLimits) {
    reasons.push(`permissions boundary does not allow ${what(request)} (${identityAllows.map(name).join(', ')} `
      + 'allows it, but the boundary caps what identity policies grant)');
  }
  for (const hit of resourceAllows) {
    if (hit.principal === PrincipalMatch.ACCOUNT) {
      reasons.push(`${name(hit)} names the caller's account, which delegates to the account's identity policies: `
        + 'it grants nothing by itself');
    } else if (boundaryLimits) {
      reasons.push(`${hitSentence(hit, 'allows', request)}, but a permissions boundary limits grants to the caller's role `
        + 'or to everyone; only a statement naming the user or the exact role session, or one to "*" with an '
        + 'aws:PrincipalArn condition, grants past it');
    }
  }
  if (reasons.length === 0) {
    const sides = input.resourcePolicy ? 'no identity policy or resource policy statement' : 'no identity policy';
    reasons.push(`${sides} allows ${what(request)}`);
  }
  return reasons;
}
