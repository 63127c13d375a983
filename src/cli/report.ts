import { loadModels, parseInputArgs } from './assembly-input';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { buildReport, formatJson, formatMarkdown, formatTable } from '../analysis/report';

const FORMATS = ['table', 'json', 'md'];

const USAGE = `Usage: cdk-apigateway-access report CDK_OUT|TEMPLATE.json [--format table|json|md] [--at TIME]

Prints the access map: for every REST API in the cloud assembly (or CloudFormation templates), every
method on every stage, exactly who may call it and from where: anyone (no credentials), each IAM role
and user of the app, each account, organization or principal a policy names, any other AWS account,
callers a Lambda authorizer admits, holders of a user pool's tokens; from which internet addresses
(IPv4 and IPv6) or VPC endpoints; on which paths and verbs. A request no line covers is denied.
What the analysis cannot decide is listed as undecided, with the reason, never as denied.

  --format table   readable lines (the default); md: the same in Markdown;
                   json: the map as formatVersion 2 JSON (the same bytes for the same input).
  --at TIME        decide aws:CurrentTime / aws:EpochTime conditions at TIME (ISO 8601, e.g.
                   2026-12-01T00:00:00Z); the entries they shape then say so. Without it, those
                   conditions leave the requests they decide undecided.

Exit status: 0 printed, 2 the input could not be read.`;

/** Options of the one-sample report that the map made unnecessary, and what to do instead. */
const REMOVED: Record<string, string> = {
  'source-ip': 'the report now covers every source address: read the addresses in each line',
  'vpc-endpoint': 'the report now covers every VPC endpoint: read the endpoints in each line',
  'vpc': 'the report now covers every VPC: read the endpoints and VPCs in each line',
};

/** `report CDK_OUT`: the access map of an app. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'print who may call each method of every REST API in a cloud assembly (cdk.out), from where',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    const { input, format, options } = parseInputArgs(args, FORMATS, ['at', ...Object.keys(REMOVED)]);
    for (const [name, instead] of Object.entries(REMOVED)) {
      if (options.has(name)) throw new UsageError(`--${name} is no longer needed: ${instead}`);
    }
    const now = atTime(options.get('at'));
    const models = loadModels('report', input, io);
    if (!Array.isArray(models)) return models;
    const report = buildReport(models, { now });
    io.out(format === 'json' ? formatJson(report) : format === 'md' ? formatMarkdown(report) : formatTable(report));
    return ExitCode.OK;
  },
};

function atTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? new Date(value) : undefined;
  if (date === undefined || isNaN(date.getTime())) {
    throw new UsageError(`--at must be an ISO 8601 time such as 2026-12-01T00:00:00Z, not '${value}'`);
  }
  return date;
}
