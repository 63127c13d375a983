import { compilePolicy } from './policy/compile';
import { CompiledPolicy, CompileOptions } from './policy/model';

/**
 * Compiles the policies of a scenario, once per policy object.
 *
 * Evaluating the same scenario objects again (a bench, a synth-time check that asks many
 * questions of one API) must not re-validate and re-compile every policy: compiled policies are
 * kept per document object (a WeakMap, so they go when the document goes) and per compile options
 * (the same document may be compiled as another API's resource policy or under another label).
 * A policy object is therefore read once: change a policy by passing a new object.
 */
const byDocument = new WeakMap<object, Map<string, CompiledPolicy>>();

export function compileScenarioPolicy(document: unknown, options: CompileOptions): CompiledPolicy {
  if (typeof document !== 'object' || document === null) {
    // Not a policy object: the policy layer reports what is wrong with it.
    return compilePolicy(document, options);
  }
  const key = `${options.kind}\u0000${options.source.label}\u0000${options.source.field}\u0000${options.executeApiPrefix ?? ''}`;
  let compiled = byDocument.get(document);
  if (compiled === undefined) {
    compiled = new Map<string, CompiledPolicy>();
    byDocument.set(document, compiled);
  }
  const cached = compiled.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const policy = compilePolicy(document, options);
  compiled.set(key, policy);
  return policy;
}
