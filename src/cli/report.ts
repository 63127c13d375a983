import { loadModels, parseInputArgs } from './assembly-input';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { buildReport, formatJson, formatMarkdown, formatTable } from '../analysis/report';
import { CallOrigin, INTERNET_SOURCE_IP, UNKNOWN_VPC_ENDPOINT, VPC_SOURCE_IP } from '../analysis/scenarios';
import { parseIpAddress, VPC_ENDPOINT_ID } from '../evaluator/internal';

const FORMATS = ['table', 'json', 'md'];

const USAGE = `Usage: cdk-apigateway-access report CDK_OUT|TEMPLATE.json [--format table|json|md]
         [--source-ip IP] [--vpc-endpoint VPCE_ID [--vpc VPC_ID]]

Prints who can call what: for every REST API in the cloud assembly (or CloudFormation templates),
every method on every stage, by every IAM role and user the templates define, by an anonymous
caller on the internet and by an unknown caller from another account: the decision AWS makes
(ALLOW, implicit deny, explicit DENY). 'json' adds the reasons for each decision.

Calls come from ${INTERNET_SOURCE_IP} on the internet, or for a PRIVATE API through a VPC endpoint the
app does not name. --source-ip sets the caller's address; --vpc-endpoint (and --vpc) make every call
arrive through that interface VPC endpoint.

Exit status: 0 printed, 2 the input could not be read.`;

/** `report CDK_OUT`: the access matrix of an app. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'print who can call each method of every REST API in a cloud assembly (cdk.out)',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    const { input, format, options } = parseInputArgs(args, FORMATS, ['source-ip', 'vpc-endpoint', 'vpc']);
    const origin = callOrigin(options);
    const models = loadModels('report', input, io);
    if (!Array.isArray(models)) return models;
    const report = buildReport(models, origin);
    io.out(format === 'json' ? formatJson(report) : format === 'md' ? formatMarkdown(report) : formatTable(report));
    return ExitCode.OK;
  },
};

/** Where the calls come from, when the options say; undefined for the defaults. */
function callOrigin(options: ReadonlyMap<string, string>): CallOrigin | undefined {
  const sourceIp = options.get('source-ip');
  const endpoint = options.get('vpc-endpoint');
  const vpc = options.get('vpc');
  if (sourceIp !== undefined && parseIpAddress(sourceIp) === undefined) {
    throw new UsageError(`--source-ip must be an IPv4 or IPv6 address, not '${sourceIp}'`);
  }
  if (endpoint !== undefined && !VPC_ENDPOINT_ID.test(endpoint)) {
    throw new UsageError(`--vpc-endpoint must be an interface endpoint id such as vpce-0123456789abcdef0, not '${endpoint}'`);
  }
  if (vpc !== undefined && !/^vpc-[0-9a-f]{8,17}$/.test(vpc)) {
    throw new UsageError(`--vpc must be a VPC id such as vpc-0123456789abcdef0, not '${vpc}'`);
  }
  if (vpc !== undefined && endpoint === undefined) throw new UsageError('--vpc needs --vpc-endpoint (the endpoint the calls come through)');
  if (endpoint !== undefined) {
    return { sourceIp: sourceIp ?? VPC_SOURCE_IP, vpcEndpoint: { id: endpoint, vpcId: vpc ?? UNKNOWN_VPC_ENDPOINT.vpcId } };
  }
  return sourceIp === undefined ? undefined : { sourceIp };
}
