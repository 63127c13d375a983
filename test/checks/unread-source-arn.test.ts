/**
 * A Lambda permission whose SourceArn cannot be resolved before deployment (a parameter, an import no
 * stack exports) stays in the model with its SourceArn unknown: the rule that reads permissions says it
 * cannot be read, naming the value, and never treats it as missing (any API) or as restricting.
 *
 * Sources: Lambda developer guide, "Granting Lambda function access to AWS services" (a service
 * permission without source-arn does not restrict the resource that triggers the invocation); IAM User
 * Guide, "The confused deputy problem" (aws:SourceAccount alone restricts the caller to one account).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';
import { buildAccessModel } from '../../src/analysis/template/access-model';
import { stackEnvironment } from '../../src/analysis/template/intrinsics';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

function handler(stack: Stack) {
  return new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

const API_GATEWAY = new iam.ServicePrincipal('apigateway.amazonaws.com');

describe.each([
  ['a parameter', (stack: Stack) => new CfnParameter(stack, 'SourceArn').valueAsString],
  ['an import no stack exports', () => Fn.importValue('NoStackExportsThis')],
])('SourceArn is %s', (_name, sourceArn) => {
  test('aspect: CannotEvaluate names FromApi.SourceArn; no "without SourceArn" finding', () => {
    const { stack } = checkedApp();
    handler(stack).addPermission('FromApi', { principal: API_GATEWAY, sourceArn: sourceArn(stack) });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([
      expect.stringMatching(/lets apigateway.amazonaws.com invoke .*its SourceArn cannot be read \(HandlerFromApi[0-9A-F]*\.SourceArn.*whether it restricts the function to APIs of one account is unknown/),
    ]);
  });

  test('CLI check: the same', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-arn-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
      handler(stack).addPermission('FromApi', { principal: API_GATEWAY, sourceArn: sourceArn(stack) });
      app.synth();
      const io = captureIo();
      expect(runCli(['check', outdir], io)).not.toBe(ExitCode.INVALID);
      expect(io.stdout).toMatch(/CannotEvaluate.*its SourceArn cannot be read \(HandlerFromApi[0-9A-F]*\.SourceArn/);
      expect(io.stdout).not.toMatch(/LambdaPermissionWithoutSourceArn/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the model keeps the permission, its SourceArn marked unknown', () => {
    const app = new App();
    const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
    handler(stack).addPermission('FromApi', { principal: API_GATEWAY, sourceArn: sourceArn(stack) });
    const template = app.synth().getStackByName('Items').template;
    const model = buildAccessModel(template, stackEnvironment('Items', '111111111111', 'eu-west-1'));
    expect(model.lambdaPermissions).toEqual([expect.objectContaining({
      principal: 'apigateway.amazonaws.com', sourceArn: undefined, unread: { SourceArn: expect.stringMatching(/SourceArn/) },
    })]);
  });
});

test('with SourceAccount as well, the permission names one account: no finding, nothing unevaluable', () => {
  const { stack } = checkedApp();
  handler(stack).addPermission('FromApi', {
    principal: API_GATEWAY, sourceArn: new CfnParameter(stack, 'SourceArn').valueAsString, sourceAccount: stack.account,
  });
  expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
  expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
});

test('an unknown SourceArn on a permission for another service decides nothing about API Gateway', () => {
  const { stack } = checkedApp();
  handler(stack).addPermission('FromSns', { principal: new iam.ServicePrincipal('sns.amazonaws.com'), sourceArn: new CfnParameter(stack, 'Topic').valueAsString });
  expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
});

describe('other values of a Lambda permission that cannot be read keep it too', () => {
  test('a Principal that cannot be read, without SourceArn: CannotEvaluate says it may let API Gateway in', () => {
    const { stack } = checkedApp();
    const fn = handler(stack);
    new lambda.CfnPermission(stack, 'Maybe', {
      action: 'lambda:InvokeFunction', functionName: fn.functionName, principal: new CfnParameter(stack, 'Service').valueAsString,
    });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([
      expect.stringMatching(/the Lambda permission may let apigateway.amazonaws.com invoke .* without a SourceArn or SourceAccount.*could not all be read \(Maybe\.Principal/),
    ]);
  });

  test('a FunctionName that cannot be read, for API Gateway without SourceArn: still the finding, whichever function it is', () => {
    const { stack } = checkedApp();
    new lambda.CfnPermission(stack, 'Open', {
      action: 'lambda:InvokeFunction', functionName: new CfnParameter(stack, 'Fn').valueAsString, principal: 'apigateway.amazonaws.com',
    });
    expect(findings(stack, 'LambdaPermissionWithoutSourceArn').warnings).toEqual([
      expect.stringMatching(/invoke the function Open\.FunctionName names without a SourceArn or SourceAccount/),
    ]);
  });
});
