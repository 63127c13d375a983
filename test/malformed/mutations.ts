/**
 * Mutations that make a valid scenario invalid, each with the field the error must name.
 *
 * Every mutation here breaks a rule the scenario format states (a wrong JSON type, an unknown
 * field, a missing required field, a malformed ARN, CIDR or address, an unknown condition
 * operator or enumeration value), so the evaluator must refuse the scenario with an
 * InvalidInputError naming the field, and never answer a decision for it.
 */
import * as fc from 'fast-check';

export type JsonPath = (string | number)[];

/** `api.resourcePolicy.Statement[1].Condition`: the way the evaluator names fields. */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>((text, key) =>
    (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`), '');
}

/** Whether the error's field and the mutated path are the same field or one contains the other. */
export function related(field: string, path: string): boolean {
  const within = (inner: string, outer: string) =>
    inner === outer || (inner.startsWith(outer) && ['.', '['].includes(inner[outer.length]));
  return within(field, path) || within(path, field);
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function get(root: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function set(root: unknown, path: JsonPath, value: unknown): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
}

function remove(root: unknown, path: JsonPath): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  delete parent[path[path.length - 1]];
}

/** Every path to a value in a JSON document (the root excluded). */
export function allPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => [[...prefix, i], ...allPaths(v, [...prefix, i])]);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...allPaths(v, [...prefix, k])]);
  }
  return [];
}

/** Objects whose keys are names the user chooses (tags, condition keys, context keys): any name is a key there. */
function isFreeFormMap(path: JsonPath): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return last === 'principalTags' || last === 'context' || parent === 'Condition';
}

/** Values that may be a string or a list of strings (so string <-> list is not a type error). */
function isStringOrList(path: JsonPath): boolean {
  return path.some(k => ['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'context'].includes(String(k)));
}

export interface Mutation {
  readonly kind: string;
  /** The mutated scenario. */
  readonly scenario: unknown;
  /** The field the error must be about. */
  readonly field: string;
}

function wrongType(scenario: unknown, path: JsonPath, pick: number): Mutation | undefined {
  const value = get(scenario, path);
  if (typeof path[path.length - 1] === 'number' && !isStringOrList(path) && typeof value !== 'object') return undefined;
  let replacements: unknown[];
  // Condition values may be JSON numbers and booleans (IAM grammar: "aws:MultiFactorAuthPresent": true).
  if (path.includes('Condition') && path.indexOf('Condition') < path.length - 2) replacements = [{}, [{}]];
  else if (typeof value === 'string') replacements = [42, true, {}, null];
  else if (Array.isArray(value)) replacements = isStringOrList(path) ? [42, true, {}] : [42, true, {}, 'x'];
  else if (value !== null && typeof value === 'object') replacements = [42, true, 'x', null];
  else return undefined;
  // `"caller": null` reads as "no caller" (an unsigned call), which the evaluator accepts on purpose.
  if (formatPath(path) === 'caller') replacements = replacements.filter(r => r !== null);
  const replacement = replacements[pick % replacements.length];
  const mutated = copy(scenario);
  set(mutated, path, replacement);
  return { kind: `wrong type (${JSON.stringify(replacement)})`, scenario: mutated, field: formatPath(path) };
}

function unknownField(scenario: unknown, path: JsonPath): Mutation | undefined {
  const value = get(scenario, path);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isFreeFormMap(path)) return undefined;
  // A Condition block's keys are operators: an unknown one is as invalid as an unknown field.
  const mutated = copy(scenario);
  (get(mutated, path) as Record<string, unknown>).unexpectedField = 'x';
  return { kind: 'unknown field', scenario: mutated, field: formatPath([...path, 'unexpectedField']) };
}

/** Fields the format requires, by the name of their parent. */
const REQUIRED: Record<string, string[]> = {
  api: ['id', 'account', 'region', 'methods'],
  management: ['account', 'region'],
  vpcEndpoint: ['id', 'vpcId'],
  lambdaAuthorizer: ['result'],
};

function missingRequired(scenario: unknown, path: JsonPath): Mutation | undefined {
  const key = String(path[path.length - 1]);
  const parent = path[path.length - 2];
  const parentName = typeof parent === 'number' ? String(path[path.length - 3]) : String(parent ?? '');
  const required =
    REQUIRED[parentName]?.includes(key) ||
    (parentName === 'methods' && ['httpMethod', 'path', 'authorizationType'].includes(key)) ||
    (parentName === 'Statement' && key === 'Effect') ||
    (path.length === 2 && path[0] === 'request' && ['stage', 'httpMethod', 'path', 'action', 'resource'].includes(key) &&
      !(key === 'action' && 'api' in (scenario as object)));
  if (!required) return undefined;
  const mutated = copy(scenario);
  remove(mutated, path);
  return { kind: `missing ${key}`, scenario: mutated, field: formatPath(path) };
}

/** Values that break the grammar of specific fields (IAM and the scenario format). */
function badValue(scenario: unknown, path: JsonPath, pick: number): Mutation | undefined {
  const key = String(path[path.length - 1]);
  const value = get(scenario, path);
  if (typeof value !== 'string') return undefined;
  const inCondition = path.includes('Condition');
  const candidates: string[] | undefined =
    inCondition && path.some(k => /IpAddress/i.test(String(k))) ? ['10.0.0.0/33', '300.1.2.3', '2001:db8::/129', '10.0.0.1/8/1', '', 'not-an-ip'] :
      ['Resource', 'NotResource'].includes(String(path[path.length - 2] ?? '')) || ['Resource', 'NotResource'].includes(key)
        ? ['not-an-arn', 'arn:aws', 'arn:aws:execute-api', ''] :
        key === 'principal' ? ['alice', 'arn:aws:iam::12:user/alice', 'arn:aws:iam::111111111111:group/admins', ''] :
          key === 'sourceIp' ? ['300.1.2.3', '10.0.0.0/8', 'localhost', ''] :
            key === 'account' ? ['1234', 'abcdefghijkl', ''] :
              key === 'Effect' ? ['allow', 'Permit', ''] :
                key === 'httpMethod' ? ['FETCH', 'get', ''] :
                  key === 'authorizationType' ? ['OPEN', 'aws_iam', ''] :
                    key === 'endpointType' ? ['PUBLIC', ''] :
                      key === 'Version' ? ['2020-01-01', ''] :
                        key === 'partition' ? ['aws-moon', ''] :
                          key === 'token' ? ['MAYBE', ''] :
                            key === 'action' && path[0] === 'request' ? ['execute-api:Destroy', 'Invoke', ''] :
                              undefined;
  if (!candidates) return undefined;
  const mutated = copy(scenario);
  const replacement = candidates[pick % candidates.length];
  set(mutated, path, replacement);
  return { kind: `bad value ${JSON.stringify(replacement)}`, scenario: mutated, field: formatPath(path) };
}

/** Renames a condition operator to one IAM does not have. */
function unknownOperator(scenario: unknown, path: JsonPath): Mutation | undefined {
  if (path[path.length - 2] !== 'Condition') return undefined;
  const mutated = copy(scenario);
  const block = get(mutated, path.slice(0, -1)) as Record<string, unknown>;
  const operator = String(path[path.length - 1]);
  const renamed = `${operator}z`;
  block[renamed] = block[operator];
  delete block[operator];
  return { kind: 'unknown condition operator', scenario: mutated, field: formatPath([...path.slice(0, -1), renamed]) };
}

const MUTATORS = [wrongType, unknownField, missingRequired, badValue, unknownOperator];

/** A random invalidating mutation of a valid scenario (retries over paths until one applies). */
export function mutation(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  return fc.tuple(valid, fc.nat(), fc.nat(), fc.nat()).map(([scenario, at, which, pick]) => {
    const paths = allPaths(scenario);
    for (let attempt = 0; attempt < paths.length * MUTATORS.length; attempt++) {
      const path = paths[(at + attempt) % paths.length];
      const mutate = MUTATORS[(which + Math.floor(attempt / paths.length)) % MUTATORS.length];
      const result = mutate(scenario, path, pick);
      if (result) return result;
    }
    // Every scenario has a required api.id / management.account: never reached in practice.
    throw new Error('no mutation applies');
  });
}
