import { API, applies, compile, request } from './helpers';
import { evaluatePolicy } from '../../../src/evaluator/policy/evaluate';
import { PolicyKind } from '../../../src/evaluator/policy/model';

const R = `${API}/prod/GET/pets/7`;

// IAM User Guide, "IAM JSON policy elements: Action": action names are case-insensitive; `*` and `?`.
describe('Action', () => {
  test.each([
    ['execute-api:Invoke', 'execute-api:Invoke', true],
    ['EXECUTE-API:invoke', 'execute-api:Invoke', true],
    ['execute-api:Invoke', 'EXECUTE-API:INVOKE', true],
    ['execute-api:*', 'execute-api:InvalidateCache', true],
    ['*', 'apigateway:PATCH', true],
    ['execute-api:In*', 'execute-api:Invoke', true],
    ['execute-api:in*', 'execute-api:InvalidateCache', true],
    ['execute-api:Inv?ke', 'execute-api:Invoke', true],
    ['execute-api:Inv?ke', 'execute-api:Invooke', false],
    ['execute-api:Invoke', 'execute-api:InvalidateCache', false],
    ['execute-api:Invoke', 'execute-api:Invoke2', false],
    ['apigateway:*', 'execute-api:Invoke', false],
    ['apigateway:GET', 'apigateway:PATCH', false],
    ['apigateway:P*', 'apigateway:PATCH', true],
    ['apigateway:P*', 'apigateway:GET', false],
    // ('*:Invoke' is not an action at all: grammar.test.ts, a wildcard in the service prefix.)
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(applies({ Action: pattern, Resource: '*' }, { action, resource: R })).toBe(expected);
  });

  test.each([
    ['execute-api:Invoke', 'execute-api:Invoke', false],
    ['execute-api:Invoke', 'execute-api:InvalidateCache', true],
    ['execute-api:*', 'apigateway:GET', true],
    ['*', 'apigateway:GET', false],
  ])('NotAction %s applies to %s: %s', (pattern, action, expected) => {
    expect(applies({ NotAction: pattern, Resource: '*' }, { action, resource: R })).toBe(expected);
  });

  test('any action of a list matches', () => {
    expect(applies({ Action: ['apigateway:GET', 'execute-api:Invoke'], Resource: '*' }, { resource: R })).toBe(true);
  });
});

