import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildExampleApp } from './app';
import { buildBrokenApp } from './broken';
import { CliIo, ExitCode } from '../src/cli/io';
import { runCli } from '../src/cli/run';

/** A finding the checks left on a construct, read back from the cloud assembly. */
export interface ShownFinding {
  readonly level: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly path: string;
}

/** What the main command found, for its tests. */
export interface ExampleOutcome {
  readonly exitCode: ExitCode;
  readonly exampleFindings: ShownFinding[];
  readonly brokenFindings: ShownFinding[];
}

/**
 * The README's main command: synthesizes the example app into `outdir`, prints its access report
 * (the `report` command on the cloud assembly) and its findings, then synthesizes the deliberately
 * broken variant and prints what the checks report on it.
 *
 * Fails (exit 1) when the example app has an error finding (one of its expectations is not met, or
 * a rule fires) or when the broken variant has none: either means the library no longer proves
 * what the example shows.
 */
export function showExample(io: CliIo, outdir: string): ExampleOutcome {
  fs.rmSync(outdir, { recursive: true, force: true });
  const { app, stated } = buildExampleApp(outdir);
  const exampleFindings = findingsOf(app.synth());
  const shown = path.relative(process.cwd(), outdir) || outdir;

  io.out(heading('The example app (examples/app.ts), synthesized with ApiAccessChecks'));
  io.out('A public storefront API with an IP allow-list, a private ledger API reached through a VPC endpoint,\n'
    + 'a cross-account partner grant, a Lambda integration through a service role and an admin with\n'
    + `management rights. Cloud assembly: ${shown}\n\n`);

  const unmet = exampleFindings.some((f) => /^\[(ExpectationNotMet|CannotEvaluate)\]/.test(f.message));
  io.out(`Intended access, stated with expectAllowed / expectDenied and decided at synth by the evaluator${unmet ? '' : ' (every line holds)'}:\n\n`);
  io.out(table(['who', 'API', 'call', 'from', 'intended'], stated.map((s) => [
    s.who,
    s.expectation.api.node.id,
    `${s.expectation.httpMethod} ${s.expectation.path}`,
    s.from,
    s.allowed ? 'ALLOW' : 'denied',
  ])));

  io.out('\nThe access map (`cdk-apigateway-access report` on the cloud assembly): for every method on every\n'
    + 'stage, exactly who may call it and from where (internet addresses, VPC endpoints), every caller\n'
    + 'class the policies tell apart; whatever no line covers is denied:\n\n');
  const reportStatus = runCli(['report', outdir], io);
  io.out('\n');
  printFindings(io, exampleFindings, 'none, every expectation stated in examples/app.ts holds');

  const brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-apigateway-access-broken-'));
  let brokenFindings: ShownFinding[];
  try {
    brokenFindings = findingsOf(buildBrokenApp(brokenDir).app.synth());
  } finally {
    fs.rmSync(brokenDir, { recursive: true, force: true });
  }
  io.out(heading('The deliberately broken variant (examples/broken.ts): the same shop in plain aws-cdk-lib'));
  io.out('Each mistake below deploys without complaint. The checks report them at synth time:\n\n');
  printFindings(io, brokenFindings, 'none (the checks missed every mistake)');

  const exampleErrors = exampleFindings.filter((f) => f.level === 'error').length;
  const brokenErrors = brokenFindings.filter((f) => f.level === 'error').length;
  io.out(`\nExample app: ${count(exampleErrors, 'error')}. Broken variant: ${count(brokenErrors, 'error')}, `
    + `${count(brokenFindings.length - brokenErrors, 'other finding')}.\n`);
  let exitCode = reportStatus === ExitCode.INVALID ? ExitCode.INVALID : ExitCode.OK;
  if (exampleErrors > 0 || brokenErrors === 0) {
    io.err(exampleErrors > 0
      ? 'The example app no longer does what it states: see its errors above.\n'
      : 'The checks found no error in the broken variant.\n');
    exitCode = ExitCode.MISMATCH;
  }
  return { exitCode, exampleFindings, brokenFindings };
}

/** Every annotation the checks (or anything else) left, in the order of the stacks and constructs. */
export function findingsOf(assembly: cxapi.CloudAssembly): ShownFinding[] {
  const levels: Record<string, ShownFinding['level']> = {
    [cxapi.SynthesisMessageLevel.ERROR]: 'error',
    [cxapi.SynthesisMessageLevel.WARNING]: 'warning',
    [cxapi.SynthesisMessageLevel.INFO]: 'info',
  };
  return assembly.stacks.flatMap((stack) => stack.messages.map((m) => ({
    level: levels[m.level],
    message: String(m.entry.data),
    path: m.id,
  })));
}

function printFindings(io: CliIo, findings: ShownFinding[], none: string): void {
  if (findings.length === 0) {
    io.out(`Findings: ${none}.\n`);
    return;
  }
  io.out(`Findings (${findings.length}):\n`);
  const order: ShownFinding['level'][] = ['error', 'warning', 'info'];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  for (const f of sorted) {
    io.out(`  ${f.level.toUpperCase().padEnd(7)} ${f.message}\n          at ${f.path}\n`);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}\n\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
