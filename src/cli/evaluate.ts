import * as fs from 'fs';
import * as path from 'path';
import { FileReadError, readRegularFile } from './files';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { EvaluationResult } from '../evaluator';
import { evaluateScenario, InvalidInputError, parseJson } from '../evaluator/internal';

const USAGE = `Usage: cdk-apigateway-access evaluate FILE|-|DIR

Evaluates an access scenario (the scenario format, version 1) and prints the result as JSON:
  {"decision": "ALLOW" | "IMPLICIT_DENY" | "EXPLICIT_DENY", "reasons": [...]}
With '-' the scenario is read from standard input. With a directory, every *.json file in it is
evaluated (sorted by name) and one line is printed per file:
  PASS|FAIL|ERROR  FILE  DECISION  (expected X)
followed by a summary line.

Exit status: 0 decided (and as expected when the scenario has "expected"), 1 a decision differs
from "expected", 2 invalid input (the message on standard error names the field).`;

/** `evaluate FILE|-|DIR`: decides scenarios from files, standard input or a folder of files. */
export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'decide one access scenario (FILE or -), or every *.json scenario in DIR',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    if (args.length !== 1) {
      throw new UsageError(args.length === 0 ? 'FILE, - or DIR is required' : `expected one argument, got ${args.length}`);
    }
    const target = args[0];
    if (target !== '-' && isDirectory(target)) {
      return evaluateDirectory(target, io);
    }
    return evaluateOne(target, io);
  },
};

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function evaluateOne(target: string, io: CliIo): ExitCode {
  const name = target === '-' ? '(stdin)' : target;
  let text: string;
  try {
    text = target === '-' ? io.readStdin() : fs.readFileSync(target, 'utf8');
  } catch (e) {
    io.err(`cdk-apigateway-access evaluate: cannot read ${name}: ${(e as Error).message}\n`);
    return ExitCode.INVALID;
  }
  let result: EvaluationResult;
  try {
    result = evaluateScenario(parseJson(text));
  } catch (e) {
    if (e instanceof InvalidInputError) {
      io.err(`cdk-apigateway-access evaluate: ${name}: invalid scenario: ${e.message}\n`);
      return ExitCode.INVALID;
    }
    throw e;
  }
  io.out(`${JSON.stringify(result, undefined, 2)}\n`);
  return result.matchesExpected === false ? ExitCode.MISMATCH : ExitCode.OK;
}

function evaluateDirectory(dir: string, io: CliIo): ExitCode {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
  } catch (e) {
    io.err(`cdk-apigateway-access evaluate: cannot list ${dir}: ${(e as Error).message}\n`);
    return ExitCode.INVALID;
  }
  if (files.length === 0) {
    io.err(`cdk-apigateway-access evaluate: ${dir} holds no *.json scenario\n`);
    return ExitCode.INVALID;
  }
  const width = Math.max(...files.map(f => f.length));
  let passed = 0;
  let failed = 0;
  let invalid = 0;
  for (const file of files) {
    const label = file.padEnd(width);
    let result: EvaluationResult;
    try {
      result = evaluateScenario(parseJson(readRegularFile(path.join(dir, file))));
    } catch (e) {
      const problem = entryProblem(e);
      if (problem === undefined) {
        throw e;
      }
      invalid++;
      io.out(`ERROR  ${label}  ${problem}\n`);
      continue;
    }
    const expected = result.expected === undefined ? '(no expected decision)' : `(expected ${result.expected})`;
    if (result.matchesExpected === false) {
      failed++;
      io.out(`FAIL   ${label}  ${result.decision.padEnd(13)}  ${expected}\n`);
    } else {
      passed++;
      io.out(`PASS   ${label}  ${result.decision.padEnd(13)}  ${expected}\n`);
    }
  }
  io.out(`${files.length} scenarios: ${passed} passed, ${failed} failed, ${invalid} invalid\n`);
  if (invalid > 0) {
    return ExitCode.INVALID;
  }
  return failed > 0 ? ExitCode.MISMATCH : ExitCode.OK;
}

/** What an ERROR line says for an entry that failed, or undefined for a failure that is a defect. */
function entryProblem(e: unknown): string | undefined {
  if (e instanceof FileReadError || e instanceof InvalidInputError) return e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'nested too deeply to read';
  return undefined;
}
