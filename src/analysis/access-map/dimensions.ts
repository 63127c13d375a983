/**
 * The distinctions one method's policies make, gathered from the statements that can apply to it,
 * and the classes they cut each dimension of the request into.
 */
import { AddressClass, parseBlocks, partitionAllAddresses } from './ip-space';
import { ARN_OPERATORS, clauseIsLiteral, clausePatterns, ConditionClause, IP_OPERATORS, ScannedStatement, STRING_OPERATORS } from './policy-scan';
import { partitionStrings, StringClass, StringPattern, StringSpaceTooLarge } from './string-space';
import { Cidr } from '../../evaluator/internal';

/** Keys a request carries or not whatever the caller does (rule 4 of the scenario format). */
const CONSTANT_KEYS = new Set(['aws:securetransport', 'aws:requestedregion']);
/** Keys derived from the signer's ARN: exact for a known principal, not for "any principal of an account". */
export const ARN_DERIVED_KEYS = new Set(['aws:principaltype', 'aws:username', 'aws:userid']);
const TIME_KEYS = new Set(['aws:currenttime', 'aws:epochtime']);

/** Principal keys IAM sets only for signed calls (evaluator/request-keys.ts). */
export function isPrincipalFamilyKey(key: string): boolean {
  return key.startsWith('aws:principal') || key.startsWith('aws:multifactorauth') || key === 'aws:userid'
    || key === 'aws:tokenissuetime' || key === 'aws:sourceidentity' || key === 'aws:federatedprovider';
}

/** A free string key (a header the client sets, a tag of the signer) and the patterns its clauses use. */
export interface StringKeyDimension {
  /** Lower-cased. */
  readonly key: string;
  /** As the policies write it. */
  readonly keyText: string;
  readonly patterns: StringPattern[];
}

/** Everything the statements of one method distinguish. */
export interface Distinctions {
  /** IP clauses on aws:SourceIp / aws:VpcSourceIp, each a list of blocks. */
  readonly sourceIp: Cidr[][];
  readonly vpcSourceIp: Cidr[][];
  readonly vpcEndpoints: Set<string>;
  readonly vpcs: Set<string>;
  readonly principalArns: Set<string>;
  /**
   * Wildcard patterns over aws:PrincipalArn (StringLike, ArnLike, ...), each naming one account or
   * `*` for any: they cut the principals of an account into classes (see callers.ts).
   */
  readonly principalArnPatterns: StringPattern[];
  readonly accounts: Set<string>;
  readonly orgs: Set<string>;
  /** aws:PrincipalTag/<tag> keys. */
  readonly tags: Map<string, StringKeyDimension>;
  /** Other keys, set by the client or the session. */
  readonly freeKeys: Map<string, StringKeyDimension>;
  /** Keys whose clauses cannot be split exactly, for every caller. */
  readonly unreadableKeys: Set<string>;
  /** Keys that are exact for a principal of the app but not for a class of principals. */
  readonly classUnreadableKeys: Set<string>;
  /** Why each unreadable key is unreadable (first reason). */
  readonly why: Map<string, string>;
  /** Whether a statement tests the time. */
  timeDependent: boolean;
}

export interface DistinctionOptions {
  readonly signed: boolean;
  readonly privateApi: boolean;
  readonly timeKnown: boolean;
}

export function emptyDistinctions(): Distinctions {
  return {
    sourceIp: [],
    vpcSourceIp: [],
    vpcEndpoints: new Set(),
    vpcs: new Set(),
    principalArns: new Set(),
    principalArnPatterns: [],
    accounts: new Set(),
    orgs: new Set(),
    tags: new Map(),
    freeKeys: new Map(),
    unreadableKeys: new Set(),
    classUnreadableKeys: new Set(),
    why: new Map(),
    timeDependent: false,
  };
}

function describeClause(c: ConditionClause): string {
  const qualifier = c.setOperator ? `${c.setOperator}:` : '';
  return `${qualifier}${c.operator}${c.ifExists ? 'IfExists' : ''} on ${c.keyText}`;
}

