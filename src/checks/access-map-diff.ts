import {
  AccessDiff, compareAccessMaps, describeEntry, EntryChange, formatDiffJson, formatDiffMarkdown, formatDiffText,
} from '../analysis/diff';

/** Whether an API or a method exists on both sides of a diff, or on one only. */
export enum AccessChangeKind {
  /** Only in the newer map. */
  ADDED = 'added',
  /** Only in the older map. */
  REMOVED = 'removed',
  /** On both sides, with different access or configuration. */
  CHANGED = 'changed',
}

/** A class of requests that gained or lost access: an access map entry with the part of its origin that changed. */
export interface AccessEntryChange {
  /** `allowed` or `undecided`: the decision of these requests on the side that has them. */
  readonly decision: string;
  /** The caller class, as in the map: `anonymous`, an ARN, `account:<id>`, `any-account`, `org:<id>`, `authorizer:<id>`, `cognito:<id>`. */
  readonly caller: string;
  /** Source ranges (CIDR) of calls from the internet, when the origin is the internet. */
  readonly internet?: string[];
  /** VPC endpoint ids (`*` for any), when the origin is VPC endpoints. */
  readonly vpcEndpoints?: string[];
  /** With `vpcEndpoints: ["*"]`: except these. */
  readonly exceptVpcEndpoints?: string[];
  /** Only these paths or path patterns of the method. */
  readonly paths?: string[];
  /** Only these verbs (for an ANY method). */
  readonly verbs?: string[];
  /** What else the entry depends on. */
  readonly note?: string;
  /** Why an undecided entry is undecided. */
  readonly because?: string;
  /** Whether these requests were denied before and are allowed (or may be) now. */
  readonly broadening: boolean;
  /** The decision these requests had on the other side, when they were not denied there. */
  readonly was?: string;
  /** The entry in words, e.g. `anyone from 198.51.100.0/24`. */
  readonly description: string;
}

/** One method on one stage whose access changed. */
export interface AccessMethodChange {
  readonly stack: string;
  readonly apiLogicalId: string;
  readonly stage: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly change: AccessChangeKind;
  /** The authorization type before, when it differs (or the method was removed). */
  readonly authorizationTypeBefore?: string;
  /** The authorization type after, when it differs (or the method was added). */
  readonly authorizationTypeAfter?: string;
  readonly gained: AccessEntryChange[];
  readonly lost: AccessEntryChange[];
  /** The configuration changes behind it (empty when the maps were compared without their apps). */
  readonly causes: string[];
  readonly broadening: boolean;
}

/** One REST API that changed. */
export interface AccessApiChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string;
  readonly change: AccessChangeKind;
  readonly endpointTypeBefore?: string;
  readonly endpointTypeAfter?: string;
  readonly stagesAdded: string[];
  readonly stagesRemoved: string[];
  readonly causes: string[];
}

/** How two maps are compared. */
export interface AccessMapDiffOptions {
  /**
   * The account of the stacks. Gains of `account:<this account>` (the account's own principals,
   * whose identity policies decide) are then not counted as broadening.
   *
   * @default - every gain is a broadening
   */
  readonly homeAccount?: string;
}

/**
 * Who gains and loses access between two access maps (`AccessMap.of(scope).toJson()` or
 * `report --format json`, formatVersion 2): the same changes as the `diff` command, as data. In a
 * jest test, compare a recorded map with `AccessMap.of(stack).toJson()` and expect `broadened` to be
 * false.
 *
 * Causes (which policy statement or setting changed) need the two apps and are given by the `diff`
 * command; compared as maps only, `causes` are empty.
 */
export class AccessMapDiff {
  /**
   * Compares two maps. Throws an error naming the field when either is not a formatVersion 2 map.
   */
  public static compare(before: any, after: any, options: AccessMapDiffOptions = {}): AccessMapDiff {
    const home = options.homeAccount;
    return new AccessMapDiff(compareAccessMaps(before, after, home === undefined ? {} : { homeAccountOf: () => home }));
  }

  /** Some requests are allowed (or may be) that were denied. */
  public readonly broadened: boolean;
  /** Some requests are no longer allowed, or no longer undecided. */
  public readonly narrowed: boolean;
  /** Anything differs. */
  public readonly changed: boolean;
  /** The APIs that changed, sorted by stack and logical id. */
  public readonly apis: AccessApiChange[];
  /** The methods that changed, in the order of their APIs, then path, verb and stage. */
  public readonly methods: AccessMethodChange[];

  private constructor(private readonly diff: AccessDiff) {
    this.broadened = diff.broadened;
    this.narrowed = diff.narrowed;
    this.changed = diff.changed;
    this.apis = diff.apis.map(a => ({
      stack: a.stack,
      logicalId: a.logicalId,
      name: a.name,
      change: kindOf(a.change),
      endpointTypeBefore: a.endpointType?.before,
      endpointTypeAfter: a.endpointType?.after,
      stagesAdded: [...a.stagesAdded],
      stagesRemoved: [...a.stagesRemoved],
      causes: [...a.causes],
    }));
    this.methods = diff.apis.flatMap(a => a.methods.map(m => ({
      stack: a.stack,
      apiLogicalId: a.logicalId,
      stage: m.stage,
      httpMethod: m.httpMethod,
      path: m.path,
      change: kindOf(m.change),
      authorizationTypeBefore: m.authorizationType?.before,
      authorizationTypeAfter: m.authorizationType?.after,
      gained: m.gained.map(entryOf),
      lost: m.lost.map(entryOf),
      causes: [...m.causes],
      broadening: m.broadening,
    })));
  }

  /** The changes as the `diff --format json` command prints them (formatVersion 1). */
  public toJson(): any {
    return JSON.parse(formatDiffJson(this.diff));
  }

  /** The changes as plain text (`diff --format text`). */
  public toText(): string {
    return formatDiffText(this.diff);
  }

  /** The changes as Markdown for a pull-request comment (`diff --format md`). */
  public toMarkdown(): string {
    return formatDiffMarkdown(this.diff);
  }
}

function kindOf(change: string): AccessChangeKind {
  return change === 'added' ? AccessChangeKind.ADDED : change === 'removed' ? AccessChangeKind.REMOVED : AccessChangeKind.CHANGED;
}

function entryOf(e: EntryChange): AccessEntryChange {
  return {
    decision: e.decision,
    caller: e.caller,
    internet: e.from.internet ? [...e.from.internet] : undefined,
    vpcEndpoints: e.from.vpcEndpoints ? [...e.from.vpcEndpoints] : undefined,
    exceptVpcEndpoints: e.from.exceptVpcEndpoints ? [...e.from.exceptVpcEndpoints] : undefined,
    paths: e.paths ? [...e.paths] : undefined,
    verbs: e.verbs ? [...e.verbs] : undefined,
    note: e.note,
    because: e.because,
    broadening: e.broadening,
    was: e.was,
    description: describeEntry(e),
  };
}
