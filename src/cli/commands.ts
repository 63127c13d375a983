import { checkCommand } from './check';
import { diffCommand } from './diff';
import { evaluateCommand } from './evaluate';
import { CliCommand } from './io';
import { reportCommand } from './report';

/**
 * Every sub-command, in the order `--help` lists them. Adding a command is one module and one
 * line here.
 */
export const COMMANDS: readonly CliCommand[] = [
  evaluateCommand,
  reportCommand,
  checkCommand,
  diffCommand,
];
