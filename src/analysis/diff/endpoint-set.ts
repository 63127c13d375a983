/**
 * Sets of VPC endpoints as the access map writes them: a list of ids, or `*` (any endpoint) less the
 * ids of `exceptVpcEndpoints`. Compared as sets, so `["vpce-a"]` widened to `["*"]` gains "any
 * endpoint except vpce-a", not "*".
 */

export interface EndpointSet {
  /** True: every endpoint except `ids`; false: exactly `ids`. */
  readonly all: boolean;
  readonly ids: ReadonlySet<string>;
}

export function endpointSetOf(vpcEndpoints: readonly string[], exceptVpcEndpoints: readonly string[] = []): EndpointSet {
  if (vpcEndpoints.includes('*')) return { all: true, ids: new Set(exceptVpcEndpoints) };
  return { all: false, ids: new Set(vpcEndpoints.filter(id => !exceptVpcEndpoints.includes(id))) };
}

/** Endpoints in `a` and not in `b`. */
export function subtractEndpoints(a: EndpointSet, b: EndpointSet): EndpointSet {
  if (!a.all && !b.all) return { all: false, ids: new Set([...a.ids].filter(id => !b.ids.has(id))) };
  if (!a.all && b.all) return { all: false, ids: new Set([...a.ids].filter(id => b.ids.has(id))) };
  if (a.all && !b.all) return { all: true, ids: new Set([...a.ids, ...b.ids]) };
  return { all: false, ids: new Set([...b.ids].filter(id => !a.ids.has(id))) };
}

export function isEmptyEndpointSet(set: EndpointSet): boolean {
  return !set.all && set.ids.size === 0;
}

/** Back to the map's fields, ids sorted. */
export function endpointFields(set: EndpointSet): { vpcEndpoints: string[]; exceptVpcEndpoints?: string[] } {
  const ids = [...set.ids].sort();
  if (!set.all) return { vpcEndpoints: ids };
  return ids.length > 0 ? { vpcEndpoints: ['*'], exceptVpcEndpoints: ids } : { vpcEndpoints: ['*'] };
}

/** Endpoints in either. */
export function unionEndpoints(a: EndpointSet, b: EndpointSet): EndpointSet {
  if (!a.all && !b.all) return { all: false, ids: new Set([...a.ids, ...b.ids]) };
  if (a.all && b.all) return { all: true, ids: new Set([...a.ids].filter(id => b.ids.has(id))) };
  const [cofinite, finite] = a.all ? [a, b] : [b, a];
  return { all: true, ids: new Set([...cofinite.ids].filter(id => !finite.ids.has(id))) };
}

/** Endpoints in both. */
export function intersectEndpoints(a: EndpointSet, b: EndpointSet): EndpointSet {
  return subtractEndpoints(a, subtractEndpoints(a, b));
}
