import * as path from 'path';
import { buildExampleApp } from './app';

// The README's main command: synthesize the example app and say what was produced.
const outdir = path.join(__dirname, 'cdk.out');
const assembly = buildExampleApp(outdir).synth();
for (const stack of assembly.stacks) {
  const resources = Object.values<{ Type: string }>(stack.template.Resources ?? {});
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
  console.log(`${stack.stackName}: ${resources.length} resources`);
  for (const [type, count] of [...byType].sort()) console.log(`  ${String(count).padStart(3)}  ${type}`);
}
console.log(`Cloud assembly written to ${path.relative(process.cwd(), outdir)}`);
