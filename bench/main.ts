/**
 * `npx projen bench`: every bench suite, in order, with its figures, targets and PASS/FAIL.
 * Adding a suite is one module in bench/ and one line in SUITES. Exit status 1 when a figure
 * misses its target.
 */
import { evaluatorSuite } from './evaluator';
import { iamSimulateSuite } from './iam-simulate';
import { BenchSuite, meetsTarget } from './suite';
import { synthSuite } from './synth';

const SUITES: readonly BenchSuite[] = [
  evaluatorSuite,
  iamSimulateSuite,
  synthSuite,
];

async function main(): Promise<void> {
  let failed = 0;
  for (const suite of SUITES) {
    console.log(`\n== ${suite.name}: ${suite.description}`);
    const results = await suite.run(line => console.log(`   ${line}`));
    for (const result of results) {
      const ok = meetsTarget(result);
      if (!ok) failed++;
      const target = result.target ? `  target ${result.target.better === 'higher' ? '>=' : '<='} ${format(result.target.value)} ${result.unit}  ${ok ? 'PASS' : 'FAIL'}` : '';
      console.log(`   ${result.name}: ${format(result.value)} ${result.unit}${target}`);
    }
  }
  console.log(`\n${failed === 0 ? 'all bench targets met' : `${failed} bench target(s) missed`}`);
  process.exitCode = failed === 0 ? 0 : 1;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

void main();
