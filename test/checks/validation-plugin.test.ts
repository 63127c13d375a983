import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { AccessCaller, AccessCheckRule, ApiAccessChecks, ApiAccessValidation, FindingSeverity } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const UNPAIRED = 'cdk-apigateway-access::UnpairedInvokeGrant';

interface ReportViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity: string;
  readonly reason?: string;
  readonly violatingConstructs: Array<{ constructPath?: string; cloudFormationResource?: { logicalId: string; templatePath: string } }>;
}
interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: ReportViolation[];
  readonly suppressedViolations?: ReportViolation[];
}

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function newApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

/**
 * GET / without authorization and a role granted execute-api on it: the grant does nothing, because
 * API Gateway only checks IAM permissions on AWS_IAM methods ("Control access to a REST API with IAM
 * permissions": the method's authorization type must be AWS_IAM), so UnpairedInvokeGrant is an error.
 */
function brokenStack(scope: App | Stage) {
  // Environment-agnostic, so the template read on its own (without the manifest's environment) is
  // modelled the same way.
  const stack = new Stack(scope, 'Items');
  const api = new apigateway.RestApi(stack, 'Api');
  const get = api.root.addMethod('GET', new apigateway.MockIntegration());
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  get.grantExecute(reader);
  return { stack, api, reader };
}

/** Synthesizes; returns the error synthesis threw (undefined when it passed) and our plugin's report. */
function synth(app: App): { error?: Error; report?: PluginReport } {
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const file = path.join(app.outdir, 'validation-report.json');
  const reports = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).pluginReports as PluginReport[] : [];
  return { error, report: reports.find(r => r.pluginName === 'cdk-apigateway-access') };
}

function check(input: string) {
  const io = captureIo();
  const code = runCli(['check', input], io);
  return { code, stdout: io.stdout };
}

