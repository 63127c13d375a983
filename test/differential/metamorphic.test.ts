/**
 * Metamorphic laws of policy evaluation, checked on generated scenarios of every authorization
 * flow (AWS_IAM, NONE, CUSTOM, COGNITO_USER_POOLS, private endpoints, management calls):
 *
 * - an explicit Deny wins over any Allow (IAM User Guide, "Policy evaluation logic"), so adding a
 *   Deny statement never turns a denial into ALLOW, and adding an Allow never turns ALLOW into a
 *   denial nor lifts an explicit deny;
 * - a policy is a set of statements and a caller's identity policies a set of policies: statement
 *   order, policy order, duplicated statements and Sid names never change a decision (the Sid is
 *   "an optional identifier", IAM User Guide, "Sid").
 *
 * These need no second evaluator: each compares this library with itself on two related inputs.
 */
import * as fc from 'fast-check';
import { everyFlowScenario, statement } from './arbitraries';
import { refusedForUnknownRolePath } from './exclusions';
import { ours } from './oracle';
import { isInvoke, PolicyJson, ScenarioJson, StatementJson } from './scenario-json';
import { Decision } from '../../src/evaluator/decision';

/** Fixed in CI; set METAMORPHIC_SEED (and METAMORPHIC_RUNS) to explore further locally. */
const SEED = Number(process.env.METAMORPHIC_SEED ?? 42_2026);
const RUNS = Number(process.env.METAMORPHIC_RUNS ?? 1_000);

/** A deep copy: the evaluator keeps compiled policies per object, so each variant must be a new object. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function decide(scenario: ScenarioJson): Decision {
  const answer = ours(scenario);
  // A statement added to a scenario whose caller is a role session ARN may test the role's path,
  // which the session ARN does not carry: refusing that is scenario rule 5, not a change of meaning.
  fc.pre(!refusedForUnknownRolePath(scenario));
  if (answer.kind !== 'decision') throw new Error(`invalid after a semantics-preserving change: ${answer.message}`);
  return answer.decision;
}

function validDecision(scenario: ScenarioJson): Decision | undefined {
  const answer = ours(scenario);
  return answer.kind === 'decision' ? answer.decision : undefined;
}

/** Every policy document of a scenario, so a change can be applied to the n-th one. */
function policies(scenario: ScenarioJson): { policy: PolicyJson; kind: 'identity' | 'resource' }[] {
  const found: { policy: PolicyJson; kind: 'identity' | 'resource' }[] = [];
  const caller = scenario.caller ?? {};
  for (const p of caller.identityPolicies ?? []) found.push({ policy: p, kind: 'identity' });
  if (caller.permissionsBoundary) found.push({ policy: caller.permissionsBoundary, kind: 'identity' });
  if (caller.lambdaAuthorizer?.policy) found.push({ policy: caller.lambdaAuthorizer.policy, kind: 'identity' });
  if (isInvoke(scenario) && scenario.api.resourcePolicy) found.push({ policy: scenario.api.resourcePolicy, kind: 'resource' });
  return found;
}

function statementsOf(policy: PolicyJson): StatementJson[] {
  if (!Array.isArray(policy.Statement)) policy.Statement = [policy.Statement];
  return policy.Statement;
}

/** Adds a statement to the n-th existing policy (by grammar), or as a new identity policy when n is past the end. */
function withStatement(scenario: ScenarioJson, n: number, identity: StatementJson, resource: StatementJson): ScenarioJson {
  const changed = copy(scenario);
  const targets = policies(changed);
  const target = targets[n % (targets.length + 1)];
  if (target) {
    statementsOf(target.policy).push(copy(target.kind === 'resource' ? resource : identity));
  } else {
    changed.caller = { ...(changed.caller ?? {}) };
    if (changed.caller.principal !== undefined) {
      changed.caller.identityPolicies = [...(changed.caller.identityPolicies ?? []), { Version: '2012-10-17', Statement: [copy(identity)] }];
    }
  }
  return changed;
}

/** Sids that do not clash with the policy's others (they must be unique within a policy). */
function withFreshSid(s: StatementJson, tag: string): StatementJson {
  const fresh = copy(s);
  if (fresh.Sid !== undefined) fresh.Sid = `${fresh.Sid}${tag}`;
  return fresh;
}

