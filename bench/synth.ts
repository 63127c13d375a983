/**
 * Synth overhead of the checks, which read the access map (issue 11): an app with one REST API of 200
 * methods and 20 roles, each role granted its own methods, synthesized with and without
 * ApiAccessChecks, side by side in one process (runs alternate in adjacent pairs, so machine load
 * hits both alike). The figure is the median over pairs of (with / without): on a shared machine the
 * load changes between pairs far more than within one. Then the same app as a PRIVATE API whose
 * resource policy names 10 VPC endpoints and 50 CIDRs (aws:VpcSourceIp): the map cuts each method's
 * requests at every one of them. Last, how the checks' own time grows with each dimension.
 * The time is what `cdk synth` spends in the app: building the construct tree and synthesizing.
 * Targets: with / without <= 1.25 (plain app), <= 1.5 (with the CIDRs and endpoints).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BenchSuite, machineLoad, median } from './suite';
import { AccessCaller, ApiAccessChecks } from '../src';
import { runRules } from '../src/analysis/engine';
import { buildAppModels } from '../src/analysis/template/app-model';
import { renderStack } from '../src/checks/stack-template';

const METHODS = 200;
const ROLES = 20;
const CIDRS = 50;
const ENDPOINTS = 10;
const RUNS = 9;
const TARGET_RATIO = 1.25;
const TARGET_RATIO_POLICIES = 1.5;

/** The shape of a bench app. */
interface Shape {
  readonly methods: number;
  readonly roles: number;
  /** CIDRs and VPC endpoints in the resource policy of a PRIVATE API; 0 and 0: an EDGE API without one. */
  readonly cidrs: number;
  readonly endpoints: number;
}

const PLAIN: Shape = { methods: METHODS, roles: ROLES, cidrs: 0, endpoints: 0 };
const POLICIES: Shape = { methods: METHODS, roles: ROLES, cidrs: CIDRS, endpoints: ENDPOINTS };

/** Builds the bench app (with the checks attached, or not). */
function buildApp(shape: Shape, withChecks: boolean, outdir: string): { app: App; stack: Stack } {
  const app = new App({ outdir });
  const checks = withChecks ? ApiAccessChecks.of(app) : undefined;
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const restricted = shape.cidrs > 0 || shape.endpoints > 0;
  const api = new apigateway.RestApi(stack, 'Api', {
    deployOptions: { stageName: 'prod' },
    ...(restricted ? { endpointTypes: [apigateway.EndpointType.PRIVATE], policy: privatePolicy(shape) } : {}),
  });
  const roles = Array.from({ length: shape.roles }, (_, i) => new iam.Role(stack, `Role${i}`, { assumedBy: new iam.AccountRootPrincipal() }));
  const verbs = ['GET', 'POST', 'PUT', 'DELETE'];
  for (let i = 0; i < shape.methods / verbs.length; i++) {
    const resource = api.root.addResource(`r${i}`).addResource('{id}');
    verbs.forEach((verb, v) => {
      const n = i * verbs.length + v;
      // One method in ten is public (NONE), the rest use IAM and are granted to one role.
      const method = resource.addMethod(verb, new apigateway.MockIntegration(), {
        authorizationType: n % 10 === 0 ? apigateway.AuthorizationType.NONE : apigateway.AuthorizationType.IAM,
      });
      if (n % 10 !== 0) method.grantExecute(roles[n % shape.roles]);
    });
  }
  if (!restricted) {
    checks?.expectAllowed({ caller: AccessCaller.principal(roles[1]), api, httpMethod: 'GET', path: '/r0/7' });
    checks?.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'POST', path: '/r0/7' });
  }
  return { app, stack };
}

/**
 * Allow through the endpoints, deny every address outside the CIDRs (developer guide, "Resource
 * policy examples": private API allowed from VPC endpoints, aws:VpcSourceIp).
 */
function privatePolicy(shape: Shape): iam.PolicyDocument {
  const endpoints = Array.from({ length: Math.max(shape.endpoints, 1) }, (_, i) => `vpce-${(0x1000000 + i).toString(16).padStart(17, '0')}`);
  const cidrs = Array.from({ length: shape.cidrs }, (_, i) => `10.${Math.floor(i / 200)}.${i % 200}.0/24`);
  const statements = [new iam.PolicyStatement({
    principals: [new iam.StarPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
    conditions: { StringEquals: { 'aws:SourceVpce': endpoints } },
  })];
  if (cidrs.length > 0) {
    statements.push(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.StarPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      conditions: { NotIpAddress: { 'aws:VpcSourceIp': cidrs } },
    }));
  }
  return new iam.PolicyDocument({ statements });
}

