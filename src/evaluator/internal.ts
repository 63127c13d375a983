/**
 * The evaluator's internal entry: what the other layers of this library (analysis, checks,
 * constructs, cli) use beyond the public API in `index.ts`. Not exported from the package.
 * Outside `src/evaluator/`, code imports the evaluator only through `index.ts` and this file, so
 * the evaluator's modules can be rearranged without touching its users.
 */
export { PARTITIONS, partitionOfRegion, VPC_ENDPOINT_ID, VPC_ID } from './aws-names';
export type { Partition } from './aws-names';
export { evaluateScenario } from './evaluate-scenario';
export { InvalidInputError } from './errors';
export { parseJson } from './json';
export { METHOD_VERBS, parsePathTemplate, parseRequestPath, REQUEST_VERBS, selectMethod } from './routing';
export type { RoutedMethod } from './routing';
export { parseCidr, parseIpAddress } from './policy/ip';
export type { Cidr } from './policy/ip';
export { compilePattern, WildcardMode } from './policy/pattern';
