import { COMMANDS } from './commands';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';

const PROGRAM = 'cdk-apigateway-access';

/** Runs the CLI with `argv` (without node and the script) and returns the exit status. */
export function runCli(argv: string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): ExitCode {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined) {
      const command = commands.find(c => c.name === topic);
      if (!command) {
        return usageFailure(io, `unknown command '${topic}'`, commands);
      }
      io.out(`${command.usage}\n`);
      return ExitCode.OK;
    }
    io.out(overview(commands));
    return name === undefined ? ExitCode.INVALID : ExitCode.OK;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return ExitCode.OK;
  }
  const command = commands.find(c => c.name === name);
  if (!command) {
    return usageFailure(io, `unknown command '${name}'`, commands);
  }
  try {
    return command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${PROGRAM} ${command.name}: ${e.message}\n\n${command.usage}\n`);
      return ExitCode.INVALID;
    }
    throw e;
  }
}

function usageFailure(io: CliIo, message: string, commands: readonly CliCommand[]): ExitCode {
  io.err(`${PROGRAM}: ${message}\n\n${overview(commands)}`);
  return ExitCode.INVALID;
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(0, ...commands.map(c => c.name.length));
  const lines = [
    `Usage: ${PROGRAM} <command> [arguments]`,
    '',
    'Decide and check access to Amazon API Gateway REST APIs, offline.',
    '',
    'Commands:',
    ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run '${PROGRAM} help <command>' for a command's arguments.`,
    'Exit status: 0 done, 1 a decision or finding that fails what was expected, 2 invalid input.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The package's version, read from its manifest (which ships beside lib/). */
export function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
