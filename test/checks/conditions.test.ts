/**
 * CloudFormation conditions that test parameters: access is analyzed for each way they can go, and
 * access allowed in any is reported, saying under which condition. A conditional Deny is never
 * assumed present. (CloudFormation User Guide, "Conditions": a resource with a false Condition is not
 * created; Fn::If picks one of two values.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function templateFile(template: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-'));
  dirs.push(dir);
  const file = path.join(dir, 'items.json');
  fs.writeFileSync(file, JSON.stringify(template));
  return file;
}

const exposure = { Exposure: { Type: 'String', AllowedValues: ['public', 'internal'], Default: 'internal' } };
const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } };
const stage = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live', DeploymentId: 'd' } };

describe('CLI: Fn::If on the authorization type', () => {
  const file = () => templateFile({
    Parameters: exposure,
    Conditions: { IsPublic: { 'Fn::Equals': [{ Ref: 'Exposure' }, 'public'] } },
    Resources: {
      Api: api,
      Stage: stage,
      Get: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: { Ref: 'Api' },
          ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
          HttpMethod: 'GET',
          AuthorizationType: { 'Fn::If': ['IsPublic', 'NONE', 'AWS_IAM'] },
        },
      },
    },
  });

  test('report: anonymous is allowed, when IsPublic is true', () => {
    const io = captureIo();
    expect(runCli(['report', file(), '--format', 'json'], io)).toBe(ExitCode.OK);
    const report = JSON.parse(io.stdout);
    expect(report.apis).toHaveLength(1);
    const decision = report.apis[0].methods[0].decisions[report.callers.findIndex((c: { name: string }) => c.name === 'anonymous')];
    expect(decision.decision).toBe('ALLOW');
    expect(decision.reasons.join(' ')).toMatch(/^when condition IsPublic is true: /);
  });

  test('check: the open method is reported under its condition', () => {
    const io = captureIo();
    runCli(['check', file()], io);
    expect(io.stdout).toMatch(/\[OpenMethod\] anyone on the internet can call GET \/ .* \(when condition IsPublic is true\)\./);
    expect(io.stdout).not.toMatch(/CannotEvaluate/);
  });
});

test('CLI: a resource-policy Deny under Fn::If is not assumed present', () => {
  const everyone = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
  const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
  const file = templateFile({
    Parameters: { Locked: { Type: 'String' } },
    Conditions: { IsLocked: { 'Fn::Equals': [{ Ref: 'Locked' }, 'yes'] } },
    Resources: {
      Api: { ...api, Properties: { Name: 'items', Policy: { Version: '2012-10-17', Statement: [everyone, { 'Fn::If': ['IsLocked', deny, { Ref: 'AWS::NoValue' }] }] } } },
      Stage: stage,
      Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'NONE' } },
    },
  });
  const io = captureIo();
  runCli(['report', file, '--format', 'json'], io);
  const report = JSON.parse(io.stdout);
  const decision = report.apis[0].methods[0].decisions[report.callers.findIndex((c: { name: string }) => c.name === 'anonymous')];
  expect(decision.decision).toBe('ALLOW');
  expect(decision.reasons.join(' ')).toMatch(/when condition IsLocked is false/);
});

describe('aspect: conditional IAM resources', () => {
  function app() {
    const a = new App();
    const checks = ApiAccessChecks.of(a);
    const stack = new Stack(a, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
    const rest = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const get = rest.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const grants = new CfnCondition(stack, 'GrantsReaders', { expression: Fn.conditionEquals(new CfnParameter(stack, 'Readers').valueAsString, 'yes') });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    return { checks, stack, rest, get, grants, caller };
  }

  test('a grant that exists only under a condition: expectDenied is reported with the condition', () => {
    const { checks, stack, rest, get, grants, caller } = app();
    const policy = new iam.Policy(stack, 'Grant', { roles: [caller], statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [get.methodArn] })] });
    (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = grants;
    checks.expectDenied({ caller: AccessCaller.principal(caller), api: rest, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW.*\(when condition GrantsReaders is true\)\. Fix:/)]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('a Deny that exists only under a condition is not assumed: expectDenied is reported', () => {
    const { checks, stack, rest, get, grants, caller } = app();
    get.grantExecute(caller);
    const deny = new iam.Policy(stack, 'Block', {
      roles: [caller], statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: ['*'] })],
    });
    (deny.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = grants;
    checks.expectDenied({ caller: AccessCaller.principal(caller), api: rest, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW.*\(when condition GrantsReaders is false\)\. Fix:/)]);
  });
});

test('more free conditions than the budget: CannotEvaluate says which were not enumerated', () => {
  const names = ['A', 'B', 'C', 'D'];
  const file = templateFile({
    Parameters: { P: { Type: 'String' } },
    Conditions: Object.fromEntries(names.map(n => [n, { 'Fn::Equals': [{ Ref: 'P' }, n] }])),
    Resources: {
      Api: api,
      Stage: stage,
      ...Object.fromEntries(names.map(n => [`Get${n}`, {
        Type: 'AWS::ApiGateway::Method',
        Condition: n,
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: n === 'A' ? 'GET' : 'POST', AuthorizationType: 'AWS_IAM' },
      }])),
    },
  });
  const io = captureIo();
  runCli(['check', file], io);
  expect(io.stdout).toMatch(/\[CannotEvaluate\] access depends on more CloudFormation conditions than are analyzed \(8 ways at most\): 'D' were not enumerated/);
});
