/**
 * What the rules that read the access map share: the map's methods of this stack grouped by method
 * (all stages together), with the model's method beside each, so a finding lands on the method's
 * resource and names the stages it holds on.
 */
import { AccessMapApi, AccessMapEntry, AccessMapMethod, AccessMapUndecidedEntry } from '../access-map';
import { entryPhrase } from '../access-map-words';
import { RuleContext } from './rule';
import { ApiModel, MethodModel } from '../template/access-model';

/** One method of the map on every stage, and its model. */
export interface MappedMethod {
  readonly api: ApiModel;
  readonly mapApi: AccessMapApi;
  readonly method: MethodModel;
  /** The method on each stage, by stage. */
  readonly stages: readonly AccessMapMethod[];
}

/** Every method of the stack's APIs in the map, grouped over stages. */
export function mappedMethods(context: RuleContext): MappedMethod[] {
  const out: MappedMethod[] = [];
  for (const mapApi of context.accessMap().apis) {
    const api = context.model.apis.find(a => a.logicalId === mapApi.logicalId);
    if (!api) continue;
    for (const method of api.methods) {
      const stages = mapApi.methods.filter(m => m.path === method.path && m.httpMethod === method.httpMethod);
      if (stages.length > 0) out.push({ api, mapApi, method, stages });
    }
  }
  return out;
}

/** Entries chosen on each stage of a method. */
export interface StageEntries {
  readonly stage: string;
  readonly allowed: readonly AccessMapEntry[];
  readonly undecided: readonly AccessMapUndecidedEntry[];
}

/**
 * `stage prod: from anywhere on the internet; stage dev: from 198.51.100.0/24`, with stages whose
 * entries read the same said once (`stage dev, prod: ...`).
 */
export function describeByStage(entries: readonly StageEntries[], phrase: (e: AccessMapEntry) => string = e => entryPhrase(e)): string {
  const byText = new Map<string, string[]>();
  for (const s of entries) {
    const text = [...new Set(s.allowed.map(phrase))].join('; ');
    if (text === '') continue;
    byText.set(text, [...byText.get(text) ?? [], s.stage]);
  }
  return [...byText].map(([text, stages]) => `stage ${stages.join(', ')}: ${text}`).join('; ');
}

/** `stage prod: from anywhere on the internet, because ...`, for undecided entries. */
export function describeUndecided(entries: readonly StageEntries[]): string {
  const byText = new Map<string, string[]>();
  for (const s of entries) {
    const text = [...new Set(s.undecided.map(e => `${entryPhrase(e)}, because ${e.because}`))].join('; ');
    if (text === '') continue;
    byText.set(text, [...byText.get(text) ?? [], s.stage]);
  }
  return [...byText].map(([text, stages]) => `stage ${stages.join(', ')}: ${text}`).join('; ');
}
