import { Decision } from '../../src';

// The scenario format (version 1) fixes the decision words: results and `expected` use them verbatim.
test('decisions are the words of the scenario format', () => {
  expect(Object.values(Decision).sort()).toEqual(['ALLOW', 'EXPLICIT_DENY', 'IMPLICIT_DENY']);
});
