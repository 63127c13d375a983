import { InvalidInputError, QUOTED_PREFIX } from './errors';

/**
 * Strict reading of one object of a scenario: every key must be known, every value of the right
 * type. Errors name the field path as the user wrote it (`api.methods[0].authorizationType`).
 *
 * The same reader serves parsed JSON and jsii structs (plain objects with the same camelCase keys;
 * jsii leaves unset optional properties out, or passes them as `undefined`), so `undefined` means
 * absent, and `null` is a wrong type: a `null` policy must never read as "no policy".
 */
export class Fields {
  /** Reads `value` as an object whose keys are all in `allowed`. */
  public static of(value: unknown, field: string, allowed: ReadonlySet<string>): Fields {
    const object = requireObject(value, field);
    for (const key in object) {
      if (!allowed.has(key) && object[key] !== undefined) {
        throw new InvalidInputError(join(field, key), `unknown field (allowed here: ${[...allowed].join(', ')})`);
      }
    }
    return new Fields(object, field);
  }

  private constructor(private readonly object: Record<string, unknown>, public readonly field: string) {}

  /** The path of a key of this object, for errors. */
  public path(key: string): string {
    return join(this.field, key);
  }

  /** The raw value, `undefined` when absent. */
  public raw(key: string): unknown {
    return this.object[key];
  }

  public has(key: string): boolean {
    return this.object[key] !== undefined;
  }

  public requiredString(key: string, pattern?: RegExp, expected?: string): string {
    const value = this.object[key];
    if (value === undefined) {
      throw new InvalidInputError(this.path(key), `is required${expected ? ` (${expected})` : ''}`);
    }
    return checkString(value, this.path(key), pattern, expected);
  }

  public optionalString(key: string, pattern?: RegExp, expected?: string): string | undefined {
    const value = this.object[key];
    return value === undefined ? undefined : checkString(value, this.path(key), pattern, expected);
  }

  /** One of `values` (exactly as written), or `fallback` when absent. */
  public oneOf<T extends string>(key: string, values: readonly T[], fallback?: T): T {
    const value = this.object[key];
    if (value === undefined) {
      if (fallback === undefined) {
        throw new InvalidInputError(this.path(key), `is required (one of ${values.join(', ')})`);
      }
      return fallback;
    }
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new InvalidInputError(this.path(key), `must be one of ${values.join(', ')}, not ${show(value)}`);
    }
    return value as T;
  }

  /** An array (possibly empty), or `undefined` when absent. */
  public optionalArray(key: string): readonly unknown[] | undefined {
    const value = this.object[key];
    if (value === undefined) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      throw new InvalidInputError(this.path(key), `must be a list, not ${show(value)}`);
    }
    // A sparse list (`[a, , b]` from code) reads its holes as undefined, which the element checks reject.
    return Array.from(value);
  }
}

/** `value` as a plain object (not null, not a list). */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) {
    throw new InvalidInputError(field || '(scenario)', 'is required');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field || '(scenario)', `must be an object, not ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

export function checkString(value: unknown, field: string, pattern?: RegExp, expected?: string): string {
  if (typeof value !== 'string') {
    throw new InvalidInputError(field, `must be a string${expected ? ` (${expected})` : ''}, not ${show(value)}`);
  }
  if (pattern && !pattern.test(value)) {
    throw new InvalidInputError(field, `must be ${expected ?? `a string matching ${pattern}`}, not ${show(value)}`);
  }
  return value;
}

/** Joins a parent path and a key: `api` + `methods` is `api.methods`; the root has no prefix. */
export function join(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

/** A short description of a wrong value for error messages (never the whole value). */
export function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length <= QUOTED_PREFIX ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, QUOTED_PREFIX))}…(${value.length} characters)`;
    case 'number':
    case 'boolean': return `${typeof value} ${String(value)}`;
    case 'object': return 'an object';
    default: return typeof value;
  }
}
