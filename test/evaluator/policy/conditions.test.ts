import { applies } from './helpers';
import { parseDate } from '../../../src/evaluator/policy/conditions';

/** Does a statement with this single condition apply, given these request keys? */
function holds(operator: string, key: string, values: unknown, keys: Record<string, string | string[]> = {}): boolean {
  return applies({ Action: '*', Resource: '*', Condition: { [operator]: { [key]: values } } }, { keys });
}

// IAM User Guide, "IAM JSON policy elements: Condition operators".
describe('string operators', () => {
  test.each([
    ['StringEquals', 'alice', { k: 'alice' }, true],
    ['StringEquals', 'alice', { k: 'Alice' }, false],
    ['StringEquals', ['bob', 'alice'], { k: 'alice' }, true],
    ['StringEquals', 'a*', { k: 'alice' }, false],
    ['StringEquals', 'a*', { k: 'a*' }, true],
    ['StringNotEquals', 'alice', { k: 'bob' }, true],
    ['StringNotEquals', 'alice', { k: 'alice' }, false],
    // Negated operators with several values: none of them (NOR).
    ['StringNotEquals', ['alice', 'bob'], { k: 'bob' }, false],
    ['StringNotEquals', ['alice', 'bob'], { k: 'carol' }, true],
    ['StringEqualsIgnoreCase', 'ALICE', { k: 'alice' }, true],
    ['StringEqualsIgnoreCase', 'alice', { k: 'AlIcE' }, true],
    ['StringEqualsIgnoreCase', 'alice', { k: 'bob' }, false],
    ['StringNotEqualsIgnoreCase', 'ALICE', { k: 'alice' }, false],
    ['StringNotEqualsIgnoreCase', ['ALICE', 'BOB'], { k: 'carol' }, true],
    ['StringLike', 'a*', { k: 'alice' }, true],
    ['StringLike', 'a?ice', { k: 'alice' }, true],
    ['StringLike', 'a?ice', { k: 'aliice' }, false],
    ['StringLike', '*/prod/*', { k: 'x/prod/y:z' }, true],
    ['StringLike', 'A*', { k: 'alice' }, false],
    ['StringLike', ['x*', 'al*'], { k: 'alice' }, true],
    ['StringNotLike', 'a*', { k: 'bob' }, true],
    ['StringNotLike', ['b*', 'a*'], { k: 'alice' }, false],
    ['StringNotLike', ['b*', 'c*'], { k: 'alice' }, true],
  ])('%s %j with %j: %s', (operator, values, keys, expected) => {
    expect(holds(operator, 'k', values, keys)).toBe(expected);
  });

  test('condition key names are case-insensitive ("IAM JSON policy elements: Condition")', () => {
    expect(holds('StringEquals', 'AWS:UserName', 'alice', { 'aws:username': 'alice' })).toBe(true);
    expect(holds('StringEquals', 'aws:username', 'alice', { 'AWS:USERNAME': 'alice' })).toBe(true);
  });

  test('numbers and booleans in condition values are compared as their text', () => {
    expect(holds('StringEquals', 'k', 5, { k: '5' })).toBe(true);
    expect(holds('StringEquals', 'k', true, { k: 'true' })).toBe(true);
  });
});

describe('numeric operators', () => {
  test.each([
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', '11', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericNotEquals', ['10', '11'], '11', false],
    ['NumericLessThan', '10', '9', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericLessThanEquals', '10', '11', false],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThanEquals', '10', '10', true],
    ['NumericGreaterThanEquals', '10', '-3', false],
    ['NumericLessThan', '0.5', '0.25', true],
    ['NumericEquals', 10, '10', true],
    ['NumericEquals', '10', 'ten', false],
  ])('%s %j with %s: %s', (operator, values, value, expected) => {
    expect(holds(operator, 's3:max-keys', values, { 's3:max-keys': value })).toBe(expected);
  });
});

