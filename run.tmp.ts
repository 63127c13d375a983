import { runCli } from './src/cli/run';
const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), readStdin: () => '' };
process.exitCode = runCli(process.argv.slice(2), io);
