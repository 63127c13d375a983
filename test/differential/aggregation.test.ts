/**
 * The grant aggregation of the constructs never widens access: an identity policy with the
 * aggregated execute-api patterns decides every call to every method of the API exactly as the
 * policy with one ARN per granted method does. Checked with this library's evaluator on generated
 * APIs (literal segments, `{param}`, a final `{proxy+}`, ANY, the root) and generated grants.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as fc from 'fast-check';
import { API_ACCOUNT, API_ID, PRINCIPALS, REGION } from './arbitraries';
import { ours } from './oracle';
import { InvokeScenarioJson } from './scenario-json';
import { aggregateSuffixes, MethodKey, perMethodSuffixes } from '../../src/constructs/grant-aggregation';
import { IamRestApi } from '../../src/constructs/iam-rest-api';
import { callerRole, logicalIdOf, newStack, resolveIntrinsics } from '../constructs/helpers';

const SEED = 11_2026;
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Resource paths that share prefixes, so merging is possible and a wrong merge would show. */
const PATHS = [
  '/', '/pets', '/pets/{petId}', '/pets/{petId}/toys', '/pets/special', '/pets/{petId}/toys/{toyId}',
  '/petshop', '/users', '/users/{name}', '/admin/{proxy+}', '/orders/{id}/items/{item}',
];

const api = fc.uniqueArray(
  fc.record({ httpMethod: fc.constantFrom('GET', 'GET', 'POST', 'DELETE', 'ANY'), path: fc.constantFrom(...PATHS) }),
  { minLength: 1, maxLength: 14, selector: m => `${m.httpMethod} ${m.path}` },
).filter(methods => {
  // API Gateway allows ANY beside explicit verbs on one resource; the evaluator routes the verb first.
  return methods.length > 0;
});

const apiAndGrant = api.chain(all => fc.tuple(fc.constant(all), fc.subarray(all, { minLength: 1 })));

/** Calls that reach each method: parameters get values (one of them a sibling literal), ANY every verb. */
function callsOf(method: MethodKey): { verb: string; path: string }[] {
  const verbs = method.httpMethod === 'ANY' ? VERBS : [method.httpMethod];
  const paths = ['v7', 'special', 'specialty', 'toys', 'pets', 'items'].map(value => method.path.replace(/\{[^}]+\+\}/g, `${value}/deeper`).replace(/\{[^}]+\}/g, value));
  return verbs.flatMap(verb => [...new Set(paths)].map(path => ({ verb, path })));
}

function scenario(all: readonly MethodKey[], suffixes: readonly string[], call: { verb: string; path: string }): InvokeScenarioJson {
  return {
    api: {
      id: API_ID,
      account: API_ACCOUNT,
      region: REGION,
      methods: all.map(m => ({ httpMethod: m.httpMethod, path: m.path, authorizationType: 'AWS_IAM' as const })),
    },
    caller: {
      principal: PRINCIPALS.alice,
      identityPolicies: [{
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: suffixes.map(s => `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/prod/${s}`),
        }],
      }],
    },
    request: { stage: 'prod', httpMethod: call.verb, path: call.path },
  };
}

function decision(s: InvokeScenarioJson): string {
  const answer = ours(s);
  if (answer.kind !== 'decision') throw new Error(`invalid scenario: ${answer.message}`);
  return answer.decision;
}

test('aggregated invoke grants decide every call to every method as the per-method grants do', () => {
  let merged = 0;
  fc.assert(fc.property(apiAndGrant, ([all, selected]) => {
    const perMethod = perMethodSuffixes(selected);
    const aggregated = aggregateSuffixes(selected, all);
    expect(aggregated.length).toBeLessThanOrEqual(perMethod.length);
    if (aggregated.length < perMethod.length) merged++;
    for (const method of all) {
      for (const call of callsOf(method)) {
        const before = decision(scenario(all, perMethod, call));
        const after = decision(scenario(all, aggregated, call));
        if (before !== after) {
          throw new Error(`${call.verb} ${call.path}: per-method ${before}, aggregated ${after} (${JSON.stringify({ perMethod, aggregated })})`);
        }
      }
    }
  }), { numRuns: 400, seed: SEED });
  // Not vacuous: many generated grants were really merged.
  expect(merged).toBeGreaterThan(40);
});

/**
 * Found by the property above. The aggregation compares candidate patterns with representatives
 * that keep a path parameter as the literal text `{petId}`, but a caller chooses the value: with
 * `petId` = `special`, `/pets/{petId}/toys/{toyId}` is called as `/pets/special/toys/...`, which
 * `* /pets/special*` matches and the per-method ARNs do not. (src/constructs/grant-aggregation.ts;
 * fixed in 6887251, which reasons on the languages of requests instead.)
 */
