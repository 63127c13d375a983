import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { callerRole, newStack } from './helpers';
import { ApiResourcePolicy, IamRestApi } from '../../src/constructs';

/** Renders a builder on a plain aws-cdk-lib RestApi, as any user could. */
function render(policy: ApiResourcePolicy): any[] {
  const stack = newStack();
  const api = new apigateway.RestApi(stack, 'Api', { policy: policy.toPolicyDocument() });
  api.root.addMethod('GET');
  const restApi = Object.values<any>(Template.fromStack(stack).toJSON().Resources)
    .find((r) => r.Type === 'AWS::ApiGateway::RestApi');
  return restApi.Properties.Policy.Statement;
}

describe('ApiResourcePolicy allows', () => {
  test('allowAccounts names each account root and covers the whole API by default', () => {
    expect(render(new ApiResourcePolicy().allowAccounts(['222222222222', '333333333333']))).toEqual([{
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Principal: {
        AWS: ['222222222222', '333333333333'].map((account) => ({
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]],
        })),
      },
      Resource: 'execute-api:/*',
    }]);
  });

  test('allowAnyone renders the "*" principal, which methods of other authorization types can satisfy, not {"AWS": "*"}', () => {
    const [statement] = render(new ApiResourcePolicy().allowAnyone());
    expect(statement.Principal).toBe('*');
    expect(statement.Effect).toBe('Allow');
    expect(statement.Resource).toBe('execute-api:/*');
  });

  test('allowOrganization conditions a "*" principal on aws:PrincipalOrgID', () => {
    expect(render(new ApiResourcePolicy().allowOrganization('o-a1b2c3d4e5'))).toEqual([{
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Principal: '*',
      Resource: 'execute-api:/*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    }]);
  });

  test('allowPrincipals names the principals', () => {
    const policy = new ApiResourcePolicy().allowPrincipals([new iam.ArnPrincipal('arn:aws:iam::222222222222:role/Caller')]);
    expect(render(policy)[0].Principal).toEqual({ AWS: 'arn:aws:iam::222222222222:role/Caller' });
  });

  test('a scope narrows the statement to every combination of stages, verbs and paths, in the execute-api:/ shorthand', () => {
    const [statement] = render(new ApiResourcePolicy().allowAnyone({
      stages: ['prod', 'dev'],
      httpMethods: ['get', 'ANY'],
      paths: ['/pets/{id}', '/'],
    }));
    expect(statement.Resource).toEqual([
      'execute-api:/prod/GET/pets/*',
      'execute-api:/prod/GET/',
      'execute-api:/prod/*/pets/*',
      'execute-api:/prod/*/',
      'execute-api:/dev/GET/pets/*',
      'execute-api:/dev/GET/',
      'execute-api:/dev/*/pets/*',
      'execute-api:/dev/*/',
    ]);
  });

  test('resources never reference the API, so the policy can sit on the API without a circular dependency', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api', {
      resourcePolicy: new ApiResourcePolicy().allowAnyone({ stages: ['prod'] }).restrictToSourceIps(['203.0.113.0/24']),
    });
    api.root.addMethod('GET');
    const json = JSON.stringify(Template.fromStack(stack).toJSON().Resources.ApiF70053CD.Properties.Policy);
    expect(json).not.toMatch(/Ref|Fn::/);
  });
});

describe('ApiResourcePolicy restrictions are Deny statements with "*" principals', () => {
  test('restrictToSourceIps denies every other source IP (aws:SourceIp on public APIs); calls accumulate into one allow-list', () => {
    const statements = render(new ApiResourcePolicy().restrictToSourceIps(['203.0.113.0/24']).restrictToSourceIps(['2001:db8::/32']));
    expect(statements).toEqual([{
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Principal: '*',
      Resource: 'execute-api:/*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
    }]);
  });

  test('on a private API (privateApi: true) IP restrictions use aws:VpcSourceIp, as calls through VPC endpoints carry no aws:SourceIp', () => {
    const [statement] = render(new ApiResourcePolicy({ privateApi: true }).restrictToSourceIps(['10.0.0.0/16']));
    expect(statement.Condition).toEqual({ NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } });
  });

  test('an IamRestApi with a PRIVATE endpoint makes its policy use aws:VpcSourceIp', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api', {
      endpointTypes: [apigateway.EndpointType.PRIVATE],
      resourcePolicy: new ApiResourcePolicy().allowAnyone().denySourceIps(['10.0.9.0/24']),
    });
    api.root.addMethod('GET');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Principal: '*',
          Condition: { IpAddress: { 'aws:VpcSourceIp': ['10.0.9.0/24'] } },
        })]),
      },
    });
  });

  test('denySourceIps denies the given ranges', () => {
    expect(render(new ApiResourcePolicy().denySourceIps(['198.51.100.7']))[0]).toEqual({
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Principal: '*',
      Resource: 'execute-api:/*',
      Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.7'] } },
    });
  });

  test('restrictToVpcEndpoints denies calls from any other endpoint (StringNotEquals aws:SourceVpce)', () => {
    const [statement] = render(new ApiResourcePolicy({ privateApi: true }).restrictToVpcEndpoints(['vpce-0123456789abcdef0', 'vpce-01234567']));
    expect(statement).toEqual({
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Principal: '*',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0', 'vpce-01234567'] } },
    });
  });

  test('restrictToVpcs denies calls from any other VPC (StringNotEquals aws:SourceVpc)', () => {
    const [statement] = render(new ApiResourcePolicy({ privateApi: true }).restrictToVpcs(['vpc-0123456789abcdef0']));
    expect(statement.Condition).toEqual({ StringNotEquals: { 'aws:SourceVpc': ['vpc-0123456789abcdef0'] } });
    expect(statement.Effect).toBe('Deny');
  });

  test('restrictions compose with allows in the order they are added', () => {
    const statements = render(new ApiResourcePolicy().allowAnyone().restrictToSourceIps(['203.0.113.0/24']));
    expect(statements.map((s) => s.Effect)).toEqual(['Allow', 'Deny']);
  });
});

