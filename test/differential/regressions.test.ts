/**
 * Disagreements the differential and property tests found, each checked against the AWS guides
 * and kept as a named test. Where iam-simulate was the one that is wrong, the case is a known
 * difference (exclusions.ts) and its test lives in exclusions.test.ts; the cases here are about
 * this library's answers.
 */
import { API_ACCOUNT, API_ID, PRINCIPALS, REGION } from './arbitraries';
import { ours } from './oracle';
import { InvokeScenarioJson, StatementJson } from './scenario-json';
import { Decision } from '../../src/evaluator/decision';

function noneMethodBehind(...statements: StatementJson[]): InvokeScenarioJson {
  return {
    api: {
      id: API_ID,
      account: API_ACCOUNT,
      region: REGION,
      resourcePolicy: { Version: '2012-10-17', Statement: statements },
      methods: [{ httpMethod: 'GET', path: '/pets', authorizationType: 'NONE' }],
    },
    caller: {},
    request: { stage: 'prod', httpMethod: 'GET', path: '/pets', sourceIp: '203.0.113.10' },
  };
}

const allowEveryone: StatementJson = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

/**
 * Found by the differential test (iam-simulate: EXPLICIT_DENY). The first rule 9 made every
 * {"AWS": ...} statement "never match" a non-IAM method, which dropped these Denies and let the
 * anonymous caller through the "*" Allow. Under the corrected rule 9 (2026-11-30) the anonymous caller
 * matches {"AWS": "*"} like "*" (IAM User Guide, "AWS JSON policy elements: Principal": "For
 * anonymous users, the following elements are equivalent"), and a NotPrincipal Deny applies to every
 * caller it does not list, the anonymous one included: both are EXPLICIT_DENY, as in iam-simulate.
 */
describe('REGRESSION: a Deny with an {"AWS": ...} principal on a non-IAM method must not be dropped', () => {
  test('NotPrincipal {"AWS": user} Deny beside a "*" Allow: the anonymous caller is not allowed', () => {
    const scenario = noneMethodBehind(allowEveryone, {
      Effect: 'Deny', NotPrincipal: { AWS: PRINCIPALS.alice }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*',
    });
    const answer = ours(scenario);
    expect(answer.kind === 'decision' ? answer.decision : answer.kind).not.toBe(Decision.ALLOW);
  });

  test('Principal {"AWS": "*"} Deny beside a "*" Allow: the anonymous caller is not allowed', () => {
    const scenario = noneMethodBehind(allowEveryone, {
      Effect: 'Deny', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*',
    });
    const answer = ours(scenario);
    expect(answer.kind === 'decision' ? answer.decision : answer.kind).not.toBe(Decision.ALLOW);
  });
});
