import * as fc from 'fast-check';
import { ACCOUNT, API_ARN, identity, invoke, policy, resource, ROLE } from './fixtures/builders';
import {
  AccessEvaluator, ApiEndpointType, CognitoTokenState, Decision, ExpectedDecision, LambdaAuthorizerResult, MethodAuthorizationType, Scenario,
} from '../../src';
import { InvalidInputError } from '../../src/evaluator/errors';

// The public API: what TypeScript, Python, Java, .NET and Go users call.

describe('AccessEvaluator.evaluate (structs)', () => {
  test('a scenario built with the enums, as another jsii language builds it', () => {
    const scenario: Scenario = {
      api: {
        id: 'a1b2c3d4e5',
        account: ACCOUNT,
        region: 'us-east-1',
        endpointType: ApiEndpointType.REGIONAL,
        methods: [
          { httpMethod: 'GET', path: '/orders/{id}', authorizationType: MethodAuthorizationType.CUSTOM },
          { httpMethod: 'GET', path: '/profile', authorizationType: MethodAuthorizationType.COGNITO_USER_POOLS },
        ],
      },
      caller: {
        lambdaAuthorizer: { result: LambdaAuthorizerResult.POLICY, policy: policy(identity('Allow')) },
        cognito: { token: CognitoTokenState.INVALID },
      },
      request: { stage: 'prod', httpMethod: 'GET', path: '/orders/1' },
      expected: ExpectedDecision.ALLOW,
    };
    expect(AccessEvaluator.evaluate(scenario)).toMatchObject({ decision: Decision.ALLOW, expected: 'ALLOW', matchesExpected: true });
    const profile = AccessEvaluator.evaluate({ ...scenario, request: { ...scenario.request, path: '/profile' } });
    expect(profile).toMatchObject({ decision: Decision.IMPLICIT_DENY, matchesExpected: false });
  });

  test('optional properties passed as undefined (as jsii may pass unset ones) count as absent', () => {
    const result = AccessEvaluator.evaluate({
      description: undefined,
      api: {
        id: 'a1b2c3d4e5',
        account: ACCOUNT,
        region: 'us-east-1',
        partition: undefined,
        endpointType: undefined,
        resourcePolicy: undefined,
        methods: [{ httpMethod: 'GET', path: '/', authorizationType: MethodAuthorizationType.NONE }],
      },
      management: undefined,
      caller: { principal: undefined, identityPolicies: undefined, cognito: undefined },
      request: { stage: 'prod', httpMethod: 'GET', path: '/', sourceIp: undefined, vpcEndpoint: undefined, context: undefined },
      expected: undefined,
    });
    // Rule 6: a NONE method of an API without a resource policy is open; no statement decided.
    expect(result).toEqual({ decision: Decision.ALLOW, reasons: [expect.stringContaining('no resource policy')], decidingStatements: [], decidingRule: 6 });
  });

  test('DENY expects either denial', () => {
    const denied = invoke({ expected: 'DENY' });
    expect(AccessEvaluator.evaluate(denied as Scenario)).toMatchObject({ decision: 'IMPLICIT_DENY', expected: 'DENY', matchesExpected: true });
    const explicit = invoke({ api: { resourcePolicy: policy(resource('Deny', { AWS: '*' })) }, caller: { principal: ROLE }, expected: 'DENY' });
    expect(AccessEvaluator.evaluate(explicit as Scenario)).toMatchObject({ decision: 'EXPLICIT_DENY', matchesExpected: true });
    const wrong = invoke({ expected: 'EXPLICIT_DENY' });
    expect(AccessEvaluator.evaluate(wrong as Scenario)).toMatchObject({ decision: 'IMPLICIT_DENY', matchesExpected: false });
  });

  test('reasons name the policy (by Id) and the statement (by Sid) that decided', () => {
    const readPets = { Version: '2012-10-17', Id: 'ReadPets', Statement: [{ ...identity('Allow'), Sid: 'AllowGet' }] };
    const result = AccessEvaluator.evaluate(invoke({ caller: { principal: ROLE, identityPolicies: [readPets] } }) as Scenario);
    expect(result.reasons[0]).toMatch(/^identity policy 'ReadPets' statement 'AllowGet' allows execute-api:Invoke on arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5\/prod\/GET\/pets\/7/);
    const unnamed = AccessEvaluator.evaluate(invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } }) as Scenario);
    expect(unnamed.reasons[0]).toMatch(/^identity policy #1 statement #1 allows/);
  });

  test('one resource policy object shared by two APIs: execute-api:/ stands for each API in turn', () => {
    const shared = policy(resource('Allow', { AWS: ROLE }, { Resource: 'execute-api:/prod/GET/pets/*' }));
    const call = (id: string, grant: string) => AccessEvaluator.evaluate(invoke({
      api: { id, resourcePolicy: shared },
      caller: { principal: 'arn:aws:iam::222222222222:role/partner', identityPolicies: [policy(identity('Allow', grant))] },
    }) as Scenario).decision;
    // Cross account: both sides must allow; the resource side allows only ROLE, so both deny...
    expect(call('a1b2c3d4e5', `${API_ARN}/*`)).toBe('IMPLICIT_DENY');
    // ...and with the partner named, each API's own ARN is what its copy of the policy allows.
    const partner = policy(resource('Allow', { AWS: 'arn:aws:iam::222222222222:role/partner' }, { Resource: 'execute-api:/prod/GET/pets/*' }));
    const callPartner = (id: string) => AccessEvaluator.evaluate(invoke({
      api: { id, resourcePolicy: partner },
      caller: { principal: 'arn:aws:iam::222222222222:role/partner', identityPolicies: [policy(identity('Allow', 'arn:aws:execute-api:*:*:*'))] },
    }) as Scenario).decision;
    expect(callPartner('a1b2c3d4e5')).toBe('ALLOW');
    expect(callPartner('zzzzzzzzzz')).toBe('ALLOW');
    const onlyFirst = policy(resource('Allow', { AWS: 'arn:aws:iam::222222222222:role/partner' }, { Resource: `${API_ARN}/*` }));
    const callOnlyFirst = (id: string) => AccessEvaluator.evaluate(invoke({
      api: { id, resourcePolicy: onlyFirst },
      caller: { principal: 'arn:aws:iam::222222222222:role/partner', identityPolicies: [policy(identity('Allow', 'arn:aws:execute-api:*:*:*'))] },
    }) as Scenario).decision;
    expect(callOnlyFirst('a1b2c3d4e5')).toBe('ALLOW');
    expect(callOnlyFirst('zzzzzzzzzz')).toBe('IMPLICIT_DENY');
  });

  test('the same scenario always gets the same answer', () => {
    const scenario = invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } }) as Scenario;
    const first = AccessEvaluator.evaluate(scenario);
    for (let i = 0; i < 3; i++) {
      expect(AccessEvaluator.evaluate(scenario)).toEqual(first);
    }
  });
});

