import { checkSize, Limit, policySize } from './limits';
import { compilePolicy } from './policy/compile';
import { CompiledPolicy, CompileOptions } from './policy/model';

/**
 * Compiles the policies of a scenario, once per policy object.
 *
 * The synth-time checks ask many questions of one API, each a new scenario holding the same policy
 * document objects (the template model's), so they must not re-validate and re-compile every
 * policy: compiled policies are
 * kept per document object (a WeakMap, so they go when the document goes) and per compile options
 * (the same document may be compiled as another API's resource policy or under another label).
 * A policy object is therefore read once: change a policy by passing a new object. Its size is
 * checked then too (`limit`: what AWS accepts for that kind of policy).
 */
const byDocument = new WeakMap<object, Map<string, CompiledPolicy>>();

/**
 * The compiled policy for `document` at `field` of a scenario. The field determines the kind and
 * the label (which may read the document's Id), so it keys the cache together with the
 * `execute-api:/` prefix (which must be the one in `options`); `options` is only built when the
 * policy is compiled.
 */
export function compileScenarioPolicy(
  document: unknown, field: string, executeApiPrefix: string | undefined, options: () => CompileOptions, limit?: Limit,
): CompiledPolicy {
  if (typeof document !== 'object' || document === null) {
    // Not a policy object: the policy layer reports what is wrong with it.
    return compilePolicy(document, options());
  }
  let compiled = byDocument.get(document);
  if (compiled === undefined) {
    compiled = new Map<string, CompiledPolicy>();
    byDocument.set(document, compiled);
  }
  const key = executeApiPrefix === undefined ? field : `${field} ${executeApiPrefix}`;
  const cached = compiled.get(key);
  if (cached !== undefined) {
    return cached;
  }
  if (limit !== undefined) {
    const size = policySize(document);
    if (size !== undefined) {
      checkSize(size, limit, field);
    }
  }
  const policy = compilePolicy(document, options());
  compiled.set(key, policy);
  return policy;
}
