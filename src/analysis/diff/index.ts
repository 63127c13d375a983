// The diff of two access maps (issue 13): pure; the CLI's `diff` and the public AccessMapDiff read it.
export * from './changes';
export * from './compare';
export * from './causes';
export * from './format';