describe('REGRESSION aggregation: a merged pattern must not reach a parameterised sibling through a chosen value', () => {
  const all: MethodKey[] = [
    { httpMethod: 'POST', path: '/pets/special' },
    { httpMethod: 'DELETE', path: '/pets/special' },
    { httpMethod: 'POST', path: '/pets/{petId}/toys/{toyId}' },
    { httpMethod: 'GET', path: '/pets/{petId}' },
  ];
  const selected = all.slice(0, 2);

  for (const call of [{ verb: 'POST', path: '/pets/special/toys/1' }, { verb: 'GET', path: '/pets/specialty' }]) {
    test(`${call.verb} ${call.path} stays denied after aggregation`, () => {
      expect(decision(scenario(all, perMethodSuffixes(selected), call))).toBe('IMPLICIT_DENY');
      expect(decision(scenario(all, aggregateSuffixes(selected, all), call))).toBe('IMPLICIT_DENY');
    });
  }
});

/** The same widening through the public construct: IamRestApi.grantInvoke, synthesized, then evaluated. */
test('REGRESSION aggregation: IamRestApi.grantInvoke on /pets/special does not let the grantee call GET /pets/specialty', () => {
  const stack = newStack();
  const restApi = new IamRestApi(stack, 'Api');
  const pets = restApi.root.addResource('pets');
  const special = pets.addResource('special');
  special.addMethod('POST');
  special.addMethod('DELETE');
  const byId = pets.addResource('{petId}');
  byId.addMethod('GET');
  byId.addResource('toys').addResource('{toyId}').addMethod('POST');
  const reader = callerRole(stack, 'Reader');
  restApi.grantInvoke(reader, { paths: ['/pets/special'] });

  const deployed = { partition: 'aws', region: REGION, account: API_ACCOUNT, ref: API_ID, getAtt: 'unused' };
  const raw = Template.fromStack(stack).toJSON();
  const identityPolicies = Object.values<any>(raw.Resources)
    .filter(r => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === logicalIdOf(stack, reader)))
    .map(r => resolveIntrinsics(r.Properties.PolicyDocument, deployed));
  const methods = [
    { httpMethod: 'POST', path: '/pets/special', authorizationType: 'AWS_IAM' as const },
    { httpMethod: 'DELETE', path: '/pets/special', authorizationType: 'AWS_IAM' as const },
    { httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'AWS_IAM' as const },
    { httpMethod: 'POST', path: '/pets/{petId}/toys/{toyId}', authorizationType: 'AWS_IAM' as const },
  ];
  const call = (httpMethod: string, path: string) => ours({
    api: { id: API_ID, account: API_ACCOUNT, region: REGION, methods },
    caller: { principal: `arn:aws:iam::${API_ACCOUNT}:role/Reader`, identityPolicies },
    request: { stage: 'prod', httpMethod, path },
  });
  // The grant does what it says...
  expect(call('POST', '/pets/special')).toMatchObject({ decision: 'ALLOW' });
  // ...and nothing more: these methods were not granted.
  expect(call('GET', '/pets/specialty')).toMatchObject({ decision: 'IMPLICIT_DENY' });
  expect(call('POST', '/pets/special/toys/1')).toMatchObject({ decision: 'IMPLICIT_DENY' });
});

/** The property through the public construct: generated APIs, synthesized, grants read back from the template. */
test('IamRestApi.grantInvoke decides every call to every method as one ARN per granted method does', () => {
  let merged = 0;
  fc.assert(fc.property(apiAndGrant, ([all, selected]) => {
    const stack = newStack();
    const restApi = new IamRestApi(stack, 'Api');
    const methods = new Map<string, apigateway.Method>();
    for (const m of all) {
      const resource = m.path === '/' ? restApi.root : restApi.root.resourceForPath(m.path);
      methods.set(`${m.httpMethod} ${m.path}`, resource.addMethod(m.httpMethod));
    }
    const reader = callerRole(stack, 'Reader');
    restApi.grantInvoke(reader, { methods: selected.map(m => methods.get(`${m.httpMethod} ${m.path}`)!) });

    const deployed = { partition: 'aws', region: REGION, account: API_ACCOUNT, ref: API_ID, getAtt: 'unused' };
    const raw = Template.fromStack(stack).toJSON();
    const synthesized = Object.values<any>(raw.Resources)
      .filter(r => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === logicalIdOf(stack, reader)))
      .map(r => resolveIntrinsics(r.Properties.PolicyDocument, deployed));
    // One ARN per method, written here as aws-cdk-lib's Method.methodArn does: {param} as *, ANY as *.
    const naive = selected.map(m => `${m.httpMethod === 'ANY' ? '*' : m.httpMethod}${m.path.replace(/\{[^}]+\}/g, '*')}`);
    const rendered = synthesized.flatMap((p: any) => [p.Statement].flat().flatMap((st: any) => [st.Resource].flat()));
    if (rendered.length < new Set(naive).size) merged++;

    for (const method of all) {
      for (const call of callsOf(method)) {
        const withSynthesized = scenario(all, [], call);
        withSynthesized.caller = { ...withSynthesized.caller, identityPolicies: synthesized };
        const before = decision(scenario(all, naive, call));
        const after = decision(withSynthesized);
        if (before !== after) {
          throw new Error(`${call.verb} ${call.path}: one ARN per method ${before}, synthesized grant ${after} (${JSON.stringify(synthesized)})`);
        }
      }
    }
  }), { numRuns: 12, seed: SEED });
  // Not vacuous: some of the synthesized grants were merged.
  expect(merged).toBeGreaterThan(2);
});
