import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';

/** A REST API whose GET /items calls a Lambda function with the given credentials role. */
function lambdaApi(stack: Stack, role: iam.IRole) {
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const api = new apigateway.RestApi(stack, 'Items', { defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM } });
  api.root.addResource('items').addMethod('GET', new apigateway.LambdaIntegration(fn, { credentialsRole: role }));
  return fn;
}

// API Gateway developer guide, "API Gateway permissions model for invoking your API": the
// integration role must trust apigateway.amazonaws.com.
describe('ServiceRoleUntrusted', () => {
  test('fails when the credentials role trusts the account instead of API Gateway', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.AccountRootPrincipal() });
    lambdaApi(stack, role).grantInvoke(role);
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[ServiceRoleUntrusted\\].*apigateway.amazonaws.com.*Fix: create the role'));
  });

  test('passes when the role trusts apigateway.amazonaws.com', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role).grantInvoke(role);
    expect(findings(stack, 'ServiceRoleUntrusted').errors).toEqual([]);
  });
});

// Developer guide, "Set up Lambda integrations": with credentials, the role needs lambda:InvokeFunction.
describe('ServiceRoleCannotInvoke', () => {
  test('fails when the role has no lambda:InvokeFunction on the function', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role);
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[ServiceRoleCannotInvoke\\].*lambda:InvokeFunction.*Fix: grant the role'));
  });

  test('fails when the grant is for another function', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role);
    const other = new lambda.Function(stack, 'Other', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    other.grantInvoke(role);
    expect(findings(stack, 'ServiceRoleCannotInvoke').errors).toHaveLength(1);
  });

  test('passes with fn.grantInvoke(role)', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role).grantInvoke(role);
    expect(findings(stack, 'ServiceRoleCannotInvoke').errors).toEqual([]);
  });
});

describe('ServiceRoleWildcardInvoke', () => {
  test('warns when the role may invoke every function', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: ['*'] }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('\\[ServiceRoleWildcardInvoke\\].*any Lambda function'));
    expect(findings(stack, 'ServiceRoleCannotInvoke').errors).toEqual([]);
  });

  test('passes when the grant names the function', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    lambdaApi(stack, role).grantInvoke(role);
    expect(findings(stack, 'ServiceRoleWildcardInvoke').warnings).toEqual([]);
  });
});
