import { captureIo } from './capture';
import { CliCommand, ExitCode, UsageError } from '../../src/cli/io';
import { runCli, version } from '../../src/cli/run';

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: cdk-apigateway-access echo WORDS',
  run: (args, io) => {
    if (args.length === 0) throw new UsageError('WORDS is required');
    io.out(args.join(' '));
    return ExitCode.OK;
  },
};

test('--help lists the commands and exits 0', () => {
  const io = captureIo();
  expect(runCli(['--help'], io, [echo])).toBe(ExitCode.OK);
  expect(io.stdout).toContain('Usage: cdk-apigateway-access <command>');
  expect(io.stdout).toMatch(/echo\s+prints its arguments/);
});

test('no arguments prints the overview and exits 2', () => {
  const io = captureIo();
  expect(runCli([], io, [echo])).toBe(ExitCode.INVALID);
  expect(io.stdout).toContain('Commands:');
});

test('help COMMAND prints that command\'s usage', () => {
  const io = captureIo();
  expect(runCli(['help', 'echo'], io, [echo])).toBe(ExitCode.OK);
  expect(io.stdout).toContain('echo WORDS');
});

test('an unknown command is a usage error on stderr with exit 2', () => {
  const io = captureIo();
  expect(runCli(['frobnicate'], io, [echo])).toBe(ExitCode.INVALID);
  expect(io.stderr).toContain("unknown command 'frobnicate'");
  expect(io.stdout).toBe('');
});

test('a command\'s usage error names the problem and exits 2', () => {
  const io = captureIo();
  expect(runCli(['echo'], io, [echo])).toBe(ExitCode.INVALID);
  expect(io.stderr).toContain('WORDS is required');
});

test('a command runs with its arguments', () => {
  const io = captureIo();
  expect(runCli(['echo', 'a', 'b'], io, [echo])).toBe(ExitCode.OK);
  expect(io.stdout).toBe('a b');
});

test('--version prints the package version', () => {
  const io = captureIo();
  expect(runCli(['--version'], io, [echo])).toBe(ExitCode.OK);
  expect(io.stdout.trim()).toBe(version());
  expect(version()).toMatch(/^\d+\.\d+\.\d+/);
});