/** Adds what the statements distinguish. */
export function collectDistinctions(into: Distinctions, statements: readonly ScannedStatement[], options: DistinctionOptions): void {
  const unreadable = (c: ConditionClause, why: string, classOnly = false) => {
    (classOnly ? into.classUnreadableKeys : into.unreadableKeys).add(c.key);
    if (!into.why.has(c.key)) into.why.set(c.key, `${describeClause(c)}: ${why}`);
  };
  for (const statement of statements) {
    for (const p of statement.principals) addPrincipal(into, p);
    for (const c of statement.clauses) {
      const key = c.key;
      if (CONSTANT_KEYS.has(key)) continue;
      if (!options.signed && isPrincipalFamilyKey(key)) continue; // absent from every unsigned or non-IAM call
      if (c.operator === 'Null') {
        // Null only asks whether the key is present: the dimensions below always hold an "absent" class.
        noteKey(into, c, options, unreadable);
        continue;
      }
      if (key === 'aws:sourceip' || key === 'aws:vpcsourceip') {
        if (key === 'aws:sourceip' && options.privateApi) continue; // never present through a VPC endpoint
        if (key === 'aws:vpcsourceip' && !options.privateApi) continue;
        const blocks = IP_OPERATORS.has(c.operator) && !c.variables ? parseBlocks(c.values) : undefined;
        if (!blocks) unreadable(c, 'not an IP address test the map can split');
        else (key === 'aws:sourceip' ? into.sourceIp : into.vpcSourceIp).push(blocks);
        continue;
      }
      if (key === 'aws:sourcevpce' || key === 'aws:sourcevpc') {
        if (!options.privateApi) continue;
        if (!clauseIsLiteral(c) || c.setOperator) unreadable(c, 'only exact ids can be split');
        else for (const v of c.values) (key === 'aws:sourcevpce' ? into.vpcEndpoints : into.vpcs).add(v.toLowerCase());
        continue;
      }
      if (TIME_KEYS.has(key)) {
        into.timeDependent = true;
        if (!options.timeKnown) unreadable(c, 'the map was not given the time to decide at');
        continue;
      }
      if (key === 'aws:principalarn') {
        if (clauseIsLiteral(c) && !c.setOperator) {
          for (const v of c.values) addPrincipal(into, v);
          continue;
        }
        const patterns = c.setOperator ? undefined : principalArnPatterns(c);
        if (!patterns) {
          unreadable(c, 'only patterns of the shape arn:<partition>:iam::<account id or *>:<role or user pattern> over principal ARNs of '
            + 'other accounts can be split exactly', true);
          continue;
        }
        for (const { pattern, account } of patterns) {
          if (account !== undefined) into.accounts.add(account);
          if (!into.principalArnPatterns.some(q => q.label === pattern.label && sameElements(q, pattern))) into.principalArnPatterns.push(pattern);
        }
        continue;
      }
      if (key === 'aws:principalaccount') {
        if (!clauseIsLiteral(c) || c.setOperator) unreadable(c, 'only exact account ids can be split', true);
        else for (const v of c.values) into.accounts.add(v);
        continue;
      }
      if (key === 'aws:principalorgid') {
        if (!clauseIsLiteral(c) || c.setOperator) unreadable(c, 'only exact organization ids can be split');
        else for (const v of c.values) into.orgs.add(v);
        continue;
      }
      if (ARN_DERIVED_KEYS.has(key)) {
        unreadable(c, 'it depends on which principal of the account calls', true);
        continue;
      }
      noteKey(into, c, options, unreadable);
    }
  }
}

