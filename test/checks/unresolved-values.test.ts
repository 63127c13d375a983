/**
 * A value with no meaning before deployment (a template parameter) never drops a method, an API or a
 * principal when it cannot change a decision; where it can, CannotEvaluate names exactly that value
 * and everything else is still decided.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { findings } from './helpers';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const ENV = { account: '111111111111', region: 'eu-west-1' };

interface Built { api: apigateway.RestApi; caller?: iam.IRole; other?: iam.IRole }

function checked(build: (stack: Stack) => Built) {
  const app = new App();
  const checks = ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Api', { env: ENV });
  return { checks, stack, ...build(stack) };
}

/** The `report --format json` of the app, synthesized without the aspect. */
function report(build: (stack: Stack) => Built) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'unresolved-'));
  try {
    const app = new App({ outdir });
    build(new Stack(app, 'Api', { env: ENV }));
    app.synth();
    const io = captureIo();
    expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    return JSON.parse(io.stdout);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The callers the access map (formatVersion 2) allows on the method at `methodPath`, on any stage. */
function allowedCallers(r: { apis: any[] }, methodPath: string): string[] {
  const methods = r.apis.flatMap(api => api.methods).filter((m: { path: string }) => m.path === methodPath);
  expect(methods.length).toBeGreaterThan(0);
  return methods.flatMap((m: { allowed: Array<{ caller: string }> }) => m.allowed.map(e => e.caller));
}

/** The callers of the method's undecided entries, with why each is undecided. */
function undecided(r: { apis: any[] }, methodPath: string): Array<{ caller: string; because: string }> {
  const methods = r.apis.flatMap(api => api.methods).filter((m: { path: string }) => m.path === methodPath);
  return methods.flatMap((m: { undecided: Array<{ caller: string; because: string }> }) => m.undecided);
}

describe('a parameter in an integration URI keeps the method', () => {
  const build = (stack: Stack): Built => {
    const backend = new CfnParameter(stack, 'Backend');
    const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    api.root.addResource('items').addMethod('GET', new apigateway.HttpIntegration(backend.valueAsString));
    return { api };
  };

  test('aspect: anonymous may call the NONE method, and nothing is unevaluable', () => {
    const { checks, stack, api } = checked(build);
    checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW/)]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('CLI: the report lists the method as open', () => {
    expect(allowedCallers(report(build), '/items')).toContain('anonymous');
  });
});

describe('logGroup.grantWrite(role) beside an invoke grant leaves the role evaluable', () => {
  const build = (stack: Stack): Built => {
    const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    new logs.LogGroup(stack, 'Logs').grantWrite(caller);
    get.grantExecute(caller);
    return { api, caller };
  };

  test('aspect: expectDenied is reported', () => {
    const { checks, stack, api, caller } = checked(build);
    checks.expectDenied({ caller: AccessCaller.principal(caller!), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW/)]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('CLI: ALLOW', () => {
    expect(allowedCallers(report(build), '/items')).toEqual(expect.arrayContaining([expect.stringMatching(/:role\/.*Caller/)]));
  });
});

describe('a parameter in one statement of a resource policy keeps the API', () => {
  // The Deny that names the parameter is not assumed present: the Allow for everyone ("Principal": "*") stands.
  const build = (stack: Stack): Built => {
    const blocked = new CfnParameter(stack, 'BlockedCidr');
    const api = new apigateway.RestApi(stack, 'Items', {
      deployOptions: { stageName: 'live' },
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            principals: [new iam.StarPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
            conditions: { IpAddress: { 'aws:SourceIp': blocked.valueAsString } },
          }),
        ],
      }),
    });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    return { api };
  };

  test('aspect: anonymous is allowed; CannotEvaluate names the value', () => {
    const { checks, stack, api } = checked(build);
    checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW/)]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([
      expect.stringMatching(/Policy\.Statement\[1\]\.Condition\.IpAddress\.aws:SourceIp\.Ref: Ref to the template parameter 'BlockedCidr'.*statement #2 \(Deny execute-api:Invoke\) was left out/),
    ]);
  });

  test('CLI: the API is in the report, open to anonymous', () => {
    const r = report(build);
    expect(r.apis).toHaveLength(1);
    expect(allowedCallers(r, '/items')).toContain('anonymous');
  });
});

describe('a parameter in an Allow of an identity policy: that principal only is unevaluable', () => {
  const build = (stack: Stack): Built => {
    const apiId = new CfnParameter(stack, 'OtherApiId');
    const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    caller.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['execute-api:Invoke'], resources: [`arn:aws:execute-api:eu-west-1:111111111111:${apiId.valueAsString}/*`],
    }));
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    get.grantExecute(other);
    return { api, caller, other };
  };

  test('aspect: the caller cannot be evaluated (naming the value), the other role is decided', () => {
    const { checks, stack, api, caller, other } = checked(build);
    checks.expectDenied({ caller: AccessCaller.principal(caller!), api, httpMethod: 'GET', path: '/items' });
    checks.expectDenied({ caller: AccessCaller.principal(other!), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/role 'Api\/Other' may not call .* decision is ALLOW/)]);
    const warnings = findings(stack, 'CannotEvaluate').warnings;
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/expectation that role 'Api\/Caller' may not call GET \/items .* could not be checked: .*Ref to the template parameter 'OtherApiId'/),
    ]));
  });

  test('CLI: ? for the caller, ALLOW for the other role', () => {
    const r = report(build);
    // What the unread statement may allow is undecided for that role, never denied.
    expect(undecided(r, '/items')).toEqual(expect.arrayContaining([
      expect.objectContaining({ caller: expect.stringMatching(/:role\/.*Caller/), because: expect.stringMatching(/OtherApiId/) }),
    ]));
    expect(allowedCallers(r, '/items')).toEqual(expect.arrayContaining([expect.stringMatching(/:role\/.*Other/)]));
  });
});
