import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildAppModels } from '../../src/analysis/template/app-model';
import { CfnTemplate } from '../../src/analysis/template/intrinsics';
import { renderStack } from '../../src/checks/stack-template';

// The aspect reads the construct tree (with shortcuts for the resources an API has hundreds of);
// the CLI reads the synthesized template. Both must see the same model.
test('the model the aspect reads from the construct tree equals the one the CLI reads from the template', () => {
  const app = new App();
  const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const role = new iam.Role(stack, 'Integration', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
  fn.grantInvoke(role);
  const api = new apigateway.RestApi(stack, 'Api', {
    deployOptions: { stageName: 'live' },
    policy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] })],
    }),
  });
  const items = api.root.addResource('items');
  const get = items.addMethod('GET', new apigateway.LambdaIntegration(fn, { credentialsRole: role }), { authorizationType: apigateway.AuthorizationType.IAM });
  items.addResource('{id}').addMethod('ANY', new apigateway.MockIntegration());
  const post = items.addMethod('POST', new apigateway.MockIntegration());
  // An escape hatch: only a full rendering sees it.
  (post.node.defaultChild as apigateway.CfnMethod).addPropertyOverride('AuthorizationType', 'AWS_IAM');
  new apigateway.Deployment(stack, 'Manual', { api, stageName: 'manual' });
  // Authorizers, user pools and API keys.
  const token = new apigateway.TokenAuthorizer(stack, 'Token', { handler: fn, assumeRole: role });
  items.addResource('mine').addMethod('GET', new apigateway.MockIntegration(), { authorizer: token, apiKeyRequired: true });
  const pool = new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true });
  pool.addClient('Web');
  const pools = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Pools', { cognitoUserPools: [pool] });
  items.addResource('members').addMethod('GET', new apigateway.MockIntegration(), { authorizer: pools });
  get.grantExecute(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
  const boundary = new iam.ManagedPolicy(stack, 'Boundary', {
    statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi('GET', '/items', 'live')] })],
  });
  new iam.Role(stack, 'Inline', {
    assumedBy: new iam.AccountRootPrincipal(),
    permissionsBoundary: boundary,
    inlinePolicies: {
      Read: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi()] })] }),
    },
  });

  const template = Template.fromStack(stack).toJSON() as CfnTemplate; // synthesizes (and prepares) the app
  const [fromTree] = buildAppModels([renderStack(stack)]);
  const [fromTemplate] = buildAppModels([{ stackName: stack.stackName, template, account: '111111111111', region: 'eu-west-1' }]);

  const sorted = <T extends { logicalId: string }>(list: T[]) => [...list].sort((a, b) => a.logicalId.localeCompare(b.logicalId));
  expect(fromTree.apis.map(a => ({ ...a, methods: sorted(a.methods) }))).toEqual(fromTemplate.apis.map(a => ({ ...a, methods: sorted(a.methods) })));
  expect(sorted(fromTree.principals)).toEqual(sorted(fromTemplate.principals));
  expect(fromTree.problems).toEqual(fromTemplate.problems);
  const methods = fromTree.apis[0].methods;
  expect(methods.find(m => m.httpMethod === 'POST')!.authorizationType).toBe('AWS_IAM');
  expect(methods.find(m => m.httpMethod === 'GET')!.integration!.functionArn).toMatch(/^arn:aws:lambda:eu-west-1:111111111111:function:Items-Handler[0-9A-F]{8}-[A-Z0-9]{12}$/);
  expect(fromTree.apis[0].stages.sort()).toEqual(['live', 'manual']);
  expect(fromTree.userPools).toEqual(fromTemplate.userPools);
  expect(fromTree.userPools[0].appClients).toHaveLength(1);
  expect(fromTree.apis[0].authorizers.map(a => a.type).sort()).toEqual(['COGNITO_USER_POOLS', 'TOKEN']);
  expect(methods.find(m => m.path === '/items/mine')).toMatchObject({ apiKeyRequired: true, authorizer: { type: 'TOKEN', credentials: expect.stringMatching(/:role\/Items-Integration/) } });
  expect(methods.find(m => m.path === '/items/members')!.authorizer!.providers[0].userPool!.selfSignUp).toBe(true);
});
