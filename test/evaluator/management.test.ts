import { ACCOUNT, OTHER_ACCOUNT, policy, REGION } from './fixtures/builders';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Management calls (developer guide, "Control access to API Gateway with IAM permissions"; "How
// API Gateway works with IAM"): apigateway:VERB on arn:aws:apigateway:REGION::/..., decided by
// the caller's identity policies within its boundary; API Gateway has no resource policy for them.

const API_RESOURCE = `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/deployer`;

function manage(statements: Record<string, unknown>[], request: Record<string, unknown> = {}, caller: Record<string, unknown> = {}) {
  return evaluateScenario({
    management: { account: ACCOUNT, region: REGION },
    caller: { principal: DEPLOYER, identityPolicies: [policy(...statements)], ...caller },
    request: { action: 'apigateway:PATCH', resource: API_RESOURCE, ...request },
  });
}

describe('management calls', () => {
  test('an identity Allow for the verb on the resource allows', () => {
    expect(manage([{ Effect: 'Allow', Action: 'apigateway:PATCH', Resource: API_RESOURCE }]).decision).toBe('ALLOW');
    expect(manage([{ Effect: 'Allow', Action: 'apigateway:*', Resource: `arn:aws:apigateway:${REGION}::/restapis/*` }]).decision).toBe('ALLOW');
  });

  test('the management resource has no account: a policy naming one does not match', () => {
    const withAccount = `arn:aws:apigateway:${REGION}:${ACCOUNT}:/restapis/a1b2c3d4e5`;
    expect(manage([{ Effect: 'Allow', Action: 'apigateway:PATCH', Resource: withAccount }]).decision).toBe('IMPLICIT_DENY');
  });

  test('execute-api permissions do not manage an API', () => {
    expect(manage([{ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }]).decision).toBe('IMPLICIT_DENY');
  });

  test('apigateway:UpdateRestApiPolicy is its own action', () => {
    const patchOnly = [{ Effect: 'Allow', Action: 'apigateway:PATCH', Resource: API_RESOURCE }];
    expect(manage(patchOnly, { action: 'apigateway:UpdateRestApiPolicy' }).decision).toBe('IMPLICIT_DENY');
    const both = [{ Effect: 'Allow', Action: ['apigateway:PATCH', 'apigateway:UpdateRestApiPolicy'], Resource: API_RESOURCE }];
    expect(manage(both, { action: 'apigateway:UpdateRestApiPolicy' }).decision).toBe('ALLOW');
  });

  test('a Deny wins and is named', () => {
    const result = manage([
      { Effect: 'Allow', Action: 'apigateway:*', Resource: '*' },
      { Sid: 'NoDeletes', Effect: 'Deny', Action: 'apigateway:DELETE', Resource: '*' },
    ], { action: 'apigateway:DELETE' });
    expect(result.decision).toBe('EXPLICIT_DENY');
    expect(result.reasons.join('\n')).toContain("'NoDeletes'");
  });

  test('the permissions boundary limits management too', () => {
    const result = manage([{ Effect: 'Allow', Action: 'apigateway:*', Resource: '*' }], {},
      { permissionsBoundary: policy({ Effect: 'Allow', Action: 'apigateway:GET', Resource: '*' }) });
    expect(result.decision).toBe('IMPLICIT_DENY');
  });

  test('list-valued context keys: ForAllValues over apigateway:Request/EndpointType', () => {
    const privateOnly = [{
      Effect: 'Allow',
      Action: 'apigateway:PATCH',
      Resource: API_RESOURCE,
      Condition: { 'ForAllValues:StringEquals': { 'apigateway:Request/EndpointType': 'PRIVATE' } },
    }];
    expect(manage(privateOnly, { context: { 'apigateway:Request/EndpointType': ['PRIVATE'] } }).decision).toBe('ALLOW');
    expect(manage(privateOnly, { context: { 'apigateway:Request/EndpointType': ['PRIVATE', 'REGIONAL'] } }).decision).toBe('IMPLICIT_DENY');
    // ForAllValues over a missing key is true (IAM User Guide, "Single-valued vs. multivalued context keys").
    expect(manage(privateOnly).decision).toBe('ALLOW');
  });

  test('aws:RequestedRegion is the region of the call', () => {
    const inRegion = (region: string) => [{ Effect: 'Allow', Action: 'apigateway:PATCH', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': region } } }];
    expect(manage(inRegion(REGION)).decision).toBe('ALLOW');
    expect(manage(inRegion('eu-west-1')).decision).toBe('IMPLICIT_DENY');
  });

  test('a caller of another account cannot manage the API: there is no resource policy to let it in', () => {
    const result = manage([{ Effect: 'Allow', Action: 'apigateway:*', Resource: '*' }], {}, { principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer` });
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons.join('\n')).toMatch(/no resource policy/);
  });

  test('an unsigned management call is denied', () => {
    const result = evaluateScenario({ management: { account: ACCOUNT, region: REGION }, request: { action: 'apigateway:GET', resource: API_RESOURCE } });
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons[0]).toMatch(/signed/);
  });
});
