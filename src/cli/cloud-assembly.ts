/**
 * Reads the stack templates the command line checks: a cloud assembly directory (`cdk.out`, with its
 * manifest.json and nested assemblies of stages), a directory of `*.template.json` files, or one
 * CloudFormation template in JSON, whatever produced it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { StackTemplate } from '../analysis/template/app-model';
import { CfnTemplate } from '../analysis/template/intrinsics';

/** The input could not be read as templates. */
export class TemplateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateInputError';
  }
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

/** Reads every stack template under `input`. */
export function readStackTemplates(input: string): StackTemplate[] {
  if (!fs.existsSync(input)) throw new TemplateInputError(`${input}: no such file or directory`);
  if (fs.statSync(input).isFile()) {
    const name = path.basename(input).replace(/(\.template)?\.json$/, '');
    return [{ stackName: name, template: readTemplate(input) }];
  }
  const manifest = path.join(input, 'manifest.json');
  if (fs.existsSync(manifest)) return readAssembly(input, new Set());
  const files = fs.readdirSync(input).filter(f => f.endsWith('.template.json')).sort();
  if (files.length === 0) {
    throw new TemplateInputError(`${input}: neither a cloud assembly (no manifest.json) nor a directory of *.template.json files`);
  }
  return files.map(f => ({ stackName: f.replace(/\.template\.json$/, ''), template: readTemplate(path.join(input, f)) }));
}

function readAssembly(dir: string, seen: Set<string>): StackTemplate[] {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const manifest = readJson(path.join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      // environment is `aws://ACCOUNT/REGION`, with unknown-account / unknown-region when agnostic.
      const [, account, region] = /^aws:\/\/([^/]*)\/(.*)$/.exec(artifact.environment ?? '') ?? [];
      stacks.push({
        stackName: artifact.properties.stackName ?? artifact.displayName ?? id,
        template: readTemplate(path.join(dir, artifact.properties.templateFile)),
        account,
        region,
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName), seen));
    }
  }
  return stacks;
}

function readTemplate(file: string): CfnTemplate {
  const template = readJson(file);
  if (template === null || typeof template !== 'object' || typeof (template as CfnTemplate).Resources !== 'object') {
    throw new TemplateInputError(`${file}: not a CloudFormation template (no Resources section)`);
  }
  return template as CfnTemplate;
}

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TemplateInputError(`${file}: not JSON (${(e as Error).message}); YAML templates are not read, convert them to JSON first`);
  }
}
