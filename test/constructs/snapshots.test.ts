// One snapshot per construct: a reviewed picture of everything each emits. Snapshots never update
// in CI (jest --ci); regenerate deliberately with `npx jest test/constructs/snapshots.test.ts --ci=false`.
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { callerRole, newStack, OTHER_ACCOUNT } from './helpers';
import {
  ApiGatewayServiceRole,
  ApiResourcePolicy,
  IamRestApi,
  InvokeGrant,
  ManagementAccess,
  ManagementPolicy,
} from '../../src/constructs';

test('IamRestApi', () => {
  const stack = newStack();
  const api = new IamRestApi(stack, 'Api', {
    resourcePolicy: new ApiResourcePolicy().allowAnyone({ paths: ['/health'] }).denySourceIps(['198.51.100.0/24']),
  });
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = 1') });
  api.addLambdaRoute('/pets', 'GET', fn);
  api.addLambdaRoute('/pets/{id}', 'GET', fn);
  api.root.addResource('health').addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.NONE });
  api.grantInvoke(callerRole(stack));
  api.grantInvoke(iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`), { httpMethods: ['GET'] });
  api.grantManagement(callerRole(stack, 'Deployer'), ManagementAccess.DEPLOY);
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});

test('ApiResourcePolicy', () => {
  const policy = new ApiResourcePolicy({ privateApi: true })
    .allowAccounts([OTHER_ACCOUNT], { stages: ['prod'], httpMethods: ['GET'], paths: ['/pets/*'] })
    .allowOrganization('o-a1b2c3d4e5')
    .allowAnyone({ paths: ['/public'] })
    .restrictToSourceIps(['10.0.0.0/8'])
    .restrictToVpcEndpoints(['vpce-0123456789abcdef0'])
    .restrictToVpcs(['vpc-0123456789abcdef0']);
  expect(newStack().resolve(policy.toPolicyDocument())).toMatchSnapshot();
});

test('ManagementPolicy', () => {
  const stack = newStack();
  new ManagementPolicy(stack, 'Policy', {
    access: ManagementAccess.FULL,
    endpointTypes: [apigateway.EndpointType.PRIVATE],
    allowResourcePolicyUpdate: true,
    roles: [callerRole(stack)],
  });
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});

test('ApiGatewayServiceRole', () => {
  const stack = newStack();
  const role = new ApiGatewayServiceRole(stack, 'Role');
  role.allowInvoke(lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:111111111111:function:orders'));
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});

test('InvokeGrant', () => {
  const stack = newStack();
  const api = new apigateway.RestApi(stack, 'Api');
  const method = api.root.addResource('pets').addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
  InvokeGrant.onMethods(callerRole(stack), [method]);
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});
