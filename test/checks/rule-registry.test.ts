import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_RULES } from '../../src/analysis/rules';
import { AccessCheckRule, FindingSeverity } from '../../src/checks';

// Adding a rule is one file, one line in rules/index.ts and one row and section in RULES.md: this keeps them
// together (test/checks/rules-doc.test.ts runs each section's snippets).
test('every rule id has exactly one built-in rule, in its own file named after it', () => {
  const ids = BUILT_IN_RULES.map(r => r.id);
  expect([...ids].sort()).toEqual(Object.values(AccessCheckRule).sort());
  for (const id of ids) {
    expect(fs.existsSync(path.join(__dirname, '../../src/analysis/rules', `${id}.ts`))).toBe(true);
  }
  expect(ids[ids.length - 1]).toBe(AccessCheckRule.CANNOT_EVALUATE); // it reports what the others could not evaluate
});

test('the RULES.md table lists every rule with its default severity, and the README links it', () => {
  const rules = fs.readFileSync(path.join(__dirname, '../../RULES.md'), 'utf8');
  for (const rule of BUILT_IN_RULES) {
    expect(rules).toMatch(new RegExp(`^\\| \\[\`${rule.id}\`\\]\\(#${rule.id.toLowerCase()}\\) \\| ${rule.defaultSeverity} \\|`, 'm'));
  }
  expect(Object.values(FindingSeverity).sort()).toEqual(['error', 'info', 'warning']);
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  expect(readme).toContain('](RULES.md)');
});
