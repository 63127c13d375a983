import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessMap } from '../../src';
import { buildAppModels } from '../../src/analysis/template/app-model';
import { renderStack } from '../../src/checks/stack-template';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

/**
 * The VPC endpoints and VPCs of the app, named by logical id in the access map (issue 11: "ids as the
 * policies name them, a logical id for an endpoint of the app, `*` for any"). The decisions follow the
 * developer guide: a private API is reached only through interface VPC endpoints ("Private REST APIs
 * in API Gateway"), and a resource policy's `aws:SourceVpce` / `aws:SourceVpc` condition admits only
 * calls through that endpoint / an endpoint in that VPC ("Resource policy examples": "Allow private
 * API traffic based on source VPC or VPC endpoint").
 */
const ENV = { account: '111111111111', region: 'eu-west-1' };

function network(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
  return { vpc, endpoint };
}

function privateApi(stack: Stack, policy?: iam.PolicyDocument) {
  const api = new apigateway.RestApi(stack, 'Api', { endpointTypes: [apigateway.EndpointType.PRIVATE], policy });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  return api;
}

function logicalIdOf(construct: ec2.InterfaceVpcEndpoint | ec2.Vpc): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild as ec2.CfnVPCEndpoint));
}

function onlyMethod(map: any) {
  expect(map.apis).toHaveLength(1);
  expect(map.apis[0].methods).toHaveLength(1);
  return map.apis[0].methods[0];
}

const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

test('the model lists the VPC endpoints and VPCs of each stack: logical id, stack, and the id a Ref to them resolves to', () => {
  const app = new App();
  const net = new Stack(app, 'Network', { env: ENV });
  const { vpc, endpoint } = network(net);
  const [model] = buildAppModels([renderStack(net)]);
  const resources = model.networkResources ?? [];
  expect(resources.map(r => [r.kind, r.logicalId, r.stackName]).sort()).toEqual([
    ['vpc', logicalIdOf(vpc), 'Network'],
    ['vpcEndpoint', logicalIdOf(endpoint), 'Network'],
  ]);
  for (const r of resources) expect(r.id).toBe(model.resolver.resolve({ Ref: r.logicalId }, 'test'));
});

describe('VPC endpoints and VPCs of the app are named by logical id', () => {
  test('grantInvokeFromVpcEndpointsOnly: the endpoint of the app, not its symbolic vpce- id', () => {
    const stack = new Stack(new App(), 'Net', { env: ENV });
    const { endpoint } = network(stack);
    privateApi(stack).grantInvokeFromVpcEndpointsOnly([endpoint]);
    const method = onlyMethod(AccessMap.of(stack).toJson());
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: [logicalIdOf(endpoint)] } }]);
    expect(JSON.stringify(method)).not.toMatch(/vpce-/);
  });

  test('aws:SourceVpc of a VPC of the app: any endpoint in that VPC, named by logical id', () => {
    const stack = new Stack(new App(), 'Net', { env: ENV });
    const { vpc } = network(stack);
    privateApi(stack, new iam.PolicyDocument({
      statements: [iam.PolicyStatement.fromJson({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:SourceVpc': vpc.vpcId } } })],
    }));
    const method = onlyMethod(AccessMap.of(stack).toJson());
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['*'], vpcs: [logicalIdOf(vpc)] } }]);
  });

  test('a deny-list naming an endpoint of the app and a real endpoint id: the logical id, and the real id as written', () => {
    const stack = new Stack(new App(), 'Net', { env: ENV });
    const { endpoint } = network(stack);
    privateApi(stack, new iam.PolicyDocument({
      statements: [
        iam.PolicyStatement.fromJson(ALLOW_ALL),
        iam.PolicyStatement.fromJson({ ...ALLOW_ALL, Effect: 'Deny', Condition: { StringEquals: { 'aws:SourceVpce': [endpoint.vpcEndpointId, 'vpce-0123456789abcdef0'] } } }),
      ],
    }));
    const method = onlyMethod(AccessMap.of(stack).toJson());
    expect(method.allowed).toEqual([{
      caller: 'anonymous',
      from: { vpcEndpoints: ['*'], exceptVpcEndpoints: [logicalIdOf(endpoint), 'vpce-0123456789abcdef0'].sort() },
    }]);
  });

  test('an endpoint imported from another stack (Fn::ImportValue): the exporting stack\'s logical id', () => {
    const app = new App();
    const net = new Stack(app, 'Network', { env: ENV });
    const { endpoint } = network(net);
    const stack = new Stack(app, 'Service', { env: ENV });
    privateApi(stack).grantInvokeFromVpcEndpointsOnly([endpoint]);
    // The reference crosses stacks: CDK exports the endpoint's Ref from Network and imports it here.
    expect(JSON.stringify(app.synth().getStackByName('Service').template)).toContain('Fn::ImportValue');
    const method = onlyMethod(AccessMap.of(stack).toJson());
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: [logicalIdOf(endpoint)] } }]);
  });

  test('a logical id two stacks define: Stack/LogicalId, the API\'s own stack\'s endpoint', () => {
    const app = new App();
    const a = new Stack(app, 'Blue', { env: ENV });
    const { endpoint } = network(a);
    privateApi(a).grantInvokeFromVpcEndpointsOnly([endpoint]);
    const b = new Stack(app, 'Green', { env: ENV });
    const other = network(b).endpoint;
    expect(logicalIdOf(other)).toBe(logicalIdOf(endpoint)); // same construct path, same logical id
    const method = onlyMethod(AccessMap.of(a).toJson());
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: [`Blue/${logicalIdOf(endpoint)}`] } }]);
  });
});

