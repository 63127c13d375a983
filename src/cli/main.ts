#!/usr/bin/env node
import * as fs from 'fs';
import { runCli } from './run';

// When the reader of standard output goes away (`... | head`), writes fail with EPIPE: the rest of
// the output has no reader, so it is dropped quietly and the command ends with its own exit status,
// instead of an unhandled 'error' event and its stack trace.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  stdoutClosed = true;
});

// The executable entry (package.json `bin`): wire the real process streams to the CLI.
process.exitCode = runCli(process.argv.slice(2), {
  out: text => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  err: text => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf8'),
});
