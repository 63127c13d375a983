import { AcknowledgementLookup, readAcknowledgements } from './acknowledgements';
import { loadModels, parseInputArgs } from './assembly-input';
import { TemplateInputError } from './cloud-assembly';
import { CliCommand, CliIo, ExitCode } from './io';
import { Finding, findingMessage, runRules } from '../analysis/engine';
import { FindingSeverity } from '../analysis/rule-ids';
import { BUILT_IN_RULES } from '../analysis/rules';

const FORMATS = ['text', 'json'];

const USAGE = `Usage: cdk-apigateway-access check CDK_OUT|TEMPLATE.json [--format text|json]

Runs the synth-time access rules on synthesized CloudFormation templates, from any source: a cloud
assembly directory (cdk.out), a directory of *.template.json files, or one template. Prints one
line per finding: severity, stack/resource, and the message ([RuleId] what is wrong. Fix: how).

A cloud assembly keeps the acknowledgements synthesis honoured (Validations.acknowledge with
'cdk-apigateway-access::RuleId', and ApiAccessChecks.acknowledge): their findings are listed as
acknowledged, with the reason, and do not fail the check. A template on its own has none.

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
    let acknowledgementOf: AcknowledgementLookup;
    try {
      acknowledgementOf = readAcknowledgements(input);
    } catch (e) {
      if (!(e instanceof TemplateInputError)) throw e;
      io.err(`cdk-apigateway-access check: ${e.message}\n`);
      return ExitCode.INVALID;
    }
    const all = models.flatMap(model => runRules(model)).map(f => ({ finding: f, acknowledged: acknowledgementOf(f) }));
    const findings = all.filter(f => f.acknowledged === undefined).map(f => f.finding);
    const acknowledged = all.filter(f => f.acknowledged !== undefined);
    if (format === 'json') {
      io.out(`${JSON.stringify(all.map(({ finding: f, acknowledged: a }) => ({ ...f, message: findingMessage(f), ...a && { acknowledged: a } })), null, 2)}\n`);
    } else {
      for (const f of findings) io.out(`${f.severity.padEnd(7)}  ${f.stackName}/${f.logicalId}  ${findingMessage(f)}\n`);
      for (const { finding: f, acknowledged: a } of acknowledged) {
        io.out(`acknowledged  ${f.stackName}/${f.logicalId}  ${findingMessage(f)} Acknowledged${a!.at ? ` at ${a!.at}` : ''}: ${a!.reason}\n`);
      }
      io.out(`${summary(findings)}${acknowledged.length > 0 ? `, ${acknowledged.length} acknowledged` : ''}\n`);
    }
    return findings.some(f => f.severity === FindingSeverity.ERROR) ? ExitCode.MISMATCH : ExitCode.OK;
  },
};

function summary(findings: readonly Finding[]): string {
  const count = (s: FindingSeverity) => findings.filter(f => f.severity === s).length;
  return `${count(FindingSeverity.ERROR)} errors, ${count(FindingSeverity.WARNING)} warnings, ${count(FindingSeverity.INFO)} info`;
}
