/**
 * What the `report` and `check` commands share: reading their arguments and turning a cloud
 * assembly (or templates) into access models.
 */
import { CliIo, ExitCode, UsageError } from './io';
import { AccessModel } from '../checks/template/access-model';
import { buildAppModels } from '../checks/template/app-model';
import { readStackTemplates, TemplateInputError } from '../checks/template/cloud-assembly';

/** Splits `INPUT [--format F]` (also `--format=F`); `formats[0]` is the default. */
export function parseInputArgs(args: readonly string[], formats: readonly string[]): { input: string; format: string } {
  let input: string | undefined;
  let format = formats[0];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value === undefined || !formats.includes(value)) {
        throw new UsageError(`--format must be one of ${formats.join(', ')}${value === undefined ? '' : `, not '${value}'`}`);
      }
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (input === undefined) {
      input = arg;
    } else {
      throw new UsageError(`expected one input, got '${input}' and '${arg}'`);
    }
  }
  if (input === undefined) throw new UsageError('the cloud assembly directory (e.g. cdk.out) or a template file is required');
  return { input, format };
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
