/**
 * Reading the files the commands are given or find in a folder, without ever blocking or crashing on
 * what is not a regular file, and quoting what is wrong by a short prefix.
 */
import * as fs from 'fs';

/** A file that could not be read; the message says why, without the path (the caller names it). */
export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
}

/**
 * The text of a regular file, links followed. A FIFO would block the read until something writes to
 * it and a device may never end, so neither is opened: the type is checked with stat first. A folder,
 * a link that leads nowhere or in a loop, and an unreadable file each throw a FileReadError.
 * `allowPipe` is for a file the user named on the command line: there a pipe is what they asked to
 * read (`check <(...)` passes one).
 */
export function readRegularFile(file: string, allowPipe = false): string {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (e) {
    const code = errorCode(e);
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new FileReadError(code === 'ENOENT'
        ? 'a symbolic link to a file that does not exist'
        : `cannot follow the symbolic link: ${code}${code === 'ELOOP' ? ' (a loop of links)' : ''}`);
    }
    throw new FileReadError(code === 'ENOENT' ? 'no such file' : `cannot read it: ${code}`);
  }
  if (!stats.isFile() && !(allowPipe && stats.isFIFO())) {
    throw new FileReadError(`not a regular file (${fileKind(stats)})`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileReadError(`cannot read it: ${errorCode(e)}`);
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? shorten((e as Error).message);
}

function fileKind(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'an unknown kind of file';
}

const QUOTED_PREFIX = 60;

/** A value as messages quote it: JSON, and only its first characters when it is long. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length <= QUOTED_PREFIX ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, QUOTED_PREFIX))}... (${text.length} characters)`;
}

/** A message from elsewhere (a JSON parser, the system), cut to a readable length. */
export function shorten(message: string, max = 200): string {
  return message.length <= max ? message : `${message.slice(0, max)}...`;
}

/**
 * The nesting depth of a parsed JSON value, counted without recursion, stopping once it exceeds
 * `limit` (so a value nested 20,000 deep costs no more than one nested `limit` deep).
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(v as object)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