describe('date operators (ISO 8601 or epoch seconds)', () => {
  test.each([
    ['DateLessThan', '2026-01-01T00:00:00Z', '2025-12-31T23:59:59Z', true],
    ['DateLessThan', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', false],
    ['DateLessThanEquals', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', true],
    ['DateGreaterThan', '2026-01-01', '2026-01-01T00:00:01Z', true],
    ['DateGreaterThan', '2026-01-01', '2025-06-01T00:00:00Z', false],
    ['DateGreaterThanEquals', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', true],
    ['DateEquals', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z', true],
    ['DateEquals', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00+01:00', true],
    ['DateNotEquals', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', true],
    ['DateNotEquals', ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'], '2026-01-02T00:00:00Z', false],
    // Epoch seconds on either side.
    ['DateLessThan', '1767225600', '2025-12-31T23:59:59Z', true],
    ['DateGreaterThan', '2026-01-01T00:00:00Z', '1767225601', true],
    ['DateEquals', 1767225600, '2026-01-01T00:00:00Z', true],
    ['DateLessThan', '2026-01-01T00:00:00Z', 'yesterday', false],
  ])('%s %j with %s: %s', (operator, values, value, expected) => {
    expect(holds(operator, 'aws:CurrentTime', values, { 'aws:CurrentTime': value })).toBe(expected);
  });

  test('a date-time without zone is UTC', () => {
    expect(parseDate('2026-01-01T00:00:00')).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate('2026-01-01T00:00')).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parseDate('2026-02-30T25:00:00Z')).toBeUndefined();
  });
});

describe('Bool and BinaryEquals', () => {
  test.each([
    ['true', 'true', true],
    ['true', 'false', false],
    ['false', 'false', true],
    ['TRUE', 'true', true],
    [true, 'true', true],
    [false, 'true', false],
  ])('Bool %j with %s: %s', (value, request, expected) => {
    expect(holds('Bool', 'aws:SecureTransport', value, { 'aws:SecureTransport': request })).toBe(expected);
  });

  test('Bool on a missing key is false, BoolIfExists true', () => {
    expect(holds('Bool', 'aws:SecureTransport', 'true')).toBe(false);
    expect(holds('BoolIfExists', 'aws:SecureTransport', 'true')).toBe(true);
  });

  test('BinaryEquals compares the base-64 text', () => {
    expect(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'QmluYXJ5VmFsdWU=' })).toBe(true);
    expect(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'QmluYXJ5VmFsdWF=' })).toBe(false);
  });
});

describe('IpAddress and NotIpAddress', () => {
  test.each([
    ['IpAddress', '203.0.113.0/24', '203.0.113.10', true],
    ['IpAddress', '203.0.113.0/24', '198.51.100.1', false],
    ['IpAddress', '203.0.113.10', '203.0.113.10', true],
    ['IpAddress', ['198.51.100.0/24', '203.0.113.0/24'], '203.0.113.10', true],
    ['IpAddress', '2001:db8::/32', '2001:db8:1::5', true],
    ['IpAddress', '2001:db8::/32', '2001:db9::5', false],
    ['IpAddress', ['203.0.113.0/24', '2001:db8::/32'], '2001:db8::1', true],
    ['IpAddress', '203.0.113.0/24', '2001:db8::1', false],
    ['IpAddress', '203.0.113.0/24', 'not-an-ip', false],
    ['NotIpAddress', '203.0.113.0/24', '198.51.100.1', true],
    ['NotIpAddress', '203.0.113.0/24', '203.0.113.99', false],
    ['NotIpAddress', ['203.0.113.0/24', '2001:db8::/32'], '2001:db8::1', false],
    ['NotIpAddress', ['203.0.113.0/24', '2001:db8::/32'], '2001:db9::1', true],
    ['NotIpAddress', '2001:db8::/32', '203.0.113.1', true],
  ])('%s %j with %s: %s', (operator, values, ip, expected) => {
    expect(holds(operator, 'aws:SourceIp', values, { 'aws:SourceIp': ip })).toBe(expected);
  });

  test('a missing aws:SourceIp: IpAddress false, NotIpAddress true, IfExists true', () => {
    // The reference's example: through a VPC endpoint aws:SourceIp is absent, so a Deny with
    // NotIpAddress on it applies to every such call.
    expect(holds('IpAddress', 'aws:SourceIp', '10.0.0.0/8')).toBe(false);
    expect(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8')).toBe(true);
    expect(holds('IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8')).toBe(true);
    expect(holds('NotIpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8')).toBe(true);
  });
});

describe('ARN operators', () => {
  const role = 'arn:aws:iam::111111111111:role/team/reader';
  test.each([
    ['ArnEquals', role, role, true],
    ['ArnLike', role, role, true],
    ['ArnLike', 'arn:aws:iam::111111111111:role/*', role, true],
    ['ArnEquals', 'arn:aws:iam::111111111111:role/*', role, true],
    ['ArnLike', 'arn:aws:iam::*:role/team/*', role, true],
    ['ArnLike', 'arn:aws:iam::222222222222:role/*', role, false],
    ['ArnLike', 'arn:aws:iam::111111111111:ROLE/*', role, false],
    ['ArnLike', 'arn:aws:iam::111111111111:user/*', role, false],
    ['ArnNotEquals', 'arn:aws:iam::111111111111:role/team/writer', role, true],
    ['ArnNotLike', ['arn:aws:iam::111111111111:role/x/*', 'arn:aws:iam::111111111111:role/team/*'], role, false],
    ['ArnNotLike', 'arn:aws:iam::111111111111:role/x/*', role, true],
    ['ArnLike', 'arn:aws:iam::111111111111:role/team/reader', 'not-an-arn', false],
  ])('%s %j with %s: %s', (operator, values, arn, expected) => {
    expect(holds(operator, 'aws:PrincipalArn', values, { 'aws:PrincipalArn': arn })).toBe(expected);
  });
});

describe('Null', () => {
  test.each([
    ['true', undefined, true],
    ['true', 'vpc-1', false],
    ['false', 'vpc-1', true],
    ['false', undefined, false],
    [true, undefined, true],
    [['true', 'false'], 'vpc-1', true],
  ])('Null %j with aws:SourceVpc %s: %s', (value, present, expected) => {
    expect(holds('Null', 'aws:SourceVpc', value, present === undefined ? {} : { 'aws:SourceVpc': present })).toBe(expected);
  });

  test('an empty list counts as absent', () => {
    expect(holds('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(true);
  });
});

// "A missing key makes a condition false, except negated operators (true), ...IfExists (true) and Null".
describe('missing keys', () => {
  test.each([
    ['StringEquals', false],
    ['StringNotEquals', true],
    ['StringEqualsIgnoreCase', false],
    ['StringNotEqualsIgnoreCase', true],
    ['StringLike', false],
    ['StringNotLike', true],
    ['StringEqualsIfExists', true],
    ['StringNotLikeIfExists', true],
    ['ArnLike', false],
    ['ArnNotLike', true],
    ['ArnEqualsIfExists', true],
  ])('%s on a missing key: %s', (operator, expected) => {
    const value = operator.startsWith('Arn') ? 'arn:aws:iam::111111111111:role/x' : 'x';
    expect(holds(operator, 'k', value)).toBe(expected);
  });

  test.each([
    ['NumericLessThan', '5', false],
    ['NumericNotEquals', '5', true],
    ['NumericLessThanIfExists', '5', true],
    ['DateLessThan', '2026-01-01', false],
    ['DateNotEquals', '2026-01-01', true],
    ['DateGreaterThanIfExists', '2026-01-01', true],
  ])('%s on a missing key: %s', (operator, value, expected) => {
    expect(holds(operator, 'k', value)).toBe(expected);
  });

  test('IfExists on a present key behaves like the operator', () => {
    expect(holds('StringEqualsIfExists', 'k', 'x', { k: 'y' })).toBe(false);
    expect(holds('StringEqualsIfExists', 'k', 'x', { k: 'x' })).toBe(true);
    expect(holds('IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.0.0.1' })).toBe(false);
  });
});

// IAM User Guide, "Set operators for multivalued context keys" and the multivalued examples.
describe('ForAnyValue and ForAllValues', () => {
  const tags = (values?: string[]): Record<string, string[]> => (values === undefined ? {} : { 'aws:TagKeys': values });
  test.each([
    ['ForAllValues:StringEquals', ['a', 'b'], ['a'], true],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
    ['ForAllValues:StringEquals', ['a', 'b'], [], true],
    ['ForAllValues:StringEquals', ['a', 'b'], undefined, true],
    ['ForAllValues:StringLike', 'key1*', ['key1:a', 'key1:b'], true],
    ['ForAllValues:StringNotLike', 'key1*', ['key1:legal'], false],
    ['ForAllValues:StringNotLike', 'key1*', ['key2:audit'], true],
    ['ForAllValues:StringNotLike', 'key1*', undefined, true],
    ['ForAnyValue:StringEquals', ['a', 'b'], ['c', 'b'], true],
    ['ForAnyValue:StringEquals', ['a', 'b'], ['c', 'd'], false],
    ['ForAnyValue:StringEquals', ['a', 'b'], [], false],
    ['ForAnyValue:StringEquals', ['a', 'b'], undefined, false],
    ['ForAnyValue:StringNotEquals', 'a', ['a', 'b'], true],
    ['ForAnyValue:StringNotEquals', 'a', ['a'], false],
    ['ForAnyValue:StringNotEquals', 'a', undefined, false],
    ['ForAnyValue:StringEqualsIfExists', 'a', undefined, true],
    ['ForAllValues:StringEqualsIfExists', 'a', ['a', 'b'], false],
  ])('%s %j with %j: %s', (operator, values, request, expected) => {
    expect(holds(operator, 'aws:TagKeys', values, tags(request))).toBe(expected);
  });

  test('the API Gateway pattern: ForAllValues:StringEqualsIfExists on apigateway:Request/EndpointType', () => {
    const key = 'apigateway:Request/EndpointType';
    expect(holds('ForAllValues:StringEqualsIfExists', key, 'PRIVATE', { [key]: ['PRIVATE'] })).toBe(true);
    expect(holds('ForAllValues:StringEqualsIfExists', key, 'PRIVATE', { [key]: ['EDGE'] })).toBe(false);
    expect(holds('ForAllValues:StringEqualsIfExists', key, 'PRIVATE', {})).toBe(true);
  });

  test('a list without a set operator: positive operators need one value to match, negated ones none', () => {
    expect(holds('StringEquals', 'k', 'a', { k: ['b', 'a'] })).toBe(true);
    expect(holds('StringEquals', 'k', 'a', { k: ['b', 'c'] })).toBe(false);
    expect(holds('StringNotEquals', 'k', 'a', { k: ['b', 'a'] })).toBe(false);
    expect(holds('StringNotEquals', 'k', 'a', { k: ['b', 'c'] })).toBe(true);
  });
});

// "Conditions with multiple context keys or values": operators AND, keys AND, values OR.
describe('combining', () => {
  const statement = (condition: Record<string, unknown>) => ({ Action: '*', Resource: '*', Condition: condition });

  test('several operators must all hold', () => {
    const condition = { StringEquals: { 'aws:SourceVpce': 'vpce-1' }, IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } };
    expect(applies(statement(condition), { keys: { 'aws:SourceVpce': 'vpce-1', 'aws:VpcSourceIp': '10.1.1.1' } })).toBe(true);
    expect(applies(statement(condition), { keys: { 'aws:SourceVpce': 'vpce-1', 'aws:VpcSourceIp': '11.1.1.1' } })).toBe(false);
    expect(applies(statement(condition), { keys: { 'aws:SourceVpce': 'vpce-2', 'aws:VpcSourceIp': '10.1.1.1' } })).toBe(false);
  });

  test('several keys under one operator must all hold', () => {
    const condition = { StringEquals: { 'aws:SourceVpc': 'vpc-1', 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } };
    expect(applies(statement(condition), { keys: { 'aws:SourceVpc': 'vpc-1', 'aws:SourceVpce': 'vpce-2' } })).toBe(true);
    expect(applies(statement(condition), { keys: { 'aws:SourceVpc': 'vpc-1' } })).toBe(false);
    expect(applies(statement(condition), { keys: { 'aws:SourceVpc': 'vpc-9', 'aws:SourceVpce': 'vpce-1' } })).toBe(false);
  });
});

describe('variables with case-insensitive operators', () => {
  test('StringEqualsIgnoreCase compares a resolved variable without case', () => {
    const statement = { Action: '*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/owner': '${aws:username}' } } };
    expect(applies(statement, { keys: { 'aws:username': 'Alice', 'aws:PrincipalTag/owner': 'aLICE' } })).toBe(true);
    expect(applies(statement, { keys: { 'aws:username': 'Alice', 'aws:PrincipalTag/owner': 'bob' } })).toBe(false);
  });

  test('StringEquals with a variable stays case-sensitive', () => {
    const statement = { Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } } };
    expect(applies(statement, { keys: { 'aws:username': 'Alice', 'aws:PrincipalTag/owner': 'alice' } })).toBe(false);
  });
});