describe('evaluating the same scenario object again', () => {
  // Whatever the evaluator keeps between calls, any change to a scenario object must be seen.
  const scenario = (): any => invoke({
    api: { methods: [{ httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'NONE' }] },
    request: { sourceIp: '198.51.100.7' },
  });

  test('a changed value is seen', () => {
    const s = scenario();
    expect(AccessEvaluator.evaluate(s).decision).toBe('ALLOW');
    s.api.methods[0].authorizationType = 'AWS_IAM';
    expect(AccessEvaluator.evaluate(s).decision).toBe('IMPLICIT_DENY');
    s.api.methods[0].authorizationType = 'NONE';
    expect(AccessEvaluator.evaluate(s).decision).toBe('ALLOW');
    s.request.path = '/cats/7';
    expect(AccessEvaluator.evaluate(s).decision).toBe('IMPLICIT_DENY');
  });

  test('an added field, even an unknown one, is seen', () => {
    const s = scenario();
    AccessEvaluator.evaluate(s);
    s.api.resourcePolicy = policy(resource('Deny'));
    expect(AccessEvaluator.evaluate(s).decision).toBe('EXPLICIT_DENY');
    s.request.sourceIP = '203.0.113.1';
    expect(() => AccessEvaluator.evaluate(s)).toThrow(/request.sourceIP: unknown field/);
    delete s.request.sourceIP;
    delete s.api.resourcePolicy;
    expect(AccessEvaluator.evaluate(s).decision).toBe('ALLOW');
  });

  test('a list that grows or shrinks is seen', () => {
    const s = scenario();
    s.request.path = '/pets';
    expect(AccessEvaluator.evaluate(s).decision).toBe('IMPLICIT_DENY');
    s.api.methods.push({ httpMethod: 'GET', path: '/pets', authorizationType: 'NONE' });
    expect(AccessEvaluator.evaluate(s).decision).toBe('ALLOW');
    s.api.methods.pop();
    expect(AccessEvaluator.evaluate(s).decision).toBe('IMPLICIT_DENY');
  });

  test('a new policy object is compiled', () => {
    const s = scenario();
    s.api.resourcePolicy = policy(resource('Allow'));
    expect(AccessEvaluator.evaluate(s).decision).toBe('ALLOW');
    s.api.resourcePolicy = policy(resource('Allow'), resource('Deny'));
    expect(AccessEvaluator.evaluate(s).decision).toBe('EXPLICIT_DENY');
  });

  test('an invalid change is an error, not the cached answer', () => {
    const s = scenario();
    AccessEvaluator.evaluate(s);
    s.api.account = '123';
    expect(() => AccessEvaluator.evaluate(s)).toThrow(InvalidInputError);
  });
});

