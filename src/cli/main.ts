#!/usr/bin/env node
import * as fs from 'fs';
import { runCli } from './run';

// The executable entry (package.json `bin`): wire the real process streams to the CLI.
process.exitCode = runCli(process.argv.slice(2), {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf8'),
});
