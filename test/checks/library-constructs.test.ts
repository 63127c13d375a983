import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';
import { AccessCaller, ApiResourcePolicy, IamRestApi, ManagementAccess, ManagementPolicy } from '../../src';

// The library's constructs emit paired IAM: the checks find nothing wrong, and the intended access
// holds as AWS decides it (IAM same-account allow via identity policy; cross-account needs both
// sides; private APIs only through the allowed VPC endpoint).
const RULES = [
  'UnpairedInvokeGrant', 'AwsPrincipalBlocksNonIamMethod', 'PrivateApiWithoutResourcePolicy', 'SourceIpOnPrivateApi',
  'PrivateApiNotRestricted', 'ServiceRoleUntrusted', 'ServiceRoleCannotInvoke', 'ServiceRoleWildcardInvoke', 'ManagementWildcard',
  'ExpectationNotMet', 'CannotEvaluate',
];

function noFindings(stack: import('aws-cdk-lib').Stack) {
  const all = RULES.flatMap(rule => {
    const f = findings(stack, rule);
    return [...f.errors, ...f.warnings];
  });
  expect(all).toEqual([]);
}

function handler(stack: import('aws-cdk-lib').Stack) {
  return new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

test('IamRestApi with a Lambda route through its service role and a paired grant: no finding, intended access holds', () => {
  const { checks, stack } = checkedApp();
  const api = new IamRestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  api.addLambdaRoute('/items/{id}', 'GET', handler(stack));
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantInvoke(reader);
  checks.expectAllowed({ caller: AccessCaller.principal(reader), api, httpMethod: 'GET', path: '/items/7' });
  checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items/7' });
  checks.expectDenied({ caller: AccessCaller.account('222222222222'), api, httpMethod: 'GET', path: '/items/7' });
  noFindings(stack);
});

test('IamRestApi granting a principal of another account adds the resource-policy side the call needs', () => {
  const { checks, stack } = checkedApp();
  const api = new IamRestApi(stack, 'Shared', { deployOptions: { stageName: 'live' } });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  api.grantInvoke(new iam.ArnPrincipal('arn:aws:iam::222222222222:role/partner'));
  checks.expectAllowed({ caller: AccessCaller.arn('arn:aws:iam::222222222222:role/partner'), api, httpMethod: 'GET', path: '/items' });
  checks.expectDenied({ caller: AccessCaller.arn('arn:aws:iam::333333333333:role/stranger'), api, httpMethod: 'GET', path: '/items' });
  noFindings(stack);
});

test('a private IamRestApi restricted to the app\'s VPC endpoint: no finding, reachable only through it', () => {
  const { checks, stack } = checkedApp();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
  const policy = new ApiResourcePolicy().allowAnyone().restrictToVpcEndpoints([endpoint.vpcEndpointId]);
  const api = new IamRestApi(stack, 'Internal', {
    endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: [endpoint] },
    resourcePolicy: policy,
  });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantInvoke(reader);
  checks.expectAllowed({ caller: AccessCaller.principal(reader), api, httpMethod: 'GET', path: '/items', vpcEndpointId: endpoint.vpcEndpointId });
  checks.expectDenied({ caller: AccessCaller.principal(reader), api, httpMethod: 'GET', path: '/items', vpcEndpointId: 'vpce-0123456789abcdef0' });
  noFindings(stack);
});

test('ManagementPolicy scoped to one API is not a management wildcard', () => {
  const { stack } = checkedApp();
  const api = new IamRestApi(stack, 'Items');
  api.root.addMethod('GET', new apigateway.MockIntegration());
  const deployer = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
  new ManagementPolicy(stack, 'Deploy', { access: ManagementAccess.DEPLOY, apis: [api], roles: [deployer] });
  noFindings(stack);
});
