/**
 * The Condition element: validation and compilation of every condition operator, and evaluation
 * against a request's context keys.
 *
 * Sources (IAM User Guide):
 * - "IAM JSON policy elements: Condition operators": the operator families, `...IfExists`, Null.
 * - "Conditions with multiple context keys or values": operators AND, keys AND, values of one key OR;
 *   a negated operator with several values is a NOR ("none of them").
 * - "Single-valued vs. multivalued context keys" and "Set operators for multivalued context keys":
 *   ForAllValues is true when every request value matches some policy value, and also when the key
 *   is missing or empty; ForAnyValue is true when at least one request value matches, false when the
 *   key is missing or empty.
 * - "IAM JSON policy elements: Condition": context key names are case-insensitive; whether values are
 *   compared with case depends on the operator.
 * - "IAM policy elements: Variables and tags": variables in condition values of string and ARN
 *   operators; a variable that cannot be resolved makes the condition not match.
 *
 * Missing keys (condition operators page): a condition on a key that is not in the request is false,
 * except for `...IfExists` (true), Null (that is its test), and negated operators, which are true when
 * the key is absent because nothing in the request equals the listed values.
 */
import { InvalidInputError, quote } from '../errors';
import { Cidr, cidrContains, parseCidr, parseRequestAddress } from './ip';
import { compilePattern, KeyValues, Pattern, WildcardMode } from './pattern';

/** How the request's values for a key are combined. */
const enum SetOperator {
  /** No qualifier: the key is single-valued (a list is treated as "any of them"). */
  NONE,
  FOR_ANY_VALUE,
  FOR_ALL_VALUES,
}

/** One operator applied to one key. */
interface Clause {
  /** Lower-cased key name. */
  readonly key: string;
  readonly set: SetOperator;
  readonly ifExists: boolean;
  readonly negated: boolean;
  /** Null operator: true tests for absence, false for presence (several values OR). */
  readonly nullTest?: readonly boolean[];
  /** Whether one request value matches at least one policy value (before negation). */
  readonly test?: (value: string, keys: KeyValues) => boolean;
  /** Values with policy variables: when one cannot be resolved, the condition does not match. */
  readonly variablePatterns?: readonly Pattern[];
  /** For `aws:PrincipalArn` only: the clause as written, so a role path it tests can be found (role-path.ts). */
  readonly written?: WrittenClause;
}

/** A condition clause as the policy wrote it. */
export interface WrittenClause {
  /** The operator without ForAnyValue:/ForAllValues: and IfExists, e.g. `ArnLike`. */
  readonly operator: string;
  readonly values: readonly string[];
  /** Path of the key in the scenario, for errors. */
  readonly field: string;
  /** Whether policy variables are recognised (Version 2012-10-17). */
  readonly variables: boolean;
}

/** The written form of every clause that compares `key` (lower-cased) with values. */
export function writtenClauses(conditions: CompiledConditions, key: string): WrittenClause[] {
  const found: WrittenClause[] = [];
  for (const clause of conditions.clauses) {
    if (clause.key === key && clause.written !== undefined) {
      found.push(clause.written);
    }
  }
  return found;
}

/** A compiled Condition element. */
export interface CompiledConditions {
  readonly clauses: readonly Clause[];
}

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

interface OperatorSpec {
  readonly family: Family;
  readonly negated: boolean;
  /** String and ARN operators accept policy variables in their values. */
  readonly variables: boolean;
  readonly build: (values: string[], field: string, variables: boolean) => ValueTest;
}