describe('AccessEvaluator.evaluateJson', () => {
  test('evaluates a JSON scenario', () => {
    const result = AccessEvaluator.evaluateJson(JSON.stringify(invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } })));
    expect(result.decision).toBe('ALLOW');
  });

  test('malformed JSON is an InvalidInputError with the line and column', () => {
    const text = '{\n  "api": {\n    "id": "a1b2c3d4e5",\n  }\n}';
    let error: unknown;
    try {
      AccessEvaluator.evaluateJson(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/is not valid JSON: .* at line 4, column 3/);
  });

  test('a JSON value that is not an object is invalid', () => {
    expect(() => AccessEvaluator.evaluateJson('[]')).toThrow(InvalidInputError);
    expect(() => AccessEvaluator.evaluateJson('')).toThrow(InvalidInputError);
  });
});

describe('fails closed on anything (fuzz)', () => {
  function outcome(input: unknown): string {
    try {
      return AccessEvaluator.evaluate(input as Scenario).decision;
    } catch (e) {
      if (e instanceof InvalidInputError) return 'INVALID';
      throw e;
    }
  }

  test('arbitrary values as a scenario: a decision or an InvalidInputError, nothing else', () => {
    fc.assert(fc.property(fc.anything(), value => {
      expect(['ALLOW', 'IMPLICIT_DENY', 'EXPLICIT_DENY', 'INVALID']).toContain(outcome(value));
    }), { numRuns: 300 });
  });

  // A rich valid scenario; each run replaces one value somewhere in it with an arbitrary value.
  const base = () => invoke({
    api: {
      endpointType: 'PRIVATE',
      resourcePolicy: policy(resource('Allow', '*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } }), resource('Deny', { AWS: '*' })),
      methods: [{ httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'CUSTOM' }, { httpMethod: 'ANY', path: '/{proxy+}', authorizationType: 'AWS_IAM' }],
    },
    caller: {
      principal: ROLE,
      identityPolicies: [policy(identity('Allow'))],
      principalTags: { team: 'a' },
      lambdaAuthorizer: { result: 'POLICY', policy: policy(identity('Allow')) },
      cognito: { token: 'VALID' },
    },
    request: { vpcEndpoint: { id: 'vpce-0a1b2c3d', vpcId: 'vpc-0e1f2a3b' }, context: { 'aws:Referer': ['a', 'b'] } },
  });

  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (typeof value !== 'object' || value === null) return [prefix];
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    return [prefix, ...keys.flatMap(k => paths((value as any)[k], [...prefix, k]))];
  }
  const allPaths = paths(base()).filter(p => p.length > 0);

  test('one value anywhere replaced by anything: a decision or an InvalidInputError', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: allPaths.length - 1 }), fc.anything(), fc.boolean(), (index, replacement, remove) => {
      const scenario: any = base();
      const path = allPaths[index];
      let parent = scenario;
      for (const key of path.slice(0, -1)) parent = parent[key];
      const key = path[path.length - 1];
      // Removing a list element shortens the list (JSON and jsii never produce sparse lists).
      if (remove && Array.isArray(parent)) parent.splice(key as number, 1);
      else if (remove) delete parent[key];
      else parent[key] = replacement;
      expect(['ALLOW', 'IMPLICIT_DENY', 'EXPLICIT_DENY', 'INVALID']).toContain(outcome(scenario));
    }), { numRuns: 1500 });
  });

  // Paths outside policy documents (a document is read once per object, by design).
  const insidePolicy = (p: (string | number)[]) => {
    const text = p.join('.');
    return /^(api\.resourcePolicy|caller\.identityPolicies\.\d+|caller\.permissionsBoundary|caller\.lambdaAuthorizer\.policy)\./.test(text);
  };
  const scenarioPaths = allPaths.filter(p => !insidePolicy(p));

  test('a scenario object evaluated, changed anywhere and evaluated again gets the answer of a fresh copy', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: scenarioPaths.length - 1 }), fc.jsonValue(), fc.boolean(), (index, replacement, remove) => {
      const scenario: any = base();
      outcome(scenario);
      const path = scenarioPaths[index];
      let parent = scenario;
      for (const key of path.slice(0, -1)) parent = parent[key];
      const key = path[path.length - 1];
      if (remove && Array.isArray(parent)) parent.splice(key as number, 1);
      else if (remove) delete parent[key];
      else parent[key] = replacement;
      expect(outcome(scenario)).toBe(outcome(JSON.parse(JSON.stringify(scenario))));
    }), { numRuns: 1000 });
  });
});

