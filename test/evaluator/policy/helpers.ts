import { compilePolicy } from '../../../src/evaluator/policy/compile';
import { evaluatePolicy } from '../../../src/evaluator/policy/evaluate';
import { Caller, CompiledPolicy, PolicyKind, RequestContext } from '../../../src/evaluator/policy/model';
import { parseCaller } from '../../../src/evaluator/policy/principal';

export const API = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5';
export const INVOKE = 'execute-api:Invoke';

/** Compiles a policy of the given kind; label and field name it for reasons and errors. */
export function compile(document: unknown, kind: PolicyKind = PolicyKind.IDENTITY, label = 'test policy'): CompiledPolicy {
  return compilePolicy(document, {
    kind,
    source: { label, field: 'policy' },
    executeApiPrefix: kind === PolicyKind.RESOURCE ? API : undefined,
  });
}

/** The field of the InvalidInputError that compiling throws, or undefined when it compiles. */
export function compileError(document: unknown, kind: PolicyKind = PolicyKind.IDENTITY): string | undefined {
  try {
    compile(document, kind);
    return undefined;
  } catch (e) {
    if (e instanceof Error && e.name === 'InvalidInputError') {
      return (e as any).field;
    }
    throw e;
  }
}

export interface RequestSpec {
  readonly action?: string;
  readonly resource?: string;
  readonly caller?: string | Caller;
  readonly keys?: Record<string, string | string[]>;
}

export function request(spec: RequestSpec = {}): RequestContext {
  const keys = new Map<string, string[]>();
  for (const [k, v] of Object.entries(spec.keys ?? {})) {
    keys.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
  }
  return {
    action: spec.action ?? INVOKE,
    resource: spec.resource ?? `${API}/prod/GET/pets`,
    caller: typeof spec.caller === 'string' ? parseCaller(spec.caller, 'caller.principal') : spec.caller,
    keys,
  };
}

/** Identity statement: does one Allow statement with these elements apply to the request? */
/** `version: null` leaves Version out of the policy. */
export function applies(statement: Record<string, unknown>, spec: RequestSpec = {}, version: string | null = '2012-10-17',
  kind: PolicyKind = PolicyKind.IDENTITY): boolean {
  const document: Record<string, unknown> = { Statement: [{ Effect: 'Allow', ...statement }] };
  if (version !== null) {
    document.Version = version;
  }
  return evaluatePolicy(compile(document, kind), request(spec)).allows.length === 1;
}
