import { InvalidInputError } from './errors';

/**
 * Parses scenario JSON; malformed JSON is an InvalidInputError that says where (line and column,
 * from 1), because "Unexpected token" alone does not help in a 200-line scenario.
 */
export function parseJson(text: string, field = '(json)'): unknown {
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
      throw new InvalidInputError(field, `is not valid JSON: ${what} at line ${line}, column ${column}`);
    }
    throw new InvalidInputError(field, `is not valid JSON: ${message}`);
  }
}
