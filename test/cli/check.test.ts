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

  // The shape of AWS's own apig-waf sample (aws-samples/serverless-patterns, apig-waf/src/api/index.ts):
  // a LambdaRestApi (ANY / and ANY /{proxy+}, authorization NONE) whose resource policy allows
  // iam.AnyPrincipal, i.e. {"AWS": "*"}, execute-api:Invoke on execute-api:/*/*/*; deployed, it serves
  // unsigned calls. Written here by hand as the template that app synthesizes.
  test('AWS\'s apig-waf sample (an {"AWS": "*"} Allow on a NONE Lambda proxy) has no error finding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    dirs.push(dir);
    const file = path.join(dir, 'WAFAPIGatewayApi.template.json');
    const api = { Ref: 'WAFAPIGateway' };
    const handlerArn = { 'Fn::GetAtt': ['handler', 'Arn'] };
    const proxyMethod = (id: string, resourceId: unknown) => ({
      [id]: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: api,
          ResourceId: resourceId,
          HttpMethod: 'ANY',
          AuthorizationType: 'NONE',
          Integration: {
            Type: 'AWS_PROXY',
            IntegrationHttpMethod: 'POST',
            Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', handlerArn, '/invocations']] },
          },
        },
      },
    });
    fs.writeFileSync(file, JSON.stringify({
      Resources: {
        handlerRole: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
        },
        handler: {
          Type: 'AWS::Lambda::Function',
          Properties: { Handler: 'index.ProxyLambda', Runtime: 'nodejs22.x', Role: { 'Fn::GetAtt': ['handlerRole', 'Arn'] }, Code: { ZipFile: 'exports.ProxyLambda = 1' } },
        },
        handlerInvoke: {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: handlerArn, Principal: 'apigateway.amazonaws.com' },
        },
        WAFAPIGateway: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Name: 'WAFAPIGateway',
            Description: 'A VPC Lambda to get request from API Gateway protected by WAF',
            Policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*/*/*' }],
            },
          },
        },
        proxy: {
          Type: 'AWS::ApiGateway::Resource',
          Properties: { RestApiId: api, ParentId: { 'Fn::GetAtt': ['WAFAPIGateway', 'RootResourceId'] }, PathPart: '{proxy+}' },
        },
        ...proxyMethod('proxyANY', { Ref: 'proxy' }),
        ...proxyMethod('rootANY', { 'Fn::GetAtt': ['WAFAPIGateway', 'RootResourceId'] }),
        deployment: {
          Type: 'AWS::ApiGateway::Deployment',
          Properties: { RestApiId: api },
          DependsOn: ['proxyANY', 'rootANY'],
        },
        stageprod: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: { RestApiId: api, DeploymentId: { Ref: 'deployment' }, StageName: 'prod' },
        },
      },
    }));
    const io = captureIo();
    expect(runCli(['check', file], io)).toBe(ExitCode.OK);
    expect(io.stdout).not.toMatch(/AwsPrincipalBlocksNonIamMethod/);
    expect(io.stdout).toMatch(/^0 errors/m);
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
