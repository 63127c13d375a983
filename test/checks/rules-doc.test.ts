/**
 * RULES.md shows, for every rule, a broken and a fixed snippet. Each is run here as a user would run
 * it: in a stack of an app with the checks attached. The broken one must produce the rule's finding
 * at the rule's default severity, the fixed one must not produce it, nor any error of another rule;
 * so the documentation cannot drift from what the rules do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ts from 'typescript';
import { findings } from './helpers';
import * as access from '../../src';
import { BUILT_IN_RULES } from '../../src/analysis/rules';

const RULES_MD = fs.readFileSync(path.join(__dirname, '..', '..', 'RULES.md'), 'utf8');

interface RuleSection {
  readonly id: string;
  readonly text: string;
  readonly snippets: string[];
}

/** The `## RuleId` sections of RULES.md with their TypeScript blocks, in order. */
function ruleSections(markdown: string): RuleSection[] {
  return markdown.split(/^## /m).slice(1).map(section => {
    const id = section.slice(0, section.indexOf('\n')).trim();
    const snippets = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(m => m[1]);
    return { id, text: section, snippets };
  });
}

/** Values the snippets may declare (`declare const fn: lambda.IFunction;`), created in the stack. */
const DECLARABLE: Record<string, (stack: Stack) => unknown> = {
  fn: stack => new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  }),
};

/** Runs a snippet with `this` as a stack of a checked app, and returns that stack after synth. */
function run(snippet: string): Stack {
  const app = new App();
  access.ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Docs', { env: { account: '111111111111', region: 'us-east-1' } });
  const declared = [...snippet.matchAll(/^declare const (\w+):/gm)].map(m => m[1]);
  for (const name of declared) {
    if (!DECLARABLE[name]) throw new Error(`RULES.md declares '${name}', which this test does not provide`);
  }
  const js = ts.transpileModule(snippet, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    reportDiagnostics: true,
  });
  if (js.diagnostics?.length) {
    throw new Error(`RULES.md snippet does not parse: ${ts.flattenDiagnosticMessageText(js.diagnostics[0].messageText, '\n')}\n${snippet}`);
  }
  const body = new Function('access', 'apigateway', 'ec2', 'iam', 'lambda', ...declared, js.outputText);
  body.call(stack, access, apigateway, ec2, iam, lambda, ...declared.map(name => DECLARABLE[name](stack)));
  app.synth();
  return stack;
}

function errorsOfAnyRule(stack: Stack): string[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('^\\[')).map(m => String(m.entry.data));
}

/**
 * Type errors in the snippets, as `tsc` reports them with the project's settings: each snippet is the
 * body of a Stack's constructor (its `declare const` lines at module level), as jsii-rosetta compiles
 * the README's. Running them does not catch a misspelled optional prop; this does.
 */
function typeErrors(snippets: readonly string[]): string[] {
  const configPath = path.join(__dirname, '..', '..', 'tsconfig.dev.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, path.dirname(configPath));
  // Examples name values they do not use (`const api = ...`), as the README's do.
  const options = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const src = path.join(__dirname, '..', '..', 'src');
  const files = new Map(snippets.map((snippet, i) => {
    const declared = snippet.split('\n').filter(line => line.startsWith('declare const '));
    const body = snippet.split('\n').filter(line => !line.startsWith('declare const ')).join('\n');
    return [path.join(__dirname, `rules-md-snippet-${i}.ts`), [
      "import { Stack } from 'aws-cdk-lib';",
      "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
      "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      "import * as lambda from 'aws-cdk-lib/aws-lambda';",
      "import { Construct } from 'constructs';",
      `import * as access from ${JSON.stringify(src)};`,
      'void apigateway; void ec2; void iam; void lambda; void access;',
      ...declared,
      'export class Snippet extends Stack {',
      '  constructor(scope: Construct, id: string) {',
      '    super(scope, id);',
      body,
      '  }',
      '}',
    ].join('\n')] as const;
  }));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile } = host;
  host.fileExists = file => files.has(file) || fileExists(file);
  host.readFile = file => files.get(file) ?? readFile(file);
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  return ts.getPreEmitDiagnostics(program)
    .filter(d => d.file !== undefined && files.has(d.file.fileName))
    .map(d => `${path.basename(d.file!.fileName)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const sections = ruleSections(RULES_MD);

test('every snippet type-checks against the public API', () => {
  expect(typeErrors(sections.flatMap(s => s.snippets))).toEqual([]);
});

test('RULES.md has one section per rule, in the order they run', () => {
  expect(sections.map(s => s.id)).toEqual(BUILT_IN_RULES.map(r => r.id));
});

describe.each(BUILT_IN_RULES.map(rule => [rule.id, rule] as const))('%s', (id, rule) => {
  const section = sections.find(s => s.id === id);

  test('states its default severity and shows a broken and a fixed snippet', () => {
    expect(section).toBeDefined();
    expect(section!.text).toContain(`**Default severity: ${rule.defaultSeverity}.**`);
    expect(section!.snippets).toHaveLength(2);
  });

  test('the broken snippet produces the finding at its default severity', () => {
    const found = findings(run(section!.snippets[0]), id);
    const bySeverity = { error: found.errors, warning: found.warnings, info: found.infos }[rule.defaultSeverity];
    expect(bySeverity.length).toBeGreaterThan(0);
  });

  test('the fixed snippet produces neither it nor any error', () => {
    const stack = run(section!.snippets[1]);
    const found = findings(stack, id);
    expect([...found.errors, ...found.warnings, ...found.infos]).toEqual([]);
    expect(errorsOfAnyRule(stack)).toEqual([]);
  });
});
