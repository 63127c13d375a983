import { API, compile, compileError } from './helpers';
import { InvalidInputError } from '../../../src/evaluator/errors';
import { compilePolicy } from '../../../src/evaluator/policy/compile';
import { PolicyKind } from '../../../src/evaluator/policy/model';

// IAM User Guide, "IAM JSON policy element reference" and "IAM JSON policy grammar": what a policy
// may contain. Each invalid policy must be refused with an error naming the offending field.
const allow = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };
const identity = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] });
const resourcePolicy = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Principal: '*', ...statement }] });

describe('valid policies compile', () => {
  test.each([
    ['Version 2012-10-17', { Version: '2012-10-17', Statement: [allow] }],
    ['Version 2008-10-17', { Version: '2008-10-17', Statement: [allow] }],
    ['no Version', { Statement: [allow] }],
    ['an Id', { Version: '2012-10-17', Id: 'policy-1', Statement: [allow] }],
    ['a single statement object', { Version: '2012-10-17', Statement: allow }],
    ['an empty statement list', { Version: '2012-10-17', Statement: [] }],
    ['lists of actions and resources', identity({ ...allow, Action: ['execute-api:Invoke', 'execute-api:Invalidate*'], Resource: [`${API}/*`, '*'] })],
    ['NotAction and NotResource', identity({ Effect: 'Deny', NotAction: 'execute-api:Invoke', NotResource: `${API}/prod/*` })],
    ['Action "*"', identity({ ...allow, Action: '*' })],
    ['wildcards in the action name', identity({ ...allow, Action: 'execute-api:*Invoke?' })],
    ['a Sid', identity({ ...allow, Sid: 'AllowInvoke' })],
    ['an empty Condition', identity({ ...allow, Condition: {} })],
    ['a Condition', identity({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } } })],
    ['an ARN whose last segment ends with * and is short', identity({ ...allow, Resource: 'arn:aws:execute-api:*' })],
  ])('%s', (_name, document) => {
    expect(compileError(document)).toBeUndefined();
  });

  test.each([
    ['Principal "*"', resourcePolicy({ ...allow })],
    ['AWS account id', { Statement: [{ ...allow, Principal: { AWS: '222222222222' } }] }],
    ['AWS root, user, role and session ARNs', {
      Statement: [{
        ...allow,
        Principal: {
          AWS: [
            'arn:aws:iam::222222222222:root', 'arn:aws:iam::222222222222:user/team/alice', 'arn:aws:iam::222222222222:role/reader',
            'arn:aws:sts::222222222222:assumed-role/reader/session-1',
          ],
        },
      }],
    }],
    ['AWS "*"', { Statement: [{ ...allow, Principal: { AWS: '*' } }] }],
    ['Service', { Statement: [{ ...allow, Principal: { Service: ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] } }] }],
    ['Federated', { Statement: [{ ...allow, Principal: { Federated: 'cognito-identity.amazonaws.com' } }] }],
    ['CanonicalUser', { Statement: [{ ...allow, Principal: { CanonicalUser: 'a'.repeat(64) } }] }],
    ['NotPrincipal', { Statement: [{ ...allow, Effect: 'Deny', NotPrincipal: { AWS: '111111111111' } }] }],
    ['the execute-api:/ shorthand', resourcePolicy({ ...allow, Resource: ['execute-api:/*', 'execute-api:/prod/GET/pets'] })],
  ])('resource policy: %s', (_name, document) => {
    expect(compileError(document, PolicyKind.RESOURCE)).toBeUndefined();
  });
});

// IAM User Guide, "IAM JSON policy elements: Action": an action is "a namespace that identifies a
// service (iam, ec2, sqs, sns, s3, etc.) followed by the name of the action", and "you can also use
// wildcards (*) as part of the action name". A wildcard in the service prefix is not an action: before
// this check "*:Invoke" granted execute-api:Invoke.
describe('a wildcard in the service prefix of an action is refused', () => {
  test.each(['*:Invoke', 'execute-*:Invoke', 'execute-ap?:Invoke', '*:*'])('%s', (action) => {
    expect(() => compile(identity({ ...allow, Action: ['execute-api:GET', action] }), PolicyKind.IDENTITY)).toThrow(
      /^policy\.Statement\[0\]\.Action\[1\]: '.*' has a wildcard in the service prefix, which IAM does not allow/);
    expect(() => compile(identity({ Effect: 'Deny', NotAction: action, Resource: '*' }), PolicyKind.IDENTITY))
      .toThrow(/^policy\.Statement\[0\]\.NotAction: /);
  });

  test('wildcards in the action name and "*" alone stay valid', () => {
    for (const action of ['*', 'execute-api:*', 'execute-api:Inv*', 'execute-api:Invok?']) {
      expect(() => compile(identity({ ...allow, Action: action }), PolicyKind.IDENTITY)).not.toThrow();
    }
  });
});

