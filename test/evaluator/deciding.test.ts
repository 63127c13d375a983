import {
  ACCOUNT, API_ARN, identity, invoke, methods, OTHER_ROLE, policy, resource, ROLE,
} from './fixtures/builders';
import { AccessEvaluator } from '../../src';

// A result names what decided as data as well as in words: the statements (policy, index, Sid,
// effect) and, for an invoke scenario, the rule of the scenario format. The decisions themselves
// follow the API Gateway developer guide's resource-policy workflow and IAM's evaluation logic, as
// the other evaluator tests establish; these tests pin which statement the data names.

const evaluate = (scenario: unknown) => AccessEvaluator.evaluate(scenario as any);

describe('deciding statements', () => {
  test('a matching resource-policy Deny on a NONE method (rule 6): the Deny, with its index and Sid', () => {
    const result = evaluate(invoke({
      api: {
        methods: methods('NONE'),
        resourcePolicy: policy(
          resource('Allow'),
          resource('Deny', '*', { Sid: 'DenyOutsideOffice', Condition: { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }),
        ),
      },
    }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.decidingRule).toBe(6);
    expect(result.decidingStatements).toEqual([
      { policyField: 'api.resourcePolicy', policyLabel: 'resource policy', statementIndex: 1, sid: 'DenyOutsideOffice', effect: 'Deny' },
    ]);
  });

  test('an AWS_IAM call in the same account allowed by the identity policy (rule 5): that Allow, without a Sid', () => {
    const result = evaluate(invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Deny', `${API_ARN}/*/DELETE/*`), identity('Allow'))] } }));
    expect(result.decision).toBe('ALLOW');
    expect(result.decidingRule).toBe(5);
    expect(result.decidingStatements).toHaveLength(1);
    expect(result.decidingStatements![0]).toMatchObject({ policyField: 'caller.identityPolicies[0]', statementIndex: 1, effect: 'Allow' });
    expect(result.decidingStatements![0]).not.toHaveProperty('sid');
  });

  test('cross account (Table B): both the identity Allow and the resource-policy Allow decided', () => {
    const result = evaluate(invoke({
      api: { resourcePolicy: policy(resource('Allow', { AWS: OTHER_ROLE }, { Sid: 'Partner' })) },
      caller: { principal: OTHER_ROLE, identityPolicies: [policy(identity('Allow'))] },
    }));
    expect(result.decision).toBe('ALLOW');
    expect(result.decidingStatements!.map(s => [s.policyField, s.statementIndex, s.effect])).toEqual(expect.arrayContaining([
      ['caller.identityPolicies[0]', 0, 'Allow'],
      ['api.resourcePolicy', 0, 'Allow'],
    ]));
  });

  test('a CUSTOM method whose resource policy denies before the authorizer is called (rule 7)', () => {
    const result = evaluate(invoke({
      api: { methods: methods('CUSTOM'), resourcePolicy: policy(resource('Deny', '*', { Sid: 'NoOne' })) },
      caller: { lambdaAuthorizer: { result: 'POLICY', policy: policy(identity('Allow')) } },
    }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.decidingRule).toBe(7);
    expect(result.decidingStatements).toEqual([
      { policyField: 'api.resourcePolicy', policyLabel: 'resource policy', statementIndex: 0, sid: 'NoOne', effect: 'Deny' },
    ]);
  });

  test('a management call allowed by an identity policy: its statement, and no invoke rule', () => {
    const result = evaluate({
      management: { account: ACCOUNT, region: 'us-east-1' },
      caller: {
        principal: ROLE,
        identityPolicies: [policy({ Sid: 'ReadApis', Effect: 'Allow', Action: 'apigateway:GET', Resource: 'arn:aws:apigateway:us-east-1::/restapis/*' })],
      },
      request: { action: 'apigateway:GET', resource: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5' },
    });
    expect(result.decision).toBe('ALLOW');
    expect(result.decidingRule).toBeUndefined();
    expect(result.decidingStatements).toEqual([expect.objectContaining({ policyField: 'caller.identityPolicies[0]', sid: 'ReadApis', effect: 'Allow' })]);
  });
});

describe('deciding rules without a statement', () => {
  test('no method matches (rule 2)', () => {
    const result = evaluate(invoke({ request: { path: '/cats/7' }, caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } }));
    expect(result).toMatchObject({ decision: 'IMPLICIT_DENY', decidingRule: 2, decidingStatements: [] });
  });

  test('a PRIVATE API called from outside a VPC endpoint (rule 3), even when its resource policy allows', () => {
    const result = evaluate(invoke({ api: { endpointType: 'PRIVATE', methods: methods('NONE'), resourcePolicy: policy(resource('Allow')) } }));
    expect(result).toMatchObject({ decision: 'IMPLICIT_DENY', decidingRule: 3, decidingStatements: [] });
  });

  test('an unsigned call to an AWS_IAM method (rule 5): nothing allowed it, no statement decided', () => {
    const result = evaluate(invoke({ api: { resourcePolicy: policy(resource('Allow')) } }));
    expect(result).toMatchObject({ decision: 'IMPLICIT_DENY', decidingRule: 5, decidingStatements: [] });
  });

  test('a PRIVATE API reached the wrong way whose resource policy also denies: the Deny decided', () => {
    const result = evaluate(invoke({ api: { endpointType: 'PRIVATE', methods: methods('NONE'), resourcePolicy: policy(resource('Deny', '*', { Sid: 'Never' })) } }));
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.decidingStatements).toEqual([expect.objectContaining({ sid: 'Never', effect: 'Deny' })]);
  });
});
