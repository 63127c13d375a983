/**
 * Turns an `AccessExpectation` (constructs and tokens) into a scenario over the access model: the
 * API, the caller and the request values resolved with the same symbolic resolution as the
 * template, so a policy written with tokens matches a request stated with the same tokens.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { AccessCaller } from './access-caller';
import type { AccessExpectation } from './api-access-checks';
import { CallerKind } from './caller-spec';
import { authorizerAlternative, routedMethod } from '../analysis/authorizer-callers';
import { ModelExpectation } from '../analysis/rules';
import {
  accountCaller, CallOrigin, defaultOrigin, invokeScenario, principalCaller, stagesOf, UNKNOWN_VPC_ENDPOINT, VPC_SOURCE_IP,
} from '../analysis/scenarios';
import { AccessModel, ApiModel, MethodModel, OPENAPI_METHODS_PATH, PrincipalModel, UNKNOWN_METHOD_VALUE } from '../analysis/template/access-model';
import { UnresolvedValueError } from '../analysis/template/intrinsics';
import { ScenarioCaller } from '../evaluator';

/** An expectation as stated in code, with the decision it expects. */
export interface ExpectationRequest extends AccessExpectation {
  readonly allowed: boolean;
}

/** Builds the scenario of an expectation whose API is in `stack` (modelled by `model`). */
export function expectationScenario(
  e: ExpectationRequest, stack: Stack, model: AccessModel, modelOf: ReadonlyMap<Stack, AccessModel>,
): ModelExpectation {
  const apiRef = stack.resolve(e.api.restApiId) as unknown;
  const apiLogicalId = typeof (apiRef as { Ref?: unknown })?.Ref === 'string' ? (apiRef as { Ref: string }).Ref : stack.stackName;
  const base = { logicalId: apiLogicalId, allowed: e.allowed };
  let description = `${e.caller._spec.label} ${e.allowed ? 'may' : 'may not'} call ${e.httpMethod} ${e.path}`;
  try {
    const value = (v: unknown, what: string) => model.resolver.resolveString(stack.resolve(v), what);
    const apiId = value(e.api.restApiId, 'api');
    const api = model.apis.find(a => a.id === apiId);
    if (!api) {
      return { ...base, description, unresolved: `the REST API '${e.api.node.path}' is not defined in stack ${stack.stackName}` };
    }
    const stage = e.stage === undefined ? stagesOf(api)[0] : value(e.stage, 'stage');
    description = `${description} on stage ${stage} of REST API '${api.name}'`;
    if (api.undecided !== undefined) return { ...base, description, unresolved: api.undecided };
    const resolved = resolveCaller(e.caller, stack, model, modelOf);
    if (typeof resolved === 'string') return { ...base, description, unresolved: resolved };
    const origin = resolveOrigin(e, api, v => value(v, 'request'));
    const call = { stage, httpMethod: e.httpMethod, path: value(e.path, 'path'), ...origin };
    const unknowns = [...resolved.principal?.unknowns ?? [], ...(resolved.principal?.mayHavePolicies ?? []).map(m => m.because)];
    const caveat = unknowns.length > 0 ? `for the caller, ${unknowns.join('; ')}` : undefined;
    const routed = routedMethod(api, call.httpMethod, call.path);
    const unknown = routed?.undecided !== undefined ? routed : mayRouteTo(api, call.httpMethod, call.path);
    if (unknown) return { ...base, description, unresolved: unknown.undecided! };
    const alternative = routed && authorizerAlternative(routed, resolved.caller);
    return {
      ...base,
      description,
      caveat,
      scenario: invokeScenario(model.env, api, resolved.caller, call),
      alternative: alternative && {
        scenario: invokeScenario(model.env, api, alternative.caller, call),
        kind: alternative.kind,
        because: alternative.because,
      },
    };
  } catch (err) {
    if (err instanceof UnresolvedValueError) return { ...base, description, unresolved: err.message };
    throw err;
  }
}

