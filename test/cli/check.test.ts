import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/** Synthesizes, without the aspect, an app built by `build`; returns the cloud assembly directory. */
function synthesize(build: (stack: Stack) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  const app = new App({ outdir });
  build(new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } }));
  app.synth();
  return outdir;
}

describe('check', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

  test('an invoke grant on a NONE method is an error finding: exit 1', () => {
    const outdir = synthesize(stack => {
      const api = new apigateway.RestApi(stack, 'Api');
      const get = api.root.addMethod('GET', new apigateway.MockIntegration());
      get.grantExecute(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    });
    dirs.push(outdir);
    const io = captureIo();
    expect(runCli(['check', outdir], io)).toBe(ExitCode.MISMATCH);
    expect(io.stdout).toMatch(/^error\s+Items\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\] .* Fix: /m);
    expect(io.stdout).toMatch(/^info\s+Items\/\w+\s+\[OpenMethod\]/m);
    expect(io.stdout).toMatch(/1 errors, 0 warnings, 1 info/);
  });

  test('the fixed app has no error finding: exit 0; json lists the findings', () => {
    const outdir = synthesize(stack => {
      const api = new apigateway.RestApi(stack, 'Api');
      const get = api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
      get.grantExecute(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    });
    dirs.push(outdir);
    const io = captureIo();
    expect(runCli(['check', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    expect(JSON.parse(io.stdout)).toEqual([]);
  });

  test('a CloudFormation template written by hand is checked the same way', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    dirs.push(dir);
    const file = path.join(dir, 'private.json');
    fs.writeFileSync(file, JSON.stringify({
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'internal', EndpointConfiguration: { Types: ['PRIVATE'] } } },
        Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'NONE' } },
      },
    }));
    const io = captureIo();
    expect(runCli(['check', file], io)).toBe(ExitCode.MISMATCH);
    expect(io.stdout).toMatch(/\[PrivateApiWithoutResourcePolicy\] REST API 'internal' is PRIVATE/);
  });

  test('stacks in Stages (nested cloud assemblies) are checked too', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    dirs.push(outdir);
    const app = new App({ outdir });
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-west-1' } });
    new apigateway.RestApi(new Stack(stage, 'Internal'), 'Api', { endpointTypes: [apigateway.EndpointType.PRIVATE] })
      .root.addMethod('GET', new apigateway.MockIntegration());
    app.synth();
    const io = captureIo();
    expect(runCli(['check', outdir], io)).toBe(ExitCode.MISMATCH);
    expect(io.stdout).toMatch(/Prod-Internal\/\w+\s+\[PrivateApiWithoutResourcePolicy\]/);
  });

  test('input that is not a template exits 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'x.json'), '{"not": "a template"}');
    const io = captureIo();
    expect(runCli(['check', path.join(dir, 'x.json')], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).toMatch(/not a CloudFormation template/);
  });

  test('help lists the rules with their severities', () => {
    const io = captureIo();
    expect(runCli(['help', 'check'], io)).toBe(ExitCode.OK);
    expect(io.stdout).toMatch(/UnpairedInvokeGrant\s+error/);
    expect(io.stdout).toMatch(/OpenMethod\s+info/);
  });
});