describe('ApiResourcePolicy rejects invalid arguments at the call', () => {
  const policy = () => new ApiResourcePolicy();
  test.each([
    ['allowAccounts', () => policy().allowAccounts(['12345']), /accountIds: "12345" is not an AWS account id/],
    ['allowAccounts (empty)', () => policy().allowAccounts([]), /accountIds: expected at least one value/],
    ['allowOrganization', () => policy().allowOrganization('o-SHORT'), /orgId: "o-SHORT" is not an AWS Organizations id/],
    ['allowPrincipals (empty)', () => policy().allowPrincipals([]), /principals: expected at least one principal/],
    ['restrictToSourceIps', () => policy().restrictToSourceIps(['10.0.0.0/33']), /cidrs: "10.0.0.0\/33" is not an IPv4 or IPv6 CIDR block/],
    ['restrictToSourceIps (garbage)', () => policy().restrictToSourceIps(['not-an-ip']), /cidrs: "not-an-ip"/],
    ['denySourceIps', () => policy().denySourceIps(['2001:db8::/129']), /cidrs: "2001:db8::\/129"/],
    ['restrictToVpcEndpoints', () => policy().restrictToVpcEndpoints(['vpce-123']), /vpcEndpointIds: "vpce-123" is not a VPC endpoint id/],
    ['restrictToVpcEndpoints (vpc id)', () => policy().restrictToVpcEndpoints(['vpc-0123456789abcdef0']), /vpcEndpointIds/],
    ['restrictToVpcs', () => policy().restrictToVpcs(['vpc-XYZ']), /vpcIds: "vpc-XYZ" is not a VPC id/],
    ['scope.stages', () => policy().allowAnyone({ stages: ['my stage'] }), /scope.stages: "my stage" is not a stage name/],
    ['scope.httpMethods', () => policy().allowAnyone({ httpMethods: ['FETCH'] }), /scope.httpMethods: "FETCH" is not an HTTP method/],
    ['scope.paths', () => policy().allowAnyone({ paths: ['pets'] }), /scope.paths: "pets" is not a resource path/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });

  test('tokens pass unvalidated (their values are only known at deploy time)', () => {
    const stack = newStack();
    const role = callerRole(stack);
    expect(() => new ApiResourcePolicy()
      .allowAccounts([Token.asString({ Ref: 'Account' })])
      .restrictToSourceIps([Token.asString({ Ref: 'Cidr' })])
      .restrictToVpcEndpoints([Token.asString({ Ref: 'Vpce' })])
      .allowPrincipals([role])).not.toThrow();
  });

  test('a policy built for a private API cannot be given to a public IamRestApi', () => {
    const stack = newStack();
    expect(() => new IamRestApi(stack, 'Api', { resourcePolicy: new ApiResourcePolicy({ privateApi: true }) }))
      .toThrow(/resourcePolicy: the policy was built with privateApi: true but the API is not PRIVATE/);
  });

  test('one policy cannot serve a private and a public IamRestApi', () => {
    const stack = newStack();
    const shared = new ApiResourcePolicy().allowAnyone();
    new IamRestApi(stack, 'Public', { resourcePolicy: shared });
    expect(() => new IamRestApi(stack, 'Private', { resourcePolicy: shared, endpointTypes: [apigateway.EndpointType.PRIVATE] }))
      .toThrow(/resourcePolicy: this policy is already used by an API of the other endpoint type/);
  });
});
