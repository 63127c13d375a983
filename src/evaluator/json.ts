import { InvalidInputError, quote } from './errors';
import { join } from './fields';

/**
 * Reading scenario and policy JSON strictly.
 *
 * JSON.parse keeps the last of duplicate keys silently; for a scenario or a policy that would
 * decide from a value the author may not have meant ({"Effect": "Deny", ..., "Effect": "Allow"}), so a
 * duplicate key is invalid input naming the key and its path. JSON.parse cannot report them, so the
 * text is scanned first: one linear pass with an explicit stack (no recursion), bounded in depth.
 * Malformed JSON is left to JSON.parse, whose message is turned into a line and column, because
 * "Unexpected token" alone does not help in a 200-line scenario.
 */

/**
 * How deep containers may nest. A scenario needs about 10 levels (scenario, api, resourcePolicy,
 * Statement, statement, Condition, operator, key, values); IAM and API Gateway read policies as
 * JSON documents of a few kilobytes, and nothing AWS accepts comes near this.
 */
export const MAX_JSON_DEPTH = 64;

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quote(String(value))}`;
}

/** Parses scenario JSON; malformed JSON, duplicate keys and excessive nesting are InvalidInputErrors. */
export function parseJson(text: string, field = '(json)'): unknown {
  // From JavaScript, or from another language through jsii (Python None, Java null), the argument may
  // be anything; an object is the mistake of calling the JSON method with a scenario built in code.
  if (typeof text !== 'string') {
    const instead = text !== null && typeof text === 'object' ? ' (to evaluate a scenario built in code, call evaluate or tryEvaluate)' : '';
    throw new InvalidInputError(field, `must be a string of JSON text, not ${describe(text)}${instead}`);
  }
  if (text.startsWith('\ufeff')) {
    throw new InvalidInputError(field, 'is not valid JSON: it starts with a byte order mark (U+FEFF), which JSON text must not have; save it as UTF-8 without one');
  }
  scanForDuplicates(text, field);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      const what = message.replace(/\s*(in JSON )?at position \d+.*$/s, '');
      throw new InvalidInputError(field, `is not valid JSON: ${shorten(what)} at line ${line}, column ${column}`);
    }
    throw new InvalidInputError(field, `is not valid JSON: ${shorten(message)}`);
  }
}

/** V8 quotes the text around a syntax error; keep the message short whatever the input. */
function shorten(message: string): string {
  return message.length <= 200 ? message : `${message.slice(0, 200)}…`;
}

/** A container being read: an object (with the keys seen so far) or an array (with its next index). */
interface Frame {
  readonly keys?: Set<string>;
  /** Object: the key whose value is being read. Array: the index of the value being read. */
  at: string | number;
}

const enum Expect {
  /** A value (after `:`, or the first or next element of an array). */
  VALUE,
  /** A value or `]` (just after `[`). */
  VALUE_OR_CLOSE,
  /** A key or `}` (just after `{`). */
  KEY_OR_CLOSE,
  /** A key (after `,` in an object). */
  KEY,
  COLON,
  /** `,` or the container's closing bracket. */
  COMMA_OR_CLOSE,
}

/** The path of the value being read, as the evaluator's errors write fields (`api.methods[0].path`). */
function pathOf(frames: readonly Frame[], field: string): string {
  let path = '';
  for (const frame of frames) {
    path = typeof frame.at === 'number' ? `${path}[${frame.at}]` : join(path, frame.at);
  }
  return path === '' ? field : path;
}

/**
 * Throws on a duplicate key or nesting deeper than MAX_JSON_DEPTH; returns quietly at the first
 * syntax error (JSON.parse then reports it). Linear in the text's length.
 */
function scanForDuplicates(text: string, field: string): void {
  const frames: Frame[] = [];
  const n = text.length;
  let expect = Expect.VALUE;
  let i = 0;
  while (true) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) {
      i++;
    }
    if (i >= n) {
      return;
    }
    const c = text[i];
    const top = frames[frames.length - 1];
    switch (expect) {
      case Expect.VALUE:
      case Expect.VALUE_OR_CLOSE:
        if (c === ']' && expect === Expect.VALUE_OR_CLOSE) {
          frames.pop();
          i++;
        } else if (c === '{' || c === '[') {
          if (frames.length >= MAX_JSON_DEPTH) {
            throw new InvalidInputError(pathOf(frames, field), `nests objects and lists deeper than ${MAX_JSON_DEPTH} levels `
              + '(a scenario needs about 10): this is not a scenario or a policy AWS would accept');
          }
          frames.push(c === '{' ? { keys: new Set<string>(), at: '' } : { at: 0 });
          expect = c === '{' ? Expect.KEY_OR_CLOSE : Expect.VALUE_OR_CLOSE;
          i++;
          continue;
        } else if (c === '"') {
          i = endOfString(text, i);
          if (i < 0) {
            return;
          }
        } else {
          // A number, true, false or null: JSON.parse checks its spelling.
          const start = i;
          while (i < n && text[i] !== ',' && text[i] !== ']' && text[i] !== '}' && text[i] !== ' ' && text[i] !== '\n'
            && text[i] !== '\r' && text[i] !== '\t' && text[i] !== '"' && text[i] !== '{' && text[i] !== '[') {
            i++;
          }
          if (i === start) {
            return;
          }
        }
        if (frames.length === 0) {
          return;
        }
        expect = Expect.COMMA_OR_CLOSE;
        continue;
      case Expect.KEY_OR_CLOSE:
      case Expect.KEY: {
        if (c === '}' && expect === Expect.KEY_OR_CLOSE) {
          frames.pop();
          i++;
          if (frames.length === 0) {
            return;
          }
          expect = Expect.COMMA_OR_CLOSE;
          continue;
        }
        if (c !== '"' || top === undefined || top.keys === undefined) {
          return;
        }
        const end = endOfString(text, i);
        if (end < 0) {
          return;
        }
        const raw = text.slice(i + 1, end - 1);
        let key = raw;
        if (raw.includes('\\')) {
          try {
            key = JSON.parse(text.slice(i, end)) as string;
          } catch {
            return;
          }
        }
        if (top.keys.has(key)) {
          top.at = key;
          throw new InvalidInputError(pathOf(frames, field), `repeats the key ${quote(key)} in the same object: JSON readers `
            + 'disagree on which value counts (most keep the last), so the scenario is ambiguous; keep one');
        }
        top.keys.add(key);
        top.at = key;
        i = end;
        expect = Expect.COLON;
        continue;
      }
      case Expect.COLON:
        if (c !== ':') {
          return;
        }
        i++;
        expect = Expect.VALUE;
        continue;
      case Expect.COMMA_OR_CLOSE:
        if (top === undefined) {
          return;
        }
        if (c === ',') {
          i++;
          if (top.keys !== undefined) {
            expect = Expect.KEY;
          } else {
            top.at = (top.at as number) + 1;
            expect = Expect.VALUE;
          }
          continue;
        }
        if (c === (top.keys !== undefined ? '}' : ']')) {
          frames.pop();
          i++;
          if (frames.length === 0) {
            return;
          }
          continue;
        }
        return;
    }
  }
}

/** The index just after the string that starts at `start` (a `"`), or -1 when it does not end. */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  while (true) {
    const quoteAt = text.indexOf('"', from);
    if (quoteAt < 0) {
      return -1;
    }
    let backslashes = 0;
    for (let b = quoteAt - 1; b > start && text.charCodeAt(b) === 92; b--) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quoteAt + 1;
    }
    from = quoteAt + 1;
  }
}
