/**
 * The difference between two access maps, as data: the `diff --format json` contract (formatVersion 1)
 * and what the programmatic `AccessMapDiff` returns.
 */
import { AccessMapEntry } from '../access-map/document';

export const ACCESS_DIFF_FORMAT_VERSION = 1;

export interface AccessDiff {
  readonly formatVersion: typeof ACCESS_DIFF_FORMAT_VERSION;
  /** Some class of requests is allowed (or may be) that was not: what CI should make a person review. */
  readonly broadened: boolean;
  /** Some class of requests is no longer allowed, or no longer undecided. */
  readonly narrowed: boolean;
  /** Anything differs: access, APIs, methods, stages, or configuration that decides access. */
  readonly changed: boolean;
  /** Sorted by stack, then logical id. */
  readonly apis: readonly ApiChange[];
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** How a class of requests is answered on one side: the access map's two kinds of entry. */
export type EntryDecision = 'allowed' | 'undecided';

/** A setting that differs between the two sides; a side without it (an added or removed API or method) has none. */
export interface ValueChange {
  readonly before?: string;
  readonly after?: string;
}

export interface ApiChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string;
  readonly change: ChangeKind;
  /** Present when the endpoint type differs (or the API was added/removed: the one side's). */
  readonly endpointType?: ValueChange;
  readonly stagesAdded: readonly string[];
  readonly stagesRemoved: readonly string[];
  /** Configuration of the API that changed (resource policy statements, endpoint type). */
  readonly causes: readonly string[];
  /** Sorted by path, then httpMethod, then stage. */
  readonly methods: readonly MethodChange[];
}

export interface MethodChange {
  readonly stage: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly change: ChangeKind;
  /** Present when the authorization type differs (or the method was added/removed: the one side's). */
  readonly authorizationType?: ValueChange;
  /** Classes of request allowed or undecided now that were not (or not so). */
  readonly gained: readonly EntryChange[];
  /** Classes of request allowed or undecided before that are not now (or not so). */
  readonly lost: readonly EntryChange[];
  /** Configuration changes of this method, its API or its callers that explain the entries. */
  readonly causes: readonly string[];
  readonly broadening: boolean;
}

/**
 * A class of requests that changed: the map's entry (its `from` narrowed to the part of the origin
 * that changed), with how it is answered and how that differs from the other side.
 */
export interface EntryChange extends AccessMapEntry {
  readonly decision: EntryDecision;
  /** Why an undecided entry is undecided (the side's own words). */
  readonly because?: string;
  /**
   * For gained entries: whether they let in requests that were denied before. A gained undecided
   * entry over requests that were allowed before (`was: allowed`) is not a broadening.
   */
  readonly broadening: boolean;
  /** The same requests' decision on the other side, when they were not simply denied there. */
  readonly was?: EntryDecision;
  readonly now?: EntryDecision;
}
