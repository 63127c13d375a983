/**
 * Cognito identity pools, and who may get the credentials of a role through one.
 *
 * An identity pool hands out temporary credentials of IAM roles: to anyone who has not signed in
 * (unauthenticated identities, when the pool allows them) and to anyone who signs in to one of its
 * providers. STS lets a token of the pool assume a role when the role's trust policy accepts the
 * federated principal `cognito-identity.amazonaws.com` for `sts:AssumeRoleWithWebIdentity`; the token's
 * `aud` is the identity pool id and its `amr` is `unauthenticated` or `authenticated` (plus the
 * providers used).
 *
 * Sources: Amazon Cognito developer guide, "IAM roles" ("unauthenticated identities are assumed by
 * users who do not log in to your app") and "Role trust and permissions" (the trust policy of an
 * unauthenticated role: `Principal: {Federated: cognito-identity.amazonaws.com}`, `StringEquals
 * cognito-identity.amazonaws.com:aud` the pool id, `ForAnyValue:StringLike
 * cognito-identity.amazonaws.com:amr` `unauthenticated`; "the policy restricts the aud of the token
 * [...] to match the identity pool"); "Configuring policies for user creation" (a user pool that
 * accepts sign-up gives anyone on the internet an account). A trust that does not test `aud` accepts
 * tokens of any identity pool, in any account, including one that allows unauthenticated identities.
 *
 * Nothing here imports aws-cdk-lib. What cannot be read is a problem, and read the most open way.
 */
import type { AccessModel, ModelLocation, ModelProblem, PolicyStatementJson, PrincipalModel } from './access-model';
import { listOf, statementsOf } from './access-model';
import type { UserPoolModel } from './authorizers';
import { CfnResourceEntry, IntrinsicResolver, UnresolvedValueError } from './intrinsics';

/** An `AWS::Cognito::IdentityPool`. */
export interface IdentityPoolModel extends ModelLocation {
  /** The pool's id, as `Ref` resolves it: what a trust policy's `aud` condition names. */
  readonly id: string;
  /** AllowUnauthenticatedIdentities (true as well when it cannot be read). */
  readonly allowUnauthenticated: boolean;
  /** AllowClassicFlow (the basic flow: a client assumes any role that trusts the pool itself). */
  readonly allowClassicFlow: boolean;
  /**
   * Why anyone on the internet may sign in to the pool (a social provider, a user pool anyone may
   * sign up to, an outside provider whose sign-up is unknown), or undefined when no one but users the
   * app controls may.
   */
  readonly openSignIn?: string;
}

const SERVICE = 'cognito-identity.amazonaws.com';
const AUD = `${SERVICE}:aud`;
const AMR = `${SERVICE}:amr`;

