/**
 * Reading the access map that `report --format json` prints (formatVersion 2, see
 * src/analysis/access-map/document.ts), for tests that state who may call a method.
 *
 * The map is complete: a caller with no `allowed` and no `undecided` entry on a method is denied.
 */
import { AccessMapDocument, AccessMapEntry, AccessMapMethod, AccessMapUndecidedEntry } from '../../src/analysis/access-map';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

/** Calls from any internet address: every IPv4 and IPv6 source. */
export const FROM_ANYWHERE = { internet: ['0.0.0.0/0', '::/0'] };

/** The map the CLI prints for a cloud assembly directory or a template file. */
export function reportedMap(input: string): AccessMapDocument {
  const io = captureIo();
  expect(runCli(['report', input, '--format', 'json'], io)).toBe(ExitCode.OK);
  return parseMap(io.stdout);
}

/** The map of `report --format json`'s output. */
export function parseMap(stdout: string): AccessMapDocument {
  const document = JSON.parse(stdout) as AccessMapDocument;
  expect(document.formatVersion).toBe(2);
  return document;
}

/** The method of the map's only API at `path` (and `httpMethod`), on its only stage. */
export function methodAt(document: AccessMapDocument, path: string, httpMethod = 'GET'): AccessMapMethod {
  expect(document.apis).toHaveLength(1);
  const methods = document.apis[0].methods.filter(m => m.path === path && m.httpMethod === httpMethod);
  expect(methods).toHaveLength(1);
  return methods[0];
}

/**
 * The ARN by which the map names the app's role or user whose construct id is `id`: one of the
 * method's callers, so that "no entry" means "mapped, and denied", never "not asked about". Its logical
 * id is the id and CDK's 8-digit hash; without a RoleName/UserName, CloudFormation names it
 * `<stack name>-<logical id>-<unique suffix>`.
 */
export function principalArn(method: AccessMapMethod, id: string): string {
  const pattern = new RegExp(`^arn:aws:iam::\\d{12}:(role|user)/(.*/)?[\\w-]+-${id}[0-9A-F]{8}-[A-Z0-9]{12}$`);
  const arns = (method.callers ?? []).filter(c => pattern.test(c));
  expect(arns).toHaveLength(1);
  return arns[0];
}

/** The method's entries for one caller. */
export function entriesFor(method: AccessMapMethod, caller: string): { allowed: AccessMapEntry[]; undecided: AccessMapUndecidedEntry[] } {
  return {
    allowed: method.allowed.filter(e => e.caller === caller),
    undecided: method.undecided.filter(e => e.caller === caller),
  };
}

/** The caller may call every path of the method from any address, unconditionally, and nothing is undecided. */
export function expectAllowedFromAnywhere(method: AccessMapMethod, caller: string): void {
  expect(entriesFor(method, caller)).toEqual({ allowed: [{ caller, from: FROM_ANYWHERE }], undecided: [] });
}

/** The caller is one the method was mapped for, and no request of it is allowed or undecided. */
export function expectDenied(method: AccessMapMethod, caller: string): void {
  expect(method.callers).toContain(caller);
  expect(entriesFor(method, caller)).toEqual({ allowed: [], undecided: [] });
}
