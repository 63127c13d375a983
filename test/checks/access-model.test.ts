import { App, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildAppModels, StackTemplate } from '../../src/analysis/template/app-model';
import { CfnTemplate } from '../../src/analysis/template/intrinsics';

function templateOf(stack: Stack): StackTemplate {
  return { stackName: stack.stackName, template: Template.fromStack(stack).toJSON() as CfnTemplate, account: stack.account, region: stack.region };
}

describe('access model from a plain aws-cdk-lib app', () => {
  const app = new App();
  const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new apigateway.RestApi(stack, 'Api', {
    deployOptions: { stageName: 'live' },
    endpointTypes: [apigateway.EndpointType.REGIONAL],
  });
  const item = api.root.addResource('items').addResource('{id}');
  const get = item.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  api.root.addMethod('ANY');
  const boundary = new iam.ManagedPolicy(stack, 'Boundary', {
    statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: ['*'] })],
  });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), permissionsBoundary: boundary });
  get.grantExecute(reader);
  const group = new iam.Group(stack, 'Readers');
  get.grantExecute(group);
  const user = new iam.User(stack, 'Alice', { groups: [group] });
  new CfnOutput(stack, 'ApiId', { value: api.restApiId, exportName: 'ItemsApiId' });

  const other = new Stack(app, 'Callers', { env: { account: '111111111111', region: 'eu-west-1' } });
  const caller = new iam.Role(other, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  caller.addToPolicy(new iam.PolicyStatement({
    actions: ['execute-api:Invoke'],
    resources: [Fn.join('', ['arn:aws:execute-api:eu-west-1:111111111111:', Fn.importValue('ItemsApiId'), '/live/GET/items/*'])],
  }));

  const [model, callers] = buildAppModels([templateOf(stack), templateOf(other)]);

  test('methods have the full resource path, the authorization type, and the API its stages', () => {
    expect(model.apis).toHaveLength(1);
    const [a] = model.apis;
    expect(a.endpointType).toBe('REGIONAL');
    expect(a.stages).toEqual(['live']);
    expect(a.methods.map(m => [m.httpMethod, m.path, m.authorizationType]).sort()).toEqual([
      ['ANY', '/', 'NONE'],
      ['GET', '/items/{id}', 'AWS_IAM'],
    ]);
    expect(a.id).toMatch(/^[a-z0-9]{10}$/);
  });

  test('the grant policy, resolved, names the API by the same symbolic id and the stack account', () => {
    const role = model.principals.find(p => p.logicalId === stack.getLogicalId(reader.node.defaultChild as iam.CfnRole))!;
    expect(role.arn).toMatch(/^arn:aws:iam::111111111111:role\/Items-Reader[0-9A-F]{8}-[A-Z0-9]{12}$/);
    const resources = JSON.stringify(role.policies.map(p => p.document));
    expect(resources).toContain(`arn:aws:execute-api:eu-west-1:111111111111:${model.apis[0].id}/live/GET/items/*`);
    expect(role.permissionsBoundary?.document.Statement).toBeDefined();
  });

  test('a user gets the policies of its groups', () => {
    const alice = model.principals.find(p => p.logicalId === stack.getLogicalId(user.node.defaultChild as iam.CfnUser))!;
    expect(alice.kind).toBe('user');
    expect(JSON.stringify(alice.policies)).toContain('execute-api:Invoke');
  });

  test('Fn::ImportValue resolves to what the other stack exports', () => {
    const role = callers.principals.find(p => p.arn.includes(':role/Callers-Caller'))!;
    expect(JSON.stringify(role.policies)).toContain(`${model.apis[0].id}/live/GET/items/*`);
    expect(callers.problems).toEqual([]);
  });
});

test('a method whose API is outside the stack, and an OpenAPI body, are problems, not silent passes', () => {
  const template: CfnTemplate = {
    Resources: {
      Spec: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { openapi: '3.0.1' } } },
      Orphan: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: 'abcdefghij', ResourceId: 'root', HttpMethod: 'GET' } },
    },
  };
  const [model] = buildAppModels([{ stackName: 'S', template }]);
  expect(model.problems.map(p => p.logicalId).sort()).toEqual(['Orphan', 'Spec']);
  expect(model.problems.find(p => p.logicalId === 'Spec')!.what).toMatch(/OpenAPI/);
});

test('hand-written templates: inline policies, literal role names, group additions and a policy given as a JSON string', () => {
  const allow = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource }] });
  const template: CfnTemplate = {
    Resources: {
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'items', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }) },
      },
      Inline: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'inline-reader', Policies: [{ PolicyName: 'Read', PolicyDocument: allow('arn:aws:execute-api:*:*:*/*/GET/*') }] } },
      Attached: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'ByName', Roles: ['inline-reader'], PolicyDocument: allow('arn:aws:execute-api:*:*:*/*/POST/*') } },
      Team: { Type: 'AWS::IAM::Group', Properties: { Policies: [{ PolicyName: 'TeamRead', PolicyDocument: allow('*') }] } },
      Bob: { Type: 'AWS::IAM::User', Properties: {} },
      Join: { Type: 'AWS::IAM::UserToGroupAddition', Properties: { GroupName: { Ref: 'Team' }, Users: [{ Ref: 'Bob' }] } },
    },
  };
  const [model] = buildAppModels([{ stackName: 'Hand', template, account: '111111111111', region: 'eu-west-1' }]);
  expect(model.problems).toEqual([]);
  expect(model.apis[0].resourcePolicy?.Statement).toHaveLength(1);
  const inline = model.principals.find(p => p.logicalId === 'Inline')!;
  expect(inline.arn).toBe('arn:aws:iam::111111111111:role/inline-reader');
  expect(inline.policies.map(p => p.name).sort()).toEqual(['ByName', 'Read']);
  const bob = model.principals.find(p => p.logicalId === 'Bob')!;
  expect(bob.policies.map(p => p.name)).toEqual(['TeamRead']);
});
