/**
 * What the `report` and `check` commands share: reading their arguments and turning a cloud
 * assembly (or templates) into access models.
 */
import { readStackTemplates, TemplateInputError } from './cloud-assembly';
import { CliIo, ExitCode, UsageError } from './io';
import { AccessModel } from '../analysis/template/access-model';
import { buildAppModels } from '../analysis/template/app-model';

/** The arguments of `report` and `check`: one input, a format, and named options with a value. */
export interface InputArgs {
  readonly input: string;
  readonly format: string;
  /** The value of each `--name VALUE` (or `--name=VALUE`) option given, by name without dashes. */
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Splits `INPUT [--format F] [--name VALUE ...]`. `formats[0]` is the default format; `names` are the
 * other options the command accepts, each with a value.
 */
export function parseInputArgs(args: readonly string[], formats: readonly string[], names: readonly string[] = []): InputArgs {
  let input: string | undefined;
  let format = formats[0];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (option) {
      const [, name, inline] = option;
      if (name !== 'format' && !names.includes(name)) throw new UsageError(`unknown option '--${name}'`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (name === 'format') {
        if (!formats.includes(value)) throw new UsageError(`--format must be one of ${formats.join(', ')}, not '${value}'`);
        format = value;
      } else {
        options.set(name, value);
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (input === undefined) {
      input = arg;
    } else {
      throw new UsageError(`expected one input, got '${input}' and '${arg}'`);
    }
  }
  if (input === undefined) throw new UsageError('the cloud assembly directory (e.g. cdk.out) or a template file is required');
  return { input, format, options };
}

/** The access models of every stack in the input, or an exit status when it cannot be read. */
export function loadModels(command: string, input: string, io: CliIo): AccessModel[] | ExitCode {
  try {
    return buildAppModels(readStackTemplates(input));
  } catch (e) {
    if (e instanceof TemplateInputError) {
      io.err(`cdk-apigateway-access ${command}: ${e.message}\n`);
      return ExitCode.INVALID;
    }
    throw e;
  }
}
