import { loadModels, parseInputArgs } from './assembly-input';
import { CliCommand, CliIo, ExitCode } from './io';
import { Finding, findingMessage, runRules } from '../analysis/engine';
import { FindingSeverity } from '../analysis/rule-ids';
import { BUILT_IN_RULES } from '../analysis/rules';

const FORMATS = ['text', 'json'];

const USAGE = `Usage: cdk-apigateway-access check CDK_OUT|TEMPLATE.json [--format text|json]

Runs the synth-time access rules on synthesized CloudFormation templates, from any source: a cloud
assembly directory (cdk.out), a directory of *.template.json files, or one template. Prints one
line per finding: severity, stack/resource, and the message ([RuleId] what is wrong. Fix: how).

Rules:
${BUILT_IN_RULES.map(r => `  ${r.id.padEnd(32)} ${r.defaultSeverity.padEnd(8)} ${r.finds}`).join('\n')}

Exit status: 0 no error finding, 1 at least one error finding, 2 the input could not be read.`;

/** `check CDK_OUT`: the rules of ApiAccessChecks, on templates. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'run the access rules on synthesized templates; exit 1 on an error finding',
  usage: USAGE,
  run(args: string[], io: CliIo): ExitCode {
    const { input, format } = parseInputArgs(args, FORMATS);
    const models = loadModels('check', input, io);
    if (!Array.isArray(models)) return models;
    const findings = models.flatMap(model => runRules(model));
    if (format === 'json') {
      io.out(`${JSON.stringify(findings.map(f => ({ ...f, message: findingMessage(f) })), null, 2)}\n`);
    } else {
      for (const f of findings) io.out(`${f.severity.padEnd(7)}  ${f.stackName}/${f.logicalId}  ${findingMessage(f)}\n`);
      io.out(`${summary(findings)}\n`);
    }
    return findings.some(f => f.severity === FindingSeverity.ERROR) ? ExitCode.MISMATCH : ExitCode.OK;
  },
};

function summary(findings: readonly Finding[]): string {
  const count = (s: FindingSeverity) => findings.filter(f => f.severity === s).length;
  return `${count(FindingSeverity.ERROR)} errors, ${count(FindingSeverity.WARNING)} warnings, ${count(FindingSeverity.INFO)} info`;
}