describe('ApiAccessValidation', () => {
  test('a broken app fails synth with the finding in validation-report.json', () => {
    const app = newApp();
    ApiAccessValidation.of(app);
    brokenStack(app);
    const { error, report } = synth(app);
    expect(error?.message).toMatch(/Validation failed|ValidationFailed|UnpairedInvokeGrant/);
    expect(report?.conclusion).toBe('failure');
    const unpaired = report!.violations.find(v => v.ruleName === 'UnpairedInvokeGrant');
    expect(unpaired).toMatchObject({ severity: 'error' });
    expect(unpaired!.description).toMatch(/grants execute-api on GET \/ \(NONE\)/);
    expect(unpaired!.violatingConstructs[0]).toMatchObject({
      constructPath: 'Items/Reader/DefaultPolicy/Resource',
      cloudFormationResource: { templatePath: 'Items.template.json', logicalId: expect.stringMatching(/^ReaderDefaultPolicy/) },
    });
    // OpenMethod is info by default: listed, not failing.
    expect(report!.violations.find(v => v.ruleName === 'OpenMethod')).toMatchObject({ severity: 'info' });
    // The CLI on the same assembly gives the same verdict.
    expect(check(app.outdir).code).toBe(ExitCode.MISMATCH);
  });

  test('acknowledged by cdk-apigateway-access::RuleId: synth passes, check of the assembly exits 0, a copied template still fails', () => {
    const app = newApp();
    ApiAccessValidation.of(app);
    const { reader } = brokenStack(app);
    Validations.of(reader).acknowledge({ id: UNPAIRED, reason: 'the method moves to AWS_IAM in the next release' });
    const { error, report } = synth(app);
    expect(error).toBeUndefined();
    expect(report?.conclusion).toBe('success');
    expect(report!.violations.map(v => v.ruleName)).toEqual(['OpenMethod']);
    expect(report!.suppressedViolations).toEqual([expect.objectContaining({
      ruleName: 'UnpairedInvokeGrant', reason: 'the method moves to AWS_IAM in the next release',
    })]);

    const assembly = check(app.outdir);
    expect(assembly.code).toBe(ExitCode.OK);
    expect(assembly.stdout).toMatch(/^acknowledged\s+Items\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\] .* Acknowledged at Items\/Reader: the method moves to AWS_IAM in the next release$/m);
    expect(assembly.stdout).toMatch(/0 errors, 0 warnings, 1 info, 1 acknowledged/);
    const json = captureIo();
    expect(runCli(['check', app.outdir, '--format', 'json'], json)).toBe(ExitCode.OK);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({
      rule: 'UnpairedInvokeGrant', acknowledged: { reason: 'the method moves to AWS_IAM in the next release', at: 'Items/Reader' },
    }));

    // The template alone carries no acknowledgement.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-copy-'));
    outdirs.push(copy);
    fs.copyFileSync(path.join(app.outdir, 'Items.template.json'), path.join(copy, 'Items.template.json'));
    const alone = check(path.join(copy, 'Items.template.json'));
    expect(alone.code).toBe(ExitCode.MISMATCH);
    expect(alone.stdout).toMatch(/^error\s+Items\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\]/m);
  });

  test('an acknowledgement on the app (kept only in validation-report.json) is seen by check; an unqualified id is not ours', () => {
    const app = newApp();
    ApiAccessValidation.of(app);
    brokenStack(app);
    // Without the plugin's namespace the id is an annotation id (CDK's rule), so it acknowledges nothing here.
    Validations.of(app).acknowledge({ id: 'UnpairedInvokeGrant', reason: 'not ours' });
    expect(synth(app).error).toBeDefined();

    const app2 = newApp();
    ApiAccessValidation.of(app2);
    brokenStack(app2);
    Validations.of(app2).acknowledge({ id: UNPAIRED, reason: 'a migration app' });
    expect(synth(app2).error).toBeUndefined();
    const assembly = check(app2.outdir);
    expect(assembly.code).toBe(ExitCode.OK);
    expect(assembly.stdout).toMatch(/\[UnpairedInvokeGrant\] .* Acknowledged: a migration app$/m);
  });

  test('the plugin and the aspect report the same findings (one engine)', () => {
    const pluginApp = newApp();
    ApiAccessValidation.of(pluginApp);
    brokenStack(pluginApp);
    const report = synth(pluginApp).report!;
    const fromPlugin = report.violations.map(v => `[${v.ruleName}] ${v.description}`).sort();

    const aspectApp = new App();
    ApiAccessChecks.of(aspectApp);
    const { stack } = brokenStack(aspectApp);
    const fromAspect = Object.values(AccessCheckRule)
      .flatMap(rule => Object.values(findings(stack, rule)).flat())
      .map(m => m.replace(/ Fix: .*$/, ''))
      .sort();
    expect(fromPlugin).toEqual(fromAspect);
    expect(fromPlugin.length).toBeGreaterThanOrEqual(2);
  });

  test('ruleSeverities: OpenMethod as an error fails synth', () => {
    const app = newApp();
    ApiAccessValidation.of(app, { ruleSeverities: [{ rule: AccessCheckRule.OPEN_METHOD, severity: FindingSeverity.ERROR }] });
    const stack = new Stack(app, 'Public', { env: ENV });
    new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.MockIntegration());
    const { error, report } = synth(app);
    expect(error).toBeDefined();
    expect(report!.violations).toEqual([expect.objectContaining({ ruleName: 'OpenMethod', severity: 'error' })]);
  });

  // Same-account caller, AWS_IAM method, no resource policy: the identity policy alone decides
  // ("Control access to a REST API with IAM permissions"; IAM policy evaluation logic).
  test('expectations: an unmet expectAllowed fails synth; met expectations (caller in another stack) pass', () => {
    const build = (app: App) => {
      const apiStack = new Stack(app, 'Api', { env: ENV });
      const api = new apigateway.RestApi(apiStack, 'Items');
      const items = api.root.addResource('items');
      const get = items.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
      items.addMethod('DELETE', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
      const callers = new Stack(app, 'Callers', { env: ENV });
      const reader = new iam.Role(callers, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      get.grantExecute(reader);
      return { api, reader };
    };
    const met = newApp();
    const metPlugin = ApiAccessValidation.of(met);
    const m = build(met);
    metPlugin.expectAllowed({ caller: AccessCaller.principal(m.reader), api: m.api, httpMethod: 'GET', path: '/items' });
    metPlugin.expectDenied({ caller: AccessCaller.principal(m.reader), api: m.api, httpMethod: 'DELETE', path: '/items' });
    const metResult = synth(met);
    expect(metResult.error).toBeUndefined();
    expect(metResult.report?.violations ?? []).toEqual([]);

    const unmet = newApp();
    const unmetPlugin = ApiAccessValidation.of(unmet);
    const u = build(unmet);
    unmetPlugin.expectAllowed({ caller: AccessCaller.principal(u.reader), api: u.api, httpMethod: 'DELETE', path: '/items' });
    const { error, report } = synth(unmet);
    expect(error).toBeDefined();
    expect(report!.violations).toEqual([expect.objectContaining({ ruleName: 'ExpectationNotMet', severity: 'error' })]);
    expect(report!.violations[0].description).toMatch(/may call DELETE \/items .* the decision is IMPLICIT_DENY/);
    expect(report!.violations[0].violatingConstructs[0].cloudFormationResource?.templatePath).toBe('Api.template.json');
  });

  test('an expectation on an API the plugin does not validate is reported, not dropped', () => {
    const app = newApp();
    const inner = new Stage(app, 'Inner');
    const plugin = ApiAccessValidation.of(inner);
    new Stack(inner, 'Empty', { env: ENV });
    const outside = new Stack(app, 'Outside', { env: ENV });
    const api = new apigateway.RestApi(outside, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    plugin.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/' });
    const { error, report } = synth(app);
    expect(error).toBeUndefined(); // CannotEvaluate is a warning
    expect(report!.violations).toEqual([expect.objectContaining({ ruleName: 'CannotEvaluate', severity: 'warning' })]);
    expect(report!.violations[0].description).toMatch(/stack Outside is not validated by this plugin/);
  });

  test('stacks in stages are validated, and check reads their acknowledgements', () => {
    const app = newApp();
    ApiAccessValidation.of(app);
    const { reader } = brokenStack(new Stage(app, 'Prod'));
    Validations.of(reader).acknowledge({ id: UNPAIRED, reason: 'the method moves to AWS_IAM in the next release' });
    // The same stack in another stage: the same logical ids, but its own resources (test/checks/stage-identities.test.ts).
    brokenStack(new Stage(app, 'Dev'));
    const { error, report } = synth(app);
    expect(error).toBeDefined();
    expect(report!.violations.filter(v => v.ruleName === 'UnpairedInvokeGrant').map(v => v.violatingConstructs[0].constructPath))
      .toEqual(['Dev/Items/Reader/DefaultPolicy/Resource']);
    const assembly = check(app.outdir);
    expect(assembly.code).toBe(ExitCode.MISMATCH);
    expect(assembly.stdout).toMatch(/^error\s+Dev-Items\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\]/m);
    expect(assembly.stdout).toMatch(/^acknowledged\s+Prod-Items\/ReaderDefaultPolicy\w+\s+\[UnpairedInvokeGrant\]/m);
  });

  test('bad arguments are errors at the call', () => {
    expect(() => new ApiAccessValidation({ ruleSeverities: [{ rule: 'Nope' as AccessCheckRule, severity: FindingSeverity.ERROR }] }))
      .toThrow(/ApiAccessValidation props.ruleSeverities: unknown rule 'Nope'/);
    const app = new App();
    ApiAccessValidation.of(app);
    expect(ApiAccessValidation.of(app)).toBe(ApiAccessValidation.of(new Stack(app, 'S')));
    expect(() => ApiAccessValidation.of(app, {})).toThrow(/already added/);
    const api = new apigateway.RestApi(new Stack(app, 'A'), 'Api');
    api.root.addMethod('GET');
    expect(() => ApiAccessValidation.of(app).expectAllowed({ caller: AccessCaller.anonymous(), api, httpMethod: 'FETCH', path: '/' }))
      .toThrow(/not an HTTP verb/);
  });
});

describe('ApiAccessChecks and the assembly', () => {
  test('the aspect honours Validations.acknowledge, and records its acknowledgements where check reads them', () => {
    const app = newApp();
    ApiAccessChecks.of(app);
    const { stack, reader } = brokenStack(app);
    Validations.of(reader).acknowledge({ id: UNPAIRED, reason: 'the method moves to AWS_IAM in the next release' });
    app.synth();
    expect(findings(stack, 'UnpairedInvokeGrant').errors).toEqual([]);
    expect(check(app.outdir).code).toBe(ExitCode.OK);

    // ApiAccessChecks.acknowledge (scope: the whole app) is recorded on the finding's resource.
    const app2 = newApp();
    const checks = ApiAccessChecks.of(app2);
    brokenStack(app2);
    checks.acknowledge(AccessCheckRule.UNPAIRED_INVOKE_GRANT, 'a migration app');
    app2.synth();
    const assembly = check(app2.outdir);
    expect(assembly.code).toBe(ExitCode.OK);
    expect(assembly.stdout).toMatch(/^acknowledged\s+Items\/ReaderDefaultPolicy\w+ .* Acknowledged at Items\/Reader\/DefaultPolicy\/Resource: a migration app$/m);
  });
});