// IAM User Guide, "IAM JSON policy elements: Resource": ARNs are matched segment by segment, case
// sensitively; `*` and `?` within a segment; in the resource part `*` also matches `/` (and `:`); a `*`
// that ends a segment can expand past the colon.
describe('Resource', () => {
  test.each([
    [R, R, true],
    ['*', R, true],
    [`${API}/*`, R, true],
    [`${API}/prod/*`, R, true],
    [`${API}/*/GET/*`, R, true],
    [`${API}/prod/GET/pets/*`, R, true],
    [`${API}/prod/GET/pets/?`, R, true],
    [`${API}/prod/GET/pets/??`, R, false],
    [`${API}/prod/POST/*`, R, false],
    [`${API}/prod/get/*`, R, false],
    [`${API}/Prod/*`, R, false],
    [`${API}/prod/GET/pets`, R, false],
    [`${API}/prod/GET/*/7`, R, true],
    [`${API}/prod/GET/pet*`, R, true],
    [`${API}/*/*/pets/*`, R, true],
    [`${API}/prod/*/pets/7`, `${API}/prod/GET/pets/7`, true],
    // The API id position may hold a wildcard (a known iam-simulate difference).
    ['arn:aws:execute-api:us-east-1:111111111111:*/prod/GET/*', R, true],
    ['arn:aws:execute-api:us-east-1:111111111111:a1b2*', R, true],
    ['arn:aws:execute-api:us-east-1:111111111111:z*', R, false],
    ['arn:aws:execute-api:*:111111111111:a1b2c3d4e5/*', R, true],
    ['arn:aws:execute-api:us-east-?:111111111111:a1b2c3d4e5/*', R, true],
    ['arn:aws:execute-api:us-west-?:111111111111:a1b2c3d4e5/*', R, false],
    ['arn:aws:execute-api:us-*-1:111111111111:a1b2c3d4e5/*', R, true],
    ['arn:aws:execute-api:*:*:*', R, true],
    ['arn:aws:execute-api:*:222222222222:*', R, false],
    ['arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/*', R, true],
    ['arn:*:execute-api:us-east-1:111111111111:a1b2c3d4e5/*', R, true],
    ['arn:aws-cn:execute-api:us-east-1:111111111111:a1b2c3d4e5/*', R, false],
    ['arn:aws:apigateway:us-east-1:111111111111:a1b2c3d4e5/*', R, false],
    // Segments are case-sensitive.
    ['arn:AWS:execute-api:us-east-1:111111111111:a1b2c3d4e5/*', R, false],
    ['arn:aws:execute-api:US-EAST-1:111111111111:a1b2c3d4e5/*', R, false],
    ['arn:aws:execute-api:us-east-1:111111111111:A1B2C3D4E5/*', R, false],
    // A mid-segment wildcard does not cross a colon...
    ['arn:aws:execute-api:us-*1:a1b2c3d4e5/*', R, false],
    ['arn:aws:execute-api:u?-east-1:111111111111:a1b2c3d4e5/*', R, true],
    // ...but a `*` ending a segment may.
    ['arn:aws:execute-api:*', R, true],
    ['arn:aws:*', R, true],
    ['arn:aws:s3:*', R, false],
  ])('%s matches %s: %s', (pattern, resource, expected) => {
    expect(applies({ Action: '*', Resource: pattern }, { resource })).toBe(expected);
  });

  test('in the resource part `*` spans `/` and `:`', () => {
    const resource = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/resources/abc/methods/GET';
    expect(applies({ Action: '*', Resource: 'arn:aws:apigateway:us-east-1::/restapis/*' }, { resource })).toBe(true);
    expect(applies({ Action: '*', Resource: 'arn:aws:apigateway:us-east-1::/restapis/*/methods/GET' }, { resource })).toBe(true);
    expect(applies({ Action: '*', Resource: 'arn:aws:apigateway:*::/restapis/a1b2c3d4e5' }, { resource })).toBe(false);
    expect(applies({ Action: '*', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:*' },
      { resource: 'arn:aws:lambda:us-east-1:111111111111:function:handler:live' })).toBe(true);
  });

  test.each([
    [`${API}/prod/*`, false],
    [`${API}/test/*`, true],
    ['*', false],
  ])('NotResource %s applies: %s', (pattern, expected) => {
    expect(applies({ Action: '*', NotResource: pattern }, { resource: R })).toBe(expected);
  });

  test('the execute-api:/ shorthand stands for the API that owns the resource policy', () => {
    const policy = compile({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/*' }],
    }, PolicyKind.RESOURCE);
    expect(evaluatePolicy(policy, request({ resource: R })).allows).toHaveLength(1);
    expect(evaluatePolicy(policy, request({ resource: `${API}/test/GET/pets/7` })).allows).toHaveLength(0);
    expect(evaluatePolicy(policy, request({ resource: 'arn:aws:execute-api:us-east-1:111111111111:other/prod/GET/pets' })).allows)
      .toHaveLength(0);
  });
});

// IAM User Guide, "IAM policy elements: Variables and tags".
describe('policy variables', () => {
  const keys = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'payments' };

  test.each([
    [`${API}/prod/GET/users/\${aws:username}`, `${API}/prod/GET/users/alice`, true],
    [`${API}/prod/GET/users/\${aws:username}`, `${API}/prod/GET/users/bob`, false],
    [`${API}/prod/GET/users/\${aws:username}/*`, `${API}/prod/GET/users/alice/orders`, true],
    [`${API}/prod/GET/\${aws:PrincipalTag/team}/*`, `${API}/prod/GET/payments/x`, true],
    // Key names in variables are case-insensitive like condition keys.
    [`${API}/prod/GET/users/\${AWS:UserName}`, `${API}/prod/GET/users/alice`, true],
    // Missing key: the element does not match...
    [`${API}/prod/GET/users/\${aws:userid}`, `${API}/prod/GET/users/alice`, false],
    // ...unless it has a default.
    [`${API}/prod/GET/users/\${aws:userid, 'alice'}`, `${API}/prod/GET/users/alice`, true],
    [`${API}/prod/GET/users/\${aws:username, 'nobody'}`, `${API}/prod/GET/users/alice`, true],
    // Special characters stand for themselves.
    [`${API}/prod/GET/a\${*}b`, `${API}/prod/GET/a*b`, true],
    [`${API}/prod/GET/a\${*}b`, `${API}/prod/GET/axxb`, false],
    [`${API}/prod/GET/a\${?}b`, `${API}/prod/GET/a?b`, true],
    [`${API}/prod/GET/a\${?}b`, `${API}/prod/GET/axb`, false],
    [`${API}/prod/GET/a\${$}b`, `${API}/prod/GET/a$b`, true],
  ])('Version 2012-10-17: %s matches %s: %s', (pattern, resource, expected) => {
    expect(applies({ Action: '*', Resource: pattern }, { resource, keys })).toBe(expected);
  });

  test('the substituted value is literal text, not a wildcard', () => {
    expect(applies({ Action: '*', Resource: `${API}/prod/GET/users/\${aws:username}` },
      { resource: `${API}/prod/GET/users/alice`, keys: { 'aws:username': '*' } })).toBe(false);
    expect(applies({ Action: '*', Resource: `${API}/prod/GET/users/\${aws:username}` },
      { resource: `${API}/prod/GET/users/*`, keys: { 'aws:username': '*' } })).toBe(true);
  });

  test('a multivalued key cannot be a variable', () => {
    expect(applies({ Action: '*', Resource: `${API}/prod/GET/users/\${aws:username}` },
      { resource: `${API}/prod/GET/users/alice`, keys: { 'aws:username': ['alice', 'bob'] } })).toBe(false);
  });

  test.each([[null], ['2008-10-17']])('Version %s: variables are literal text', (version) => {
    const pattern = `${API}/prod/GET/users/\${aws:username}`;
    expect(applies({ Action: '*', Resource: pattern }, { resource: `${API}/prod/GET/users/alice`, keys }, version)).toBe(false);
    expect(applies({ Action: '*', Resource: pattern }, { resource: `${API}/prod/GET/users/\${aws:username}`, keys }, version)).toBe(true);
  });

  test('variables in condition values', () => {
    const statement = { Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } } };
    expect(applies(statement, { keys: { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'alice' } })).toBe(true);
    expect(applies(statement, { keys: { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'bob' } })).toBe(false);
    expect(applies(statement, { keys: { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'alice' } }, null)).toBe(false);
    expect(applies(statement, { keys: { 'aws:username': 'alice', 'aws:PrincipalTag/owner': '${aws:username}' } }, null)).toBe(true);
  });

  test('a condition whose variable cannot be resolved does not match, negated operators included', () => {
    const like = { Action: '*', Resource: '*', Condition: { StringLike: { 'aws:userid': '*:${aws:username}' } } };
    expect(applies(like, { keys: { 'aws:userid': 'AIDA:alice', 'aws:username': 'alice' } })).toBe(true);
    expect(applies(like, { keys: { 'aws:userid': 'AIDA:alice' } })).toBe(false);
    const notLike = { Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:userid': '*:${aws:username}' } } };
    expect(applies(notLike, { keys: { 'aws:userid': 'AIDA:bob', 'aws:username': 'alice' } })).toBe(true);
    expect(applies(notLike, { keys: { 'aws:userid': 'AIDA:bob' } })).toBe(false);
  });
});

describe('statements together', () => {
  test('every matching statement is reported, by effect', () => {
    const policy = compile({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API}/*` },
        { Sid: 'B', Effect: 'Allow', Action: 'execute-api:*', Resource: '*' },
        { Sid: 'C', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API}/prod/GET/*` },
        { Sid: 'D', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API}/prod/POST/*` },
      ],
    });
    const verdict = evaluatePolicy(policy, request({ resource: R }));
    expect(verdict.allows.map((h) => h.statement.sid)).toEqual(['A', 'B']);
    expect(verdict.denies.map((h) => h.statement.sid)).toEqual(['C']);
    expect(verdict.allows[0].policy).toBe(policy);
    expect(verdict.allows[0].principal).toBeUndefined();
  });

  test('a policy that was not compiled is refused', () => {
    expect(() => evaluatePolicy({ source: { label: 'x', field: 'x' }, kind: PolicyKind.IDENTITY, statements: [] }, request()))
      .toThrow(/compilePolicy/);
  });
});