type ValueTest = ((value: string, keys: KeyValues) => boolean) & { variablePatterns?: Pattern[] };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const EPOCH = /^\d+(\.\d+)?$/;
// ISO 8601 forms IAM documents for date operators: a date, or a date and time with optional seconds,
// fraction and zone (IAM User Guide, condition operators, "Date condition operators").
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Epoch milliseconds of an IAM date value (ISO 8601 or epoch seconds), or undefined. */
export function parseDate(text: string): number | undefined {
  if (EPOCH.test(text)) {
    return Number(text) * 1000;
  }
  const m = ISO_DATE.exec(text);
  if (!m) {
    return undefined;
  }
  const [month, day, hour, minute, second] = [m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  // Date.parse rolls 2026-02-30 over into March: refuse days the month does not have.
  if (day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()) {
    return undefined;
  }
  // Without a zone the time is UTC (JavaScript would read a date-time without zone as local time).
  const normalised = m[4] !== undefined && m[7] === undefined ? `${text}Z` : text;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

function buildStrings(ignoreCase: boolean, wildcards: WildcardMode) {
  return (values: string[], field: string, variables: boolean) => {
    const patterns: Pattern[] = values.map((v, i) => compilePattern(ignoreCase ? v.toLowerCase() : v, {
      wildcards,
      variables,
      lowerCaseVariables: ignoreCase,
      field: values.length > 1 ? `${field}[${i}]` : field,
    }));
    let test: ValueTest;
    if (ignoreCase) {
      test = (value: string, keys: KeyValues) => {
        const lower = value.toLowerCase();
        return patterns.some((p) => p.matches(lower, keys));
      };
    } else if (patterns.length === 1) {
      const only = patterns[0];
      test = (value: string, keys: KeyValues) => only.matches(value, keys);
    } else {
      test = (value: string, keys: KeyValues) => patterns.some((p) => p.matches(value, keys));
    }
    const withVariables = patterns.filter((p) => p.hasVariables);
    if (withVariables.length > 0) {
      test.variablePatterns = withVariables;
    }
    return test;
  };
}

function valueField(field: string, values: string[], i: number): string {
  return values.length > 1 ? `${field}[${i}]` : field;
}

function buildNumeric(compare: (a: number, b: number) => boolean) {
  return (values: string[], field: string) => {
    const numbers = values.map((v, i) => {
      if (!NUMBER.test(v)) {
        throw new InvalidInputError(valueField(field, values, i), `${quote(v)} is not a number`);
      }
      return Number(v);
    });
    return (value: string) => {
      if (!NUMBER.test(value)) {
        return false;
      }
      const n = Number(value);
      return numbers.some((b) => compare(n, b));
    };
  };
}

// Request dates (aws:CurrentTime) repeat across the statements of a decision: remember the last one.
let lastDateText: string | undefined;
let lastDateMs: number | undefined;

function requestDate(text: string): number | undefined {
  if (text !== lastDateText) {
    lastDateMs = parseDate(text);
    lastDateText = text;
  }
  return lastDateMs;
}

function buildDate(compare: (a: number, b: number) => boolean) {
  return (values: string[], field: string) => {
    const dates = values.map((v, i) => {
      const ms = parseDate(v);
      if (ms === undefined) {
        throw new InvalidInputError(valueField(field, values, i),
          `${quote(v)} is not a date (ISO 8601 such as 2026-01-31T12:00:00Z, or epoch seconds)`);
      }
      return ms;
    });
    return (value: string) => {
      const ms = requestDate(value);
      return ms !== undefined && dates.some((b) => compare(ms, b));
    };
  };
}

function buildBool(values: string[], field: string) {
  const bools: string[] = values.map((v, i) => {
    const lower = v.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw new InvalidInputError(valueField(field, values, i), `${quote(v)} is not a boolean (true or false)`);
    }
    return lower;
  });
  return (value: string) => bools.includes(value.toLowerCase());
}

function buildBinary(values: string[], field: string) {
  values.forEach((v, i) => {
    if (!BASE64.test(v)) {
      throw new InvalidInputError(valueField(field, values, i), `${quote(v)} is not base-64 encoded`);
    }
  });
  return (value: string) => values.includes(value);
}

function buildIp(values: string[], field: string) {
  const cidrs: Cidr[] = values.map((v, i) => {
    const cidr = parseCidr(v);
    if (!cidr) {
      throw new InvalidInputError(valueField(field, values, i), `${quote(v)} is not an IPv4 or IPv6 address or CIDR block`);
    }
    return cidr;
  });
  return (value: string) => {
    // A request value that is not an address matches no block (so NotIpAddress is true for it).
    const ip = parseRequestAddress(value);
    if (ip === undefined) {
      return false;
    }
    for (const cidr of cidrs) {
      if (cidrContains(cidr, ip)) {
        return true;
      }
    }
    return false;
  };
}

/** Whether text is a plausible ARN pattern for an ARN condition operator or a Resource. */
export function isArnPattern(text: string): boolean {
  if (!text.startsWith('arn:')) {
    return false;
  }
  let colons = 0;
  for (const c of text) {
    if (c === ':') {
      colons++;
    }
  }
  // Six segments, or fewer when the last one ends with a `*` that may expand across colons.
  return colons >= 5 || (colons >= 2 && text.endsWith('*'));
}

function buildArn(values: string[], field: string, variables: boolean) {
  values.forEach((v, i) => {
    if (v !== '*' && !isArnPattern(v)) {
      throw new InvalidInputError(valueField(field, values, i),
        `${quote(v)} is not an ARN (arn:partition:service:region:account:resource)`);
    }
  });
  return buildStrings(false, WildcardMode.ARN)(values, field, variables);
}

const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;
const eq = (a: number, b: number) => a === b;

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: { family: 'String', negated: false, variables: true, build: buildStrings(false, WildcardMode.NONE) },
  StringNotEquals: { family: 'String', negated: true, variables: true, build: buildStrings(false, WildcardMode.NONE) },
  StringEqualsIgnoreCase: { family: 'String', negated: false, variables: true, build: buildStrings(true, WildcardMode.NONE) },
  StringNotEqualsIgnoreCase: { family: 'String', negated: true, variables: true, build: buildStrings(true, WildcardMode.NONE) },
  StringLike: { family: 'String', negated: false, variables: true, build: buildStrings(false, WildcardMode.TEXT) },
  StringNotLike: { family: 'String', negated: true, variables: true, build: buildStrings(false, WildcardMode.TEXT) },
  NumericEquals: { family: 'Numeric', negated: false, variables: false, build: buildNumeric(eq) },
  NumericNotEquals: { family: 'Numeric', negated: true, variables: false, build: buildNumeric(eq) },
  NumericLessThan: { family: 'Numeric', negated: false, variables: false, build: buildNumeric(lt) },
  NumericLessThanEquals: { family: 'Numeric', negated: false, variables: false, build: buildNumeric(le) },
  NumericGreaterThan: { family: 'Numeric', negated: false, variables: false, build: buildNumeric(gt) },
  NumericGreaterThanEquals: { family: 'Numeric', negated: false, variables: false, build: buildNumeric(ge) },
  DateEquals: { family: 'Date', negated: false, variables: false, build: buildDate(eq) },
  DateNotEquals: { family: 'Date', negated: true, variables: false, build: buildDate(eq) },
  DateLessThan: { family: 'Date', negated: false, variables: false, build: buildDate(lt) },
  DateLessThanEquals: { family: 'Date', negated: false, variables: false, build: buildDate(le) },
  DateGreaterThan: { family: 'Date', negated: false, variables: false, build: buildDate(gt) },
  DateGreaterThanEquals: { family: 'Date', negated: false, variables: false, build: buildDate(ge) },
  Bool: { family: 'Bool', negated: false, variables: false, build: buildBool },
  BinaryEquals: { family: 'Binary', negated: false, variables: false, build: buildBinary },
  IpAddress: { family: 'Ip', negated: false, variables: false, build: buildIp },
  NotIpAddress: { family: 'Ip', negated: true, variables: false, build: buildIp },
  // ArnEquals and ArnLike behave alike: both match the six segments with wildcards (condition operators page).
  ArnEquals: { family: 'Arn', negated: false, variables: true, build: buildArn },
  ArnLike: { family: 'Arn', negated: false, variables: true, build: buildArn },
  ArnNotEquals: { family: 'Arn', negated: true, variables: true, build: buildArn },
  ArnNotLike: { family: 'Arn', negated: true, variables: true, build: buildArn },
  Null: { family: 'Null', negated: false, variables: false, build: () => () => false },
};

