/**
 * Reads the stack templates the command line checks: a cloud assembly directory (`cdk.out`, with its
 * manifest.json and nested assemblies of stages), a directory of `*.template.json` files, or one
 * CloudFormation template in JSON, whatever produced it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { exceedsDepth, FileReadError, quote, readRegularFile, shorten } from './files';
import { StackTemplate } from '../analysis/template/app-model';
import { CfnTemplate } from '../analysis/template/intrinsics';
import { templateSectionProblem } from '../analysis/template/sections';

/** The input could not be read as templates. */
export class TemplateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateInputError';
  }
}

/**
 * How deep a cloud assembly may nest others (a Stage in a Stage ...): far beyond what apps do, and
 * short of what would exhaust the stack or the file system's path length.
 */
const MAX_ASSEMBLY_DEPTH = 32;
/**
 * How deep a template's JSON may nest. CDK's deepest templates (policies inside Fn::If inside Fn::Join
 * inside Properties) stay far below this; the analysis walks templates recursively.
 */
const MAX_TEMPLATE_DEPTH = 128;
/** The top-level sections of a CloudFormation template (CloudFormation User Guide, "Template anatomy"). */
const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);

/** Reads every stack template under `input`. */
export function readStackTemplates(input: string): StackTemplate[] {
  if (!fs.existsSync(input)) throw new TemplateInputError(`${input}: no such file or directory`);
  if (!fs.statSync(input).isDirectory()) {
    const name = path.basename(input).replace(/(\.template)?\.json$/, '');
    const stack: StackTemplate = { stackName: name, template: readTemplate(input, `${input}:`, true), unread: [] };
    return [stack, ...nestedStacks(path.dirname(input), stack, new Set([input]))];
  }
  const manifest = path.join(input, 'manifest.json');
  if (fs.existsSync(manifest)) return readAssembly(input, new Set(), 0);
  let files: string[];
  try {
    files = fs.readdirSync(input).filter(f => f.endsWith('.template.json') && !f.endsWith('.nested.template.json')).sort();
  } catch (e) {
    throw new TemplateInputError(`${input}: cannot list the directory (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (files.length === 0) {
    throw new TemplateInputError(`${input}: neither a cloud assembly (no manifest.json) nor a directory of *.template.json files`);
  }
  return files.flatMap(f => {
    const stack: StackTemplate = { stackName: f.replace(/\.template\.json$/, ''), template: readTemplate(path.join(input, f)), unread: [] };
    return [stack, ...nestedStacks(input, stack, new Set([path.join(input, f)]))];
  });
}

function readAssembly(dir: string, seen: Set<string>, depth: number): StackTemplate[] {
  if (depth >= MAX_ASSEMBLY_DEPTH) {
    throw new TemplateInputError(`${dir}: cloud assemblies nested deeper than ${MAX_ASSEMBLY_DEPTH} levels (a Stage within a Stage ...); `
      + 'check the manifests\' cdk:cloud-assembly artifacts');
  }
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    throw new TemplateInputError(`${dir}: a nested cloud assembly that cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (seen.has(real)) return [];
  seen.add(real);
  const manifestFile = path.join(dir, 'manifest.json');
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of artifactsOf(manifestFile)) {
    const at = `${manifestFile}: artifacts.${id}`;
    const properties = artifact.properties;
    if (properties !== undefined && (properties === null || typeof properties !== 'object' || Array.isArray(properties))) {
      throw new TemplateInputError(`${at}.properties: expected an object, got ${kindOf(properties)}`);
    }
    const props = (properties ?? {}) as Record<string, unknown>;
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = fileName(props.templateFile, `${at}.properties.templateFile`);
      if (templateFile === undefined) continue;
      // environment is `aws://ACCOUNT/REGION`, with unknown-account / unknown-region when agnostic.
      const environment = typeof artifact.environment === 'string' ? artifact.environment : '';
      const [, account, region] = /^aws:\/\/([^/]*)\/(.*)$/.exec(environment) ?? [];
      const stack: StackTemplate = {
        stackName: stringOr(props.stackName, stringOr(artifact.displayName, id)),
        template: readTemplate(path.join(dir, templateFile), `${manifestFile}: artifact ${quote(id)} names the template ${templateFile}, which`),
        account,
        region,
        unread: [],
      };
      stacks.push(stack, ...nestedStacks(dir, stack, new Set([path.join(dir, templateFile)])));
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const directoryName = fileName(props.directoryName, `${at}.properties.directoryName`);
      if (directoryName === undefined) continue;
      stacks.push(...readAssembly(path.join(dir, directoryName), seen, depth + 1));
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
        what: `the template of nested stack '${logicalId}' (TemplateURL ${JSON.stringify(entry.Properties?.TemplateURL)}) is not in the cloud assembly, `
          + 'so the APIs and IAM it defines were not checked',
      });
      continue;
    }
    const nested: StackTemplate = {
      stackName: `${parent.stackName}/${logicalId}`,
      template: readTemplate(file, `${file}: the template of nested stack ${quote(logicalId)}, which`),
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
    const assets = readJson(path.join(dir, manifest), `${path.join(dir, manifest)}:`) as { files?: Record<string, AssetFile> } | null;
    for (const [hash, asset] of Object.entries(assets?.files ?? {})) {
      const keys = [hash, ...Object.values(asset?.destinations ?? {}).map(d => d?.objectKey)].filter((k): k is string => typeof k === 'string' && k !== '');
      const source = asset?.source?.path;
      if (typeof source === 'string' && keys.some(k => url.includes(k)) && fs.existsSync(path.join(dir, source))) return path.join(dir, source);
    }
  }
  return undefined;
}

