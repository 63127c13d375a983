import { API_ARN, identity, invoke, policy, ROLE } from './fixtures/builders';
import { InvalidInputError } from '../../src/evaluator/errors';
import { evaluateScenario } from '../../src/evaluator/evaluate-scenario';
import { parsePathTemplate, parseRequestPath, selectMethod } from '../../src/evaluator/routing';

// Rules 1 and 2 of the scenario format, and how API Gateway picks the method of a request
// (developer guide, "Set up a proxy integration with a proxy resource": {name} is one segment,
// a final {name+} one or more; ANY answers verbs that have no method of their own).

function pick(methods: [string, string][], verb: string, path: string): string | undefined {
  const routed = methods.map(([httpMethod, p]) => ({ httpMethod, template: parsePathTemplate(p, 'test') }));
  const chosen = selectMethod(routed, verb, parseRequestPath(path, 'test'));
  return chosen && `${chosen.httpMethod} ${chosen.template.text}`;
}

describe('method matching', () => {
  test.each<[string, string, string | undefined]>([
    ['GET', '/pets', 'GET /pets'],
    ['GET', '/pets/7', 'GET /pets/{petId}'],
    ['GET', '/pets/7/toys', undefined],
    ['POST', '/pets', 'ANY /pets'],
    ['GET', '/', 'GET /'],
    ['DELETE', '/', undefined],
  ])('%s %s -> %s', (verb, path, expected) => {
    expect(pick([['GET', '/pets'], ['ANY', '/pets'], ['GET', '/pets/{petId}'], ['GET', '/']], verb, path)).toBe(expected);
  });

  test('a greedy part takes one or more remaining segments, never zero', () => {
    const methods: [string, string][] = [['ANY', '/files/{proxy+}']];
    expect(pick(methods, 'GET', '/files/a')).toBe('ANY /files/{proxy+}');
    expect(pick(methods, 'GET', '/files/a/b/c')).toBe('ANY /files/{proxy+}');
    expect(pick(methods, 'GET', '/files')).toBeUndefined();
    expect(pick([['ANY', '/{proxy+}']], 'GET', '/')).toBeUndefined();
  });

  test('literal segment over {name} over {name+}, from the left', () => {
    const methods: [string, string][] = [['GET', '/{proxy+}'], ['GET', '/pets/{petId}'], ['GET', '/pets/mine'], ['GET', '/{kind}/7']];
    expect(pick(methods, 'GET', '/pets/mine')).toBe('GET /pets/mine');
    expect(pick(methods, 'GET', '/pets/7')).toBe('GET /pets/{petId}');
    expect(pick(methods, 'GET', '/cats/7')).toBe('GET /{kind}/7');
    expect(pick(methods, 'GET', '/cats/8')).toBe('GET /{proxy+}');
    // The order of the list does not matter.
    expect(pick([...methods].reverse(), 'GET', '/pets/7')).toBe('GET /pets/{petId}');
  });

  test('an explicit verb over ANY on the same resource', () => {
    expect(pick([['ANY', '/pets/{id}'], ['GET', '/pets/{id}']], 'GET', '/pets/1')).toBe('GET /pets/{id}');
    expect(pick([['GET', '/pets/{id}'], ['ANY', '/pets/{id}']], 'GET', '/pets/1')).toBe('GET /pets/{id}');
    expect(pick([['GET', '/pets/{id}'], ['ANY', '/pets/{id}']], 'PUT', '/pets/1')).toBe('ANY /pets/{id}');
  });

  test('the more specific path wins over an explicit verb on a less specific one', () => {
    expect(pick([['GET', '/{proxy+}'], ['ANY', '/pets/{id}']], 'GET', '/pets/1')).toBe('ANY /pets/{id}');
  });

  test('the path selects the resource first: a verb it lacks never falls back to a greedy sibling', () => {
    // /pets matches POST /pets more specifically than /{proxy+}; /pets has no POST, so API Gateway
    // answers 403 (Missing Authentication Token) instead of routing to ANY /{proxy+}.
    const methods: [string, string][] = [['ANY', '/{proxy+}'], ['GET', '/pets']];
    expect(pick(methods, 'GET', '/pets')).toBe('GET /pets');
    expect(pick(methods, 'POST', '/pets')).toBeUndefined();
    expect(pick(methods, 'POST', '/cats')).toBe('ANY /{proxy+}');
  });

  test('the chosen method decides the authorization type', () => {
    const api = {
      methods: [
        { httpMethod: 'ANY', path: '/{proxy+}', authorizationType: 'AWS_IAM' },
        { httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'NONE' },
      ],
    };
    expect(evaluateScenario(invoke({ api })).decision).toBe('ALLOW');
    expect(evaluateScenario(invoke({ api, request: { httpMethod: 'POST' } })).decision).toBe('IMPLICIT_DENY');
  });
});

describe('rule 2: no method matches', () => {
  test('implicit deny, with the request and the methods in the reason', () => {
    const api = {
      methods: [
        { httpMethod: 'GET', path: '/pets', authorizationType: 'NONE' },
        { httpMethod: 'POST', path: '/pets', authorizationType: 'NONE' },
      ],
    };
    const result = evaluateScenario(invoke({ api, request: { path: '/pets/7' } }));
    expect(result.decision).toBe('IMPLICIT_DENY');
    expect(result.reasons).toEqual(['no method matches GET /pets/7 (methods: GET /pets, POST /pets)']);
  });
});

describe('rule 1: the request ARN', () => {
  const allowOnly = (resource: string, path: string, httpMethod = 'GET', methodPath = '/pets/{petId}') => evaluateScenario(invoke({
    api: { methods: [{ httpMethod: 'ANY', path: methodPath, authorizationType: 'AWS_IAM' }] },
    caller: { principal: ROLE, identityPolicies: [policy(identity('Allow', resource))] },
    request: { path, httpMethod },
  })).decision;

  test('is arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH with the real path', () => {
    expect(allowOnly(`${API_ARN}/prod/GET/pets/7`, '/pets/7')).toBe('ALLOW');
    expect(allowOnly(`${API_ARN}/prod/GET/pets/8`, '/pets/7')).toBe('IMPLICIT_DENY');
    expect(allowOnly(`${API_ARN}/prod/PUT/pets/7`, '/pets/7', 'PUT')).toBe('ALLOW');
  });

  test('the root path gives a trailing slash', () => {
    expect(allowOnly(`${API_ARN}/prod/GET/`, '/', 'GET', '/')).toBe('ALLOW');
    expect(allowOnly(`${API_ARN}/prod/GET`, '/', 'GET', '/')).toBe('IMPLICIT_DENY');
  });

  test('follows the partition and region of the API', () => {
    const result = evaluateScenario(invoke({
      api: { partition: 'aws-cn', region: 'cn-north-1' },
      caller: {
        principal: 'arn:aws-cn:iam::111111111111:role/reader',
        identityPolicies: [policy(identity('Allow', 'arn:aws-cn:execute-api:cn-north-1:111111111111:a1b2c3d4e5/prod/GET/pets/7'))],
      },
    }));
    expect(result.decision).toBe('ALLOW');
  });
});

describe('method path syntax', () => {
  test.each(['/pets/{petId}', '/', '/files/{proxy+}', '/a/b.c/{x_y}'])('accepts %s', p => {
    expect(() => parsePathTemplate(p, 'f')).not.toThrow();
  });
  test.each(['pets', '/pets/', '/{proxy+}/x', '/pets/{}', '/pets/{id', '/pets//x', '/a{b}'])('rejects %s', p => {
    expect(() => parsePathTemplate(p, 'f')).toThrow(InvalidInputError);
  });
});
