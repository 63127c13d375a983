import { invoke, policy, resource } from './fixtures/builders';
import { AccessEvaluator } from '../../src';
import { InvalidInputError } from '../../src/evaluator/errors';
import { MAX_JSON_DEPTH, parseJson } from '../../src/evaluator/json';

// Scenario format: "A scenario that is not valid (malformed JSON, ...) is not evaluated". JSON.parse
// keeps the last of duplicate keys, so {"Effect": "Deny", "Effect": "Allow"} would be read as an Allow
// that its author may have meant as a Deny: a duplicate key is invalid input naming the key and its
// path (issue 10; RFC 8259 section 4: "The names within an object SHOULD be unique", and with
// duplicates "the behavior of software that receives such an object is unpredictable").

const errorOf = (text: string): InvalidInputError => {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof InvalidInputError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('duplicate keys are invalid input, naming the key and its path', () => {
  test('a duplicate Effect in a resource-policy statement (last-wins would turn the Deny into an Allow)', () => {
    const scenario = invoke({ api: { methods: [{ httpMethod: 'GET', path: '/pets/{petId}', authorizationType: 'NONE' }], resourcePolicy: policy(resource('Deny')) } });
    const text = JSON.stringify(scenario).replace('"Effect":"Deny"', '"Effect":"Deny","Effect":"Allow"');
    expect(JSON.parse(text).api.resourcePolicy.Statement[0].Effect).toBe('Allow');
    expect(() => AccessEvaluator.evaluateJson(text)).toThrow(
      /^api\.resourcePolicy\.Statement\[0\]\.Effect: repeats the key 'Effect' in the same object/);
  });

  test.each([
    ['at the top level', '{"description": "a", "description": "b"}', 'description'],
    ['in a list element', '{"a": [1, {"x": 1, "y": 2, "x": 3}]}', 'a[1].x'],
    ['written with an escape', '{"api": {"id": 1, "\\u0069d": 2}}', 'api.id'],
    ['after a nested object with the same key', '{"k": {"k": 1}, "k": 2}', 'k'],
  ])('%s', (_name, text, field) => {
    const error = errorOf(text);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/repeats the key/);
  });

  test.each([
    ['the same key in sibling objects', '[{"a": 1}, {"a": 2}]'],
    ['a key and a string value alike', '{"a": "a", "b": "a"}'],
    ['keys that differ only in case', '{"Effect": 1, "effect": 2}'],
    ['a quote escaped inside a key', '{"a\\"b": 1, "a": 2}'],
    ['backslashes before the closing quote', '{"a\\\\": 1, "a": 2}'],
  ])('not a duplicate: %s', (_name, text) => {
    expect(() => parseJson(text)).not.toThrow();
  });
});

describe('nesting is bounded', () => {
  test(`deeper than ${MAX_JSON_DEPTH} levels: invalid input naming where, without a stack overflow`, () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseJson(deep)).toThrow(new RegExp(`^(\\[0\\])+: nests objects and lists deeper than ${MAX_JSON_DEPTH} levels`));
    const deepObject = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    expect(errorOf(deepObject).field).toBe(Array(MAX_JSON_DEPTH).fill('a').join('.'));
  });

  test(`${MAX_JSON_DEPTH} levels are read`, () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parseJson(text)).not.toThrow();
  });
});

describe('malformed JSON keeps its line and column, and the message stays short', () => {
  test('a missing comma', () => {
    expect(() => parseJson('{\n  "a": 1\n  "b": 2\n}')).toThrow(/^\(json\): is not valid JSON: .* at line 3, column 3$/);
  });

  test('a huge malformed document gives a short message', () => {
    const huge = `{"a": "${'x'.repeat(1_000_000)}" "b"}`;
    expect(errorOf(huge).message.length).toBeLessThan(400);
  });

  test('valid JSON reads as JSON.parse reads it', () => {
    const text = '{"a": [1, 2.5e3, true, false, null, "s\\"\\\\"], "b": {}, "c": []}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });
});