describe('invalid policies are refused, naming the field', () => {
  test.each([
    ['not an object', 'text', 'policy'],
    ['a list', [allow], 'policy'],
    ['unknown top-level element', { Version: '2012-10-17', Statement: [allow], Extra: 1 }, 'policy.Extra'],
    ['unknown Version', { Version: '2012-10-18', Statement: [allow] }, 'policy.Version'],
    ['Version not a string', { Version: 2012, Statement: [allow] }, 'policy.Version'],
    ['Id not a string', { Id: 3, Statement: [allow] }, 'policy.Id'],
    ['no Statement', { Version: '2012-10-17' }, 'policy.Statement'],
    ['lower-case element name', { Version: '2012-10-17', statement: [allow] }, 'policy.statement'],
    ['statement not an object', identityList(['x']), 'policy.Statement[0]'],
    ['unknown statement element', identity({ ...allow, Actions: 'x' }), 'policy.Statement[0].Actions'],
    ['statement element in the wrong case', identity({ ...allow, effect: 'Allow' }), 'policy.Statement[0].effect'],
    ['Sid not a string', identity({ ...allow, Sid: 1 }), 'policy.Statement[0].Sid'],
    ['duplicate Sid', identityList([{ ...allow, Sid: 'A' }, { ...allow, Sid: 'A' }]), 'policy.Statement[1].Sid'],
    ['no Effect', identity({ Action: 'execute-api:Invoke', Resource: '*' }), 'policy.Statement[0].Effect'],
    ['Effect in lower case', identity({ ...allow, Effect: 'allow' }), 'policy.Statement[0].Effect'],
    ['no Action', identity({ Effect: 'Allow', Resource: '*' }), 'policy.Statement[0].Action'],
    ['Action and NotAction', identity({ ...allow, NotAction: 'x:y' }), 'policy.Statement[0].Action'],
    ['Action without service', identity({ ...allow, Action: 'Invoke' }), 'policy.Statement[0].Action'],
    ['Action with empty name', identity({ ...allow, Action: 'execute-api:' }), 'policy.Statement[0].Action'],
    ['Action with spaces', identity({ ...allow, Action: 'execute-api: Invoke' }), 'policy.Statement[0].Action'],
    ['Action number', identity({ ...allow, Action: 5 }), 'policy.Statement[0].Action'],
    ['bad Action in a list', identity({ ...allow, Action: ['execute-api:Invoke', 'bad'] }), 'policy.Statement[0].Action[1]'],
    ['empty Action list', identity({ ...allow, Action: [] }), 'policy.Statement[0].Action'],
    ['no Resource', identity({ Effect: 'Allow', Action: 'execute-api:Invoke' }), 'policy.Statement[0].Resource'],
    ['Resource and NotResource', identity({ ...allow, NotResource: '*' }), 'policy.Statement[0].Resource'],
    ['Resource not an ARN', identity({ ...allow, Resource: 'my-api' }), 'policy.Statement[0].Resource'],
    ['Resource ARN with too few segments', identity({ ...allow, Resource: 'arn:aws:execute-api:us-east-1:111111111111' }), 'policy.Statement[0].Resource'],
    ['NotResource not an ARN', identity({ Effect: 'Deny', Action: '*', NotResource: ['*', 'x'] }), 'policy.Statement[0].NotResource[1]'],
    ['shorthand in an identity policy', identity({ ...allow, Resource: 'execute-api:/*' }), 'policy.Statement[0].Resource'],
    ['Principal in an identity policy', identity({ ...allow, Principal: '*' }), 'policy.Statement[0].Principal'],
    ['NotPrincipal in an identity policy', identity({ ...allow, NotPrincipal: '*' }), 'policy.Statement[0].NotPrincipal'],
    ['unclosed policy variable', identity({ ...allow, Resource: `${API}/\${aws:username` }), 'policy.Statement[0].Resource'],
    ['malformed policy variable', identity({ ...allow, Resource: `${API}/\${aws username}` }), 'policy.Statement[0].Resource'],
    ['Condition not an object', identity({ ...allow, Condition: 'x' }), 'policy.Statement[0].Condition'],
    ['unknown condition operator', identity({ ...allow, Condition: { StringEqual: { k: 'v' } } }), 'policy.Statement[0].Condition.StringEqual'],
    ['operator in the wrong case', identity({ ...allow, Condition: { stringequals: { k: 'v' } } }), 'policy.Statement[0].Condition.stringequals'],
    ['NullIfExists', identity({ ...allow, Condition: { NullIfExists: { k: 'true' } } }), 'policy.Statement[0].Condition.NullIfExists'],
    ['unknown set operator', identity({ ...allow, Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } }),
      'policy.Statement[0].Condition.ForSomeValues:StringEquals'],
    ['operator with no keys', identity({ ...allow, Condition: { StringEquals: {} } }), 'policy.Statement[0].Condition.StringEquals'],
    ['operator block a list', identity({ ...allow, Condition: { StringEquals: ['k'] } }), 'policy.Statement[0].Condition.StringEquals'],
    ['empty value list', identity({ ...allow, Condition: { StringEquals: { k: [] } } }), 'policy.Statement[0].Condition.StringEquals.k'],
    ['object value', identity({ ...allow, Condition: { StringEquals: { k: { a: 1 } } } }), 'policy.Statement[0].Condition.StringEquals.k'],
    ['null value in a list', identity({ ...allow, Condition: { StringEquals: { k: ['a', null] } } }), 'policy.Statement[0].Condition.StringEquals.k[1]'],
    ['bad CIDR', identity({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
      'policy.Statement[0].Condition.IpAddress.aws:SourceIp'],
    ['bad IPv6', identity({ ...allow, Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8:::/32'] } } }),
      'policy.Statement[0].Condition.NotIpAddress.aws:SourceIp[1]'],
    ['bad date', identity({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': '31/01/2026' } } }),
      'policy.Statement[0].Condition.DateLessThan.aws:CurrentTime'],
    ['impossible date', identity({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': '2026-13-01' } } }),
      'policy.Statement[0].Condition.DateLessThan.aws:CurrentTime'],
    ['a day the month does not have', identity({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': '2026-02-30T00:00:00Z' } } }),
      'policy.Statement[0].Condition.DateLessThan.aws:CurrentTime'],
    ['bad number', identity({ ...allow, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
      'policy.Statement[0].Condition.NumericLessThan.s3:max-keys'],
    ['bad bool', identity({ ...allow, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
      'policy.Statement[0].Condition.Bool.aws:SecureTransport'],
    ['bad Null value', identity({ ...allow, Condition: { Null: { 'aws:SourceVpc': 'maybe' } } }),
      'policy.Statement[0].Condition.Null.aws:SourceVpc'],
    ['bad ARN value', identity({ ...allow, Condition: { ArnLike: { 'aws:PrincipalArn': 'role/reader' } } }),
      'policy.Statement[0].Condition.ArnLike.aws:PrincipalArn'],
    ['bad base-64 value', identity({ ...allow, Condition: { BinaryEquals: { k: 'not base64!' } } }),
      'policy.Statement[0].Condition.BinaryEquals.k'],
    ['single statement object error path', { Statement: { ...allow, Effect: 'Permit' } }, 'policy.Statement.Effect'],
  ])('%s', (_name, document, field) => {
    expect(compileError(document)).toBe(field);
  });

  test.each([
    ['no Principal', { Statement: [allow] }, 'policy.Statement[0].Principal'],
    ['Principal and NotPrincipal', { Statement: [{ ...allow, Principal: '*', NotPrincipal: '*' }] }, 'policy.Statement[0].Principal'],
    ['Principal a bare ARN string', { Statement: [{ ...allow, Principal: 'arn:aws:iam::111111111111:root' }] }, 'policy.Statement[0].Principal'],
    ['Principal an empty object', { Statement: [{ ...allow, Principal: {} }] }, 'policy.Statement[0].Principal'],
    ['unknown principal type', { Statement: [{ ...allow, Principal: { Aws: '*' } }] }, 'policy.Statement[0].Principal.Aws'],
    ['partial wildcard in an AWS principal', { Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::111111111111:role/*' } }] },
      'policy.Statement[0].Principal.AWS'],
    ['account id of 11 digits', { Statement: [{ ...allow, Principal: { AWS: ['111111111111', '11111111111'] } }] },
      'policy.Statement[0].Principal.AWS[1]'],
    ['group ARN (groups are not principals)', { Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::111111111111:group/devs' } }] },
      'policy.Statement[0].Principal.AWS'],
    ['bad service principal', { Statement: [{ ...allow, Principal: { Service: 'API Gateway' } }] }, 'policy.Statement[0].Principal.Service'],
    ['bad canonical user', { Statement: [{ ...allow, Principal: { CanonicalUser: 'abc' } }] }, 'policy.Statement[0].Principal.CanonicalUser'],
    ['empty AWS list', { Statement: [{ ...allow, Principal: { AWS: [] } }] }, 'policy.Statement[0].Principal.AWS'],
    ['bad NotPrincipal', { Statement: [{ ...allow, Effect: 'Deny', NotPrincipal: { AWS: 'someone' } }] }, 'policy.Statement[0].NotPrincipal.AWS'],
    // NotPrincipal page: "Using it with "Effect":"Allow" is not supported."
    ['NotPrincipal with Allow', { Statement: [{ ...allow, NotPrincipal: { AWS: '111111111111' } }] }, 'policy.Statement[0].NotPrincipal'],
  ])('resource policy: %s', (_name, document, field) => {
    expect(compileError(document, PolicyKind.RESOURCE)).toBe(field);
  });

  test('a boundary may not name a principal either', () => {
    expect(compileError(identity({ ...allow, Principal: '*' }), PolicyKind.BOUNDARY)).toBe('policy.Statement[0].Principal');
  });

  test('the shorthand needs the API that owns the policy', () => {
    expect(() => compilePolicy(resourcePolicy({ ...allow, Resource: 'execute-api:/*' }), {
      kind: PolicyKind.RESOURCE, source: { label: 'resource policy', field: 'api.resourcePolicy' },
    })).toThrow(new InvalidInputError('api.resourcePolicy.Statement[0].Resource',
      "'execute-api:/*': the execute-api:/ shorthand is only valid in an API's resource policy"));
  });

  test('errors start with the source field the caller gave', () => {
    expect(() => compilePolicy({ Statement: [{ ...allow, Effect: 'Maybe' }] }, {
      kind: PolicyKind.IDENTITY, source: { label: "identity policy 'ReadPets'", field: 'caller.identityPolicies[2]' },
    })).toThrow(/^caller\.identityPolicies\[2\]\.Statement\[0\]\.Effect: /);
  });
});

describe('compiled form', () => {
  test('statement labels use the Sid, else the 1-based position', () => {
    const policy = compile(identityList([{ ...allow, Sid: 'AllowGet' }, allow, { ...allow, Sid: '' }]));
    expect(policy.statements.map((s) => s.label)).toEqual(["statement 'AllowGet'", 'statement #2', 'statement #3']);
    expect(policy.statements.map((s) => s.effect)).toEqual(['Allow', 'Allow', 'Allow']);
    expect(policy.version).toBe('2012-10-17');
  });

  test('compiling the same document again returns the cached policy', () => {
    const document = identity(allow);
    expect(compile(document)).toBe(compile(document));
    // Same content in another object: the content cache answers.
    expect(compile(JSON.parse(JSON.stringify(document)))).toBe(compile(document));
  });

  test('the cache keeps kinds, prefixes and sources apart', () => {
    const document = { Version: '2012-10-17', Statement: [{ ...allow, Principal: '*' }] };
    const asResource = compile(document, PolicyKind.RESOURCE, 'resource policy');
    const otherLabel = compile(document, PolicyKind.RESOURCE, 'another label');
    expect(asResource).not.toBe(otherLabel);
    expect(otherLabel.source.label).toBe('another label');
    expect(compileError(document, PolicyKind.IDENTITY)).toBe('policy.Statement[0].Principal');
  });
});

function identityList(statements: unknown[]) {
  return { Version: '2012-10-17', Statement: statements };
}

describe('hostile input', () => {
  test('a condition value nested thousands of levels deep is refused, naming the field, not a RangeError', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 20_000; i++) {
      value = [value];
    }
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: value } } }] };
    expect(compileError(document)).toBe('policy.Statement[0].Condition.StringEquals.k[0]');
  });
});