/** Reads the template's identity pools; `userPools` are the user pools of every stack read so far. */
export function readIdentityPools(
  entries: ReadonlyArray<[string, CfnResourceEntry]>, resolver: IntrinsicResolver, userPools: readonly UserPoolModel[], problems: ModelProblem[],
): IdentityPoolModel[] {
  const pools: IdentityPoolModel[] = [];
  for (const [logicalId, entry] of entries) {
    const props = entry.Properties ?? {};
    let id: string;
    try {
      id = resolver.refOf(logicalId, logicalId);
    } catch (e) {
      if (!(e instanceof UnresolvedValueError)) throw e;
      problems.push({ logicalId, what: e.message });
      continue;
    }
    const flag = (prop: string, otherwise: boolean): boolean => {
      if (props[prop] === undefined) return otherwise;
      try {
        const value = resolver.resolve(props[prop], `${logicalId}.${prop}`);
        if (typeof value === 'boolean') return value;
        // A Boolean property may be written as a string (escape hatches, YAML): any other value is not read as false.
        if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
        problems.push({ logicalId, what: `${logicalId}.${prop}: ${shortJson(value)} is not true or false; it is taken to be true, the most open reading` });
        return true;
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
        problems.push({ logicalId, what: `${e.message}; it is taken to be true, the most open reading` });
        return true;
      }
    };
    pools.push({
      logicalId,
      id,
      allowUnauthenticated: flag('AllowUnauthenticatedIdentities', false),
      allowClassicFlow: flag('AllowClassicFlow', false),
      openSignIn: openSignIn(logicalId, props, userPools),
    });
  }
  return pools;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Why anyone may sign in to the pool, from its providers. */
function openSignIn(logicalId: string, props: Record<string, unknown>, userPools: readonly UserPoolModel[]): string | undefined {
  const reasons: string[] = [];
  const social = props.SupportedLoginProviders;
  if (social !== null && typeof social === 'object' && Object.keys(social).length > 0) {
    reasons.push(`it accepts sign-in with ${Object.keys(social).join(', ')}, where anyone may have an account`);
  } else if (social !== undefined && (social === null || typeof social !== 'object')) {
    reasons.push(`${logicalId}.SupportedLoginProviders cannot be read, so it may accept social sign-in`);
  }
  for (const key of ['OpenIdConnectProviderARNs', 'SamlProviderARNs']) {
    if (props[key] !== undefined) reasons.push(`it accepts sign-in through ${logicalId}.${key}, whose users are unknown here`);
  }
  const listed = props.CognitoIdentityProviders;
  // A value that is not a list (a parameter) is one provider that cannot be read.
  const providers = Array.isArray(listed) ? listed : listed === undefined ? [] : [undefined];
  providers.forEach((provider, i) => {
    // The provider names a user pool of the app when its ProviderName refers to one.
    const text = JSON.stringify((provider as Record<string, unknown> | undefined)?.ProviderName ?? null);
    const pool = userPools.find(p => text.includes(`"${p.logicalId}"`));
    if (!pool) {
      reasons.push(`its user pool ${logicalId}.CognitoIdentityProviders[${i}] is not defined in the app, so whether anyone may sign up to it is unknown`);
    } else if (pool.selfSignUp) {
      reasons.push(`anyone may sign up to its user pool '${pool.logicalId}'`);
    }
  });
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Who may get a role's credentials through Cognito identity pools. */
export interface WebIdentityExposure {
  /** True when anyone on the internet may; false when it depends on something outside the app. */
  readonly anyone: boolean;
  /**
   * True when the trust accepts tokens of any identity pool, in any account (no `aud` test): a mistake,
   * unlike a pool of the app that gives credentials to guests or to anyone who signs up, which apps do
   * on purpose (Amplify's REST APIs let the unauthenticated role call the API unless access is restricted).
   */
  readonly anyPool?: boolean;
  /** Why, naming the trust statement and the pool. */
  readonly because: string;
}

/**
 * Whether anyone may get the role's credentials through an identity pool: a trust statement that
 * accepts `cognito-identity.amazonaws.com` tokens of any pool (no `aud` test), or of a pool of the app
 * that gives them to anyone (unauthenticated identities, or open sign-in, as the `amr` test allows),
 * or of a pool outside the app (undecided).
 */
export function webIdentityExposure(role: PrincipalModel, pools: readonly IdentityPoolModel[]): WebIdentityExposure | undefined {
  let undecided: WebIdentityExposure | undefined;
  for (const [i, statement] of statementsOf(role.trustPolicy).entries()) {
    if (statement.Effect !== 'Allow' || !trustsCognito(statement)) continue;
    const label = typeof statement.Sid === 'string' && statement.Sid !== '' ? `trust statement '${statement.Sid}'` : `trust statement #${i + 1}`;
    const auds = conditionValues(statement, AUD);
    const amrs = conditionValues(statement, AMR);
    const unauthenticated = amrs === undefined || amrs.some(v => globMatches(v, 'unauthenticated'));
    const authenticated = amrs === undefined || amrs.some(v => !globMatches(v, 'unauthenticated') || globMatches(v, 'authenticated'));
    if (auds === undefined || auds.some(v => v.includes('*'))) {
      return {
        anyone: true,
        anyPool: true,
        because: `its ${label} accepts tokens of any Cognito identity pool (it does not restrict ${AUD}), in any account, `
          + 'and anyone may create an identity pool that hands out unauthenticated identities',
      };
    }
    for (const aud of auds) {
      const pool = pools.find(p => p.id === aud);
      if (!pool) {
        undecided ??= { anyone: false, because: `its ${label} accepts tokens of identity pool '${aud}', which is not defined in the app, so who may get them is unknown` };
        continue;
      }
      if (unauthenticated && pool.allowUnauthenticated) {
        // The enhanced flow scopes unauthenticated sessions down with a session policy AWS maintains
        // (AmazonCognitoUnAuthedIdentitiesSessionPolicy) and may change: not relied on here, but said.
        const flow = pool.allowClassicFlow
          ? ', and its basic (classic) flow is enabled'
          : ' (its enhanced flow scopes their sessions down with a session policy AWS maintains, which this check does not rely on)';
        return {
          anyone: true,
          because: `identity pool '${pool.logicalId}' allows unauthenticated identities${flow}, and the role's ${label} accepts them: anyone on the internet may get its credentials`,
        };
      }
      if (authenticated && pool.openSignIn !== undefined) {
        return {
          anyone: true,
          because: `the role's ${label} accepts authenticated identities of identity pool '${pool.logicalId}', and ${pool.openSignIn}`,
        };
      }
    }
  }
  return undecided;
}

/** An Allow of `sts:AssumeRoleWithWebIdentity` (or a wildcard) to the federated Cognito identity principal. */
function trustsCognito(statement: PolicyStatementJson): boolean {
  const actions = statement.NotAction !== undefined ? ['*'] : listOf(statement.Action);
  if (!actions.some(a => globMatches(a.toLowerCase(), 'sts:assumerolewithwebidentity'))) return false;
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return listOf((principal as Record<string, unknown>).Federated).some(p => p === SERVICE || p === '*');
}

/**
 * The values a positive condition (Equals or Like, any set operator) requires of `key`, or undefined
 * when no such condition tests it. Negated operators only narrow further and are not read: ignoring
 * them can only make more callers possible.
 */
function conditionValues(statement: PolicyStatementJson, key: string): string[] | undefined {
  let values: string[] | undefined;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (/Not/.test(operator) || !/String(Equals|Like)/.test(operator) || block === null || typeof block !== 'object') continue;
    for (const [k, v] of Object.entries(block)) {
      if (k.toLowerCase() !== key) continue;
      const list = listOf(v);
      // Several conditions on one key must all hold: the values of any one bound the answer.
      values = values === undefined ? list : values.filter(x => list.includes(x) || list.some(p => globMatches(p, x)));
    }
  }
  return values;
}

/** Whether an IAM `StringLike` pattern (`*`, `?`) matches the text. */
function globMatches(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

/**
 * Roles of the app (by ARN) that an identity pool of the app gives to anyone on the internet, with why.
 * A trust accepting any pool (no `aud` test) is InvokeRoleAssumableByAnyone's error instead.
 */
export function rolesAnyoneMayGet(model: AccessModel): Map<string, string> {
  const roles = new Map<string, string>();
  for (const peer of model.peers) {
    for (const way of [peer, ...peer.variants ?? []]) {
      for (const principal of way.principals) {
        const web = principal.webIdentity;
        if (web?.anyone && !web.anyPool && !roles.has(principal.arn)) roles.set(principal.arn, `anyone on the internet may get (${web.because})`);
      }
    }
  }
  return roles;
}
