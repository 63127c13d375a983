import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

// The command line at its edges: whatever a folder or a cloud assembly holds, each command ends with
// a message naming the entry and what is wrong with it, and exit status 2; never a stack trace or a hang.

const SCENARIO = path.join(__dirname, '..', 'evaluator', 'fixtures', 'scenarios', 'iam-same-account.json');

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-edges-')); });
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[]) {
  const io = captureIo();
  const code = runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('evaluate DIR: an entry that is not a readable scenario file is an ERROR line, the others are evaluated', () => {
  const lineFor = (stdout: string, name: string) => stdout.split('\n').find(l => l.includes(` ${name} `)) ?? '';

  beforeEach(() => fs.copyFileSync(SCENARIO, path.join(tmp, 'a-good.json')));

  function expectOneError(name: string, reason: RegExp) {
    const { code, stdout, stderr } = run(['evaluate', tmp]);
    expect(code).toBe(ExitCode.INVALID);
    expect(lineFor(stdout, 'a-good.json')).toMatch(/^PASS /);
    expect(lineFor(stdout, name)).toMatch(/^ERROR /);
    expect(lineFor(stdout, name)).toMatch(reason);
    expect(stdout).toMatch(/2 scenarios: 1 passed, 0 failed, 1 invalid/);
    expect(stdout + stderr).not.toMatch(/\n\s+at /); // no stack trace
  }

  test('a folder named x.json', () => {
    fs.mkdirSync(path.join(tmp, 'x.json'));
    expectOneError('x.json', /not a regular file \(a directory\)/);
  });

  test('a FIFO is never opened (opening it would wait for a writer forever)', () => {
    childProcess.execFileSync('mkfifo', [path.join(tmp, 'pipe.json')]);
    expectOneError('pipe.json', /not a regular file \(a FIFO\)/);
  });

  test('a symbolic link loop', () => {
    fs.symlinkSync(path.join(tmp, 'loop-b.json'), path.join(tmp, 'loop-a.json'));
    fs.symlinkSync(path.join(tmp, 'loop-a.json'), path.join(tmp, 'loop-b.json'));
    const { code, stdout } = run(['evaluate', tmp]);
    expect(code).toBe(ExitCode.INVALID);
    expect(lineFor(stdout, 'loop-a.json')).toMatch(/^ERROR .*symbolic link.*ELOOP/);
    expect(lineFor(stdout, 'loop-b.json')).toMatch(/^ERROR .*symbolic link.*ELOOP/);
    expect(stdout).toMatch(/3 scenarios: 1 passed, 0 failed, 2 invalid/);
  });

  test('a dangling symbolic link', () => {
    fs.symlinkSync(path.join(tmp, 'gone.json'), path.join(tmp, 'dangling.json'));
    expectOneError('dangling.json', /symbolic link to a file that does not exist/);
  });

  test('a link to a FIFO is not opened either', () => {
    childProcess.execFileSync('mkfifo', [path.join(tmp, 'pipe')]);
    fs.symlinkSync(path.join(tmp, 'pipe'), path.join(tmp, 'to-pipe.json'));
    expectOneError('to-pipe.json', /not a regular file \(a FIFO\)/);
  });

  test('a file that cannot be read (tests run as root, so the read error is injected)', () => {
    const unreadable = path.join(tmp, 'secret.json');
    fs.writeFileSync(unreadable, '{}');
    const realFs = jest.requireActual<typeof fs>('fs');
    const read = realFs.readFileSync;
    jest.spyOn(realFs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
      if (file === unreadable) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${unreadable}'`), { code: 'EACCES' });
      }
      return read(file, options as BufferEncoding);
    }) as typeof fs.readFileSync);
    expectOneError('secret.json', /cannot read it: EACCES/);
  });

  test('a JSON text nested 20,000 levels deep', () => {
    fs.writeFileSync(path.join(tmp, 'deep.json'), `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expectOneError('deep.json', /\S/);
  });
});

describe('check and report read every cloud assembly CDK writes, and say clearly what they cannot read', () => {
  /** A cloud assembly with the given artifacts and files. */
  function assembly(artifacts: unknown, files: Record<string, unknown> = {}, dir = tmp): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return dir;
  }
  const stackArtifact = (templateFile: string) => ({
    type: 'aws:cloudformation:stack',
    environment: 'aws://111111111111/eu-west-1',
    properties: { templateFile },
  });
  const apiTemplate = {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } },
      Get: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' },
      },
    },
  };

  // aws-cdk's integ-tests add a DeployAssert stack; with no assertion it synthesizes without a
  // Resources section (a Stack with no resources renders only Parameters and Rules, or nothing).
  test.each([
    ['{}', {}],
    ['only Parameters and Rules', {
      Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
      Rules: {
        CheckBootstrapVersion: {
          Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] }, AssertDescription: 'old' }],
        },
      },
    }],
  ])('an empty stack (%s) beside a real one is read, not refused', (_name, empty) => {
    const dir = assembly(
      { Items: stackArtifact('Items.template.json'), DeployAssert: stackArtifact('DeployAssert.template.json') },
      { 'Items.template.json': apiTemplate, 'DeployAssert.template.json': empty },
    );
    for (const command of ['check', 'report']) {
      const { code, stdout, stderr } = run([command, dir]);
      expect(stderr).toBe('');
      expect(code).toBe(ExitCode.OK);
      if (command === 'report') expect(stdout).toContain('items');
    }
  });

  test.each(['check', 'report'])('%s: a manifest naming a template that is not there', (command) => {
    const dir = assembly({ Items: stackArtifact('Items.template.json') });
    const { code, stdout, stderr } = run([command, dir]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/manifest\.json: artifact "Items" names the template Items\.template\.json, which cannot be read \(no such file\)/);
  });

  test.each([
    ['a null artifact', { Items: null }, /artifacts\.Items: expected an object, got null/],
    ['artifacts that are a list', [], /artifacts: expected an object, got a list/],
    ['a templateFile that is not a string', { Items: { type: 'aws:cloudformation:stack', properties: { templateFile: 7 } } }, /artifacts\.Items\.properties\.templateFile: expected a file name/],
  ])('%s in the manifest', (_name, artifacts, message) => {
    const dir = assembly(artifacts);
    const { code, stderr } = run(['check', dir]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr).toMatch(message);
  });

  test('a manifest naming a nested assembly that is not there', () => {
    const dir = assembly({ Prod: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } } });
    const { code, stderr } = run(['check', dir]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr).toMatch(/assembly-Prod: a nested cloud assembly that cannot be read \(ENOENT\)/);
  });

  test('a manifest that is null', () => {
    fs.writeFileSync(path.join(tmp, 'manifest.json'), 'null');
    const { code, stderr } = run(['check', tmp]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr).toMatch(/manifest\.json: expected a cloud assembly manifest \(a JSON object\), got null/);
  });

  test('a template nested 20,000 levels deep', () => {
    const deep = `{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}}`;
    const dir = assembly({ Items: stackArtifact('Items.template.json') }, { 'Items.template.json': deep });
    for (const command of ['check', 'report']) {
      const { code, stderr } = run([command, dir]);
      expect(code).toBe(ExitCode.INVALID);
      expect(stderr).toMatch(/Items\.template\.json: nested deeper than \d+ levels/);
    }
  });

  test('cloud assemblies nested far deeper than any app (each a Stage of the one before) end with a message', () => {
    // Siblings that each name the next as their nested assembly, so paths stay short. 500 levels
    // rather than 20,000 only to keep the test quick: the reader stops at its bound (32) either way.
    for (let level = 0; level < 500; level++) {
      assembly({ Inner: { type: 'cdk:cloud-assembly', properties: { directoryName: `../a${level + 1}` } } }, {}, path.join(tmp, `a${level}`));
    }
    const { code, stderr } = run(['check', path.join(tmp, 'a0')]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr).toMatch(/cloud assemblies nested deeper than \d+ levels/);
  });

  test('a template named on the command line may be a pipe (check <(...)); one a manifest names may not', () => {
    const template = JSON.stringify({ Resources: {} });
    const script = `node -r ts-node/register/transpile-only src/cli/main.ts check <(printf '%s' ${JSON.stringify(template)})`;
    const out = childProcess.execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, cwd: path.join(__dirname, '..', '..') });
    expect(out).toMatch(/0 errors, 0 warnings, 0 info/);
    childProcess.execFileSync('mkfifo', [path.join(tmp, 'Items.template.json')]);
    const dir = assembly({ Items: stackArtifact('Items.template.json') });
    const { code, stderr } = run(['check', dir]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr).toMatch(/names the template Items\.template\.json, which cannot be read \(not a regular file \(a FIFO\)\)/);
  }, 60_000);

  test('a long bad value is quoted by a short prefix only', () => {
    const long = `${'x'.repeat(1_000_000)}.template.json`;
    const dir = assembly({ Items: { type: 'aws:cloudformation:stack', properties: { templateFile: long } } });
    const { code, stderr } = run(['check', dir]);
    expect(code).toBe(ExitCode.INVALID);
    expect(stderr.length).toBeLessThan(1_000);
    expect(stderr).toMatch(/"x{60}"\.\.\. \(1000014 characters\)/);
  });
});

describe('writing to a closed pipe (| head) ends quietly', () => {
  test('evaluate DIR | head -n 1: no error on stderr, the normal exit status', () => {
    // Enough output to fill the pipe after head has gone (a pipe buffers 64 KiB).
    const scenario = fs.readFileSync(SCENARIO, 'utf8');
    for (let i = 0; i < 3_000; i++) {
      fs.writeFileSync(path.join(tmp, `a-scenario-with-a-long-name-so-that-lines-are-long-${String(i).padStart(4, '0')}.json`), scenario);
    }
    const main = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
    const script = `node -r ts-node/register/transpile-only ${JSON.stringify(main)} evaluate ${JSON.stringify(tmp)} 2>${JSON.stringify(path.join(tmp, 'stderr.txt'))} | head -n 1; echo "status=\${PIPESTATUS[0]}"`;
    const out = childProcess.execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, cwd: path.join(__dirname, '..', '..') });
    expect(out).toMatch(/^PASS /);
    expect(fs.readFileSync(path.join(tmp, 'stderr.txt'), 'utf8')).toBe('');
    expect(out).toMatch(/status=0\n$/);
  }, 60_000);
});
