import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/**
 * Pairs of real CDK apps, synthesized, compared with `diff`. The expected changes follow from the
 * API Gateway developer guide: a NONE method is callable without credentials from wherever the
 * resource policy allows ("How API Gateway resource policies affect authorization workflow"); an
 * AWS_IAM method with a policy naming another account lets that account's principals in when their
 * own policies allow too ("cross-account"); a PRIVATE API is reached only through interface VPC
 * endpoints, a REGIONAL one from the internet; a Lambda authorizer admits only the callers it
 * approves.
 */
const ACCOUNT = '111111111111';
const OTHER = '222222222222';

interface ShopSpec {
  /** Authorization of GET /orders. */
  readonly orders?: 'NONE' | 'IAM' | 'AUTHORIZER';
  /** A resource policy allowing `*` to invoke, from these IPv4 ranges (any address when empty). */
  readonly allowFrom?: readonly string[];
  /** The policy also allows account 222222222222. */
  readonly crossAccount?: boolean;
  readonly endpoint?: 'REGIONAL' | 'PRIVATE';
  /** Extra methods: `open` adds GET /public (NONE), `closed` adds POST /orders (AWS_IAM, no grant). */
  readonly extra?: readonly ('open' | 'closed')[];
  /** A role Clerk exists; with `grant`, it is granted GET /orders. */
  readonly clerk?: 'role' | 'grant';
  /** Stages beyond `prod`. */
  readonly stages?: readonly string[];
  /** How many more NONE (or IAM, per `items`) methods under /items. */
  readonly items?: { readonly count: number; readonly auth: 'NONE' | 'IAM' };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function synth(spec: ShopSpec): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Shop', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const statements: iam.PolicyStatement[] = [];
  if (spec.allowFrom || spec.endpoint === 'PRIVATE') {
    statements.push(new iam.PolicyStatement({
      sid: 'Public',
      principals: [new iam.StarPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      ...(spec.allowFrom && spec.allowFrom.length > 0 ? { conditions: { IpAddress: { 'aws:SourceIp': [...spec.allowFrom] } } } : {}),
    }));
  }
  if (spec.crossAccount) {
    statements.push(new iam.PolicyStatement({
      sid: 'Partner', principals: [new iam.AccountPrincipal(OTHER)], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'],
    }));
  }
  const api = new apigateway.RestApi(stack, 'Api', {
    restApiName: 'shop',
    deployOptions: { stageName: 'prod' },
    endpointTypes: [spec.endpoint === 'PRIVATE' ? apigateway.EndpointType.PRIVATE : apigateway.EndpointType.REGIONAL],
    ...(statements.length > 0 ? { policy: new iam.PolicyDocument({ statements }) } : {}),
  });
  const orders = api.root.addResource('orders');
  const integration = new apigateway.MockIntegration();
  const clerk = spec.clerk ? new iam.Role(stack, 'Clerk', { assumedBy: new iam.AccountRootPrincipal() }) : undefined;
  if (spec.orders === 'AUTHORIZER') {
    const handler = new lambda.Function(stack, 'AuthFn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    orders.addMethod('GET', integration, { authorizer: new apigateway.TokenAuthorizer(stack, 'Auth', { handler }) });
  } else {
    const get = orders.addMethod('GET', integration, spec.orders === 'IAM' ? { authorizationType: apigateway.AuthorizationType.IAM } : {});
    if (clerk && spec.clerk === 'grant') get.grantExecute(clerk);
  }
  if (spec.extra?.includes('open')) api.root.addResource('public').addMethod('GET', integration);
  if (spec.extra?.includes('closed')) orders.addMethod('POST', integration, { authorizationType: apigateway.AuthorizationType.IAM });
  if (spec.items) {
    const items = api.root.addResource('items');
    for (let i = 0; i < spec.items.count; i++) {
      items.addResource(`i${i}`).addMethod('GET', integration,
        spec.items.auth === 'IAM' ? { authorizationType: apigateway.AuthorizationType.IAM } : {});
    }
  }
  for (const stageName of spec.stages ?? []) {
    new apigateway.Stage(stack, `Stage${stageName}`, { deployment: api.latestDeployment!, stageName });
  }
  app.synth();
  return outdir;
}

function diff(before: string, after: string, ...options: string[]) {
  const io = captureIo();
  const code = runCli(['diff', before, after, '--format', 'json', ...options], io);
  expect(io.stderr).toBe('');
  return { code, diff: JSON.parse(io.stdout) };
}

function onlyMethod(d: any, httpMethod = 'GET', p = '/orders', stage = 'prod') {
  const methods = d.apis.flatMap((a: any) => a.methods).filter((m: any) => m.httpMethod === httpMethod && m.path === p && m.stage === stage);
  expect(methods).toHaveLength(1);
  return methods[0];
}

const EVERYWHERE = { internet: ['0.0.0.0/0', '::/0'] };

describe('diff between two synthesized apps', () => {
  test('AWS_IAM to NONE with the policy unchanged: anyone from the allowed range gains the method (exit 1)', () => {
    const policy = ['198.51.100.0/24'];
    const { code, diff: d } = diff(synth({ orders: 'IAM', allowFrom: policy }), synth({ orders: 'NONE', allowFrom: policy }));
    expect(code).toBe(ExitCode.MISMATCH);
    const m = onlyMethod(d);
    expect(m.authorizationType).toEqual({ before: 'AWS_IAM', after: 'NONE' });
    expect(m.gained).toContainEqual(expect.objectContaining({ decision: 'allowed', caller: 'anonymous', from: { internet: ['198.51.100.0/24'] }, broadening: true }));
    expect(m.causes).toContain('authorization type AWS_IAM → NONE');
    expect(d.apis[0].causes).toEqual([]);
  });

  test('an IP range widened gains exactly the rest of the wider range (exit 1); narrowed back, it loses it (exit 0)', () => {
    const narrow = synth({ allowFrom: ['198.51.100.0/24'] });
    const wide = synth({ allowFrom: ['198.51.100.0/23'] });
    const widened = diff(narrow, wide);
    expect(widened.code).toBe(ExitCode.MISMATCH);
    const m = onlyMethod(widened.diff);
    expect(m.gained).toEqual([expect.objectContaining({ caller: 'anonymous', from: { internet: ['198.51.101.0/24'] }, broadening: true })]);
    expect(m.lost).toEqual([]);
    expect(widened.diff.apis[0].causes).toEqual(['resource policy: statement "Public" changed']);

    const narrowed = diff(wide, narrow);
    expect(narrowed.code).toBe(ExitCode.OK);
    expect(narrowed.diff.broadened).toBe(false);
    expect(onlyMethod(narrowed.diff).lost).toEqual([expect.objectContaining({ caller: 'anonymous', from: { internet: ['198.51.101.0/24'] } })]);
  });

  test('a cross-account grant added gains account 222222222222 (exit 1); removed, it is lost (exit 0)', () => {
    const without = synth({ orders: 'IAM', allowFrom: ['203.0.113.0/24'] });
    const withGrant = synth({ orders: 'IAM', allowFrom: ['203.0.113.0/24'], crossAccount: true });
    const added = diff(without, withGrant);
    expect(added.code).toBe(ExitCode.MISMATCH);
    expect(onlyMethod(added.diff).gained).toContainEqual(expect.objectContaining({ caller: `account:${OTHER}`, decision: 'allowed', broadening: true }));
    expect(added.diff.apis[0].causes).toEqual(['resource policy: statement "Partner" added']);
    const removed = diff(withGrant, without);
    expect(removed.code).toBe(ExitCode.OK);
    expect(onlyMethod(removed.diff).lost).toContainEqual(expect.objectContaining({ caller: `account:${OTHER}` }));
    expect(removed.diff.apis[0].causes).toEqual(['resource policy: statement "Partner" removed']);
  });

  test('an identity grant added: the role gains the method, caused by its new policy (exit 1)', () => {
    const { code, diff: d } = diff(synth({ orders: 'IAM', allowFrom: ['203.0.113.0/24'], clerk: 'role' }),
      synth({ orders: 'IAM', allowFrom: ['203.0.113.0/24'], clerk: 'grant' }));
    expect(code).toBe(ExitCode.MISMATCH);
    const m = onlyMethod(d);
    expect(m.gained).toEqual([expect.objectContaining({ caller: expect.stringMatching(/:role\/Shop-Clerk/), broadening: true })]);
    expect(m.causes).toEqual([expect.stringMatching(/^identity policy ClerkDefaultPolicy\w* of role Clerk\w* added$/)]);
  });

  test('a PRIVATE API made REGIONAL: callers through any VPC endpoint become anyone on the internet (exit 1)', () => {
    const { code, diff: d } = diff(synth({ endpoint: 'PRIVATE' }), synth({ endpoint: 'REGIONAL', allowFrom: [] }));
    expect(code).toBe(ExitCode.MISMATCH);
    expect(d.apis[0].endpointType).toEqual({ before: 'PRIVATE', after: 'REGIONAL' });
    expect(d.apis[0].causes).toContain('endpoint type PRIVATE → REGIONAL');
    const m = onlyMethod(d);
    expect(m.gained).toEqual([expect.objectContaining({ caller: 'anonymous', from: EVERYWHERE, broadening: true })]);
    expect(m.lost).toEqual([expect.objectContaining({ caller: 'anonymous', from: { vpcEndpoints: ['*'] } })]);
  });

  test('an authorizer removed: anyone may call, not only the callers it admitted (exit 1)', () => {
    const { code, diff: d } = diff(synth({ orders: 'AUTHORIZER' }), synth({ orders: 'NONE' }));
    expect(code).toBe(ExitCode.MISMATCH);
    const m = onlyMethod(d);
    expect(m.authorizationType).toEqual({ before: 'CUSTOM', after: 'NONE' });
    expect(m.gained).toEqual([expect.objectContaining({ caller: 'anonymous', from: EVERYWHERE, broadening: true })]);
    // The callers the authorizer admitted lose nothing: on a NONE method anyone may call.
    expect(m.lost).toEqual([]);
    expect(m.causes).toEqual(expect.arrayContaining(['authorization type CUSTOM → NONE', expect.stringMatching(/^authorizer Auth\w* \(TOKEN\) removed$/)]));
  });

  test('a method added open is a broadening (exit 1); one added closed is listed but is not (exit 0)', () => {
    const base = synth({ orders: 'IAM' });
    const open = diff(base, synth({ orders: 'IAM', extra: ['open'] }));
    expect(open.code).toBe(ExitCode.MISMATCH);
    const pub = onlyMethod(open.diff, 'GET', '/public');
    expect(pub.change).toBe('added');
    expect(pub.gained).toEqual([expect.objectContaining({ caller: 'anonymous', from: EVERYWHERE, broadening: true })]);
    const closed = diff(base, synth({ orders: 'IAM', extra: ['closed'] }));
    expect(closed.code).toBe(ExitCode.OK);
    const post = onlyMethod(closed.diff, 'POST', '/orders');
    expect(post.change).toBe('added');
    expect(post.broadening).toBe(false);
    expect(closed.diff.changed).toBe(true);
  });

  test('a stage added is listed with its methods', () => {
    const { code, diff: d } = diff(synth({ orders: 'IAM' }), synth({ orders: 'IAM', stages: ['test'] }));
    expect(code).toBe(ExitCode.OK);
    expect(d.apis[0].stagesAdded).toEqual(['test']);
    expect(onlyMethod(d, 'GET', '/orders', 'test').change).toBe('added');
    const open = diff(synth({ orders: 'NONE' }), synth({ orders: 'NONE', stages: ['test'] }));
    expect(open.code).toBe(ExitCode.MISMATCH);
  });

  describe('a change that narrows many methods', () => {
    const before = synth({ items: { count: 25, auth: 'NONE' } });
    const after = synth({ items: { count: 25, auth: 'IAM' } });
    test('nothing broadened: exit 0, every method listed', () => {
      const { code, diff: d } = diff(before, after);
      expect(code).toBe(ExitCode.OK);
      expect(d.broadened).toBe(false);
      expect(d.apis[0].methods).toHaveLength(25);
      for (const m of d.apis[0].methods) expect(m.lost).toEqual([expect.objectContaining({ caller: 'anonymous', from: EVERYWHERE })]);
    });
    test('--fail-on any fails on it, --fail-on never and broadening do not; the reverse fails by default', () => {
      expect(diff(before, after, '--fail-on', 'any').code).toBe(ExitCode.MISMATCH);
      expect(diff(before, after, '--fail-on', 'never').code).toBe(ExitCode.OK);
      expect(diff(after, before, '--fail-on', 'broadening').code).toBe(ExitCode.MISMATCH);
      expect(diff(after, before, '--fail-on', 'never').code).toBe(ExitCode.OK);
      expect(diff(before, before, '--fail-on', 'any').code).toBe(ExitCode.OK);
    });
    test('deterministic: the same two inputs give the same bytes in every format, also synthesized again', () => {
      const again = [synth({ items: { count: 25, auth: 'NONE' } }), synth({ items: { count: 25, auth: 'IAM' } })];
      for (const format of ['text', 'json', 'md']) {
        const runs = [[before, after], [before, after], again].map(([b, a]) => {
          const io = captureIo();
          runCli(['diff', b, a, '--format', format], io);
          return io.stdout;
        });
        expect(runs[1]).toBe(runs[0]);
        expect(runs[2]).toBe(runs[0]);
      }
    });
  });

  test('text and md say the verdict, the change and its cause', () => {
    const before = synth({ orders: 'IAM', allowFrom: ['198.51.100.0/24'] });
    const after = synth({ orders: 'NONE', allowFrom: ['198.51.100.0/24'] });
    const text = captureIo();
    expect(runCli(['diff', before, after], text)).toBe(ExitCode.MISMATCH);
    expect(text.stdout).toContain('Access broadened');
    expect(text.stdout).toMatch(/! GET \/orders on prod, AWS_IAM → NONE\n\s+\+ anyone from 198\.51\.100\.0\/24\n/);
    expect(text.stdout).toContain('because: authorization type AWS_IAM → NONE');
    const md = captureIo();
    runCli(['diff', before, after, '--format', 'md'], md);
    expect(md.stdout).toContain('### API access changes');
    expect(md.stdout).toContain('- :warning: `GET /orders` on `prod`, AWS\\_IAM → NONE');
    expect(md.stdout).toContain('  - **gained**: anyone from 198.51.100.0/24');
  });

  test('invalid input: exit 2 naming the problem', () => {
    const io = captureIo();
    expect(runCli(['diff', '/nonexistent/cdk.out', '/nonexistent/other'], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).toMatch(/cdk-apigateway-access diff: .*nonexistent/);
    const one = captureIo();
    expect(runCli(['diff', 'only-one'], one)).toBe(ExitCode.INVALID);
    expect(one.stderr).toContain('expected two inputs');
    const badFail = captureIo();
    expect(runCli(['diff', 'a', 'b', '--fail-on', 'sometimes'], badFail)).toBe(ExitCode.INVALID);
    expect(badFail.stderr).toContain('--fail-on must be one of broadening, any, never');
  });
});
