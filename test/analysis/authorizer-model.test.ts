import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AccessModel, MethodModel } from '../../src/analysis/template/access-model';
import { buildAppModels } from '../../src/analysis/template/app-model';
import { invokedWithoutCredentials, parseIdentitySource } from '../../src/analysis/template/authorizers';
import { CfnTemplate } from '../../src/analysis/template/intrinsics';

function modelOf(stack: Stack): AccessModel {
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return buildAppModels([{ stackName: stack.stackName, template, account: stack.account, region: stack.region }])[0];
}

function methodAt(model: AccessModel, httpMethod: string, path: string): MethodModel {
  const method = model.apis.flatMap(a => a.methods).find(m => m.httpMethod === httpMethod && m.path === path);
  if (!method) throw new Error(`no ${httpMethod} ${path} in the model`);
  return method;
}

describe('authorizers of a plain aws-cdk-lib app', () => {
  const app = new App();
  const stack = new Stack(app, 'Authorized', { env: { account: '111111111111', region: 'eu-west-1' } });
  const code = lambda.Code.fromInline('exports.handler = async () => ({})');
  const tokenFn = new lambda.Function(stack, 'TokenFn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });
  const requestFn = new lambda.Function(stack, 'RequestFn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });
  const invoker = new iam.Role(stack, 'AuthorizerInvoker', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
  const openPool = new cognito.UserPool(stack, 'OpenPool', { selfSignUpEnabled: true });
  const closedPool = new cognito.UserPool(stack, 'ClosedPool');

  const api = new apigateway.RestApi(stack, 'Api', { apiKeySourceType: apigateway.ApiKeySourceType.AUTHORIZER });
  const token = new apigateway.TokenAuthorizer(stack, 'Token', { handler: tokenFn });
  const request = new apigateway.RequestAuthorizer(stack, 'Request', {
    handler: requestFn,
    assumeRole: invoker,
    resultsCacheTtl: Duration.seconds(0),
    identitySources: [
      apigateway.IdentitySource.header('X-Tenant'),
      apigateway.IdentitySource.queryString('q'),
      apigateway.IdentitySource.stageVariable('env'),
      apigateway.IdentitySource.context('identity.sourceIp'),
    ],
  });
  const pools = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Pools', { cognitoUserPools: [openPool, closedPool] });
  api.root.addResource('token').addMethod('GET', undefined, { authorizer: token });
  api.root.addResource('request').addMethod('GET', undefined, { authorizer: request, apiKeyRequired: true });
  api.root.addResource('cognito').addMethod('GET', undefined, { authorizer: pools });
  api.root.addMethod('GET');

  const model = modelOf(stack);
  // A function without a FunctionName is named `<stack>-<logical id>-<unique suffix>` by CloudFormation.
  const fnArn = (fn: lambda.Function) => new RegExp(`^arn:aws:lambda:eu-west-1:111111111111:function:Authorized-${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}-[A-Z0-9]{12}$`);

  test('every authorizer is read, attached to its API, and nothing is reported as unreadable', () => {
    expect(model.problems).toEqual([]);
    expect(model.apis[0].authorizers.map(a => a.type).sort()).toEqual(['COGNITO_USER_POOLS', 'REQUEST', 'TOKEN']);
    expect(model.apis[0].apiKeySource).toBe('AUTHORIZER');
  });

  test('a TOKEN authorizer reads its token from the Authorization header by default and invokes its function', () => {
    // aws-cdk-lib TokenAuthorizer: identitySource defaults to `IdentitySource.header('Authorization')`,
    // resultsCacheTtl to 5 minutes.
    const { authorizer, authorizationType, authorizerId } = methodAt(model, 'GET', '/token');
    expect(authorizationType).toBe('CUSTOM');
    expect(authorizer?.id).toBe(authorizerId);
    expect(authorizer?.identitySources).toEqual([{ expression: 'method.request.header.Authorization', location: 'header', name: 'Authorization' }]);
    expect(authorizer?.functionArn).toMatch(fnArn(tokenFn));
    expect(authorizer?.credentials).toBeUndefined();
    expect(authorizer?.resultTtlInSeconds).toBe(300);
  });

  test('a REQUEST authorizer keeps every identity source, its credentials role and a TTL of 0', () => {
    const method = methodAt(model, 'GET', '/request');
    const authorizer = method.authorizer!;
    expect(authorizer.type).toBe('REQUEST');
    expect(authorizer.identitySources.map(s => [s.location, s.name])).toEqual([
      ['header', 'X-Tenant'], ['querystring', 'q'], ['stageVariable', 'env'], ['context', 'identity.sourceIp'],
    ]);
    const invokerId = stack.getLogicalId(invoker.node.defaultChild as iam.CfnRole);
    expect(authorizer.credentials).toBe(model.principals.find(p => p.logicalId === invokerId)!.arn);
    expect(authorizer.functionArn).toMatch(fnArn(requestFn));
    expect(authorizer.resultTtlInSeconds).toBe(0);
    expect(method.apiKeyRequired).toBe(true);
  });

  test('a Cognito authorizer names its user pools; a pool with selfSignUpEnabled lets anyone sign up', () => {
    // CloudFormation AWS::Cognito::UserPool AdminCreateUserConfig.AllowAdminCreateUserOnly: "When true, only
    // administrators can create new user profiles. When false, users can register themselves". aws-cdk-lib
    // writes `AllowAdminCreateUserOnly: !selfSignUpEnabled`.
    const { authorizer } = methodAt(model, 'GET', '/cognito');
    expect(authorizer?.type).toBe('COGNITO_USER_POOLS');
    const byPool = Object.fromEntries(authorizer!.providers.map(p => [p.userPool?.logicalId, p.userPool?.selfSignUp]));
    expect(byPool).toEqual({
      [stack.getLogicalId(openPool.node.defaultChild as cognito.CfnUserPool)]: true,
      [stack.getLogicalId(closedPool.node.defaultChild as cognito.CfnUserPool)]: false,
    });
    expect(authorizer!.providers.every(p => p.arn.startsWith('arn:aws:cognito-idp:eu-west-1:111111111111:userpool/'))).toBe(true);
    expect(model.userPools).toHaveLength(2);
  });

  test('only a REQUEST authorizer that reads no caller-supplied value is called for a request without credentials', () => {
    // API reference, Authorizer identitySource: API Gateway calls the function only when every identity
    // source is present, so a TOKEN authorizer (header) and a REQUEST authorizer with a header source refuse
    // a request that lacks them.
    expect(invokedWithoutCredentials(methodAt(model, 'GET', '/token').authorizer!)).toBeUndefined();
    expect(invokedWithoutCredentials(methodAt(model, 'GET', '/request').authorizer!)).toBeUndefined();
    expect(invokedWithoutCredentials(methodAt(model, 'GET', '/cognito').authorizer!)).toBeUndefined();
  });

  test('a method without an authorizer or a key has neither', () => {
    const method = methodAt(model, 'GET', '/');
    expect(method.authorizer).toBeUndefined();
    expect(method.authorizerId).toBeUndefined();
    expect(method.apiKeyRequired).toBe(false);
  });
});

describe('authorizers in hand-written templates', () => {
  const modelOfTemplate = (template: CfnTemplate) => buildAppModels([{ stackName: 'Hand', template, account: '111111111111', region: 'eu-west-1' }])[0];
  const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'hand' } };
  const method = (props: Record<string, unknown>) => ({
    Type: 'AWS::ApiGateway::Method',
    Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', ...props },
  });

  test('a user pool without AdminCreateUserConfig, or with AllowAdminCreateUserOnly false, lets anyone sign up', () => {
    // CloudFormation reference AdminCreateUserConfig: "When false, users can register themselves and create a
    // new user profile with the SignUp operation"; the Cognito API's AllowAdminCreateUserOnly defaults to false.
    const model = modelOfTemplate({
      Resources: {
        Absent: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        False: { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } } },
        NoFlag: { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { UnusedAccountValidityDays: 7 } } },
        AdminOnly: { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } } },
      },
    });
    expect(Object.fromEntries(model.userPools.map(p => [p.logicalId, p.selfSignUp]))).toEqual({
      Absent: true, False: true, NoFlag: true, AdminOnly: false,
    });
    expect(model.problems).toEqual([]);
  });

  test('a sign-up setting from a parameter is taken to allow sign-up, and said', () => {
    const model = modelOfTemplate({
      Parameters: { AdminOnly: { Type: 'String' } },
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: { Ref: 'AdminOnly' } } } },
      },
    });
    expect(model.userPools[0].selfSignUp).toBe(true);
    expect(model.problems).toEqual([expect.objectContaining({ logicalId: 'Pool', what: expect.stringMatching(/AdminOnly.*taken to allow/) })]);
  });

  test('a REQUEST authorizer without IdentitySource and TTL has no sources and the default TTL of 300', () => {
    // API Gateway API reference, Authorizer: identitySource is optional "when the authorization caching is
    // not enabled"; authorizerResultTtlInSeconds "If this field is not set, the default value is 300".
    const model = modelOfTemplate({
      Resources: {
        Api: api,
        Auth: {
          Type: 'AWS::ApiGateway::Authorizer',
          Properties: {
            RestApiId: { Ref: 'Api' },
            Type: 'REQUEST',
            Name: 'auth',
            AuthorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:auth/invocations',
          },
        },
        Get: method({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Auth' }, ApiKeyRequired: 'true' }),
      },
    });
    const [get] = model.apis[0].methods;
    expect(get.authorizer).toMatchObject({
      name: 'auth',
      identitySources: [],
      resultTtlInSeconds: 300,
      functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:auth',
    });
    expect(get.apiKeyRequired).toBe(true);
    expect(model.problems).toEqual([]);
  });

  test('an unreadable identity source or AuthorizerId is a problem, and the authorizer and the method are kept', () => {
    const model = modelOfTemplate({
      Parameters: { AuthorizerId: { Type: 'String' } },
      Resources: {
        Api: api,
        Auth: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'REQUEST', IdentitySource: 'method.request.path.id' } },
        Get: method({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'AuthorizerId' } }),
      },
    });
    expect(model.apis[0].authorizers).toHaveLength(1);
    expect(model.apis[0].methods).toHaveLength(1);
    expect(model.apis[0].methods[0].authorizer).toBeUndefined();
    expect(model.problems.map(p => p.logicalId).sort()).toEqual(['Auth', 'Get', 'Get']);
    expect(model.problems.find(p => p.logicalId === 'Auth')?.what).toContain("'method.request.path.id'");
    expect(model.problems.filter(p => p.logicalId === 'Get').map(p => p.what).join(' ')).toMatch(/AuthorizerId.*who it admits is unknown/s);
  });

  test('a REQUEST authorizer reading only context or stage variables, or nothing, is called for every request', () => {
    const authorizer = (IdentitySource?: string) => ({
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: { RestApiId: { Ref: 'Api' }, Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0, ...(IdentitySource ? { IdentitySource } : {}) },
    });
    const model = modelOfTemplate({
      Resources: {
        Api: api,
        SourceIp: authorizer('context.identity.sourceIp'),
        Stage: authorizer('stageVariables.tenant, context.requestId'),
        None: authorizer(),
        Mixed: authorizer('context.identity.sourceIp, method.request.header.X-Key'),
      },
    });
    const called = Object.fromEntries(model.apis[0].authorizers.map(a => [a.logicalId, invokedWithoutCredentials(a) !== undefined]));
    expect(called).toEqual({ SourceIp: true, Stage: true, None: true, Mixed: false });
  });

  test('a user pool knows its app clients (sign-up needs one)', () => {
    const model = modelOfTemplate({
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        Lonely: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        Web: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } },
      },
    });
    expect(Object.fromEntries(model.userPools.map(p => [p.logicalId, p.appClients]))).toEqual({ Pool: ['Web'], Lonely: [] });
  });

  test('an authorizer of an API outside the stack is a problem, not dropped silently', () => {
    const model = modelOfTemplate({
      Resources: { Auth: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: 'abcdefghij', Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization' } } },
    });
    expect(model.problems).toEqual([expect.objectContaining({ logicalId: 'Auth', what: expect.stringContaining("'abcdefghij'") })]);
  });
});

test('identity sources: headers, multi-value headers, query strings, stage variables and context variables, trimmed', () => {
  // API Gateway API reference, Authorizer identitySource: "a comma-separated string of one or more mapping
  // expressions", e.g. "method.request.header.Auth, method.request.querystring.Name".
  expect(parseIdentitySource('method.request.header.Auth, method.request.querystring.Name,method.request.multivalueheader.H , stageVariables.s,context.identity.sourceIp', 'x')
    .map(s => `${s.location}:${s.name}`)).toEqual(['header:Auth', 'querystring:Name', 'multivalueheader:H', 'stageVariable:s', 'context:identity.sourceIp']);
  expect(() => parseIdentitySource('$request.header.Auth', 'Auth.IdentitySource')).toThrow(/Auth.IdentitySource.*'\$request.header.Auth'/);
});