/** Builds and synthesizes the app; returns the number of check findings (0 without checks). */
function synthApp(shape: Shape, withChecks: boolean, outdir: string): number {
  const { app, stack } = buildApp(shape, withChecks, outdir);
  const assembly = app.synth();
  if (!withChecks) return 0;
  const messages = assembly.getStackArtifact(stack.artifactId).messages;
  const errors = messages.filter(m => m.level === 'error').map(m => m.entry.data);
  if (errors.length > 0) throw new Error(`the bench app should have no error finding: ${errors.join('\n')}`);
  return messages.filter(m => String(m.entry.data).startsWith('[')).length;
}

/** Median ratio (with / without checks) over adjacent pairs of synths of one shape. */
function compare(shape: Shape, root: string, log: (line: string) => void): number {
  let n = 0;
  const timed = (withChecks: boolean) => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const findings = synthApp(shape, withChecks, path.join(root, `run${n++}`));
    const used = process.cpuUsage(cpu);
    fs.rmSync(path.join(root, `run${n - 1}`), { recursive: true, force: true });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1e3, findings };
  };
  // Warm-up: module loading and JIT for both variants.
  const { findings } = timed(true);
  timed(false);
  log(`${describe(shape)}: the checked app reports ${findings} findings, no error`);
  log(`machine: ${machineLoad()}`);
  const without: number[] = [];
  const withChecks: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which variant goes first, so a slow moment does not always fall on the same one.
    const first = timed(i % 2 === 1);
    const second = timed(i % 2 === 0);
    const [checked, plain] = i % 2 === 1 ? [first, second] : [second, first];
    withChecks.push(checked.ms);
    without.push(plain.ms);
    ratios.push(checked.ms / plain.ms);
    cpuRatios.push(checked.cpuMs / plain.cpuMs);
  }
  const a = median(without);
  const b = median(withChecks);
  log(`  without checks: median ${a.toFixed(0)} ms (runs ${without.map(t => t.toFixed(0)).join(', ')})`);
  log(`  with checks:    median ${b.toFixed(0)} ms (runs ${withChecks.map(t => t.toFixed(0)).join(', ')})`);
  log(`  ratio of the medians: ${(b / a).toFixed(3)}; CPU time, median of pair ratios: ${median(cpuRatios).toFixed(3)}`);
  return median(ratios);
}

function describe(shape: Shape): string {
  return `${shape.methods} methods, ${shape.roles} roles`
    + (shape.cidrs > 0 || shape.endpoints > 0 ? `, PRIVATE with ${shape.cidrs} CIDRs and ${shape.endpoints} VPC endpoints` : '');
}

/**
 * The checks' own time (reading the stack, the model, every rule and the access map), without
 * synthesis, median of 3, for one dimension changed at a time from the full POLICIES shape.
 */
function growth(root: string, log: (line: string) => void): void {
  const dimensions: Array<[keyof Shape, number[]]> = [
    ['methods', [50, 100, 200]],
    ['roles', [5, 10, 20]],
    ['cidrs', [0, 25, 50]],
    ['endpoints', [1, 5, 10]],
  ];
  for (const [dimension, values] of dimensions) {
    const figures = values.map(value => {
      const shape = { ...POLICIES, [dimension]: value };
      const { stack } = buildApp(shape, false, path.join(root, 'growth'));
      const times = [0, 1, 2].map(() => {
        const start = process.hrtime.bigint();
        const [model] = buildAppModels([renderStack(stack)]);
        runRules(model);
        return Number(process.hrtime.bigint() - start) / 1e6;
      });
      return `${value}: ${median(times).toFixed(0)} ms`;
    });
    log(`checks' time by ${dimension} (others as in the full app): ${figures.join(', ')}`);
  }
}

export const synthSuite: BenchSuite = {
  name: 'synth',
  description: `cdk synth of a ${METHODS}-method API with ${ROLES} roles, with and without ApiAccessChecks (${RUNS} adjacent pairs of runs), `
    + `then the same as a PRIVATE API whose policy names ${CIDRS} CIDRs and ${ENDPOINTS} VPC endpoints, then the growth per dimension`,
  run(log) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    try {
      const plain = compare(PLAIN, root, log);
      const policies = compare(POLICIES, root, log);
      growth(root, log);
      return [
        { name: 'synth time with checks / without (median of pair ratios)', value: plain, unit: 'x', target: { value: TARGET_RATIO, better: 'lower' } },
        {
          name: `the same with ${CIDRS} CIDRs and ${ENDPOINTS} VPC endpoints in the policy`,
          value: policies,
          unit: 'x',
          target: { value: TARGET_RATIO_POLICIES, better: 'lower' },
        },
      ];
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};

// Run alone: `ts-node --transpile-only bench/synth.ts`.
if (require.main === module) {
  const results = synthSuite.run(line => console.log(`   ${line}`)) as { name: string; value: number }[];
  for (const r of results) console.log(`   ${r.name}: ${r.value.toFixed(3)}`);
}
