import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/**
 * A cloud assembly: GET /items (AWS_IAM) granted to Reader, GET /health (NONE), in account 111111111111.
 * AWS decides (developer guide, authorization workflow; IAM evaluation logic): Reader may call GET
 * /items (identity Allow, same account, no resource policy); nobody else may; GET /health is open to
 * anyone, signed or not.
 */
function synthesize(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Items', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new apigateway.RestApi(stack, 'ItemsApi', { deployOptions: { stageName: 'live' } });
  const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), {
    authorizationType: apigateway.AuthorizationType.IAM,
  });
  api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
  get.grantExecute(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
  app.synth();
  return outdir;
}

describe('report', () => {
  const outdir = synthesize();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('json: the decision of every method for every principal, the anonymous caller and another account', () => {
    const io = captureIo();
    expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    const report = JSON.parse(io.stdout);
    const names: string[] = report.callers.map((c: { name: string }) => c.name);
    const reader = names.findIndex(n => n.startsWith('Reader'));
    expect(reader).toBeGreaterThanOrEqual(0);
    expect(names).toEqual(expect.arrayContaining(['anonymous', 'other-account']));
    const [api] = report.apis;
    expect(api.name).toBe('ItemsApi');
    const row = (p: string) => api.methods.find((m: { path: string }) => m.path === p);
    const decisionsOf = (p: string) => Object.fromEntries(names.map((n, i) => [n, row(p).decisions[i].decision]));
    expect(row('/items').stage).toBe('live');
    expect(decisionsOf('/items')[names[reader]]).toBe('ALLOW');
    expect(decisionsOf('/items').anonymous).toBe('IMPLICIT_DENY');
    expect(decisionsOf('/items')['other-account']).toBe('IMPLICIT_DENY');
    expect(Object.values(decisionsOf('/health'))).toEqual(names.map(() => 'ALLOW'));
    expect(row('/items').decisions[reader].reasons.join(' ')).toMatch(/allows/);
  });

  test('table (default) and md are readable matrices with a legend', () => {
    const table = captureIo();
    expect(runCli(['report', outdir], table)).toBe(ExitCode.OK);
    expect(table.stdout).toMatch(/Items \/ ItemsApi \(EDGE, no resource policy\)/);
    expect(table.stdout).toMatch(/live\s+GET \/items\s+AWS_IAM\s/);
    expect(table.stdout).toContain('ALLOW = allowed');

    const md = captureIo();
    expect(runCli(['report', outdir, '--format=md'], md)).toBe(ExitCode.OK);
    expect(md.stdout).toMatch(/^# API access report/);
    expect(md.stdout).toMatch(/\| live \| GET \/items \| AWS_IAM \|/);
  });

  test('a single template file works too (any CloudFormation source)', () => {
    const io = captureIo();
    expect(runCli(['report', path.join(outdir, 'Items.template.json'), '--format', 'json'], io)).toBe(ExitCode.OK);
    expect(JSON.parse(io.stdout).apis).toHaveLength(1);
  });

  test('--source-ip and --vpc-endpoint set where every call comes from', () => {
    // An IP allowlist (resource policy) admits an anonymous call from inside the range only; an
    // execute-api VPC endpoint only reaches PRIVATE APIs (developer guide, "Private REST APIs").
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'Office', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new apigateway.RestApi(stack, 'OfficeApi', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } },
        })],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    app.synth();
    const anonymous = (args: string[]) => {
      const io = captureIo();
      expect(runCli(['report', dir, '--format', 'json', ...args], io)).toBe(ExitCode.OK);
      const report = JSON.parse(io.stdout);
      const i = report.callers.findIndex((c: { name: string }) => c.name === 'anonymous');
      return report.apis[0].methods[0].decisions[i].decision;
    };
    expect(anonymous([])).toBe('IMPLICIT_DENY');
    expect(anonymous(['--source-ip', '198.51.100.7'])).toBe('ALLOW');
    expect(anonymous(['--source-ip=198.51.100.7', '--vpc-endpoint', 'vpce-0123456789abcdef0'])).not.toBe('ALLOW');
    const bad = captureIo();
    expect(runCli(['report', dir, '--source-ip', '198.51.100'], bad)).toBe(ExitCode.INVALID);
    expect(bad.stderr).toMatch(/--source-ip must be an IPv4 or IPv6 address/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('bad input exits 2 with a message on stderr', () => {
    const missing = captureIo();
    expect(runCli(['report', path.join(outdir, 'nope')], missing)).toBe(ExitCode.INVALID);
    expect(missing.stderr).toMatch(/no such file/);
    const format = captureIo();
    expect(runCli(['report', outdir, '--format', 'xml'], format)).toBe(ExitCode.INVALID);
    expect(format.stderr).toMatch(/--format must be one of table, json, md/);
    const none = captureIo();
    expect(runCli(['report'], none)).toBe(ExitCode.INVALID);
  });
});
