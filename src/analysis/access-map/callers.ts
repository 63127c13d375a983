/**
 * The callers of one method: who can send a request that the method's authorization could admit.
 */
import { Distinctions } from './dimensions';
import { compileStringPattern, literallyDisjoint, partitionStrings, StringPattern, WildcardKind } from './string-space';
import { MethodModel, PolicyDocument, PrincipalModel } from '../template/access-model';
import { invokedWithoutCredentials } from '../template/authorizers';

/** One class of callers, and how a scenario states it. */
export interface CallerClass {
  /** The `caller` of the map's entries (see document.ts). */
  readonly caller: string;
  /** The signer, for signed calls. */
  readonly principal?: string;
  readonly identityPolicies?: readonly PolicyDocument[];
  readonly permissionsBoundary?: PolicyDocument;
  /** Its identity side is not fully known (the principal's `unknowns`, `mayHavePolicies`): what was not read. */
  readonly unknownIdentity?: string;
  /** Some of its policies are not known at all (`unknowns`): they may allow or deny anything. */
  readonly unknownPolicies?: boolean;
  /** Policies it may or may not have (`mayHavePolicies`): decisions are bounded by them. */
  readonly maybePolicies?: readonly PolicyDocument[];
  /** A class of principals (any of an account): keys derived from the ARN are not exact. */
  readonly isClass: boolean;
  /** The account the class stands for ("any other account" when `anyAccount`). */
  readonly account?: string;
  readonly anyAccount?: boolean;
  readonly lambdaAuthorizer?: boolean;
  readonly cognito?: boolean;
  /** The request carries no credentials. */
  readonly anonymous?: boolean;
  /**
   * Set when a Lambda authorizer runs for these callers and its answer is its own: where the
   * authorizer admitting them would let them in, the answer is undecided for this reason.
   */
  readonly authorizerDecides?: string;
  /** What else its entries depend on (e.g. a user pool anyone may sign up to). */
  readonly note?: string;
  /**
   * One class of an account's principals as aws:PrincipalArn patterns cut them: the classes of one
   * account share `group` (their `caller`), and `note` says which patterns the class's ARNs match.
   * When every class of the group gets the same answers, the map says them once, without the note.
   */
  readonly arnClass?: { readonly group: string; readonly note: string };
}

/** A principal's identity side as the scenario gives it. */
export function appPrincipalCaller(principal: PrincipalModel): CallerClass {
  return {
    caller: principal.arn,
    principal: principal.arn,
    identityPolicies: principal.policies.map(p => p.document),
    permissionsBoundary: principal.permissionsBoundary?.document,
    unknownIdentity: unknownIdentityOf(principal),
    unknownPolicies: (principal.unknowns ?? principal.externalManagedPolicies).length > 0,
    maybePolicies: principal.mayHavePolicies?.map(m => m.policy.document),
    isClass: false,
    note: assumedByNote(principal),
  };
}

/** Who else may call as the role: anyone through a Cognito identity pool, principals of other accounts. */
function assumedByNote(principal: PrincipalModel): string | undefined {
  const notes: string[] = [];
  const web = principal.webIdentity;
  if (web) notes.push(web.anyone ? `anyone on the internet may get this role's credentials: ${web.because}` : `who may get this role's credentials is unknown: ${web.because}`);
  const accounts = principal.trustedAccounts ?? [];
  if (accounts.length > 0) {
    notes.push(`principals of account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')} may assume this role, if their own policies allow sts:AssumeRole`);
  }
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/**
 * What of a principal's permissions could not be read (a managed policy outside the app or newer than
 * the shipped data, a statement left out, a boundary defined elsewhere), or undefined when all were:
 * its unread policies may allow what its known ones deny, or deny what they allow.
 */
function unknownIdentityOf(principal: PrincipalModel): string | undefined {
  const unknowns = [
    ...principal.unknowns ?? principal.externalManagedPolicies.map(arn => `the managed policy '${arn}' is not read, so what it grants is unknown`),
    ...(principal.mayHavePolicies ?? []).map(m => m.because),
  ];
  return unknowns.length > 0 ? [...new Set(unknowns)].join('; ') : undefined;
}

/** The identity policy of a principal outside the app: "its own policies must allow", so they do. */
const OWN_POLICIES_ALLOW: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ItsOwnPoliciesAllow', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
};

/** A role name no policy names, for "any other principal" of an account. */
const OTHER_ROLE = 'any-other-principal';

