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

const sections = ruleSections(RULES_MD);

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
