/**
 * The streams a command reads and writes. Commands never touch `process` directly, so tests run
 * them in-process and read what they printed.
 */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Reads all of standard input (for `-` as a file argument). */
  readonly readStdin: () => string;
}

/** Exit status of a command. */
export enum ExitCode {
  /** Done, and what was expected. */
  OK = 0,
  /** Done, but a decision differs from what was expected, or an error finding was reported. */
  MISMATCH = 1,
  /** Invalid input or usage: nothing was evaluated. */
  INVALID = 2,
}

/** One sub-command of the CLI. */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage text printed by `help NAME`. */
  readonly usage: string;
  run(args: string[], io: CliIo): ExitCode;
}

/** An error in how the command was called: reported on stderr with exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