describe('the CLI report and diff name the endpoints of the app by logical id', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoints-'));
    dirs.push(dir);
    return dir;
  };

  /**
   * A hand-written template: a private API whose policy allows the endpoint `Endpoint` by its `Id`
   * attribute (the same value as its Ref, CloudFormation reference, AWS::EC2::VPCEndpoint return values).
   */
  function template(endpoints: readonly string[]): string {
    const resources: Record<string, unknown> = {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          Name: 'inner',
          EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: endpoints.map(e => ({ Ref: e })) },
          Policy: {
            Version: '2012-10-17',
            Statement: [{ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:SourceVpce': endpoints.map(e => ({ 'Fn::GetAtt': [e, 'Id'] })) } } }],
          },
        },
      },
      Get: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } },
      },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
    };
    for (const e of endpoints) {
      resources[e] = { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.execute-api', VpcEndpointType: 'Interface' } };
    }
    const file = path.join(tmp(), 'Inner.template.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
    return file;
  }

  test('report --format json: the endpoint the policy names by Fn::GetAtt Id', () => {
    const io = captureIo();
    expect(runCli(['report', template(['Endpoint']), '--format', 'json'], io)).toBe(ExitCode.OK);
    const method = onlyMethod(JSON.parse(io.stdout));
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['Endpoint'] } }]);
    const table = captureIo();
    expect(runCli(['report', template(['Endpoint'])], table)).toBe(ExitCode.OK);
    expect(table.stdout).toMatch(/allowed: anyone through VPC endpoint Endpoint\b/);
  });

  test('EndpointConfiguration.VpcEndpointIds restricts nothing: a policy allowing every endpoint stays "*"', () => {
    // API reference, EndpointConfiguration.vpcEndpointIds: "A list of VpcEndpointIds of an API
    // (RestApi) against which to create Route53 ALIASes"; developer guide, "Create a private API":
    // associating an endpoint (optional) simplifies invoking the API; the resource policy decides access.
    const file = template(['Endpoint']);
    const body = JSON.parse(fs.readFileSync(file, 'utf8'));
    body.Resources.Api.Properties.Policy.Statement = [ALLOW_ALL];
    fs.writeFileSync(file, JSON.stringify(body));
    const io = captureIo();
    expect(runCli(['report', file, '--format', 'json'], io)).toBe(ExitCode.OK);
    expect(onlyMethod(JSON.parse(io.stdout)).allowed).toEqual([{ caller: 'anonymous', from: { vpcEndpoints: ['*'] } }]);
  });

  test('diff: a second endpoint allowed is access gained through it, by logical id', () => {
    const io = captureIo();
    expect(runCli(['diff', template(['Endpoint']), template(['Endpoint', 'Backup']), '--format', 'json'], io)).toBe(ExitCode.MISMATCH);
    const text = JSON.stringify(JSON.parse(io.stdout));
    expect(text).toContain('"vpcEndpoints":["Backup"]');
    expect(text).not.toMatch(/vpce-/);
  });
});
