import { CliIo } from '../../src/cli/io';

/** A CliIo that records what a command prints, for running the CLI in-process. */
export function captureIo(stdin = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
    readStdin: () => stdin,
  };
  return io;
}
