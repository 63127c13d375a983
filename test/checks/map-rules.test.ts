import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';

/** A policy statement allowing execute-api:Invoke on every method of the API. */
function allowInvoke(principal: iam.IPrincipal, conditions?: Record<string, unknown>): iam.PolicyStatement {
  return new iam.PolicyStatement({ principals: [principal], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'], conditions });
}

// A resource policy that allows {"AWS": "*"} on an AWS_IAM method lets a principal of any account in
// whose own identity policy allows execute-api:Invoke (IAM user guide, "Cross-account policy
// evaluation logic": both sides must allow; API Gateway developer guide, authorization workflow).
describe('MethodOpenToAnyAccount', () => {
  const iamApi = (policy: iam.PolicyDocument) => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Partners', {
      policy,
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    });
    api.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration());
    return stack;
  };

  test('broken: iam.AnyPrincipal on an AWS_IAM API', () => {
    const stack = iamApi(new iam.PolicyDocument({ statements: [allowInvoke(new iam.AnyPrincipal())] }));
    expect(findings(stack, 'MethodOpenToAnyAccount').warnings).toEqual([
      expect.stringMatching(/^\[MethodOpenToAnyAccount\] a principal of any AWS account whose own policies allow it can call GET \/orders of REST API 'Partners' \(stage prod\): stage prod: from anywhere on the internet\. Fix: allow only/),
    ]);
  });

  test('fixed: the same policy restricted to one organization', () => {
    const stack = iamApi(new iam.PolicyDocument({
      statements: [allowInvoke(new iam.AnyPrincipal(), { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })],
    }));
    expect(findings(stack, 'MethodOpenToAnyAccount').warnings).toEqual([]);
  });

  test('fixed: one partner account named', () => {
    const stack = iamApi(new iam.PolicyDocument({ statements: [allowInvoke(new iam.AccountPrincipal('222222222222'))] }));
    expect(findings(stack, 'MethodOpenToAnyAccount').warnings).toEqual([]);
  });

  test('the addresses a SourceIp condition leaves are named', () => {
    const stack = iamApi(new iam.PolicyDocument({
      statements: [allowInvoke(new iam.AnyPrincipal(), { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } })],
    }));
    expect(findings(stack, 'MethodOpenToAnyAccount').warnings).toEqual([expect.stringMatching(/from 198\.51\.100\.0\/24\./)]);
  });
});

describe('OpenMethod reads the whole map, not one sample request', () => {
  // An allow-list that leaves out the old sample address (203.0.113.10) still opens the method to the
  // addresses it lists (developer guide, "Resource policy examples", source IP allow-list).
  test('an allow-list of IPv4 and IPv6 ranges: open from exactly those ranges', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Shop', {
      policy: new iam.PolicyDocument({
        statements: [allowInvoke(new iam.StarPrincipal(), { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } })],
      }),
    });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'OpenMethod').infos).toEqual([
      expect.stringMatching(/GET \/items of REST API 'Shop' \(stage prod\).*Open to: stage prod: from 192\.0\.2\.0\/24, 2001:db8::\/32\./),
    ]);
  });

  // A greedy proxy behind an allow on one path pattern: only GET /public/* is open (the sample path of
  // {proxy+} did not match the pattern, so the sampled rule said nothing).
  test('a greedy proxy open on /public/* only says which paths', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Site', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*/GET/public/*'],
        })],
      }),
    });
    api.root.addProxy({ defaultIntegration: new apigateway.MockIntegration(), anyMethod: false }).addMethod('GET');
    const [finding] = findings(stack, 'OpenMethod').infos;
    expect(finding).toMatch(/GET \/\{proxy\+\}/);
    // Exactly: the stage's `*` also spans slashes, so /x/GET/public/y matches the pattern too (IAM: `*`
    // matches any run of characters, `/` included).
    expect(finding).toMatch(/from anywhere on the internet on paths (\S+, )*\/public\/\*\./);
  });

  // A REQUEST authorizer whose identity sources API Gateway supplies itself (here a context variable)
  // is called for every request, so only its function decides whether a caller without credentials
  // gets in (API reference, Authorizer identitySource): the method may be open, and OpenMethod says so.
  test('a REQUEST authorizer called for every request: reported as may be open, with the reason', () => {
    const { stack } = checkedApp();
    const fn = new lambda.Function(stack, 'Auth', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const authorizer = new apigateway.RequestAuthorizer(stack, 'ByContext', {
      handler: fn, identitySources: [apigateway.IdentitySource.context('requestId')],
    });
    new apigateway.RestApi(stack, 'Gated').root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizer });
    expect(findings(stack, 'OpenMethod').infos).toEqual([
      expect.stringMatching(/anyone on the internet may be able to call GET \/items of REST API 'Gated': the access map could not decide \(stage prod: from anywhere on the internet, because .+\)/),
    ]);
  });

  test('a PRIVATE API is never reported open to the internet', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Ledger', {
      endpointTypes: [apigateway.EndpointType.PRIVATE],
      policy: new iam.PolicyDocument({ statements: [allowInvoke(new iam.StarPrincipal(), { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } })] }),
    });
    api.root.addResource('entries').addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'OpenMethod').infos).toEqual([]);
  });
});
