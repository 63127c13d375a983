/**
 * The whole app, not one template: nested stacks (read with the parameters their parent passes) and
 * grants, methods and stages in one stack for resources of another (Fn::ImportValue). Each app is
 * checked by the aspect (expectations) and by the CLI on its cloud assembly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { findings } from './helpers';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** `apiStack`: the top-level stack whose cloud assembly artifact carries the API's findings (a nested stack's go to its parent). */
interface Built { api: apigateway.IRestApi; caller?: iam.IRole; apiStack: Stack }

/** GET /items, AWS_IAM unless said otherwise, on stage live. */
function items(scope: IConstruct, authorizationType = apigateway.AuthorizationType.IAM) {
  const api = new apigateway.RestApi(scope, 'Items', { deployOptions: { stageName: 'live' } });
  const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType });
  return { api, get };
}

function run(build: (app: App) => Built, withChecks = true) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'whole-app-'));
  const app = new App({ outdir });
  const checks = withChecks ? ApiAccessChecks.of(app) : undefined;
  const built = build(app);
  return { app, checks, outdir, ...built };
}

function cli(build: (app: App) => Built, ...args: string[]) {
  const { app, outdir } = run(build, false);
  try {
    app.synth();
    const io = captureIo();
    const code = runCli([...args.slice(0, 1), outdir, ...args.slice(1)], io);
    return { code, io };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function reportDecision(build: (app: App) => Built, caller: string): string {
  const { io } = cli(build, 'report', '--format', 'json');
  const r = JSON.parse(io.stdout);
  const i = r.callers.findIndex((c: { name: string }) => c.name.split('/').pop()!.startsWith(caller));
  expect(i).toBeGreaterThanOrEqual(0);
  expect(r.apis).toHaveLength(1);
  return r.apis[0].methods.find((m: { path: string }) => m.path === '/items').decisions[i].decision;
}

function expectDeniedIsReported(build: (app: App) => Built, who: (b: Built) => AccessCaller) {
  const { checks, ...b } = run(build);
  checks!.expectDenied({ caller: who(b), api: b.api, httpMethod: 'GET', path: '/items' });
  b.app.synth();
  expect(findings(b.apiStack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW/)]);
  expect(findings(b.apiStack, 'CannotEvaluate').warnings).toEqual([]);
  fs.rmSync(b.outdir, { recursive: true, force: true });
}

describe('an API in a NestedStack', () => {
  const open = (app: App): Built => {
    const parent = new Stack(app, 'Parent', { env: ENV });
    const nested = new NestedStack(parent, 'Inner');
    const { api } = items(nested, apigateway.AuthorizationType.NONE);
    return { api, apiStack: parent };
  };

  test('aspect: the open method is seen', () => expectDeniedIsReported(open, () => AccessCaller.anonymous()));

  test('CLI report: the API is found, open to anonymous', () => {
    expect(reportDecision(open, 'anonymous')).toBe('ALLOW');
  });

  test('CLI check: an error inside the nested stack fails the check (exit 1)', () => {
    const broken = (app: App): Built => {
      const parent = new Stack(app, 'Parent', { env: ENV });
      const nested = new NestedStack(parent, 'Inner');
      const { api, get } = items(nested, apigateway.AuthorizationType.NONE);
      get.grantExecute(new iam.Role(nested, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
      return { api, apiStack: parent };
    };
    const { code, io } = cli(broken, 'check');
    expect(io.stdout).toMatch(/^error\s+Parent\/Inner\w*\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\]/m);
    expect(code).toBe(ExitCode.MISMATCH);
  });
});

describe('a role of the parent granted on a nested API (through the nested stack\'s outputs)', () => {
  const build = (app: App): Built => {
    const parent = new Stack(app, 'Parent', { env: ENV });
    const caller = new iam.Role(parent, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const nested = new NestedStack(parent, 'Inner');
    const { api, get } = items(nested);
    get.grantExecute(caller);
    return { api, caller, apiStack: parent };
  };
  test('aspect', () => expectDeniedIsReported(build, b => AccessCaller.principal(b.caller!)));
  test('CLI report: ALLOW', () => expect(reportDecision(build, 'Caller')).toBe('ALLOW'));
});

describe('a policy in a nested stack attached to a role of the parent (through a parameter)', () => {
  const build = (app: App): Built => {
    const parent = new Stack(app, 'Parent', { env: ENV });
    const { api, get } = items(parent);
    const caller = new iam.Role(parent, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const nested = new NestedStack(parent, 'Grants');
    new iam.Policy(nested, 'Grant', { roles: [caller], statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [get.methodArn] })] });
    return { api, caller, apiStack: parent };
  };
  test('aspect', () => expectDeniedIsReported(build, b => AccessCaller.principal(b.caller!)));
  test('CLI report: ALLOW', () => expect(reportDecision(build, 'Caller')).toBe('ALLOW'));
});

describe('a policy in stack B attached to a role of stack A', () => {
  const build = (app: App): Built => {
    const a = new Stack(app, 'A', { env: ENV });
    const { api, get } = items(a);
    const caller = new iam.Role(a, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const b = new Stack(app, 'B', { env: ENV });
    new iam.Policy(b, 'Grant', { roles: [caller], statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [get.methodArn] })] });
    return { api, caller, apiStack: a };
  };
  test('aspect', () => expectDeniedIsReported(build, b => AccessCaller.principal(b.caller!)));
  test('CLI report: ALLOW', () => expect(reportDecision(build, 'Caller')).toBe('ALLOW'));
});

describe('methods, a Deployment and a Stage in stack B for the API of stack A', () => {
  const build = (app: App): Built => {
    const a = new Stack(app, 'A', { env: ENV });
    const rest = new apigateway.RestApi(a, 'Items', { deploy: false });
    rest.root.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const b = new Stack(app, 'B', { env: ENV });
    const imported = apigateway.RestApi.fromRestApiAttributes(b, 'Imported', { restApiId: rest.restApiId, rootResourceId: rest.restApiRootResourceId });
    imported.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    const deployment = new apigateway.Deployment(b, 'Deployment', { api: imported });
    new apigateway.Stage(b, 'Live', { deployment, stageName: 'live' });
    return { api: rest, apiStack: a };
  };

  test('aspect: anonymous may call B\'s NONE method on B\'s stage', () => {
    const { checks, ...b } = run(build);
    checks!.expectDenied({ caller: AccessCaller.anonymous(), api: b.api, httpMethod: 'GET', path: '/items', stage: 'live' });
    b.app.synth();
    expect(findings(b.apiStack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/on stage live .* decision is ALLOW/)]);
    fs.rmSync(b.outdir, { recursive: true, force: true });
  });

  test('CLI report: the stage is live and the method open', () => {
    const { io } = cli(build, 'report', '--format', 'json');
    const r = JSON.parse(io.stdout);
    const method = r.apis[0].methods.find((m: { path: string }) => m.path === '/items');
    expect(method.stage).toBe('live');
    expect(method.decisions[r.callers.findIndex((c: { name: string }) => c.name === 'anonymous')].decision).toBe('ALLOW');
  });
});
