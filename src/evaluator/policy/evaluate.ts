/**
 * evaluatePolicy: which statements of one compiled policy apply to a request, by effect.
 *
 * A statement applies when its principal (resource policies), action, resource and every condition
 * match (IAM User Guide, "Policy evaluation logic", "Determining whether a request is allowed or
 * denied within an account"). NotAction / NotResource apply to everything the list does not match
 * ("IAM JSON policy elements: NotAction", "NotResource").
 *
 * This is the evaluator's hot path: everything was compiled beforehand, matching builds no regex and
 * parses no JSON, and a hit is an object made once per statement.
 */
import { InternalPolicy, InternalStatement, PatternList } from './compiled';
import { conditionsHold } from './conditions';
import { CompiledPolicy, PolicyVerdict, PrincipalMatch, RequestContext, StatementHit } from './model';
import { KeyValues } from './pattern';
import { matchNotPrincipal, matchPrincipal } from './principal';

/** Options of evaluatePolicy. */
export interface PolicyEvaluateOptions {
  /**
   * The caller has a permissions boundary: a NotPrincipal statement then applies to it whatever it
   * lists (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
   */
  readonly callerHasBoundary?: boolean;
}

const NO_HITS: readonly StatementHit[] = Object.freeze([]);

// Action names are case-insensitive; remember the last lower-cased action (requests repeat it).
let lastAction = '';
let lastActionLower = '';

function lowerAction(action: string): string {
  if (action !== lastAction) {
    lastAction = action;
    lastActionLower = action.toLowerCase();
  }
  return lastActionLower;
}

function listMatches(list: PatternList, subject: string, keys: KeyValues): boolean {
  let hit = list.matchesAll;
  if (!hit) {
    const patterns = list.patterns;
    for (let i = 0; i < patterns.length; i++) {
      if (patterns[i].matches(subject, keys)) {
        hit = true;
        break;
      }
    }
  }
  return list.negated ? !hit : hit;
}

function internalPolicy(policy: CompiledPolicy): InternalPolicy {
  if (!(policy instanceof InternalPolicy)) {
    // Fail closed: a policy that did not come from compilePolicy cannot be interpreted.
    throw new TypeError('evaluatePolicy needs a policy made by compilePolicy');
  }
  return policy;
}

/** Every statement of the policy that applies to the request, by effect. */
export function evaluatePolicy(policy: CompiledPolicy, request: RequestContext, options?: PolicyEvaluateOptions):
PolicyVerdict {
  const statements: readonly InternalStatement[] = internalPolicy(policy).statements;
  const action = lowerAction(request.action);
  const resource = request.resource;
  const keys = request.keys;
  let denies: StatementHit[] | undefined;
  let allows: StatementHit[] | undefined;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (!listMatches(statement.actions, action, keys) || !listMatches(statement.resources, resource, keys)) {
      continue;
    }
    let principal: PrincipalMatch | undefined;
    if (statement.principal !== undefined) {
      principal = statement.principalNegated
        ? matchNotPrincipal(statement.principal, request.caller, options?.callerHasBoundary)
        : matchPrincipal(statement.principal, request.caller);
      if (principal === undefined) {
        continue;
      }
    }
    if (statement.conditions !== undefined && !conditionsHold(statement.conditions, keys)) {
      continue;
    }
    const hit = statement.hit(principal);
    if (statement.effect === 'Deny') {
      (denies ??= []).push(hit);
    } else {
      (allows ??= []).push(hit);
    }
  }
  return { denies: denies ?? NO_HITS, allows: allows ?? NO_HITS };
}