/** A tag or free key: a string dimension when its clauses are string tests. */
function noteKey(into: Distinctions, c: ConditionClause, options: DistinctionOptions,
  unreadable: (c: ConditionClause, why: string) => void): void {
  const isTag = c.key.startsWith('aws:principaltag/');
  if (isTag && !options.signed) return;
  const dims = isTag ? into.tags : into.freeKeys;
  let dim = dims.get(c.key);
  if (!dim) dims.set(c.key, dim = { key: c.key, keyText: c.keyText, patterns: [] });
  if (c.operator === 'Null') return;
  const patterns = c.setOperator ? undefined : clausePatterns(c);
  if (!patterns) {
    unreadable(c, c.setOperator ? 'a set operator over a key whose values the request chooses' : 'the operator cannot be split exactly');
    return;
  }
  for (const p of patterns) {
    if (!dim.patterns.some(q => q.label === p.label && q.fold === p.fold && sameElements(q, p))) dim.patterns.push(p);
  }
}

function sameElements(a: StringPattern, b: StringPattern): boolean {
  return a.elements.length === b.elements.length && a.elements.every((e, i) => {
    const f = b.elements[i];
    return e.char === f.char && e.repeats === f.repeats && e.excludes === f.excludes;
  });
}

/**
 * A principal ARN pattern the map splits exactly: the account is a whole id or `*` (every account
 * not named then behaves alike), and nothing after it holds a `:` (a role or user ARN has none, so a
 * `*` cannot reach across into another account's ARN). sts ARNs (federated users) are not mapped.
 */
const PRINCIPAL_ARN_PATTERN = /^arn:[^:]+:iam::(\d{12}|\*):[^:]*$/;

function principalArnPatterns(c: ConditionClause): Array<{ pattern: StringPattern; account?: string }> | undefined {
  const spec = STRING_OPERATORS[c.operator];
  if ((!spec && !ARN_OPERATORS.has(c.operator)) || spec?.fold) return undefined;
  const shapes = c.values.map(v => PRINCIPAL_ARN_PATTERN.exec(v));
  if (shapes.some(m => m === null)) return undefined;
  const patterns = clausePatterns(c);
  if (!patterns) return undefined;
  return patterns.map((pattern, i) => ({ pattern, account: shapes[i]![1] === '*' ? undefined : shapes[i]![1] }));
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const PRINCIPAL_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/;

function addPrincipal(into: Distinctions, value: string): void {
  if (ACCOUNT_ID.test(value)) {
    into.accounts.add(value);
    return;
  }
  const root = ROOT.exec(value);
  if (root) {
    into.accounts.add(root[1]);
    return;
  }
  const arn = PRINCIPAL_ARN.exec(value);
  if (arn) {
    into.accounts.add(arn[1]);
    into.principalArns.add(value);
  }
}

/** The classes of a free string key: absent, then the classes its patterns tell apart. */
export interface KeyClass {
  /** undefined: the request does not carry the key. */
  readonly value?: string;
  readonly matched: readonly boolean[];
}

export function keyClasses(dim: StringKeyDimension, maxStates: number): KeyClass[] | StringSpaceTooLarge {
  try {
    const classes: StringClass[] = partitionStrings(dim.patterns, { maxStates, forbidden: '' });
    return [
      { matched: dim.patterns.map(() => false) },
      ...classes.filter(c => c.representative !== '').map(c => ({ value: c.representative, matched: c.matched })),
      // The empty value, when it forms a class of its own, is a value a request can send.
      ...classes.filter(c => c.representative === '').map(c => ({ value: '', matched: c.matched })),
    ];
  } catch (e) {
    if (e instanceof StringSpaceTooLarge) return e;
    throw e;
  }
}

const knownClasses = new Map<string, AddressClass[]>();

/**
 * Address classes of both families. Methods under the same policies ask with the same clauses:
 * they get the same classes (the same objects, so what is derived from them is shared too).
 */
export function addressClasses(clauses: readonly Cidr[][]): AddressClass[] {
  const key = clauses.map(blocks => blocks.map(b => b.text).join(',')).join('|');
  let classes = knownClasses.get(key);
  if (!classes) {
    if (knownClasses.size > 1000) knownClasses.clear();
    knownClasses.set(key, classes = partitionAllAddresses(clauses));
  }
  return classes;
}