/**
 * A method whose verb is a deploy-time value that the call would reach if it were the call's verb; or
 * the stand-in for the methods of the API's OpenAPI definition, which may define (or, in overwrite
 * mode, replace) any route.
 */
function mayRouteTo(api: ApiModel, httpMethod: string, path: string): MethodModel | undefined {
  const openApi = api.methods.find(m => m.path === OPENAPI_METHODS_PATH && m.httpMethod === UNKNOWN_METHOD_VALUE && m.undecided !== undefined);
  if (openApi) return openApi;
  return api.methods.filter(m => m.httpMethod === UNKNOWN_METHOD_VALUE).find(m => {
    const asCalled = { ...m, httpMethod: httpMethod.toUpperCase() };
    return routedMethod({ ...api, methods: api.methods.map(other => (other === m ? asCalled : other)) }, httpMethod, path) === asCalled;
  });
}

function resolveOrigin(e: ExpectationRequest, api: ApiModel, value: (v: unknown) => string): CallOrigin {
  if (e.vpcEndpointId === undefined && e.vpcId === undefined) {
    return e.sourceIp === undefined ? defaultOrigin(api) : { ...defaultOrigin(api), sourceIp: value(e.sourceIp) };
  }
  return {
    sourceIp: e.sourceIp === undefined ? VPC_SOURCE_IP : value(e.sourceIp),
    vpcEndpoint: {
      id: e.vpcEndpointId === undefined ? UNKNOWN_VPC_ENDPOINT.id : value(e.vpcEndpointId),
      vpcId: e.vpcId === undefined ? UNKNOWN_VPC_ENDPOINT.vpcId : value(e.vpcId),
    },
  };
}

/** A caller resolved against the app: the scenario's caller, and the app's principal it is, if any. */
interface ResolvedCaller {
  readonly caller: ScenarioCaller;
  readonly principal?: PrincipalModel;
}

/** The scenario caller, or why it cannot be known. */
function resolveCaller(caller: AccessCaller, stack: Stack, model: AccessModel, modelOf: ReadonlyMap<Stack, AccessModel>): ResolvedCaller | string {
  const spec = caller._spec;
  switch (spec.kind) {
    case CallerKind.ANONYMOUS:
      return { caller: {} };
    case CallerKind.ACCOUNT:
      return { caller: accountCaller(model.env, model.resolver.resolveString(stack.resolve(spec.value), 'caller')) };
    case CallerKind.ARN: {
      const arn = model.resolver.resolveString(stack.resolve(spec.value), 'caller');
      const known = findPrincipal(arn, modelOf);
      return known ? { caller: principalCaller(known), principal: known } : { caller: externalCaller(arn, model) };
    }
    case CallerKind.PRINCIPAL: {
      const home = spec.scope ? Stack.of(spec.scope) : stack;
      const homeModel = modelOf.get(home) ?? model;
      const arn = homeModel.resolver.resolveString(home.resolve(spec.value), 'caller');
      const known = findPrincipal(arn, modelOf);
      if (!known) {
        return `${spec.label} (${Token.isUnresolved(spec.value) ? arn : spec.value}) is not a role or user defined in the app, so its policies are unknown`;
      }
      return { caller: principalCaller(known), principal: known };
    }
  }
}

function findPrincipal(arn: string, modelOf: ReadonlyMap<Stack, AccessModel>): PrincipalModel | undefined {
  for (const model of modelOf.values()) {
    const found = model.principals.find(p => p.arn === arn);
    if (found) return found;
  }
  return undefined;
}

/** A principal the app does not define: allowed by its own account, so the API's side decides. */
function externalCaller(arn: string, model: AccessModel): ScenarioCaller {
  const account = arn.split(':')[4];
  const base = accountCaller(model.env, /^\d{12}$/.test(account) ? account : model.env.account);
  return { ...base, principal: arn };
}
