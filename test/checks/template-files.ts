/**
 * Plain CloudFormation templates written to temporary files, for tests that run the CLI on them.
 * Files are removed after the importing test file's tests have run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

/** Writes the template as `name` in a fresh directory (the file's name is the stack's name). */
export function templateFile(template: object, name = 'items.json'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(template));
  return file;
}

/** What `check` prints for the file. */
export function checkOutput(file: string): string {
  const io = captureIo();
  runCli(['check', file], io);
  return io.stdout;
}
