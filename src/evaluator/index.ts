export * from './decision';
export { AccessEvaluator } from './access-evaluator';
export * from './evaluation-result';
export * from './evaluation-attempt';
export * from './scenario-types';
