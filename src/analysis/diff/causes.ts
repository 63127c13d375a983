/**
 * Why access changed: the configuration facts of the two sides' access models compared for an API
 * and a method (never the map's prose): resource policy statements (by Sid, else by position),
 * endpoint type, authorization type, authorizer, apiKeyRequired, and the identity policies of the
 * principals whose access changed.
 */
import { CauseSource } from './compare';
import { AccessMapMethod } from '../access-map/document';
import { AccessModel, ApiModel, MethodModel, PolicyDocument, PrincipalModel, statementsOf } from '../template/access-model';

/** Causes read from the models of the two sides. */
export function causesFromModels(before: readonly AccessModel[], after: readonly AccessModel[]): CauseSource {
  const apisBefore = apisByKey(before);
  const apisAfter = apisByKey(after);
  const principalsBefore = principalsByArn(before);
  const principalsAfter = principalsByArn(after);
  return {
    apiCauses(stack, logicalId) {
      const key = `${stack}\u0000${logicalId}`;
      return apiCauses(apisBefore.get(key), apisAfter.get(key));
    },
    methodCauses(stack, apiLogicalId, method, callers) {
      const key = `${stack}\u0000${apiLogicalId}`;
      const out = methodCauses(findMethod(apisBefore.get(key), method), findMethod(apisAfter.get(key), method));
      for (const caller of [...callers].sort()) {
        out.push(...principalCauses(principalsBefore.get(caller), principalsAfter.get(caller)));
      }
      return out;
    },
  };
}

function apisByKey(models: readonly AccessModel[]): Map<string, ApiModel> {
  const out = new Map<string, ApiModel>();
  for (const model of models) for (const api of model.apis) out.set(`${model.stackName}\u0000${api.logicalId}`, api);
  return out;
}

function principalsByArn(models: readonly AccessModel[]): Map<string, PrincipalModel> {
  const out = new Map<string, PrincipalModel>();
  for (const model of models) for (const p of model.principals) if (!out.has(p.arn)) out.set(p.arn, p);
  return out;
}

function findMethod(api: ApiModel | undefined, method: AccessMapMethod): MethodModel | undefined {
  return api?.methods.find(m => m.httpMethod === method.httpMethod && m.path === method.path);
}

function apiCauses(before: ApiModel | undefined, after: ApiModel | undefined): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  if (before.endpointType !== after.endpointType) out.push(`endpoint type ${before.endpointType} → ${after.endpointType}`);
  out.push(...policyCauses('resource policy', before.resourcePolicy, after.resourcePolicy));
  return out;
}

function methodCauses(before: MethodModel | undefined, after: MethodModel | undefined): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  if (before.authorizationType !== after.authorizationType) {
    out.push(`authorization type ${before.authorizationType} → ${after.authorizationType}`);
  }
  const authBefore = before.authorizer;
  const authAfter = after.authorizer;
  if (authBefore && !authAfter) {
    out.push(`authorizer ${authBefore.logicalId} (${authBefore.type}) removed`);
  } else if (!authBefore && authAfter) {
    out.push(`authorizer ${authAfter.logicalId} (${authAfter.type}) added`);
  } else if (authBefore && authAfter) {
    if (authBefore.logicalId !== authAfter.logicalId) {
      out.push(`authorizer ${authBefore.logicalId} → ${authAfter.logicalId}`);
    } else if (stable(authorizerFacts(authBefore)) !== stable(authorizerFacts(authAfter))) {
      out.push(`authorizer ${authAfter.logicalId} changed (type, identity sources, function or user pools)`);
    }
  } else if (before.authorizerId !== after.authorizerId) {
    out.push(`authorizer ${before.authorizerId ?? 'none'} → ${after.authorizerId ?? 'none'}`);
  }
  if (before.apiKeyRequired !== after.apiKeyRequired) out.push(`apiKeyRequired ${before.apiKeyRequired} → ${after.apiKeyRequired}`);
  return out;
}

function authorizerFacts(a: NonNullable<MethodModel['authorizer']>): unknown {
  return { type: a.type, identitySources: a.identitySources, functionArn: a.functionArn, providers: a.providers };
}

/** Identity grants of an app principal (its inline and managed policies of the app, its boundary). */
function principalCauses(before: PrincipalModel | undefined, after: PrincipalModel | undefined): string[] {
  if (!before && !after) return [];
  const label = `${(after ?? before)!.kind} ${(after ?? before)!.logicalId}`;
  if (!before) return [`${label} added to the app`];
  if (!after) return [`${label} removed from the app`];
  const out: string[] = [];
  const names = [...new Set([...before.policies, ...after.policies].map(p => p.name))].sort();
  for (const name of names) {
    const b = before.policies.find(p => p.name === name);
    const a = after.policies.find(p => p.name === name);
    out.push(...policyCauses(`identity policy ${name} of ${label}`, b?.document, a?.document));
  }
  out.push(...policyCauses(`permissions boundary of ${label}`, before.permissionsBoundary?.document, after.permissionsBoundary?.document));
  return out;
}

/** Statements added, removed or changed, each named by its Sid, else by its position. */
export function policyCauses(what: string, before: PolicyDocument | undefined, after: PolicyDocument | undefined): string[] {
  if (!before && !after) return [];
  if (!before) return [`${what} added`];
  if (!after) return [`${what} removed`];
  const b = labelled(statementsOf(before));
  const a = labelled(statementsOf(after));
  const out: string[] = [];
  for (const [label, statement] of b) {
    const now = a.get(label);
    if (now === undefined) out.push(`${what}: statement ${label} removed`);
    else if (stable(now) !== stable(statement)) out.push(`${what}: statement ${label} changed`);
  }
  for (const label of a.keys()) if (!b.has(label)) out.push(`${what}: statement ${label} added`);
  return out;
}

function labelled(statements: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  statements.forEach((s, i) => {
    const sid = (s as { Sid?: unknown })?.Sid;
    out.set(typeof sid === 'string' && sid !== '' ? `"${sid}"` : `#${i + 1}`, s);
  });
  return out;
}

/** JSON with object keys sorted, so key order in a template is not a change. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
    : v));
}
