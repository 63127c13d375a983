/**
 * The acknowledgements a cloud assembly records, so `check cdk.out` gives the verdict synthesis gave:
 *
 * - `validation-report.json`: the findings of the `cdk-apigateway-access` validation plugin that
 *   CDK suppressed because of a `Validations.acknowledge`, wherever in the app it was stated;
 * - each stack's metadata: the `aws:cdk:acknowledged-rules` entries that `Validations.acknowledge`
 *   (on a construct of the stack) and the `ApiAccessChecks` aspect write, matched to findings by
 *   construct path as CDK matches them (the closest acknowledgement on the resource or above it).
 *
 * A template read on its own (a file, or a directory of templates) has no acknowledgements.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TemplateInputError } from './cloud-assembly';
import { Finding } from '../analysis/engine';

const PLUGIN_NAME = 'cdk-apigateway-access';
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';
const LOGICAL_ID = 'aws:cdk:logicalId';

/** Why a finding is acknowledged, and where. */
export interface Acknowledged {
  readonly reason: string;
  /** The construct path it was acknowledged at, when the assembly says. */
  readonly at?: string;
}

/** Finds the acknowledgement of a finding, if the assembly records one. */
export type AcknowledgementLookup = (finding: Finding) => Acknowledged | undefined;

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly additionalMetadataFile?: string;
  readonly metadata?: Record<string, MetadataEntry[]>;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

interface MetadataEntry {
  readonly type?: string;
  readonly data?: unknown;
}

interface StackRecord {
  readonly stackName: string;
  /** The template's path relative to the root assembly directory. */
  readonly templatePath: string;
  readonly metadata: Record<string, MetadataEntry[]>;
}

/** The acknowledgements recorded under `input`; none when it is not a cloud assembly directory. */
export function readAcknowledgements(input: string): AcknowledgementLookup {
  if (!fs.existsSync(path.join(input, 'manifest.json'))) return () => undefined;
  const stacks = readStacks(input, '', new Set());
  const suppressed = readSuppressed(input, stacks);
  const byPath = stacks.map(stack => ({ stack, ...pathIndex(stack) }));
  return finding => {
    const key = `${finding.stackName}\n${finding.logicalId}\n${finding.rule}`;
    const fromReport = suppressed.get(key);
    if (fromReport) return fromReport;
    for (const { stack, pathOfLogicalId, acknowledgedAt } of byPath) {
      if (stack.stackName !== finding.stackName) continue;
      const resourcePath = pathOfLogicalId.get(finding.logicalId);
      if (resourcePath === undefined) continue;
      // The closest acknowledgement: on the resource's construct path or a scope above it.
      for (let p = resourcePath; p !== ''; p = p.substring(0, Math.max(p.lastIndexOf('/'), 0))) {
        const reason = acknowledgedAt.get(p)?.get(`${PLUGIN_NAME}::${finding.rule}`);
        if (reason !== undefined) return { reason, at: p.replace(/^\//, '') };
      }
    }
    return undefined;
  };
}

function readStacks(dir: string, relative: string, seen: Set<string>): StackRecord[] {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const manifest = readJson(path.join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackRecord[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      // Newer CDK writes a stack's metadata to a file beside the manifest; older CDK writes it inline.
      const metadata = artifact.additionalMetadataFile
        ? readJson(path.join(dir, artifact.additionalMetadataFile)) as Record<string, MetadataEntry[]>
        : artifact.metadata ?? {};
      stacks.push({
        stackName: artifact.properties.stackName ?? artifact.displayName ?? id,
        templatePath: path.join(relative, artifact.properties.templateFile),
        metadata,
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      const name = artifact.properties.directoryName;
      stacks.push(...readStacks(path.join(dir, name), path.join(relative, name), seen));
    }
  }
  return stacks;
}

/** The construct path of each logical id, and the acknowledgements (rule id to reason) at each path. */
function pathIndex(stack: StackRecord) {
  const pathOfLogicalId = new Map<string, string>();
  const acknowledgedAt = new Map<string, Map<string, string>>();
  for (const [constructPath, entries] of Object.entries(stack.metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (entry.type === LOGICAL_ID && typeof entry.data === 'string') pathOfLogicalId.set(entry.data, constructPath);
      if (entry.type === ACKNOWLEDGED_RULES && typeof entry.data === 'object' && entry.data !== null) {
        const rules = acknowledgedAt.get(constructPath) ?? new Map<string, string>();
        for (const [id, reason] of Object.entries(entry.data)) if (typeof reason === 'string') rules.set(id, reason);
        acknowledgedAt.set(constructPath, rules);
      }
    }
  }
  return { pathOfLogicalId, acknowledgedAt };
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
    if (plugin.pluginName !== PLUGIN_NAME) continue;
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
