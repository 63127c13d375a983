import { evaluate } from '../../src/analysis/evaluation';
import { MethodAuthorizationType, Scenario } from '../../src/evaluator';
import { InvalidInputError } from '../../src/evaluator/internal';

// The analysis asks the evaluator through one function; what decided comes back as data, so rules
// and the diff never read it out of the reasons' words.

const scenario = (resourcePolicy?: unknown): Scenario => ({
  api: {
    id: 'a1b2c3d4e5',
    account: '111111111111',
    region: 'us-east-1',
    resourcePolicy,
    methods: [{ httpMethod: 'GET', path: '/items', authorizationType: MethodAuthorizationType.NONE }],
  },
  request: { stage: 'prod', httpMethod: 'GET', path: '/items', sourceIp: '203.0.113.10' },
});

test('the deciding statement and rule come back with the decision', () => {
  const outcome = evaluate(scenario({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
  }));
  expect(outcome).not.toBeInstanceOf(Error);
  expect(outcome).toMatchObject({
    decision: 'ALLOW',
    decidingRule: 6,
    decidingStatements: [{ policyField: 'api.resourcePolicy', statementIndex: 0, sid: 'Public', effect: 'Allow' }],
  });
});

test('input the evaluator refuses comes back as the error, never as a decision', () => {
  const outcome = evaluate({ ...scenario(), api: { ...scenario().api!, account: '123' } });
  expect(outcome).toBeInstanceOf(InvalidInputError);
});
