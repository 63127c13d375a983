// The public API of the synth-time checks. Internal modules (model, rules, engine) stay unexported.
export * from './access-caller';
export * from './api-access-checks';
export * from './access-map';
export * from './api-access-validation';
export * from '../analysis/rule-ids';
export * from './access-map-diff';
