import { identity, invoke, policy, resource, ROLE } from './fixtures/builders';
import { AccessEvaluator } from '../../src';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';

// Issue 10: inputs beyond what AWS accepts are invalid input naming the field and the limit with its
// source, and error messages quote at most a short prefix of a bad value. Limits (src/evaluator/limits.ts):
// - API Gateway quotas for REST APIs: "Length, in characters, of API Gateway resource policy" 8192;
//   URL length 10240 (regional), 8192 (edge-optimized, private);
// - IAM and AWS STS quotas: "Role policy size cannot exceed 10,240 characters", "Managed policy size
//   cannot exceed 6,144 characters", "IAM does not count white space";
// - IAM API Reference: an ARN has at most 2048 characters; "Tagging IAM resources": values up to 256.

/** A statement of about `size` characters (a long Sid pads it). */
const padded = (statement: Record<string, unknown>, size: number) => ({ ...statement, Sid: 'S'.repeat(size) });
const refusal = (scenario: unknown): string => {
  try {
    evaluateScenario(scenario);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('policy sizes', () => {
  test('a resource policy over 8,192 characters', () => {
    const message = refusal(invoke({ api: { resourcePolicy: policy(padded(resource('Allow'), 8200)) } }));
    expect(message).toMatch(/^api\.resourcePolicy: is 8,3\d\d characters without white space, more than AWS accepts: 8,192 \(API Gateway quota "Length, in characters, of API Gateway resource policy"/);
  });

  test('white space is not counted: a policy of 8,000 characters indented to 20,000 is read', () => {
    const document = policy(padded(resource('Allow'), 7900));
    const indented = JSON.stringify(invoke({ api: { resourcePolicy: document } })).replace(/,/g, `,\n${' '.repeat(1000)}`);
    expect(indented.length).toBeGreaterThan(20_000);
    expect(() => AccessEvaluator.evaluateJson(indented)).not.toThrow();
  });

  test('an identity policy over 10,240 characters, a boundary over 6,144', () => {
    expect(refusal(invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow')), policy(padded(identity('Allow'), 10_300))] } })))
      .toMatch(/^caller\.identityPolicies\[1\]: is 10,\d+ characters without white space, more than AWS accepts: 10,240 \(IAM quotas/);
    expect(() => evaluateScenario(invoke({ caller: { principal: ROLE, identityPolicies: [policy(padded(identity('Allow'), 10_000))] } }))).not.toThrow();
    expect(refusal(invoke({ caller: { principal: ROLE, permissionsBoundary: policy(padded(identity('Allow'), 6200)) } })))
      .toMatch(/^caller\.permissionsBoundary: is 6,\d+ characters without white space, more than AWS accepts: 6,144 \(IAM quotas: "Managed policy size/);
  });
});

describe('path and ARN lengths', () => {
  test('a request path longer than the URL of a regional API may be', () => {
    const path = `/${'p'.repeat(10_240)}`;
    expect(refusal(invoke({ request: { path } }))).toMatch(/^request\.path: is 10,241 characters, more than AWS accepts: 10,240 \(API Gateway quota "Length, in characters, of the URL for a regional API"/);
    expect(() => evaluateScenario(invoke({ request: { path: `/${'p'.repeat(10_000)}` } }))).not.toThrow();
  });

  test('edge-optimized and private APIs take 8,192', () => {
    const path = `/${'p'.repeat(8192)}`;
    expect(refusal(invoke({ api: { endpointType: 'EDGE' }, request: { path } }))).toMatch(/^request\.path: .* 8,192 \(API Gateway quota "Length, in characters, of the URL for an edge-optimized API"/);
    expect(refusal(invoke({ api: { endpointType: 'PRIVATE' }, request: { path } }))).toMatch(/private API/);
  });

  test('a method path as long', () => {
    const methods = [{ httpMethod: 'GET', path: `/${'m'.repeat(10_240)}`, authorizationType: 'NONE' }];
    expect(refusal(invoke({ api: { methods } }))).toMatch(/^api\.methods\[0\]\.path: is 10,241 characters, more than AWS accepts/);
  });

  test('a caller ARN over 2,048 characters, a management resource too', () => {
    const principal = `arn:aws:iam::111111111111:role/${'x/'.repeat(1100)}reader`;
    expect(refusal(invoke({ caller: { principal } }))).toMatch(/^caller\.principal: is 2,2\d\d characters, more than AWS accepts: 2,048 \(IAM API Reference/);
    const management = {
      management: { account: '111111111111', region: 'us-east-1' },
      caller: { principal: ROLE },
      request: { action: 'apigateway:GET', resource: `arn:aws:apigateway:us-east-1::/restapis/${'a'.repeat(2048)}` },
    };
    expect(refusal(management)).toMatch(/^request\.resource: is 2,\d+ characters, more than AWS accepts: 2,048/);
  });

  test('a principal tag value over 256 characters', () => {
    expect(refusal(invoke({ caller: { principal: ROLE, principalTags: { team: 't'.repeat(257) } } })))
      .toMatch(/^caller\.principalTags\.team: is 257 characters, more than AWS accepts: 256/);
  });
});

describe('messages quote at most a short prefix of a bad value', () => {
  const tenMegabytes = 'x'.repeat(10_000_000);

  test.each<[string, unknown]>([
    ['a region', invoke({ api: { region: tenMegabytes } })],
    ['an enum value', invoke({ api: { methods: [{ httpMethod: tenMegabytes, path: '/', authorizationType: 'NONE' }] } })],
    ['a caller ARN under the length limit but malformed', invoke({ caller: { principal: `arn:aws:iam::111111111111:bogus/${'y'.repeat(2000)}` } })],
    ['a policy action', invoke({ caller: { principal: ROLE, identityPolicies: [policy({ Effect: 'Allow', Action: `x${'y'.repeat(9000)}`, Resource: '*' })] } })],
    ['a condition operator', invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow', '*', { Condition: { [`Op${'z'.repeat(9000)}`]: { k: 'v' } } }))] } })],
    ['an unknown field name', { ...invoke(), [tenMegabytes]: 1 }],
    ['a context key', invoke({ request: { context: { [tenMegabytes]: 'v' } } })],
  ])('%s', (_name, scenario) => {
    const message = refusal(scenario);
    expect(message).not.toBe('no error');
    expect(message.length).toBeLessThan(700);
  });

  test('the quoted prefix says how long the value was', () => {
    expect(refusal(invoke({ api: { region: tenMegabytes } }))).toContain('…(10000000 characters)');
  });
});
