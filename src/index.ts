/**
 * cdk-apigateway-access: the public API.
 *
 * - the access evaluator (no aws-cdk-lib inside),
 * - the L3 constructs that emit paired IAM,
 * - the synth-time checks.
 */
export * from './evaluator';
export * from './constructs';
export * from './checks';
