import { loadModels, parseInputArgs } from './assembly-input';
import { CliCommand, CliIo, ExitCode } from './io';
import { buildReport, formatJson, formatMarkdown, formatTable } from '../checks/report';

const FORMATS = ['table', 'json', 'md'];

const USAGE = `Usage: cdk-apigateway-access report CDK_OUT|TEMPLATE.json [--format table|json|md]

Prints who can call what: for every REST API in the cloud assembly (or CloudFormation templates),
every method on every stage, by every IAM role and user the templates define, by an anonymous
caller on the internet and by an unknown caller from another account: the decision AWS makes
(ALLOW, implicit deny, explicit DENY). 'json' adds the reasons for each decision.

Exit status: 0 printed, 2 the input could not be read.`;

/** `report CDK_OUT`: the access matrix of an app. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'print who can call each method of every REST API in a cloud assembly (cdk.out)',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    const { input, format } = parseInputArgs(args, FORMATS);
    const models = loadModels('report', input, io);
    if (!Array.isArray(models)) return models;
    const report = buildReport(models);
    io.out(format === 'json' ? formatJson(report) : format === 'md' ? formatMarkdown(report) : formatTable(report));
    return ExitCode.OK;
  },
};
