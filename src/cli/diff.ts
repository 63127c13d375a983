import { loadModels } from './assembly-input';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { buildAccessMap } from '../analysis/access-map';
import { AccessDiff, causesFromModels, compareAccessMaps, formatDiffJson, formatDiffMarkdown, formatDiffText } from '../analysis/diff';
import { AccessModel } from '../analysis/template/access-model';

const FORMATS = ['text', 'json', 'md'];
const FAIL_ON = ['broadening', 'any', 'never'];

const USAGE = `Usage: cdk-apigateway-access diff BEFORE AFTER [--format text|json|md]
         [--fail-on broadening|any|never] [--at ISO-8601-TIME]

Compares who may call what in two versions of an app: each side a cloud assembly directory
(cdk.out), a directory of *.template.json files, or one template. For every REST API, method and
stage it prints the access gained (+, broadening) and lost (-, narrowing), computed as sets of
callers, source ranges and VPC endpoints, methods, APIs and stages added or removed, and the
configuration change behind each (policy statement, authorization type, endpoint type,
authorizer, apiKeyRequired, identity policy). 'md' is written to be pasted as a pull-request
comment. --at decides aws:CurrentTime conditions at that time (otherwise they are undecided).

Exit status (--fail-on broadening, the default): 1 when any access broadened, 0 when access only
narrowed or nothing changed; --fail-on any: 1 on any change; --fail-on never: 0.
2 the input could not be read.`;

/** `diff BEFORE AFTER`: access gained and lost between two cloud assemblies. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'show who gains and loses access between two cloud assemblies; exit 1 when access broadened',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    const { inputs, format, failOn, at } = parseDiffArgs(args);
    const before = loadModels('diff', inputs[0], io);
    if (!Array.isArray(before)) return before;
    const after = loadModels('diff', inputs[1], io);
    if (!Array.isArray(after)) return after;
    const diff = diffModels(before, after, at);
    io.out(format === 'json' ? formatDiffJson(diff) : format === 'md' ? formatDiffMarkdown(diff) : formatDiffText(diff));
    if (failOn === 'never') return ExitCode.OK;
    if (failOn === 'any') return diff.changed ? ExitCode.MISMATCH : ExitCode.OK;
    return diff.broadened ? ExitCode.MISMATCH : ExitCode.OK;
  },
};

/** The diff of two apps' models: their maps compared, causes read from the models. */
export function diffModels(before: readonly AccessModel[], after: readonly AccessModel[], now?: Date): AccessDiff {
  const options = now ? { now } : {};
  const homes = new Map<string, string>();
  for (const model of [...before, ...after]) homes.set(model.stackName, model.env.account);
  return compareAccessMaps(buildAccessMap(before, options).document, buildAccessMap(after, options).document, {
    homeAccountOf: stack => homes.get(stack),
    causes: causesFromModels(before, after),
  });
}

interface DiffArgs {
  readonly inputs: readonly [string, string];
  readonly format: string;
  readonly failOn: string;
  readonly at?: Date;
}

function parseDiffArgs(args: readonly string[]): DiffArgs {
  const inputs: string[] = [];
  let format = FORMATS[0];
  let failOn = FAIL_ON[0];
  let at: Date | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (option) {
      const [, name, inline] = option;
      if (!['format', 'fail-on', 'at'].includes(name)) throw new UsageError(`unknown option '--${name}'`);
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (name === 'format') {
        if (!FORMATS.includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${value}'`);
        format = value;
      } else if (name === 'fail-on') {
        if (!FAIL_ON.includes(value)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${value}'`);
        failOn = value;
      } else {
        at = new Date(value);
        if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be an ISO 8601 time such as 2026-12-01T00:00:00Z, not '${value}'`);
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length !== 2) {
    throw new UsageError(`expected two inputs, BEFORE and AFTER (cloud assembly directories or template files), got ${inputs.length}`);
  }
  return { inputs: [inputs[0], inputs[1]], format, failOn, at };
}
