import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

// The rules of issue 15 (authorizer roles, roles anyone may assume, Lambda permissions without a source)
// read the synthesized template as the aspect reads the construct tree: the CLI finds the same.
const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function check(build: (stack: Stack) => void): { code: number; stdout: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check15-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  build(new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } }));
  app.synth();
  const io = captureIo();
  const code = runCli(['check', outdir], io);
  return { code, stdout: io.stdout };
}

function itemsApp(broken: boolean) {
  return (stack: Stack) => {
    const fn = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const api = new apigateway.RestApi(stack, 'Api');
    const get = api.root.addResource('items').addMethod('GET', new apigateway.LambdaIntegration(fn), { authorizationType: apigateway.AuthorizationType.IAM });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: broken ? new iam.AnyPrincipal() : new iam.AccountRootPrincipal() });
    get.grantExecute(caller);
    fn.addPermission('FromApiGateway', {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: broken ? undefined : api.arnForExecuteApi(),
    });
    const authorizerRole = new iam.Role(stack, 'AuthorizerRole', {
      assumedBy: new iam.ServicePrincipal(broken ? 'lambda.amazonaws.com' : 'apigateway.amazonaws.com'),
    });
    if (!broken) fn.grantInvoke(authorizerRole);
    const authorizer = new apigateway.CfnAuthorizer(stack, 'Token', {
      restApiId: api.restApiId,
      name: 'token',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
      authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
      authorizerCredentials: authorizerRole.roleArn,
    });
    const mine = api.root.addResource('mine').addMethod('GET', new apigateway.MockIntegration());
    (mine.node.defaultChild as apigateway.CfnMethod).authorizationType = 'CUSTOM';
    (mine.node.defaultChild as apigateway.CfnMethod).authorizerId = authorizer.ref;
  };
}

test('check reports the broken app: exit 1', () => {
  const { code, stdout } = check(itemsApp(true));
  expect(code).toBe(ExitCode.MISMATCH);
  for (const rule of ['InvokeRoleAssumableByAnyone', 'ServiceRoleUntrusted', 'ServiceRoleCannotInvoke']) {
    expect(stdout).toMatch(new RegExp(`^error\\s+Items/\\S+\\s+\\[${rule}\\]`, 'm'));
  }
  expect(stdout).toMatch(/^warning\s+Items\/\S+\s+\[LambdaPermissionWithoutSourceArn\]/m);
});

test('check passes the fixed app: exit 0', () => {
  const { code, stdout } = check(itemsApp(false));
  expect(stdout).not.toMatch(/InvokeRoleAssumableByAnyone|LambdaPermissionWithoutSourceArn|ServiceRole|CannotEvaluate/);
  expect(code).toBe(ExitCode.OK);
});
