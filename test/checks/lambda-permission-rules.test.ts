import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';

function handler(stack: import('aws-cdk-lib').Stack, id = 'Handler') {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

// Lambda developer guide, "Granting Lambda function access to AWS services": a service permission without
// source-arn "doesn't restrict the [...] resource that triggers the invocation"; IAM User Guide, "The
// confused deputy problem": restrict service principals with aws:SourceArn or aws:SourceAccount.
describe('LambdaPermissionWithoutSourceArn', () => {
  test('broken: fn.addPermission for apigateway.amazonaws.com without sourceArn', () => {
    const { stack } = checkedApp();
    handler(stack).addPermission('FromApiGateway', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([
      expect.stringMatching(/lets apigateway.amazonaws.com invoke 'arn:aws:lambda:eu-west-1:111111111111:function:Api-Handler.*any account.*Fix: set sourceArn/),
    ]);
  });

  test('broken: L1 CfnPermission whose SourceArn matches any account', () => {
    const { stack } = checkedApp();
    new lambda.CfnPermission(stack, 'AnyApi', {
      action: 'lambda:InvokeFunction',
      functionName: handler(stack).functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: 'arn:aws:execute-api:eu-west-1:*:*/*/*/*',
    });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([expect.stringMatching(/matches APIs of any account/)]);
  });

  test('fixed: aws-cdk-lib LambdaIntegration and a Lambda authorizer set SourceArn', () => {
    const { stack } = checkedApp();
    const authorizer = new apigateway.TokenAuthorizer(stack, 'Token', { handler: handler(stack, 'AuthorizerFn') });
    const api = new apigateway.RestApi(stack, 'Items');
    api.root.addResource('items').addMethod('GET', new apigateway.LambdaIntegration(handler(stack)), { authorizer });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
  });

  test('fixed: addPermission with sourceArn: api.arnForExecuteApi(), or with sourceAccount', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Items');
    api.root.addMethod('GET');
    const fn = handler(stack);
    fn.addPermission('FromItems', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com'), sourceArn: api.arnForExecuteApi() });
    fn.addPermission('FromAccount', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com'), sourceAccount: stack.account });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
  });

  test('a permission for another service is not this finding', () => {
    const { stack } = checkedApp();
    handler(stack).addPermission('FromSns', { principal: new iam.ServicePrincipal('sns.amazonaws.com') });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
  });
});