/** Twelve digits no policy names, for "any other account". */
export function freshAccount(taken: ReadonlySet<string>): string {
  for (let n = 210987654321; ; n++) {
    const candidate = String(n);
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Signed callers of an AWS_IAM method: the app's principals; each principal ARN a policy names; any
 * other principal of the API's account and of each account a policy names; any other account.
 */
export function signedCallers(
  partition: string,
  apiAccount: string,
  appPrincipals: readonly PrincipalModel[],
  d: Distinctions,
  maxStates: number,
): CallerClass[] {
  const callers: CallerClass[] = appPrincipals.map(appPrincipalCaller);
  const appArns = new Set(appPrincipals.map(p => p.arn));
  const outside = (arn: string, caller: string, account: string, isClass: boolean): CallerClass => ({
    caller, principal: arn, identityPolicies: [OWN_POLICIES_ALLOW], isClass, account,
  });
  for (const arn of [...d.principalArns].sort()) {
    if (appArns.has(arn)) continue;
    const account = /::(\d{12}):/.exec(arn)![1];
    callers.push(outside(arn, arn, account, false));
  }
  const accounts = new Set([apiAccount, ...d.accounts]);
  const listed = [...d.principalArns, ...appArns];
  const classesOf = (account: string, caller: string, extra: Partial<CallerClass> = {}): CallerClass[] => {
    const classes = arnClasses(partition, account, d.principalArnPatterns, listed.filter(arn => accountOf(arn) === account), maxStates);
    if (classes === undefined) return [{ ...outside(`arn:${partition}:iam::${account}:role/${OTHER_ROLE}`, caller, account, true), ...extra }];
    return classes.map(c => ({ ...outside(c.principal, caller, account, true), ...extra, arnClass: { group: caller, note: c.note } }));
  };
  for (const account of [...accounts].sort()) callers.push(...classesOf(account, `account:${account}`));
  const other = freshAccount(new Set([...accounts, ...appPrincipals.map(p => accountOf(p.arn))]));
  callers.push(...classesOf(other, 'any-account', { anyAccount: true }));
  return callers;
}

/**
 * The classes aws:PrincipalArn patterns cut the other principals of one account into (those a policy
 * or the app does not list by ARN: `listed` are theirs), each with a role (else user, else root) ARN
 * of the class; undefined when no pattern can match a principal of the account. Exact: the classes
 * are every combination of patterns some role, user or root ARN of the account matches. Throws
 * StringSpaceTooLarge beyond `maxStates`.
 */
function arnClasses(partition: string, account: string, patterns: readonly StringPattern[], listed: readonly string[], maxStates: number):
Array<{ principal: string; note: string }> | undefined {
  if (patterns.length === 0) return undefined;
  // Every method under the same policies asks the same question: answer it once.
  const key = JSON.stringify([partition, account, maxStates, listed, patterns.map(p => [p.label, p.elements, p.start])]);
  if (knownArnClasses.has(key)) return knownArnClasses.get(key);
  if (knownArnClasses.size > 1000) knownArnClasses.clear();
  const classes = computeArnClasses(partition, account, patterns, listed, maxStates);
  knownArnClasses.set(key, classes);
  return classes;
}

const knownArnClasses = new Map<string, Array<{ principal: string; note: string }> | undefined>();

function computeArnClasses(partition: string, account: string, patterns: readonly StringPattern[], listed: readonly string[], maxStates: number):
Array<{ principal: string; note: string }> | undefined {
  const literals = listed.map(arn => compileStringPattern(arn, WildcardKind.NONE));
  const all = [...patterns, ...literals];
  const prefix = `arn:${partition}:iam::${account}:`;
  const bySignature = new Map<string, { matched: readonly boolean[]; principal: string }>();
  for (const domain of [namesUnder(`${prefix}role/`), namesUnder(`${prefix}user/`), compileStringPattern(`${prefix}root`, WildcardKind.NONE)]) {
    // A pattern that names another account (or only users, for roles) matches nothing here: left out
    // of the exploration, whose product states would otherwise carry it for nothing (a policy listing
    // 200 accounts' role patterns took seconds, once per account), and read back as unmatched.
    const indices = all.map((_p, i) => i).filter(i => !literallyDisjoint(all[i], domain));
    // No empty path segment and no trailing `/`: strings of the domain are role and user ARNs.
    for (const c of partitionStrings(indices.map(i => all[i]), { domain, maxStates, nonEmptySegments: true })) {
      const full: boolean[] = all.map(() => false);
      indices.forEach((i, k) => { full[i] = c.matched[k]; });
      if (full.slice(patterns.length).some(m => m)) continue; // a listed principal: a caller of its own
      const matched = full.slice(0, patterns.length);
      const signature = matched.map(m => (m ? 1 : 0)).join('');
      if (!bySignature.has(signature)) bySignature.set(signature, { matched, principal: c.representative });
    }
  }
  const relevant = patterns.map((_p, i) => [...bySignature.values()].some(c => c.matched[i]));
  if (!relevant.some(r => r)) return undefined;
  return [...bySignature.values()].map(({ matched, principal }) => {
    const yes = patterns.filter((_p, i) => relevant[i] && matched[i]).map(p => JSON.stringify(p.label));
    const no = patterns.filter((_p, i) => relevant[i] && !matched[i]).map(p => JSON.stringify(p.label));
    const note = yes.length === 0 ? `if its ARN matches none of ${no.join(', ')}`
      : `if its ARN matches ${yes.join(' and ')}${no.length > 0 ? ` and none of ${no.join(', ')}` : ''}`;
    return { principal, note };
  });
}

/** `prefix` followed by a name of one or more characters other than `:` (a role's or user's path and name). */
function namesUnder(prefix: string): StringPattern {
  const literal = compileStringPattern(prefix, WildcardKind.NONE);
  return {
    label: `${prefix}*`,
    elements: [...literal.elements, { repeats: false, excludes: ':' }, { repeats: true, excludes: ':' }],
    fold: false,
    start: [0],
  };
}

function accountOf(arn: string): string {
  return /::(\d{12}):/.exec(arn)?.[1] ?? '';
}

/** The anonymous caller: a request without credentials. */
export const ANONYMOUS: CallerClass = { caller: 'anonymous', isClass: false, anonymous: true };

/**
 * Callers of a CUSTOM method: those the Lambda authorizer admits (`authorizer:<logical id>`; the
 * function's answer is its own, so it is taken to admit them with a policy that allows), and callers
 * without credentials. API Gateway refuses a request without a TOKEN authorizer's header, or without
 * every identity source of a REQUEST authorizer, before it calls the function (API reference,
 * Authorizer identitySource); a REQUEST authorizer whose sources API Gateway itself supplies is
 * called for every request, so for callers without credentials the function decides: undecided.
 */
export function lambdaAuthorizerCallers(method: MethodModel): CallerClass[] {
  const authorizer = method.authorizer;
  const label = `authorizer:${authorizer?.logicalId ?? method.authorizerId ?? 'unknown'}`;
  const admitted: CallerClass = { caller: label, isClass: false, lambdaAuthorizer: true };
  if (!authorizer) {
    return [
      { ...ANONYMOUS, lambdaAuthorizer: true, authorizerDecides: `the method's authorizer '${method.authorizerId ?? '(none)'}' is not defined in the app, so whether it admits callers without credentials is unknown` },
      admitted,
    ];
  }
  const everyRequest = invokedWithoutCredentials(authorizer);
  return [everyRequest ? { ...ANONYMOUS, lambdaAuthorizer: true, authorizerDecides: `the authorizer decides: ${everyRequest}` } : ANONYMOUS, admitted];
}

/**
 * Callers of a COGNITO_USER_POOLS method: holders of a valid token of each user pool the authorizer
 * accepts (`cognito:<logical id>`, or the pool's ARN when the app does not define it), and callers
 * without one (refused with 401). A pool anyone may sign up to hands a token to anyone on the
 * internet (Cognito developer guide, "Configuring policies for user creation"), and its entries say so.
 */
export function cognitoCallers(method: MethodModel): CallerClass[] {
  const authorizer = method.authorizer;
  const providers = authorizer?.providers ?? [];
  const unread = authorizer?.unreadProviders ?? [];
  if (unread.length > 0) {
    // Pools that cannot be read may let anyone sign up: their token holders are said once, as the authorizer's.
    const readable = providers.length === 0 ? []
      : cognitoCallers({ ...method, authorizer: { ...authorizer!, unreadProviders: undefined } }).filter(c => c !== ANONYMOUS);
    return [ANONYMOUS, ...readable, {
      caller: `cognito:${authorizer!.logicalId}`,
      isClass: false,
      cognito: true,
      note: `may let anyone sign up: the user pools it accepts cannot be read (${unread.join('; ')})`,
    }];
  }
  if (providers.length === 0) {
    return [ANONYMOUS, { caller: `cognito:${authorizer?.logicalId ?? method.authorizerId ?? 'unknown'}`, isClass: false, cognito: true }];
  }
  return [ANONYMOUS, ...providers.map((provider): CallerClass => {
    const pool = provider.userPool;
    const signUp = pool === undefined || pool.selfSignUp;
    const note = pool === undefined
      ? 'a user pool outside the app: whether anyone may sign up to it is unknown'
      : signUp
        ? `anyone may sign up to this user pool and get a token${pool.appClients.length === 0 ? ' (given an app client; the app defines none)' : ''}`
        : undefined;
    return { caller: `cognito:${pool?.logicalId ?? provider.arn}`, isClass: false, cognito: true, note };
  })];
}
