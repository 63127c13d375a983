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

/**
 * A REST API whose GET /items is protected by a TOKEN authorizer that API Gateway invokes with the
 * given credentials role, written as L1 (aws-cdk-lib's TokenAuthorizer grants its assumeRole the invoke
 * permission itself, so a broken app needs the L1 or a role it cannot change).
 */
function authorizedApi(stack: Stack, role: iam.IRole) {
  const fn = new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const api = new apigateway.RestApi(stack, 'Items');
  const authorizer = new apigateway.CfnAuthorizer(stack, 'TokenAuthorizer', {
    restApiId: api.restApiId,
    name: 'token',
    type: 'TOKEN',
    identitySource: 'method.request.header.Authorization',
    authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
    authorizerCredentials: role.roleArn,
  });
  const method = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  const cfn = method.node.defaultChild as apigateway.CfnMethod;
  cfn.authorizationType = 'CUSTOM';
  cfn.authorizerId = authorizer.ref;
  return fn;
}

// API Gateway API reference, Authorizer authorizerCredentials: "Specifies the required credentials as an
// IAM role for API Gateway to invoke the authorizer"; developer guide, "Configure a Lambda authorizer":
// the role must be assumable by API Gateway and allow lambda:InvokeFunction on the authorizer function.
describe('authorizer credentials roles get the integration role checks', () => {
  test('broken: a role API Gateway cannot assume, without lambda:InvokeFunction', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'AuthorizerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    authorizedApi(stack, role);
    expect(findings(stack, 'ServiceRoleUntrusted').errors).toEqual([
      expect.stringMatching(/credentials role of authorizer 'token' of REST API 'Items'.*apigateway.amazonaws.com.*cannot run the authorizer/),
    ]);
    expect(findings(stack, 'ServiceRoleCannotInvoke').errors).toEqual([
      expect.stringMatching(/authorizer 'token'.*lambda:InvokeFunction on 'arn:aws:lambda:eu-west-1:111111111111:function:Api-Authorizer/),
    ]);
  });

  test('broken: a role that may invoke every function', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'AuthorizerRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    authorizedApi(stack, role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: ['*'] }));
    expect(findings(stack, 'ServiceRoleWildcardInvoke').warnings).toEqual([expect.stringMatching(/authorizer 'token'.*any Lambda function/)]);
    expect(findings(stack, 'ServiceRoleCannotInvoke').errors).toEqual([]);
  });

  test('fixed: trusted by API Gateway, with fn.grantInvoke(role)', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'AuthorizerRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    authorizedApi(stack, role).grantInvoke(role);
    for (const rule of ['ServiceRoleUntrusted', 'ServiceRoleCannotInvoke', 'ServiceRoleWildcardInvoke']) {
      const { errors, warnings } = findings(stack, rule);
      expect([...errors, ...warnings]).toEqual([]);
    }
  });

  test('fixed: aws-cdk-lib RequestAuthorizer with assumeRole grants the role the invoke permission', () => {
    const { stack } = checkedApp();
    const role = new iam.Role(stack, 'AuthorizerRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    const handler = new lambda.Function(stack, 'Authorizer', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const authorizer = new apigateway.RequestAuthorizer(stack, 'Request', {
      handler, assumeRole: role, identitySources: [apigateway.IdentitySource.header('Authorization')],
    });
    new apigateway.RestApi(stack, 'Items').root.addMethod('GET', new apigateway.MockIntegration(), { authorizer });
    for (const rule of ['ServiceRoleUntrusted', 'ServiceRoleCannotInvoke', 'ServiceRoleWildcardInvoke', 'CannotEvaluate']) {
      const { errors, warnings } = findings(stack, rule);
      expect([...errors, ...warnings]).toEqual([]);
    }
  });

  test('an authorizer role defined outside the stack is reported as not checked', () => {
    const { stack } = checkedApp();
    authorizedApi(stack, iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/authorizer-invoker'));
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([
      expect.stringMatching(/authorizer 'token' uses the credentials role 'arn:aws:iam::111111111111:role\/authorizer-invoker'.*not checked/),
    ]);
  });
});
