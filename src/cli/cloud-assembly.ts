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
    const stack: StackTemplate = { stackName: name, template: readTemplate(input), unread: [] };
    return [stack, ...nestedStacks(path.dirname(input), stack, new Set([input]))];
  }
  const manifest = path.join(input, 'manifest.json');
  if (fs.existsSync(manifest)) return readAssembly(input, new Set());
  const files = fs.readdirSync(input).filter(f => f.endsWith('.template.json') && !f.endsWith('.nested.template.json')).sort();
  if (files.length === 0) {
    throw new TemplateInputError(`${input}: neither a cloud assembly (no manifest.json) nor a directory of *.template.json files`);
  }
  return files.flatMap(f => {
    const stack: StackTemplate = { stackName: f.replace(/\.template\.json$/, ''), template: readTemplate(path.join(input, f)), unread: [] };
    return [stack, ...nestedStacks(input, stack, new Set([path.join(input, f)]))];
  });
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
      const stack: StackTemplate = {
        stackName: artifact.properties.stackName ?? artifact.displayName ?? id,
        template: readTemplate(path.join(dir, artifact.properties.templateFile)),
        account,
        region,
        unread: [],
      };
      stacks.push(stack, ...nestedStacks(dir, stack, new Set([path.join(dir, artifact.properties.templateFile)])));
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName), seen));
    }
  }
  return stacks;
}

/**
 * The nested stacks (`AWS::CloudFormation::Stack`) of a template, read from the cloud assembly: CDK
 * writes each nested template beside its parent as a file asset, and the parent's TemplateURL names
 * the asset's object key (or, with asset metadata, its `aws:asset:path`). A nested stack whose
 * template is not in the assembly is reported on its resource, never skipped silently.
 */
function nestedStacks(dir: string, parent: StackTemplate, seen: Set<string>): StackTemplate[] {
  const out: StackTemplate[] = [];
  for (const [logicalId, entry] of Object.entries(parent.template.Resources ?? {})) {
    if (entry?.Type !== 'AWS::CloudFormation::Stack') continue;
    const file = nestedTemplateFile(dir, entry);
    if (file === undefined || seen.has(file)) {
      (parent.unread as Array<{ logicalId: string; what: string }>).push({
        logicalId,
        what: `the template of nested stack '${logicalId}' (TemplateURL ${JSON.stringify(entry.Properties?.TemplateURL)}) is not in the cloud assembly, so the APIs and IAM it defines were not checked`,
      });
      continue;
    }
    const nested: StackTemplate = {
      stackName: `${parent.stackName}/${logicalId}`,
      template: readTemplate(file),
      parent: { template: parent, logicalId },
      unread: [],
    };
    out.push(nested, ...nestedStacks(dir, nested, new Set([...seen, file])));
  }
  return out;
}

type StackResource = { readonly Properties?: Record<string, unknown>; readonly Metadata?: Record<string, unknown> };

function nestedTemplateFile(dir: string, entry: StackResource): string | undefined {
  const assetPath = entry.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string' && fs.existsSync(path.join(dir, assetPath))) return path.join(dir, assetPath);
  const url = JSON.stringify(entry.Properties?.TemplateURL ?? '');
  for (const manifest of fs.readdirSync(dir).filter(f => f.endsWith('.assets.json'))) {
    const files = (readJson(path.join(dir, manifest)) as { files?: Record<string, AssetFile> }).files ?? {};
    for (const [hash, asset] of Object.entries(files)) {
      const keys = [hash, ...Object.values(asset.destinations ?? {}).map(d => d.objectKey)].filter((k): k is string => typeof k === 'string' && k !== '');
      const source = asset.source?.path;
      if (source && keys.some(k => url.includes(k)) && fs.existsSync(path.join(dir, source))) return path.join(dir, source);
    }
  }
  return undefined;
}

interface AssetFile {
  readonly source?: { readonly path?: string };
  readonly destinations?: Record<string, { readonly objectKey?: string }>;
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
