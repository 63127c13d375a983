import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiAccessValidation } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
  readonly suppressedViolations?: Array<{ ruleName: string; reason: string }>;
}

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

/**
 * An app with cdk-nag v3's AwsSolutions pack and our plugin, both registered the way their READMEs
 * say: GET / without authorization (cdk-nag: APIG4, COG4; ours: OpenMethod) and a role granted
 * execute-api on it (ours: UnpairedInvokeGrant).
 */
function synthWithBoth(acknowledge: (scopes: { stack: Stack; reader: iam.Role; method: apigateway.Method }) => void) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-coexistence-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  ApiAccessValidation.of(app);
  const stack = new Stack(app, 'Items');
  const api = new apigateway.RestApi(stack, 'Api');
  const method = api.root.addMethod('GET', new apigateway.MockIntegration());
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  method.grantExecute(reader);
  acknowledge({ stack, reader, method });
  let failed = false;
  try {
    app.synth();
  } catch {
    failed = true;
  }
  const reports = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')).pluginReports as PluginReport[];
  const report = (name: string) => reports.find(r => r.pluginName === name);
  const rules = (r?: PluginReport) => (r?.violations ?? []).map(v => v.ruleName);
  return { outdir, failed, nag: report('AwsSolutions'), ours: report('cdk-apigateway-access'), rules };
}

describe('beside cdk-nag v3', () => {
  test('both plugins report in one validation report, each under its own name', () => {
    const { failed, nag, ours, rules } = synthWithBoth(() => undefined);
    expect(failed).toBe(true);
    expect(rules(nag)).toEqual(expect.arrayContaining(['AwsSolutions-APIG4', 'AwsSolutions-COG4']));
    expect(rules(ours).sort()).toEqual(['OpenMethod', 'UnpairedInvokeGrant']);
  });

  test('each plugin\'s acknowledgements suppress its own findings only', () => {
    const { outdir, nag, ours, rules } = synthWithBoth(({ reader, method }) => {
      // cdk-nag's rule ids on the method: the same resource as our OpenMethod finding.
      Validations.of(method).acknowledge(
        { id: 'AwsSolutions-APIG4', reason: 'a public health check' },
        { id: 'AwsSolutions-COG4', reason: 'a public health check' },
      );
      Validations.of(reader).acknowledge({ id: 'cdk-apigateway-access::UnpairedInvokeGrant', reason: 'the method moves to AWS_IAM next' });
    });
    expect(rules(nag)).not.toContain('AwsSolutions-APIG4');
    expect(rules(nag)).not.toContain('AwsSolutions-COG4');
    expect(rules(nag).length).toBeGreaterThan(0); // cdk-nag's other findings are untouched
    expect(rules(ours)).toEqual(['OpenMethod']);
    expect(ours?.conclusion).toBe('success');
    expect(ours?.suppressedViolations?.map(v => v.ruleName)).toEqual(['UnpairedInvokeGrant']);
    // check reads our acknowledgement from the assembly; cdk-nag's findings are cdk-nag's business.
    expect(runCli(['check', outdir], captureIo())).toBe(ExitCode.OK);
  });
});
