import * as fs from 'fs';
import * as path from 'path';
import { identity, invoke, policy, resource, ROLE } from './fixtures/builders';
import { AccessEvaluator, EvaluationAttempt, Scenario } from '../../src';
import * as evaluateScenarioModule from '../../src/evaluator/evaluate-scenario';

// Issue 10: in Python, Java, .NET and Go the error `evaluate` throws for invalid input reaches the
// user as a plain exception (Python: RuntimeError("InvalidInputError: (json): ...")), and
// `isInvalidInputError` cannot read it (it is not a jsii object). tryEvaluate and tryEvaluateJson
// return invalid input as a struct instead, so every language can tell bad input from a bug.

const allowedScenario = () => invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] } });

/** The attempt holds exactly one of the two, and it is the invalid input. */
function invalidInputOf(attempt: EvaluationAttempt) {
  expect(attempt.result).toBeUndefined();
  expect(attempt.invalidInput).toBeDefined();
  expect(Object.keys(attempt)).toEqual(['invalidInput']);
  return attempt.invalidInput!;
}

describe('invalid input is a value naming the field', () => {
  test('malformed JSON: the field is (json), the message gives line and column', () => {
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluateJson('{\n  "api": {\n    "id": "a1b2c3d4e5",\n  }\n}'));
    expect(invalid.field).toBe('(json)');
    expect(invalid.message).toMatch(/^\(json\): is not valid JSON: .* at line 4, column 3/);
    expect(invalidInputOf(AccessEvaluator.tryEvaluateJson('{')).field).toBe('(json)');
    expect(invalidInputOf(AccessEvaluator.tryEvaluateJson('')).field).toBe('(json)');
  });

  test('a duplicate key (JSON.parse would keep the last one silently)', () => {
    // A policy whose Effect is given twice: the author may have meant either.
    const text = JSON.stringify(invoke({ api: { resourcePolicy: policy(resource('Allow')) } }))
      .replace('"Effect":"Allow"', '"Effect":"Deny","Effect":"Allow"');
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluateJson(text));
    expect(invalid.field).toBe('api.resourcePolicy.Statement[0].Effect');
    expect(invalid.message).toMatch(/^api\.resourcePolicy\.Statement\[0\]\.Effect: /);
    expect(invalid.message).toMatch(/repeats the key 'Effect'/);
  });

  test('an unknown field, in code and in JSON', () => {
    const scenario = invoke({ request: { sourceIP: '203.0.113.10' } });
    const fromCode = invalidInputOf(AccessEvaluator.tryEvaluate(scenario as Scenario));
    expect(fromCode.field).toBe('request.sourceIP');
    expect(fromCode.message.startsWith('request.sourceIP: ')).toBe(true);
    expect(AccessEvaluator.tryEvaluateJson(JSON.stringify(scenario))).toEqual({ invalidInput: fromCode });
  });

  test('a wrong value in a method', () => {
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluate(invoke({
      api: { methods: [{ httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'IAM' }] },
    }) as Scenario));
    expect(invalid.field).toBe('api.methods[0].authorizationType');
    expect(invalid.message).toMatch(/^api\.methods\[0\]\.authorizationType: must be one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS/);
  });

  test('a resource policy over the 8,192 characters API Gateway accepts', () => {
    const big = policy({ ...resource('Allow'), Sid: 'S'.repeat(8200) });
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluate(invoke({ api: { resourcePolicy: big } }) as Scenario));
    expect(invalid.field).toBe('api.resourcePolicy');
    expect(invalid.message).toMatch(/^api\.resourcePolicy: is 8,\d{3} characters without white space, more than AWS accepts: 8,192/);
  });

  test('a required field missing, and a scenario that is not an object', () => {
    const { api, ...noApi } = invoke();
    expect(invalidInputOf(AccessEvaluator.tryEvaluate(noApi as Scenario)).field).toBe('api');
    expect(invalidInputOf(AccessEvaluator.tryEvaluateJson('[]'))).toEqual({ field: '(scenario)', message: '(scenario): must be an object, not a list' });
    expect(invalidInputOf(AccessEvaluator.tryEvaluate(null as unknown as Scenario)).field).toBe('(scenario)');
  });

  test('the message is the one evaluate throws, the field the one its error carries', () => {
    const scenarios = [
      invoke({ api: { account: '123' } }),
      invoke({ caller: { principal: ROLE, identityPolicies: [policy(identity('Allow', 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*', { Action: '*:Invoke' }))] } }),
      invoke({ request: { path: 'pets/7' } }),
    ];
    for (const scenario of scenarios) {
      let thrown: any;
      try {
        AccessEvaluator.evaluate(scenario as Scenario);
      } catch (e) {
        thrown = e;
      }
      expect(AccessEvaluator.isInvalidInputError(thrown)).toBe(true);
      expect(AccessEvaluator.tryEvaluate(scenario as Scenario)).toEqual({ invalidInput: { field: thrown.field, message: thrown.message } });
    }
  });
});

describe('valid input gives the result evaluate gives', () => {
  const scenarios: Record<string, () => Record<string, any>> = {
    'ALLOW (identity policy)': allowedScenario,
    'IMPLICIT_DENY (nothing allows)': () => invoke({ caller: { principal: ROLE } }),
    'EXPLICIT_DENY (resource policy)': () => invoke({
      api: { resourcePolicy: policy(resource('Deny', { AWS: '*' })) },
      caller: { principal: ROLE, identityPolicies: [policy(identity('Allow'))] },
      expected: 'DENY',
    }),
  };

  test.each(Object.keys(scenarios))('%s', name => {
    const scenario = scenarios[name]();
    const expected = AccessEvaluator.evaluate(scenario as Scenario);
    expect(AccessEvaluator.tryEvaluate(scenario as Scenario)).toEqual({ result: expected });
    expect(AccessEvaluator.tryEvaluateJson(JSON.stringify(scenario))).toEqual({ result: expected });
  });

  test('the three decisions are all covered', () => {
    const decisions = Object.values(scenarios).map(s => AccessEvaluator.tryEvaluate(s() as Scenario).result?.decision);
    expect(decisions).toEqual(['ALLOW', 'IMPLICIT_DENY', 'EXPLICIT_DENY']);
  });
});

describe('tryEvaluateJson given something that is not JSON text', () => {
  // jsii passes Python None and Java null through as null; JavaScript callers can pass anything.
  // Each is invalid input for (json), as tryEvaluate answers for a missing scenario, never a TypeError.
  test.each([
    ['undefined', undefined, /^\(json\): must be a string of JSON text, not undefined$/],
    ['null (None in Python, null in Java)', null, /^\(json\): must be a string of JSON text, not null$/],
    ['a number', 42, /^\(json\): must be a string of JSON text, not number '42'$/],
    ['a scenario object', {}, /^\(json\): must be a string of JSON text, not an object \(to evaluate a scenario built in code, call evaluate or tryEvaluate\)$/],
  ])('%s', (_what, value, message) => {
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluateJson(value as unknown as string));
    expect(invalid.field).toBe('(json)');
    expect(invalid.message).toMatch(message);
    expect(() => AccessEvaluator.evaluateJson(value as unknown as string)).toThrow(message);
  });

  test('text starting with a byte order mark (Windows editors write one) says so, instead of an invisible "Unexpected token"', () => {
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluateJson('\ufeff' + JSON.stringify(allowedScenario())));
    expect(invalid.message).toBe('(json): is not valid JSON: it starts with a byte order mark (U+FEFF), which JSON text must not have; save it as UTF-8 without one');
  });
});

describe('anything but invalid input is still thrown (a bug is never reported as bad input)', () => {
  afterEach(() => jest.restoreAllMocks());

  // The evaluator failing of itself: its core replaced for this test by one that breaks the way a
  // bug would. The spy replaces the module's export, which the public methods call.
  test.each([
    ['TypeError', () => new TypeError("Cannot read properties of undefined (reading 'Statement')")],
    ['RangeError', () => new RangeError('Maximum call stack size exceeded')],
    ['an Error whose message looks like a field', () => new Error('api.id: is required')],
  ])('%s', (_name, bug) => {
    const error = bug();
    jest.spyOn(evaluateScenarioModule, 'evaluateScenario').mockImplementation(() => {
      throw error;
    });
    expect(() => AccessEvaluator.tryEvaluate(allowedScenario() as Scenario)).toThrow(error);
    expect(() => AccessEvaluator.tryEvaluateJson(JSON.stringify(allowedScenario()))).toThrow(error);
  });

  test('an exception raised by the caller\'s own object (a getter) propagates unchanged', () => {
    const failure = new Error('the caller\'s getter failed');
    const scenario = { ...allowedScenario(), get request(): never { throw failure; } };
    expect(() => AccessEvaluator.tryEvaluate(scenario as unknown as Scenario)).toThrow(failure);
  });
});

describe('the README example', () => {
  test('its scenario text gives the invalid input its comments promise', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = /```ts\n[^`]*?const text = ((?:'[^']*'\s*\+?\s*)+);\n\nconst attempt = access\.AccessEvaluator\.tryEvaluateJson\(text\);/.exec(readme);
    expect(example).not.toBeNull();
    const text = [...example![1].matchAll(/'([^']*)'/g)].map(m => m[1]).join('');
    const invalid = invalidInputOf(AccessEvaluator.tryEvaluateJson(text));
    expect(invalid.field).toBe('request.sourceIP');
    expect(invalid.message).toMatch(/^request\.sourceIP: unknown field \(allowed here: /);
    // With the field spelt as the format spells it, the same text is evaluated.
    expect(AccessEvaluator.tryEvaluateJson(text.replace('"sourceIP"', '"sourceIp"')).result?.decision).toBe('ALLOW');
  });
});
