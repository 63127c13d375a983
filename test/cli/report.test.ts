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

  test('json: the formatVersion 2 access map, the same bytes for the same input', () => {
    const io = captureIo();
    expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    const again = captureIo();
    runCli(['report', outdir, '--format', 'json'], again);
    expect(again.stdout).toBe(io.stdout);
    const map = JSON.parse(io.stdout);
    expect(map.formatVersion).toBe(2);
    const [api] = map.apis;
    expect(api).toMatchObject({ stack: 'Items', name: 'ItemsApi', endpointType: 'EDGE' });
    const method = (p: string) => api.methods.find((m: { path: string }) => m.path === p);
    const everywhere = { internet: expect.arrayContaining(['0.0.0.0/0', '::/0']) };
    // GET /health is NONE without a resource policy: anyone, from any address.
    expect(method('/health')).toMatchObject({ stage: 'live', authorizationType: 'NONE', undecided: [] });
    expect(method('/health').allowed).toEqual([{ caller: 'anonymous', from: everywhere }]);
    // GET /items is AWS_IAM: Reader (its grant); principals of the API's own account whose own policies
    // allow (no resource policy, same account: the identity policy alone decides); nobody else.
    const callers = method('/items').allowed.map((e: { caller: string }) => e.caller);
    expect(callers).toEqual(expect.arrayContaining(['account:111111111111', expect.stringMatching(/:role\/.*Reader/)]));
    expect(callers).not.toContain('anonymous');
    expect(callers).not.toContain('any-account');
  });

  test('table (default) and md say who may call each method, from where', () => {
    const table = captureIo();
    expect(runCli(['report', outdir], table)).toBe(ExitCode.OK);
    expect(table.stdout).toMatch(/^Items \/ ItemsApi \(EDGE\)$/m);
    expect(table.stdout).toMatch(/GET \/health {2}stage live {2}NONE\n {4}allowed: anyone from anywhere on the internet\n/);
    expect(table.stdout).toMatch(/allowed: role Reader\w* from anywhere on the internet/);
    expect(table.stdout).toMatch(/allowed: account 111111111111 \(its own policies must allow\)/);

    const md = captureIo();
    expect(runCli(['report', outdir, '--format=md'], md)).toBe(ExitCode.OK);
    expect(md.stdout).toMatch(/^# API access map/);
    expect(md.stdout).toMatch(/### GET \/items \(stage live, AWS_IAM\)/);
  });

  test('a single template file works too (any CloudFormation source)', () => {
    const io = captureIo();
    expect(runCli(['report', path.join(outdir, 'Items.template.json'), '--format', 'json'], io)).toBe(ExitCode.OK);
    expect(JSON.parse(io.stdout).apis).toHaveLength(1);
  });

  test('an IP allow-list: the report names the range (by the statement\'s Sid) instead of one sample address', () => {
    // An IP allowlist (resource policy) admits an anonymous call from inside the range only (developer
    // guide, "Resource policy examples": "Allow API traffic from a source IP address or range").
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'Office', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new apigateway.RestApi(stack, 'OfficeApi', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'OfficeNetwork',
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '192.0.2.0/24'] } },
        })],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    app.synth();
    const json = captureIo();
    expect(runCli(['report', dir, '--format', 'json'], json)).toBe(ExitCode.OK);
    const [method] = JSON.parse(json.stdout).apis[0].methods;
    expect(method.allowed).toEqual([{ caller: 'anonymous', from: { internet: ['192.0.2.0/24', '198.51.100.0/24'] } }]);
    const table = captureIo();
    expect(runCli(['report', dir], table)).toBe(ExitCode.OK);
    expect(table.stdout).toContain('allowed: anyone from the office network (192.0.2.0/24, 198.51.100.0/24)');
    // The one-sample options are gone: the map covers every address and endpoint.
    const old = captureIo();
    expect(runCli(['report', dir, '--source-ip', '198.51.100.7'], old)).toBe(ExitCode.INVALID);
    expect(old.stderr).toMatch(/--source-ip is no longer needed: the report now covers every source address/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--at decides time conditions; without it they stay undecided', () => {
    // aws:CurrentTime with DateLessThan: allowed before the date, denied after (IAM reference, date condition operators).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'Trial', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new apigateway.RestApi(stack, 'TrialApi', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } },
        })],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    app.synth();
    const method = (args: string[]) => {
      const io = captureIo();
      expect(runCli(['report', dir, '--format', 'json', ...args], io)).toBe(ExitCode.OK);
      return JSON.parse(io.stdout).apis[0].methods[0];
    };
    const before = method(['--at', '2026-12-01T00:00:00Z']);
    expect(before.allowed.map((e: { caller: string }) => e.caller)).toEqual(['anonymous']);
    expect(before.allowed[0].note).toMatch(/time|CurrentTime/i);
    expect(method(['--at', '2027-02-01T00:00:00Z']).allowed).toEqual([]);
    const undecided = method([]);
    expect(undecided.allowed).toEqual([]);
    expect(undecided.undecided.map((e: { caller: string }) => e.caller)).toContain('anonymous');
    const bad = captureIo();
    expect(runCli(['report', dir, '--at', 'tomorrow'], bad)).toBe(ExitCode.INVALID);
    expect(bad.stderr).toMatch(/--at must be an ISO 8601 time/);
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