interface AssetFile {
  readonly source?: { readonly path?: unknown };
  readonly destinations?: Record<string, { readonly objectKey?: unknown } | null>;
}

interface ManifestArtifact {
  readonly type?: unknown;
  readonly environment?: unknown;
  readonly displayName?: unknown;
  readonly properties?: unknown;
}

/** The artifacts of a manifest, each checked to be an object. */
function artifactsOf(manifestFile: string): Array<[string, ManifestArtifact]> {
  const manifest = readJson(manifestFile, manifestFile);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new TemplateInputError(`${manifestFile}: expected a cloud assembly manifest (a JSON object), got ${kindOf(manifest)}`);
  }
  const artifacts = (manifest as { artifacts?: unknown }).artifacts;
  if (artifacts === undefined) return [];
  if (artifacts === null || typeof artifacts !== 'object' || Array.isArray(artifacts)) {
    throw new TemplateInputError(`${manifestFile}: artifacts: expected an object, got ${kindOf(artifacts)}`);
  }
  return Object.entries(artifacts as Record<string, unknown>).map(([id, artifact]) => {
    if (artifact === null || typeof artifact !== 'object' || Array.isArray(artifact)) {
      throw new TemplateInputError(`${manifestFile}: artifacts.${shortId(id)}: expected an object, got ${kindOf(artifact)}`);
    }
    return [id, artifact as ManifestArtifact];
  });
}

/** A file name from the manifest: a relative name, or undefined when absent. */
function fileName(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new TemplateInputError(`${field}: expected a file name, got ${kindOf(value)}`);
  }
  if (value.length > 255) {
    throw new TemplateInputError(`${field}: ${quote(value)} is not a file name (longer than 255 characters)`);
  }
  return value;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function shortId(id: string): string {
  return /^[A-Za-z0-9_.-]{1,60}$/.test(id) ? id : quote(id);
}

/** How a message names a value of the wrong kind: its kind, and a short prefix of a scalar. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quote(value)}`;
}

/**
 * Reads one template. A stack without resources (aws-cdk's integ-tests add one, and any empty Stack
 * renders only Parameters and Rules, or `{}`) is a template with no Resources; a JSON object with
 * keys that are not template sections is not a template. `what` names the file in messages.
 */
function readTemplate(file: string, what = `${file}:`, named = false): CfnTemplate {
  const template = readJson(file, what, named);
  const unknown = template !== null && typeof template === 'object' && !Array.isArray(template)
    ? Object.keys(template).filter(k => !TEMPLATE_SECTIONS.has(k))
    : undefined;
  if (unknown === undefined || unknown.length > 0) {
    const why = unknown === undefined ? `it is ${kindOf(template)}` : `unknown top-level key ${quote(unknown[0])}`;
    throw new TemplateInputError(`${file}: not a CloudFormation template (${why})`);
  }
  const resources = (template as { Resources?: unknown }).Resources;
  if (resources !== undefined && (resources === null || typeof resources !== 'object' || Array.isArray(resources))) {
    throw new TemplateInputError(`${file}: Resources: expected an object, got ${kindOf(resources)}`);
  }
  if (exceedsDepth(template, MAX_TEMPLATE_DEPTH)) {
    throw new TemplateInputError(`${file}: nested deeper than ${MAX_TEMPLATE_DEPTH} levels, which no CloudFormation template needs`);
  }
  const sectionProblem = templateSectionProblem(template as Record<string, unknown>);
  if (sectionProblem) throw new TemplateInputError(`${file}: ${sectionProblem}`);
  return { ...(template as CfnTemplate), Resources: (resources ?? {}) as CfnTemplate['Resources'] };
}

/** Parsed JSON of a file; `what` starts the message when it cannot be read ("FILE:", or "... names FILE, which"). */
function readJson(file: string, what: string, named = false): unknown {
  let text: string;
  try {
    text = readRegularFile(file, named);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new TemplateInputError(what.endsWith(':') ? `${what} ${e.message}` : `${what} cannot be read (${e.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TemplateInputError(`${file}: not JSON (${shorten((e as Error).message)}); YAML templates are not read, convert them to JSON first`);
  }
}