/** Condition values: a string, number or boolean, or a non-empty list of them. */
function conditionValues(raw: unknown, field: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    throw new InvalidInputError(field, 'has no values (give a value or a list of values)');
  }
  return list.map((v, i) => {
    if (typeof v === 'string') {
      return v;
    }
    if (typeof v === 'number' || typeof v === 'boolean') {
      return String(v);
    }
    throw new InvalidInputError(Array.isArray(raw) ? `${field}[${i}]` : field, 'must be a string, number or boolean');
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether some operator other than Null compares the (lower-cased) key with values. */
export function testsKey(conditions: CompiledConditions, key: string): boolean {
  return conditions.clauses.some(c => c.key === key && c.nullTest === undefined);
}

/**
 * Validates and compiles a Condition element. `variables` is true when the policy's Version is
 * 2012-10-17. Throws InvalidInputError naming `${field}.OPERATOR.KEY` for anything IAM would reject.
 */
export function compileConditions(raw: unknown, field: string, variables: boolean): CompiledConditions {
  if (!isPlainObject(raw)) {
    throw new InvalidInputError(field, 'must be an object of condition operators');
  }
  const clauses: Clause[] = [];
  for (const [operatorText, block] of Object.entries(raw)) {
    const operatorField = `${field}.${operatorText}`;
    let name = operatorText;
    let set = SetOperator.NONE;
    if (name.startsWith('ForAnyValue:')) {
      set = SetOperator.FOR_ANY_VALUE;
      name = name.slice('ForAnyValue:'.length);
    } else if (name.startsWith('ForAllValues:')) {
      set = SetOperator.FOR_ALL_VALUES;
      name = name.slice('ForAllValues:'.length);
    }
    let ifExists = false;
    if (name.endsWith('IfExists')) {
      ifExists = true;
      name = name.slice(0, -'IfExists'.length);
    }
    const spec = Object.prototype.hasOwnProperty.call(OPERATORS, name) ? OPERATORS[name] : undefined;
    if (!spec || (spec.family === 'Null' && (ifExists || set !== SetOperator.NONE))) {
      throw new InvalidInputError(operatorField, `unknown condition operator ${quote(operatorText)}`);
    }
    if (!isPlainObject(block)) {
      throw new InvalidInputError(operatorField, 'must be an object of condition keys and values');
    }
    const entries = Object.entries(block);
    if (entries.length === 0) {
      throw new InvalidInputError(operatorField, 'has no condition keys');
    }
    for (const [key, rawValues] of entries) {
      const keyField = `${operatorField}.${key}`;
      if (key.trim() === '') {
        throw new InvalidInputError(keyField, 'condition key name is empty');
      }
      const values = conditionValues(rawValues, keyField);
      if (spec.family === 'Null') {
        const tests = values.map((v, i) => {
          const lower = v.toLowerCase();
          if (lower !== 'true' && lower !== 'false') {
            throw new InvalidInputError(valueField(keyField, values, i), `${quote(v)} is not a boolean (true or false)`);
          }
          return lower === 'true';
        });
        clauses.push({ key: key.toLowerCase(), set, ifExists, negated: false, nullTest: tests });
        continue;
      }
      const test = spec.build(values, keyField, variables && spec.variables);
      const lowerKey = key.toLowerCase();
      const written = lowerKey === 'aws:principalarn' ? { operator: name, values, field: keyField, variables: variables && spec.variables } : undefined;
      clauses.push({ key: lowerKey, set, ifExists, negated: spec.negated, test, variablePatterns: test.variablePatterns, written });
    }
  }
  return { clauses };
}

/** One request value against a clause, negation applied. */
function valueMatches(clause: Clause, value: string, keys: KeyValues): boolean {
  const hit = clause.test!(value, keys);
  return clause.negated ? !hit : hit;
}

function clauseHolds(clause: Clause, keys: KeyValues): boolean {
  const present = keys.get(clause.key);
  const absent = present === undefined || present.length === 0;
  if (clause.variablePatterns) {
    for (const pattern of clause.variablePatterns) {
      if (!pattern.resolves(keys)) {
        return false;
      }
    }
  }
  if (clause.nullTest) {
    // Null: "true" asks that the key be absent (or empty), "false" that it be present.
    return clause.nullTest.includes(absent);
  }
  if (absent) {
    if (clause.ifExists) {
      return true;
    }
    switch (clause.set) {
      case SetOperator.FOR_ALL_VALUES:
        return true;
      case SetOperator.FOR_ANY_VALUE:
        return false;
      default:
        return clause.negated;
    }
  }
  const values = present!;
  switch (clause.set) {
    case SetOperator.FOR_ALL_VALUES:
      for (const v of values) {
        if (!valueMatches(clause, v, keys)) {
          return false;
        }
      }
      return true;
    case SetOperator.FOR_ANY_VALUE:
      for (const v of values) {
        if (valueMatches(clause, v, keys)) {
          return true;
        }
      }
      return false;
    default: {
      // A single-valued key has one value. A list given without a set operator is read as "the
      // request has one of these values": positive operators hold if any value matches, negated
      // operators only if none does (the NOR rule).
      if (values.length === 1) {
        return valueMatches(clause, values[0], keys);
      }
      let any = false;
      for (const v of values) {
        if (clause.test!(v, keys)) {
          any = true;
          break;
        }
      }
      return clause.negated ? !any : any;
    }
  }
}

/** Whether every clause holds (operators AND, keys AND). */
export function conditionsHold(conditions: CompiledConditions, keys: KeyValues): boolean {
  const clauses = conditions.clauses;
  for (let i = 0; i < clauses.length; i++) {
    if (!clauseHolds(clauses[i], keys)) {
      return false;
    }
  }
  return true;
}
