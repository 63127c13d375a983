import { parseScenario } from './scenario';
import { ParsedScenario } from './scenario-model';

/**
 * Evaluating the same scenario object again (a bench, a synth-time check asking many questions,
 * a tool that re-evaluates after each edit) should not validate it from scratch every time, yet a
 * change to the object must always be seen. So a parsed scenario is kept per scenario object
 * together with a flat record of everything the parse read: every key and every primitive value,
 * in walk order. On the next call the object is walked again and compared with that record (a few
 * hundred `===` at most); any difference, an added or removed key included, parses it afresh.
 *
 * Policy documents are recorded by identity, not content: the policy layer already compiles a
 * document object once (to change a policy, pass a new object), and walking them would cost as
 * much as the evaluation saves.
 */
const parsedScenarios = new WeakMap<object, { readonly record: readonly unknown[]; readonly parsed: ParsedScenario }>();

/** parseScenario with the cache above; same results, same errors. */
export function parseScenarioCached(input: unknown): ParsedScenario {
  if (typeof input !== 'object' || input === null) {
    return parseScenario(input);
  }
  const known = parsedScenarios.get(input);
  if (known !== undefined && matchesRecord(input, known.record)) {
    return known.parsed;
  }
  const parsed = parseScenario(input);
  const record: unknown[] = [];
  walk(input, Place.ROOT, record);
  parsedScenarios.set(input, { record, parsed });
  return parsed;
}

/** Where in a scenario a value sits, as far as policy documents are concerned. */
const enum Place {
  ROOT,
  API,
  CALLER,
  AUTHORIZER,
  IDENTITY_POLICIES,
  POLICY,
  OTHER,
}

function placeOf(parent: Place, key: string): Place {
  switch (parent) {
    case Place.ROOT: return key === 'api' ? Place.API : key === 'caller' ? Place.CALLER : Place.OTHER;
    case Place.API: return key === 'resourcePolicy' ? Place.POLICY : Place.OTHER;
    case Place.CALLER:
      return key === 'identityPolicies' ? Place.IDENTITY_POLICIES
        : key === 'permissionsBoundary' ? Place.POLICY
          : key === 'lambdaAuthorizer' ? Place.AUTHORIZER : Place.OTHER;
    case Place.AUTHORIZER: return key === 'policy' ? Place.POLICY : Place.OTHER;
    case Place.IDENTITY_POLICIES: return Place.POLICY;
    default: return Place.OTHER;
  }
}

/** Appends the record of `value` to `out`. */
function walk(value: unknown, place: Place, out: unknown[]): void {
  if (place === Place.POLICY || typeof value !== 'object' || value === null) {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    out.push(ARRAY, value.length);
    for (let i = 0; i < value.length; i++) {
      walk(value[i], place === Place.IDENTITY_POLICIES ? Place.POLICY : Place.OTHER, out);
    }
    return;
  }
  out.push(OBJECT);
  const object = value as Record<string, unknown>;
  for (const key in object) {
    out.push(key);
    walk(object[key], placeOf(place, key), out);
  }
  out.push(END);
}

const ARRAY = Symbol('array');
const OBJECT = Symbol('object');
const END = Symbol('end');

/** Whether walking `value` now would append exactly `record`. */
function matchesRecord(value: unknown, record: readonly unknown[]): boolean {
  const position = { i: 0 };
  return compare(value, Place.ROOT, record, position) && position.i === record.length;
}

function compare(value: unknown, place: Place, record: readonly unknown[], position: { i: number }): boolean {
  if (position.i >= record.length) {
    return false;
  }
  if (place === Place.POLICY || typeof value !== 'object' || value === null) {
    return record[position.i++] === value;
  }
  if (Array.isArray(value)) {
    if (record[position.i++] !== ARRAY || record[position.i++] !== value.length) {
      return false;
    }
    for (let i = 0; i < value.length; i++) {
      if (!compare(value[i], place === Place.IDENTITY_POLICIES ? Place.POLICY : Place.OTHER, record, position)) {
        return false;
      }
    }
    return true;
  }
  if (record[position.i++] !== OBJECT) {
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (position.i >= record.length || record[position.i++] !== key || !compare(object[key], placeOf(place, key), record, position)) {
      return false;
    }
  }
  return record[position.i++] === END;
}
