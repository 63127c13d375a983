// The access map (issue 11): internal to the library; the report, the rules, AccessMap.of and the diff read it.
export * from './document';
export * from './build';
export * from './query';
