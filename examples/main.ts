import * as path from 'path';
import { showExample } from './show';

// The README's main command (`npx projen example`): synthesize the example app into examples/cdk.out,
// print its access report and findings, then the findings of the deliberately broken variant.
const outcome = showExample({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => '',
}, path.join(__dirname, 'cdk.out'));
process.exitCode = outcome.exitCode;
