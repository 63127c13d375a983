/**
 * Synth overhead of the checks: an app with one REST API of 200 methods and 20 roles, each role
 * granted its own methods, synthesized with and without ApiAccessChecks, side by side in one
 * process (runs alternate in adjacent pairs, so machine load hits both alike). The figure is the
 * median over pairs of (with / without): on a shared machine the load changes between pairs far more
 * than within one.
 * The time is what `cdk synth` spends in the app: building the construct tree and synthesizing.
 * Target: with / without <= 1.10.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BenchSuite, machineLoad, median } from './suite';
import { AccessCaller, ApiAccessChecks } from '../src';

const METHODS = 200;
const ROLES = 20;
const RUNS = 15;
const TARGET_RATIO = 1.1;

/** Builds and synthesizes the app; returns the number of check findings (0 without checks). */
function synthApp(withChecks: boolean, outdir: string): number {
  const app = new App({ outdir });
  const checks = withChecks ? ApiAccessChecks.of(app) : undefined;
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'prod' } });
  const roles = Array.from({ length: ROLES }, (_, i) => new iam.Role(stack, `Role${i}`, { assumedBy: new iam.AccountRootPrincipal() }));
  const verbs = ['GET', 'POST', 'PUT', 'DELETE'];
  for (let i = 0; i < METHODS / verbs.length; i++) {
    const resource = api.root.addResource(`r${i}`).addResource('{id}');
    verbs.forEach((verb, v) => {
      const n = i * verbs.length + v;
      // One method in ten is public (NONE), the rest use IAM and are granted to one role.
      const method = resource.addMethod(verb, new apigateway.MockIntegration(), {
        authorizationType: n % 10 === 0 ? apigateway.AuthorizationType.NONE : apigateway.AuthorizationType.IAM,
      });
      if (n % 10 !== 0) method.grantExecute(roles[n % ROLES]);
    });
  }
  checks?.expectAllowed({ caller: AccessCaller.principal(roles[1]), api, httpMethod: 'GET', path: '/r0/7' });
  checks?.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'POST', path: '/r0/7' });
  const assembly = app.synth();
  if (!withChecks) return 0;
  const messages = assembly.getStackArtifact(stack.artifactId).messages;
  const errors = messages.filter(m => m.level === 'error').map(m => m.entry.data);
  if (errors.length > 0) throw new Error(`the bench app should have no error finding: ${errors.join('\n')}`);
  return messages.filter(m => String(m.entry.data).startsWith('[')).length;
}

export const synthSuite: BenchSuite = {
  name: 'synth',
  description: `cdk synth of a ${METHODS}-method API with ${ROLES} roles, with and without ApiAccessChecks (${RUNS} adjacent pairs of runs)`,
  run(log) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    try {
      let n = 0;
      const timed = (withChecks: boolean) => {
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        const findings = synthApp(withChecks, path.join(root, `run${n++}`));
        const used = process.cpuUsage(cpu);
        return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1e3, findings };
      };
      // Warm-up: module loading and JIT for both variants.
      const { findings } = timed(true);
      timed(false);
      log(`the checked app reports ${findings} findings (OpenMethod infos for its public methods), no error`);
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
      log(`without checks: median ${a.toFixed(0)} ms (runs ${without.map(t => t.toFixed(0)).join(', ')})`);
      log(`with checks:    median ${b.toFixed(0)} ms (runs ${withChecks.map(t => t.toFixed(0)).join(', ')})`);
      log(`ratio of the medians: ${(b / a).toFixed(3)}; CPU time, median of pair ratios: ${median(cpuRatios).toFixed(3)}`);
      const ratio = median(ratios);
      return [{ name: 'synth time with checks / without (median of pair ratios)', value: ratio, unit: 'x', target: { value: TARGET_RATIO, better: 'lower' } }];
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