const forced = (effect: 'Allow' | 'Deny') => (s: StatementJson): StatementJson => {
  const forcedStatement = { ...s, Effect: effect };
  // NotPrincipal only comes with Deny (see arbitraries.ts).
  if (effect === 'Allow' && forcedStatement.NotPrincipal !== undefined) {
    delete forcedStatement.NotPrincipal;
    forcedStatement.Principal = '*';
  }
  return withFreshSid(forcedStatement, 'Added');
};

const added = (effect: 'Allow' | 'Deny') => fc.record({
  n: fc.nat(),
  identity: statement('identity').map(forced(effect)),
  resource: statement('resource').map(forced(effect)),
  management: statement('identity', 'management').map(forced(effect)),
});

const params = { numRuns: RUNS, seed: SEED };

test('adding a Deny never turns a denial into ALLOW, and keeps an explicit deny explicit', () => {
  fc.assert(fc.property(everyFlowScenario(), added('Deny'), (scenario, extra) => {
    const before = validDecision(scenario);
    fc.pre(before !== undefined);
    const identity = isInvoke(scenario) ? extra.identity : extra.management;
    const after = decide(withStatement(scenario, extra.n, identity, extra.resource));
    if (before !== Decision.ALLOW) expect(after).not.toBe(Decision.ALLOW);
    if (before === Decision.EXPLICIT_DENY) expect(after).toBe(Decision.EXPLICIT_DENY);
  }), params);
});

test('adding an Allow never turns ALLOW into a denial, nor lifts an explicit deny', () => {
  fc.assert(fc.property(everyFlowScenario(), added('Allow'), (scenario, extra) => {
    const before = validDecision(scenario);
    fc.pre(before !== undefined);
    const identity = isInvoke(scenario) ? extra.identity : extra.management;
    // An Allow joins an existing policy or a new identity policy only: a new resource policy or
    // boundary is a new gate (a NONE method with a resource policy needs an explicit Allow), not an Allow.
    const after = decide(withStatement(scenario, extra.n, identity, extra.resource));
    if (before === Decision.ALLOW) expect(after).toBe(Decision.ALLOW);
    if (before === Decision.EXPLICIT_DENY) expect(after).toBe(Decision.EXPLICIT_DENY);
  }), params);
});

test('statement order and identity-policy order never change a decision', () => {
  fc.assert(fc.property(everyFlowScenario(), fc.infiniteStream(fc.nat()), (scenario, randoms) => {
    const before = validDecision(scenario);
    fc.pre(before !== undefined);
    const shuffled = copy(scenario);
    const shuffle = <T>(items: T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = randoms.next().value % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    };
    for (const { policy } of policies(shuffled)) policy.Statement = shuffle(statementsOf(policy));
    if (shuffled.caller?.identityPolicies) shuffled.caller.identityPolicies = shuffle(shuffled.caller.identityPolicies);
    expect(decide(shuffled)).toBe(before);
  }), params);
});

test('a duplicated statement never changes a decision', () => {
  fc.assert(fc.property(everyFlowScenario(), fc.nat(), fc.nat(), (scenario, whichPolicy, whichStatement) => {
    const before = validDecision(scenario);
    fc.pre(before !== undefined && policies(scenario).length > 0);
    const duplicated = copy(scenario);
    const targets = policies(duplicated);
    const statements = statementsOf(targets[whichPolicy % targets.length].policy);
    const original = statements[whichStatement % statements.length];
    statements.push(withFreshSid(original, 'Copy'));
    expect(decide(duplicated)).toBe(before);
  }), params);
});

test('renaming or removing Sids never changes a decision', () => {
  fc.assert(fc.property(everyFlowScenario(), fc.boolean(), (scenario, remove) => {
    const before = validDecision(scenario);
    fc.pre(before !== undefined);
    const renamed = copy(scenario);
    for (const { policy } of policies(renamed)) {
      statementsOf(policy).forEach((s, i) => {
        if (remove) delete s.Sid;
        else s.Sid = `Renamed${i}`;
      });
    }
    expect(decide(renamed)).toBe(before);
  }), params);
});

test('the laws are not vacuous: the generated scenarios reach every decision', () => {
  const seen = new Set<Decision | undefined>();
  for (const scenario of fc.sample(everyFlowScenario(), { numRuns: 500, seed: SEED })) seen.add(validDecision(scenario));
  expect([...seen]).toEqual(expect.arrayContaining([Decision.ALLOW, Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY]));
});
