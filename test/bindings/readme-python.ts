/**
 * Puts a Python translation beside every TypeScript example of README.md.
 *
 * The translations are jsii-rosetta's: the tablet `jsii-rosetta extract --strict` writes after each
 * compile (.jsii.tabl.json) holds every README example compiled against the fixture and translated,
 * the same text jsii-pacmak puts in the Python package's README. Each translation goes in a marked,
 * folded block (`<details>`) right after its TypeScript block, so the TypeScript reads straight
 * through; the marked blocks are rewritten on every run and never edited by hand.
 *
 *   npx projen readme:python            rewrite README.md (after a compile)
 *   npx projen readme:python --check    fail when README.md is not what a rewrite would produce (CI)
 *   npx projen readme:python --stdout   print what a rewrite would produce, README.md untouched
 */
import * as fs from 'fs';
import * as path from 'path';
import { RosettaTabletReader, TargetLanguage, UnknownSnippetMode } from 'jsii-rosetta';

const REPO = path.resolve(__dirname, '..', '..');
const README = path.join(REPO, 'README.md');
const TABLET = path.join(REPO, '.jsii.tabl.json');

const BEGIN = '<!-- python: translated by jsii-rosetta from the TypeScript above (npx projen readme:python), do not edit -->';
const END = '<!-- end python -->';

/** A fenced TypeScript block as jsii-rosetta sees it: ```ts or ```typescript, with optional parameters. */
const TYPESCRIPT_BLOCK = /^```(?:ts|typescript)(?:[ \t][^\n]*)?\n[\s\S]*?^```[ \t]*$/gm;

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  if (!fs.existsSync(TABLET)) {
    console.error('readme:python: no .jsii.tabl.json: compile first (npx projen compile && npx projen post-compile)');
    return 1;
  }
  const assembly = JSON.parse(fs.readFileSync(path.join(REPO, '.jsii'), 'utf8'));
  // FAIL: a README example the tablet does not hold means the tablet is older than the README.
  const rosetta = new RosettaTabletReader({ unknownSnippets: UnknownSnippetMode.FAIL });
  await rosetta.loadTabletFromFile(TABLET);
  const location = { api: 'moduleReadme' as const, moduleFqn: assembly.name as string };

  const current = fs.readFileSync(README, 'utf8');
  const withoutTranslations = removeTranslations(current);
  let count = 0;
  const rewritten = withoutTranslations.replace(TYPESCRIPT_BLOCK, (block) => {
    const translated = rosetta.translateSnippetsInMarkdown(location, `${block}\n`, TargetLanguage.PYTHON, true);
    const python = /^```python\n([\s\S]*?)^```/m.exec(translated);
    if (!python) {
      throw new Error(`jsii-rosetta returned no Python for this README example:\n${block}`);
    }
    count++;
    return `${block}\n\n${BEGIN}\n<details><summary>Python</summary>\n\n\`\`\`python\n${python[1]}\`\`\`\n\n</details>\n${END}`;
  });
  if (rosetta.hasErrors) {
    rosetta.printDiagnostics(process.stderr);
    return 1;
  }

  if (check) {
    if (rewritten !== current) {
      console.error('README.md: the Python translations are out of date: run `npx projen readme:python` after a compile and commit README.md');
      return 1;
    }
    console.log(`README.md: ${count} TypeScript examples, each with its current Python translation`);
    return 0;
  }
  if (process.argv.includes('--stdout')) {
    process.stdout.write(rewritten);
    return 0;
  }
  fs.writeFileSync(README, rewritten);
  console.log(`README.md: ${count} TypeScript examples translated to Python`);
  return 0;
}

/** README.md without the blocks this script wrote (and the blank line before each). */
function removeTranslations(markdown: string): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return markdown.replace(new RegExp(`\\n\\n${escape(BEGIN)}\\n[\\s\\S]*?${escape(END)}`, 'g'), '');
}

main().then((code) => process.exit(code), (error: Error) => {
  console.error(`readme:python: ${error.message}`);
  process.exit(1);
});
