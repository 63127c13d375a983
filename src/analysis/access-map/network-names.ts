/**
 * How the map names VPC endpoints and VPCs. Policies name one the app defines by the id a `Ref` to it
 * resolves to; the model gives it a symbolic id (`vpce-<hex>`, see intrinsics.ts) that nobody can
 * read or look up, so the map names it by its logical id instead (docs/access-map.md, "VPC endpoints
 * and VPCs"). A logical id two stacks of the app both define is written `Stack/LogicalId`. Ids the app
 * does not define (a real `vpce-0123...`) stay as the policies write them, and `*` stays `*`.
 */
import { AccessMapEntry, AccessMapMethod, AccessMapOrigin } from './document';
import { AccessModel, NetworkResourceModel } from '../template/access-model';

/** The app's VPC endpoints and VPCs, from every model given (each stack once). */
export class NetworkNames {
  /** The names of the resources of these models and their peers. */
  public static of(models: readonly AccessModel[]): NetworkNames {
    const seen = new Set<string>();
    const resources: NetworkResourceModel[] = [];
    for (const model of models) {
      for (const peer of [model, ...model.peers]) {
        for (const r of peer.networkResources ?? []) {
          const key = `${r.kind}\n${r.stackName}\n${r.logicalId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          resources.push(r);
        }
      }
    }
    return new NetworkNames(resources);
  }

  /** Resources by the id policies use for them (lower case, as the map's dimensions read ids). */
  private readonly byId = new Map<string, NetworkResourceModel[]>();
  private readonly stacksOfLogicalId = new Map<string, Set<string>>();

  private constructor(resources: readonly NetworkResourceModel[]) {
    for (const r of resources) {
      const id = r.id.toLowerCase();
      let list = this.byId.get(id);
      if (!list) this.byId.set(id, list = []);
      list.push(r);
      const key = `${r.kind}\n${r.logicalId}`;
      let stacks = this.stacksOfLogicalId.get(key);
      if (!stacks) this.stacksOfLogicalId.set(key, stacks = new Set());
      stacks.add(r.stackName);
    }
  }

  /** Whether the app defines any VPC endpoint or VPC (else the map is left as it is). */
  public get empty(): boolean {
    return this.byId.size === 0;
  }

  /**
   * The name of an id in the map of an API of `stackName`: the logical id of the endpoint or VPC the
   * app defines with that id (the API's own stack's when several share it), else the id itself.
   */
  public nameOf(id: string, stackName: string): string {
    const candidates = this.byId.get(id.toLowerCase());
    if (!candidates) return id;
    const r = candidates.find(c => c.stackName === stackName) ?? candidates[0];
    const ambiguous = (this.stacksOfLogicalId.get(`${r.kind}\n${r.logicalId}`)?.size ?? 0) > 1;
    return ambiguous ? `${r.stackName}/${r.logicalId}` : r.logicalId;
  }

  /** A method's entries with the endpoints and VPCs of the app named by logical id. */
  public nameMethod(method: AccessMapMethod, stackName: string): AccessMapMethod {
    if (this.empty) return method;
    const name = <T extends AccessMapEntry>(e: T): T => ({ ...e, from: this.nameOrigin(e.from, stackName) });
    return { ...method, allowed: method.allowed.map(name), undecided: method.undecided.map(name) };
  }

  private nameOrigin(from: AccessMapOrigin, stackName: string): AccessMapOrigin {
    const names = (ids: readonly string[] | undefined) =>
      (ids === undefined ? undefined : [...new Set(ids.map(id => (id === '*' ? id : this.nameOf(id, stackName))))].sort());
    const out: { -readonly [K in keyof AccessMapOrigin]: AccessMapOrigin[K] } = { ...from };
    for (const field of ['vpcEndpoints', 'exceptVpcEndpoints', 'vpcs', 'exceptVpcs'] as const) {
      if (from[field] !== undefined) out[field] = names(from[field]);
    }
    return out;
  }
}
