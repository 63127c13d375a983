/**
 * The acknowledgements a cloud assembly records, so `check cdk.out` gives the verdict synthesis gave:
 *
 * - each stack's metadata: the `aws:cdk:acknowledged-rules` entries that `Validations.acknowledge`
 *   (on a construct of the stack) and the `ApiAccessChecks` aspect write, matched to findings by
 *   construct path as CDK matches them (the closest acknowledgement on the resource or above it);
 * - `validation-report.json`: the findings of the `cdk-apigateway-access` validation plugin that
 *   CDK suppressed because of a `Validations.acknowledge` (aws-cdk-lib 2.271.0 and later), wherever
 *   in the app it was stated, the app and its stages included.
 *
 * A template read on its own (a file, or a directory of templates) has no acknowledgements.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TemplateInputError } from './cloud-assembly';
import { Acknowledged, StackAcknowledgements, StackMetadata, VALIDATION_PLUGIN_NAME } from '../analysis/acknowledgements';
import { Finding } from '../analysis/engine';

/** Finds the acknowledgement of a finding, if the assembly records one. */
export type AcknowledgementLookup = (finding: Finding) => Acknowledged | undefined;

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly additionalMetadataFile?: string;
  readonly metadata?: StackMetadata;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

interface StackRecord {
  readonly stackName: string;
  /** The template's path relative to the root assembly directory. */
  readonly templatePath: string;
  readonly acknowledgements: StackAcknowledgements;
}

/** The acknowledgements recorded under `input`; none when it is not a cloud assembly directory. */
export function readAcknowledgements(input: string): AcknowledgementLookup {
  if (!fs.existsSync(path.join(input, 'manifest.json'))) return () => undefined;
  const stacks = readStacks(input, '', new Set());
  const suppressed = readSuppressed(input, stacks);
  return finding => suppressed.get(`${finding.stackName}\n${finding.logicalId}\n${finding.rule}`)
    ?? stacks.filter(s => s.stackName === finding.stackName)
      .map(s => s.acknowledgements.find(finding.logicalId, finding.rule))
      .find(a => a !== undefined);
}

function readStacks(dir: string, relative: string, seen: Set<string>): StackRecord[] {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const manifest = readJson(path.join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackRecord[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      stacks.push({
        stackName: artifact.properties.stackName ?? artifact.displayName ?? id,
        templatePath: path.join(relative, artifact.properties.templateFile),
        acknowledgements: new StackAcknowledgements(stackMetadata(dir, artifact)),
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      const name = artifact.properties.directoryName;
      stacks.push(...readStacks(path.join(dir, name), path.join(relative, name), seen));
    }
  }
  return stacks;
}

/** Newer aws-cdk-lib writes a stack's metadata to a file beside the manifest; older, inline. */
function stackMetadata(dir: string, artifact: ManifestArtifact): StackMetadata {
  return artifact.additionalMetadataFile
    ? readJson(path.join(dir, artifact.additionalMetadataFile)) as StackMetadata
    : artifact.metadata ?? {};
}

interface ReportViolation {
  readonly ruleName?: string;
  readonly reason?: string;
  readonly acknowledgedAt?: string;
  readonly violatingConstructs?: ReadonlyArray<{ readonly cloudFormationResource?: { readonly templatePath?: string; readonly logicalId?: string } }>;
}

/** The plugin's suppressed findings in validation-report.json, by stack, logical id and rule. */
function readSuppressed(dir: string, stacks: readonly StackRecord[]): Map<string, Acknowledged> {
  const file = path.join(dir, 'validation-report.json');
  const suppressed = new Map<string, Acknowledged>();
  if (!fs.existsSync(file)) return suppressed;
  const report = readJson(file) as { pluginReports?: Array<{ pluginName?: string; suppressedViolations?: ReportViolation[] }> };
  for (const plugin of report.pluginReports ?? []) {
    if (plugin.pluginName !== VALIDATION_PLUGIN_NAME) continue;
    for (const v of plugin.suppressedViolations ?? []) {
      if (typeof v.reason !== 'string' || typeof v.ruleName !== 'string') continue;
      for (const c of v.violatingConstructs ?? []) {
        const resource = c.cloudFormationResource;
        if (resource?.templatePath === undefined || resource.logicalId === undefined) continue;
        const stack = stacks.find(s => path.normalize(s.templatePath) === path.normalize(resource.templatePath!));
        if (!stack) continue;
        suppressed.set(`${stack.stackName}\n${resource.logicalId}\n${v.ruleName}`, { reason: v.reason, at: v.acknowledgedAt });
      }
    }
  }
  return suppressed;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TemplateInputError(`${file}: cannot be read as JSON (${(e as Error).message})`);
  }
}
