import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';

function privateApi(stack: import('aws-cdk-lib').Stack, policy?: iam.PolicyDocument) {
  const api = new apigateway.RestApi(stack, 'Internal', { endpointTypes: [apigateway.EndpointType.PRIVATE], policy });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  return api;
}

function allow(conditions?: Record<string, unknown>) {
  return new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'], conditions });
}

// API Gateway developer guide, "Private REST APIs": until a resource policy is attached, every call fails.
describe('PrivateApiWithoutResourcePolicy', () => {
  test('fails on a PRIVATE API without a resource policy', () => {
    const { stack } = checkedApp();
    privateApi(stack);
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[PrivateApiWithoutResourcePolicy\\].*PRIVATE.*Fix: attach a resource policy'));
  });

  test('passes once a resource policy is attached', () => {
    const { stack } = checkedApp();
    privateApi(stack, new iam.PolicyDocument({ statements: [allow({ StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } })] }));
    expect(findings(stack, 'PrivateApiWithoutResourcePolicy').errors).toEqual([]);
  });
});

// IAM User Guide, global condition keys: through a VPC endpoint aws:SourceIp is absent (aws:VpcSourceIp instead).
describe('SourceIpOnPrivateApi', () => {
  test('fails when a PRIVATE API policy tests aws:SourceIp', () => {
    const { stack } = checkedApp();
    privateApi(stack, new iam.PolicyDocument({ statements: [allow({ IpAddress: { 'aws:SourceIp': '10.0.0.0/16' } })] }));
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[SourceIpOnPrivateApi\\].*aws:SourceIp.*Fix: test aws:VpcSourceIp'));
  });

  test('passes with aws:VpcSourceIp', () => {
    const { stack } = checkedApp();
    privateApi(stack, new iam.PolicyDocument({
      statements: [allow({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' }, StringEquals: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' } })],
    }));
    expect(findings(stack, 'SourceIpOnPrivateApi').errors).toEqual([]);
  });
});

describe('PrivateApiNotRestricted', () => {
  test('warns when the policy does not restrict aws:SourceVpc or aws:SourceVpce', () => {
    const { stack } = checkedApp();
    privateApi(stack, new iam.PolicyDocument({ statements: [allow()] }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('\\[PrivateApiNotRestricted\\].*any VPC endpoint'));
  });

  test('passes when only the app\'s VPC endpoint is allowed (a token of the endpoint works)', () => {
    const { stack } = checkedApp();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    privateApi(stack, new iam.PolicyDocument({ statements: [allow({ StringEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } })] }));
    const found = findings(stack, 'PrivateApiNotRestricted');
    expect(found.warnings).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });
});
