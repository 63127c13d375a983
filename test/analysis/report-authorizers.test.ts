import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildReport } from '../../src/analysis/report';
import { buildAppModels } from '../../src/analysis/template/app-model';
import { CfnTemplate } from '../../src/analysis/template/intrinsics';

// The report must never call "denied" what the authorizer decides. API reference, Authorizer
// identitySource: a REQUEST authorizer runs only when every identity source is present, and context
// variables always are; a TOKEN authorizer refuses a request without its header. Cognito developer guide,
// "Configuring policies for user creation": with sign-up and an app client, anyone gets a profile and tokens.
test('report: a REQUEST authorizer called for every request is undecided, a self sign-up pool is open, a TOKEN authorizer denies', () => {
  const app = new App();
  const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
  const handler = new lambda.Function(stack, 'AuthorizerFn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const api = new apigateway.RestApi(stack, 'Api');
  const request = new apigateway.RequestAuthorizer(stack, 'ByIp', {
    handler, resultsCacheTtl: Duration.seconds(0), identitySources: [apigateway.IdentitySource.context('identity.sourceIp')],
  });
  api.root.addResource('by-ip').addMethod('GET', new apigateway.MockIntegration(), { authorizer: request });
  api.root.addResource('token').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer: new apigateway.TokenAuthorizer(stack, 'Token', { handler }),
  });
  const pool = new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true });
  pool.addClient('Web');
  api.root.addResource('members').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer: new apigateway.CognitoUserPoolsAuthorizer(stack, 'Pools', { cognitoUserPools: [pool] }),
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const report = buildReport(buildAppModels([{ stackName: 'Items', template, account: '111111111111', region: 'eu-west-1' }]));

  // The report reads the access map: each method's entries, by caller.
  const method = (path: string) => report.document.apis[0].methods.find(m => m.path === path)!;
  const callers = (entries: ReadonlyArray<{ caller: string }>) => entries.map(e => e.caller);
  expect(callers(method('/by-ip').allowed)).not.toContain('anonymous');
  expect(method('/by-ip').undecided.find(e => e.caller === 'anonymous')?.because).toMatch(/context\.identity\.sourceIp|every request/);
  const members = method('/members').allowed.find(e => e.caller.startsWith('cognito:'));
  expect(members?.note).toMatch(/anyone may sign up to this user pool/);
  expect(callers(method('/token').allowed)).not.toContain('anonymous');
  expect(callers(method('/token').undecided)).not.toContain('anonymous');
  expect(callers(method('/token').allowed)).toEqual([expect.stringMatching(/^authorizer:/)]);
});
