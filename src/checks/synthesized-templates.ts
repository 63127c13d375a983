/**
 * Reads the templates a validation plugin is given (their absolute paths in the cloud assembly being
 * written), with each stack's name and environment from the manifest beside them: the same input the
 * `check` command reads from the finished assembly, so both build the same models.
 */
import * as fs from 'fs';
import * as path from 'path';
import { StackTemplate } from '../analysis/template/app-model';
import { CfnTemplate } from '../analysis/template/intrinsics';

/** One template of the assembly and the stack it belongs to. */
export interface SynthesizedTemplate {
  readonly templatePath: string;
  readonly stack: StackTemplate;
}

interface StackArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}

/** Reads each template; a file that is not a CloudFormation template in JSON is an error naming it. */
export function readSynthesizedTemplates(templatePaths: readonly string[]): SynthesizedTemplate[] {
  const manifests = new Map<string, Record<string, StackArtifact>>();
  const artifactsIn = (dir: string) => {
    if (!manifests.has(dir)) {
      const file = path.join(dir, 'manifest.json');
      manifests.set(dir, fs.existsSync(file) ? (readJson(file) as { artifacts?: Record<string, StackArtifact> }).artifacts ?? {} : {});
    }
    return manifests.get(dir)!;
  };
  return templatePaths.map(templatePath => {
    const file = path.basename(templatePath);
    const [id, artifact] = Object.entries(artifactsIn(path.dirname(templatePath)))
      .find(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile === file) ?? [];
    // environment is `aws://ACCOUNT/REGION`, with unknown-account / unknown-region when agnostic.
    const [, account, region] = /^aws:\/\/([^/]*)\/(.*)$/.exec(artifact?.environment ?? '') ?? [];
    const read = readJson(templatePath) as CfnTemplate;
    if (read === null || typeof read !== 'object' || Array.isArray(read)) {
      throw new Error(`${templatePath}: not a CloudFormation template (not a JSON object)`);
    }
    // CDK writes a stack without resources as a template without a Resources section.
    const template: CfnTemplate = read.Resources === undefined ? { ...read, Resources: {} } : read;
    const stackName = artifact?.properties?.stackName ?? artifact?.displayName ?? id ?? file.replace(/(\.template)?\.json$/, '');
    return { templatePath, stack: { stackName, template, account, region } };
  });
}

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
}
