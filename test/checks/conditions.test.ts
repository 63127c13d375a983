/**
 * CloudFormation conditions that test parameters: access is analyzed for each way they can go, and
 * access allowed in any is reported, saying under which condition. A conditional Deny is never
 * assumed present. (CloudFormation User Guide, "Conditions": a resource with a false Condition is not
 * created; Fn::If picks one of two values.)
 */
import { App, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { expectDenied, FROM_ANYWHERE, methodAt, reportedMap } from './map-report';
import { templateFile } from './template-files';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

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

  test('report: anonymous is allowed, when Exposure is "public" (the value that makes IsPublic true)', () => {
    const map = reportedMap(file());
    expect(map.apis).toHaveLength(1);
    // The method is NONE in one branch and AWS_IAM in the other: one method of the map for each.
    const methods = map.apis[0].methods.filter(m => m.path === '/' && m.httpMethod === 'GET');
    expect(methods.map(m => m.authorizationType).sort()).toEqual(['AWS_IAM', 'NONE']);
    const open = methods.find(m => m.authorizationType === 'NONE')!;
    expect(open.allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter Exposure is "public"' }]);
    expect(open.undecided).toEqual([]);
    // AWS_IAM refuses unsigned calls (developer guide, "Control access to a REST API with IAM
    // permissions"); whatever that branch allows, it allows only when Exposure is its other allowed value.
    const signed = methods.find(m => m.authorizationType === 'AWS_IAM')!;
    expectDenied(signed, 'anonymous');
    for (const entry of [...signed.allowed, ...signed.undecided]) expect(entry.note).toMatch(/(^|; )when parameter Exposure is "internal"$/);
  });

  test('check: the open method is reported under its condition', () => {
    const io = captureIo();
    runCli(['check', file()], io);
    expect(io.stdout).toMatch(/\[OpenMethod\] anyone on the internet can call GET \/ .* \(when parameter Exposure is "public"\)\./);
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
  const method = methodAt(reportedMap(file), '/');
  expect(method.allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter Locked is none of "yes"' }]);
  expect(method.undecided).toEqual([]);
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
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW.*\(when parameter Readers is "yes"\)\. Fix:/)]);
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
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW.*\(when parameter Readers is none of "yes"\)\. Fix:/)]);
  });
});

test('four conditions on one parameter are five classes of its value, within the budget: every method is mapped where it exists', () => {
  // Before, each condition was enumerated true and false on its own (16 ways, over the budget);
  // P's value decides all four at once: A, B, C, D or none of them.
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
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: n === 'A' ? 'GET' : 'POST', AuthorizationType: 'NONE' },
      }])),
    },
  });
  const io = captureIo();
  runCli(['check', file], io);
  expect(io.stdout).not.toMatch(/CannotEvaluate/);
  expect(io.stdout).toMatch(/GetA  \[OpenMethod\] anyone on the internet can call GET \/ .*\(when parameter P is "A"\)\./);
  // POST / exists when P is B, C or D: three methods GetB, GetC, GetD, each only under its own value.
  for (const n of ['B', 'C', 'D']) expect(io.stdout).toMatch(new RegExp(`Get${n}  \\[OpenMethod\\] anyone on the internet can call POST / .*\\(when parameter P is "${n}"\\)\\.`));
});
