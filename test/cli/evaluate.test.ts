import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

// `cdk-apigateway-access evaluate FILE|-|DIR`, run in-process (scenario format: "Result", exit
// status 0 decided / 1 differs from expected / 2 invalid input).

const FIXTURES = path.join(__dirname, '..', 'evaluator', 'fixtures', 'scenarios');
const fixture = (name: string) => path.join(FIXTURES, name);
const readFixture = (name: string) => JSON.parse(fs.readFileSync(fixture(name), 'utf8'));

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluate-test-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

function write(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
  return file;
}

describe('evaluate FILE', () => {
  test('prints the result as JSON and exits 0 when the decision is the expected one', () => {
    const io = captureIo();
    expect(runCli(['evaluate', fixture('none-ip-allowlist.json')], io)).toBe(ExitCode.OK);
    const result = JSON.parse(io.stdout);
    expect(result).toMatchObject({ decision: 'EXPLICIT_DENY', expected: 'EXPLICIT_DENY', matchesExpected: true });
    expect(result.reasons.join('\n')).toContain("'OfficeOnly'");
    expect(io.stderr).toBe('');
  });

  test('without expected, exits 0 with the decision', () => {
    const scenario = readFixture('iam-same-account.json');
    delete scenario.expected;
    const io = captureIo();
    expect(runCli(['evaluate', write('s.json', scenario)], io)).toBe(ExitCode.OK);
    expect(JSON.parse(io.stdout)).toEqual({ decision: 'ALLOW', reasons: expect.any(Array), decidingStatements: expect.any(Array), decidingRule: 5 });
  });

  test('exits 1 when the decision differs from expected', () => {
    const scenario = { ...readFixture('iam-same-account.json'), expected: 'DENY' };
    const io = captureIo();
    expect(runCli(['evaluate', write('s.json', scenario)], io)).toBe(ExitCode.MISMATCH);
    expect(JSON.parse(io.stdout)).toMatchObject({ decision: 'ALLOW', expected: 'DENY', matchesExpected: false });
  });

  test('exits 2 with the field on stderr for an invalid scenario, and prints no result', () => {
    const scenario = readFixture('iam-same-account.json');
    scenario.api.methods[0].authorizationType = 'IAM';
    const io = captureIo();
    expect(runCli(['evaluate', write('s.json', scenario)], io)).toBe(ExitCode.INVALID);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/api\.methods\[0\]\.authorizationType: must be one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS/);
  });

  test('exits 2 with the line and column for malformed JSON', () => {
    const io = captureIo();
    expect(runCli(['evaluate', write('s.json', '{\n  "api": {,\n}')], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).toMatch(/not valid JSON: .* at line 2, column 11/);
  });

  test('exits 2 when the file cannot be read', () => {
    const io = captureIo();
    expect(runCli(['evaluate', path.join(tmp, 'missing.json')], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).toMatch(/cannot read .*missing\.json/);
  });

  test('- reads the scenario from standard input', () => {
    const io = captureIo(fs.readFileSync(fixture('private-wrong-endpoint.json'), 'utf8'));
    expect(runCli(['evaluate', '-'], io)).toBe(ExitCode.OK);
    expect(JSON.parse(io.stdout).decision).toBe('IMPLICIT_DENY');
  });

  test('no argument, or two, is a usage error', () => {
    const none = captureIo();
    expect(runCli(['evaluate'], none)).toBe(ExitCode.INVALID);
    expect(none.stderr).toMatch(/FILE, - or DIR is required/);
    const two = captureIo();
    expect(runCli(['evaluate', 'a', 'b'], two)).toBe(ExitCode.INVALID);
  });

  test('is listed by --help', () => {
    const io = captureIo();
    runCli(['--help'], io);
    expect(io.stdout).toMatch(/evaluate\s+decide one access scenario/);
  });
});

describe('evaluate DIR', () => {
  test('the fixture folder: one PASS line per file, sorted, then the summary; exit 0', () => {
    const io = captureIo();
    expect(runCli(['evaluate', FIXTURES], io)).toBe(ExitCode.OK);
    const lines = io.stdout.trim().split('\n');
    const files = fs.readdirSync(FIXTURES).filter(f => f.endsWith('.json')).sort();
    expect(lines).toHaveLength(files.length + 1);
    lines.slice(0, -1).forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^PASS\\s+${files[i].replace(/\./g, '\\.')}\\s+(ALLOW|IMPLICIT_DENY|EXPLICIT_DENY)\\s+\\(expected \\w+\\)$`));
    });
    expect(lines[lines.length - 1]).toBe(`${files.length} scenarios: ${files.length} passed, 0 failed, 0 invalid`);
  });

  test('a mismatch is a FAIL line and exit 1', () => {
    write('a.json', readFixture('iam-same-account.json'));
    write('b.json', { ...readFixture('iam-same-account.json'), expected: 'EXPLICIT_DENY' });
    write('notes.txt', 'not a scenario');
    const io = captureIo();
    expect(runCli(['evaluate', tmp], io)).toBe(ExitCode.MISMATCH);
    expect(io.stdout).toMatch(/^PASS\s+a\.json\s+ALLOW\s+\(expected ALLOW\)$/m);
    expect(io.stdout).toMatch(/^FAIL\s+b\.json\s+ALLOW\s+\(expected EXPLICIT_DENY\)$/m);
    expect(io.stdout).toMatch(/2 scenarios: 1 passed, 1 failed, 0 invalid/);
  });

  test('an invalid file is an ERROR line naming the field, and exit 2 even beside a mismatch', () => {
    write('a.json', { ...readFixture('iam-same-account.json'), expected: 'EXPLICIT_DENY' });
    write('b.json', { ...readFixture('iam-same-account.json'), extra: true });
    const io = captureIo();
    expect(runCli(['evaluate', tmp], io)).toBe(ExitCode.INVALID);
    expect(io.stdout).toMatch(/^ERROR\s+b\.json\s+extra: unknown field/m);
    expect(io.stdout).toMatch(/2 scenarios: 0 passed, 1 failed, 1 invalid/);
  });

  test('a folder without scenarios is invalid input', () => {
    const io = captureIo();
    expect(runCli(['evaluate', tmp], io)).toBe(ExitCode.INVALID);
    expect(io.stderr).toMatch(/no \*\.json scenario/);
  });
});