// Issue 10: InvalidInputError is not exported (jsii cannot expose Error subclasses usefully), so users
// need a test that does not depend on the class: a marker the error carries, as aws-cdk-lib's
// Errors.isValidationError reads (node_modules/aws-cdk-lib/core/lib/errors.d.ts).
describe('AccessEvaluator.isInvalidInputError', () => {
  const caught = (run: () => unknown): unknown => {
    try {
      run();
    } catch (e) {
      return e;
    }
    throw new Error('nothing thrown');
  };

  test('recognises what evaluate and evaluateJson throw for invalid input', () => {
    expect(AccessEvaluator.isInvalidInputError(caught(() => AccessEvaluator.evaluateJson('{')))).toBe(true);
    expect(AccessEvaluator.isInvalidInputError(caught(() => AccessEvaluator.evaluate({ request: {} } as any)))).toBe(true);
  });

  test('and nothing else', () => {
    for (const other of [new Error('api.id: is required'), new TypeError('x'), { name: 'InvalidInputError', message: 'a: b' }, 'a: b', undefined, null, 42]) {
      expect(AccessEvaluator.isInvalidInputError(other)).toBe(false);
    }
  });

  test('the marker is shared by copies of the library (a global symbol), not the class identity', () => {
    const foreign = new Error('from another copy');
    Object.defineProperty(foreign, Symbol.for('cdk-apigateway-access.InvalidInputError'), { value: true });
    expect(AccessEvaluator.isInvalidInputError(foreign)).toBe(true);
  });
});
