import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { inlineStatements, logicalIdOf, newStack } from './helpers';
import { ApiGatewayServiceRole } from '../../src/constructs';

describe('ApiGatewayServiceRole', () => {
  test('trusts apigateway.amazonaws.com with sts:AssumeRole, without conditions by default', () => {
    const stack = newStack();
    new ApiGatewayServiceRole(stack, 'Role');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } }],
      },
    });
  });

  test('limitToAccount adds aws:SourceAccount with the stack account', () => {
    const stack = newStack();
    new ApiGatewayServiceRole(stack, 'Role', { limitToAccount: true, roleName: 'ApiIntegration' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'ApiIntegration',
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }],
      },
    });
  });

  test('allowInvoke names the function, its versions and aliases, never *; once per function', () => {
    const stack = newStack();
    const role = new ApiGatewayServiceRole(stack, 'Role');
    const imported = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:111111111111:function:orders');
    role.allowInvoke(imported);
    role.allowInvoke(imported);
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))).toEqual([{
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: ['arn:aws:lambda:us-east-1:111111111111:function:orders', 'arn:aws:lambda:us-east-1:111111111111:function:orders:*'],
    }]);
  });

  test('usable as any integration credentialsRole', () => {
    const stack = newStack();
    const role = new ApiGatewayServiceRole(stack, 'Role');
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.AwsIntegration({
      service: 'sqs', path: 'queue', options: { credentialsRole: role },
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: { Credentials: { 'Fn::GetAtt': [logicalIdOf(stack, role), 'Arn'] } },
    });
  });
});
