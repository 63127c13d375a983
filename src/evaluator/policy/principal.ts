/**
 * Callers and the Principal / NotPrincipal elements.
 *
 * Sources (IAM User Guide):
 * - "AWS JSON policy elements: Principal": the forms `"*"`, `{"AWS": ...}` (account id, account root
 *   ARN, user, role and assumed-role session ARNs), `{"Service": ...}`, `{"Federated": ...}`,
 *   `{"CanonicalUser": ...}`; "you cannot use a wildcard to match part of a principal name or ARN".
 *   Naming an account (bare id or root ARN) delegates to that account's identity policies; naming a
 *   role grants to its sessions; naming an assumed-role session grants to that session only.
 * - "AWS JSON policy elements: NotPrincipal": AWS checks the account, then the role, then the session
 *   (or the account, then the user), so a caller is excluded only when each of those identities is
 *   listed. A NotPrincipal with Deny always denies a principal that has a permissions boundary.
 * - "IAM identifiers" (ARN formats): users and roles carry a path; the assumed-role session ARN does
 *   not (`arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION-NAME`).
 */
import { InvalidInputError, quote } from '../errors';
import { Caller, CallerType, PrincipalMatch } from './model';

/**
 * The session name given to a caller written as a role ARN: the scenario means "a session of this
 * role", and a statement naming a session can only be matched by an exact session ARN.
 */
export const ROLE_SESSION_NAME = 'cdk-apigateway-access';

const PARTITION = '(aws(?:-[a-z]+)*)';
const ACCOUNT = '(\\d{12})';
// IAM names: alphanumerics and +=,.@_- (IAM quotas page); paths: `/` or `/segments/`.
const NAME = '([\\w+=,.@-]{1,128})';
const PATH = '(/(?:[\\x21-\\x7e]*/)?)';
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:user${PATH}${NAME}$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role${PATH}${NAME}$`);
const SESSION_ARN = new RegExp(`^arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/${NAME}/([\\w+=,.@-]{2,64})$`);
const ROOT_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:root$`);
const FEDERATED_USER_ARN = new RegExp(`^arn:${PARTITION}:sts::${ACCOUNT}:federated-user/${NAME}$`);
const ACCOUNT_ID = /^\d{12}$/;
const SERVICE_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;

/** Role session names: 2-64 of letters, digits and `+=,.@_-` (STS AssumeRole, RoleSessionName). */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Reads a scenario's `caller.principal`: a user ARN, a role ARN (a session of that role, named
 * `sessionName` or else ROLE_SESSION_NAME), an assumed-role session ARN, or an account root ARN.
 * `sessionName` (from `caller.sessionName`) is only for a role ARN.
 */
export function parseCaller(principalArn: string, field: string, sessionName?: string, sessionField = 'caller.sessionName'): Caller {
  if (typeof principalArn !== 'string') {
    throw new InvalidInputError(field, 'must be an IAM principal ARN string');
  }
  if (sessionName !== undefined && !SESSION_NAME.test(sessionName)) {
    throw new InvalidInputError(sessionField, `must be a role session name (2-64 letters, digits and +=,.@_-), not ${quote(sessionName)}`);
  }
  let m = USER_ARN.exec(principalArn);
  if (m) {
    noSessionName(sessionName, sessionField, 'an IAM user has no role sessions');
    return { arn: principalArn, partition: m[1], account: m[2], type: CallerType.USER };
  }
  m = ROLE_ARN.exec(principalArn);
  if (m) {
    return {
      arn: `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[4]}/${sessionName ?? ROLE_SESSION_NAME}`,
      partition: m[1],
      account: m[2],
      type: CallerType.ROLE_SESSION,
      roleArn: principalArn,
      roleName: m[4],
    };
  }
  m = SESSION_ARN.exec(principalArn);
  if (m) {
    noSessionName(sessionName, sessionField, `${field} is a session ARN, which names its session already `
      + '(give the role ARN with its path in caller.principal to set the session name here)');
    return {
      arn: principalArn,
      partition: m[1],
      account: m[2],
      type: CallerType.ROLE_SESSION,
      // The session ARN does not carry the role's path ("IAM identifiers"). Role names are unique
      // within an account whatever the path (IAM User Guide, "IAM and AWS STS quotas", name
      // requirements), so the role is known; policies that test its path are refused by the reader.
      roleArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`,
      roleName: m[3],
      rolePathUnknown: true,
    };
  }
  m = ROOT_ARN.exec(principalArn);
  if (m) {
    noSessionName(sessionName, sessionField, 'the account root user has no role sessions');
    return { arn: principalArn, partition: m[1], account: m[2], type: CallerType.ROOT };
  }
  throw new InvalidInputError(field, `${quote(principalArn)} is not a user, role, assumed-role session or account root ARN`
    + ' (e.g. arn:aws:iam::111111111111:role/reader)');
}

function noSessionName(sessionName: string | undefined, field: string, why: string): void {
  if (sessionName !== undefined) {
    throw new InvalidInputError(field, `is only for a caller.principal that is a role ARN: ${why}`);
  }
}

/** A compiled Principal or NotPrincipal element. */
export interface PrincipalSpec {
  /** `"*"`. */
  readonly anyone: boolean;
  /** `{"AWS": "*"}`, alone or in a list. */
  readonly anyAws: boolean;
  /** Bare account ids. */
  readonly accountIds: ReadonlySet<string>;
  /** Root ARNs, by account id -> partitions. */
  readonly rootAccounts: ReadonlyMap<string, readonly string[]>;
  /** User, role, session and federated-user ARNs, as written. */
  readonly arns: ReadonlySet<string>;
  /** The roles named, as `PARTITION:ACCOUNT:NAME` whatever their path (see roleKey). */
  readonly roles: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

function stringList(raw: unknown, field: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    throw new InvalidInputError(field, 'is an empty list');
  }
  list.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') {
      throw new InvalidInputError(Array.isArray(raw) ? `${field}[${i}]` : field, 'must be a non-empty string');
    }
  });
  return list as string[];
}

/** Validates and compiles a Principal or NotPrincipal element. */
export function compilePrincipal(raw: unknown, field: string): PrincipalSpec {
  const spec = {
    anyone: false,
    anyAws: false,
    accountIds: new Set<string>(),
    rootAccounts: new Map<string, string[]>(),
    arns: new Set<string>(),
    roles: new Set<string>(),
    services: new Set<string>(),
  };
  if (raw === '*') {
    spec.anyone = true;
    return spec;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidInputError(field, 'must be "*" or an object with AWS, Service, Federated or CanonicalUser');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) {
    throw new InvalidInputError(field, 'names no principal');
  }
  for (const [kind, value] of entries) {
    const kindField = `${field}.${kind}`;
    const values = stringList(value, kindField);
    const at = (i: number) => (Array.isArray(value) ? `${kindField}[${i}]` : kindField);
    switch (kind) {
      case 'AWS':
        values.forEach((v, i) => {
          if (v === '*') {
            spec.anyAws = true;
            return;
          }
          if (ACCOUNT_ID.test(v)) {
            spec.accountIds.add(v);
            return;
          }
          const root = ROOT_ARN.exec(v);
          if (root) {
            const partitions = spec.rootAccounts.get(root[2]) ?? [];
            partitions.push(root[1]);
            spec.rootAccounts.set(root[2], partitions);
            return;
          }
          const role = ROLE_ARN.exec(v);
          if (role) {
            spec.arns.add(v);
            spec.roles.add(`${role[1]}:${role[2]}:${role[4]}`);
            return;
          }
          if (USER_ARN.test(v) || SESSION_ARN.test(v) || FEDERATED_USER_ARN.test(v)) {
            spec.arns.add(v);
            return;
          }
          throw new InvalidInputError(at(i), `${quote(v)} is not an AWS principal (an account id, or a root, user, role or`
            + ' assumed-role ARN; wildcards are only allowed as "*")');
        });
        break;
      case 'Service':
        values.forEach((v, i) => {
          if (!SERVICE_NAME.test(v)) {
            throw new InvalidInputError(at(i), `${quote(v)} is not a service principal (e.g. apigateway.amazonaws.com)`);
          }
          spec.services.add(v);
        });
        break;
      case 'Federated':
        break;
      case 'CanonicalUser':
        values.forEach((v, i) => {
          if (!CANONICAL_USER.test(v)) {
            throw new InvalidInputError(at(i), `${quote(v)} is not a canonical user id (64 hex digits)`);
          }
        });
        break;
      default:
        throw new InvalidInputError(kindField, `unknown principal type ${quote(kind)} (AWS, Service, Federated or CanonicalUser)`);
    }
  }
  return spec;
}

/**
 * Whether the element names the caller's role. A caller given as a session ARN is the account's
 * one role of that name whatever its path (scenario rule 5), so a role ARN with any path names it.
 */
function namesRole(spec: PrincipalSpec, caller: Caller): boolean {
  if (caller.roleArn === undefined) {
    return false;
  }
  if (spec.arns.has(caller.roleArn)) {
    return true;
  }
  return caller.rolePathUnknown === true && spec.roles.size > 0 && spec.roles.has(`${caller.partition}:${caller.account}:${caller.roleName}`);
}

function namesAccount(spec: PrincipalSpec, caller: Caller): boolean {
  if (spec.accountIds.has(caller.account)) {
    return true;
  }
  const partitions = spec.rootAccounts.get(caller.account);
  return partitions !== undefined && partitions.includes(caller.partition);
}

/**
 * How a Principal element matches the caller, strongest grant first (a statement that names both
 * the user and its account grants as DIRECT), or undefined when it does not match.
 *
 * An anonymous caller (an unsigned call, and every call to a method that is not AWS_IAM: scenario
 * rule 9) matches `"*"` and `{"AWS": "*"}` ("For anonymous users, the following elements are
 * equivalent", IAM User Guide, "AWS JSON policy elements: Principal", All principals), and never a
 * specific account, root, role or user: it carries no IAM identity.
 */
export function matchPrincipal(spec: PrincipalSpec, caller: Caller | undefined): PrincipalMatch | undefined {
  if (caller === undefined) {
    return spec.anyone ? PrincipalMatch.ANYONE : spec.anyAws ? PrincipalMatch.ANY_AWS : undefined;
  }
  if (spec.arns.size > 0) {
    if (spec.arns.has(caller.arn)) {
      return PrincipalMatch.DIRECT;
    }
    if (namesRole(spec, caller)) {
      return PrincipalMatch.ROLE;
    }
  }
  if (spec.anyone) {
    return PrincipalMatch.ANYONE;
  }
  if (spec.anyAws) {
    return PrincipalMatch.ANY_AWS;
  }
  if (namesAccount(spec, caller)) {
    return PrincipalMatch.ACCOUNT;
  }
  return undefined;
}

/**
 * Whether a NotPrincipal element applies to the caller (returns NOT_PRINCIPAL), or excludes it
 * (undefined). A caller is excluded only when each of its identities is listed: account and user;
 * account, role and session; the account alone for the root user. An anonymous caller is excluded
 * only by `"*"` or its equivalent `{"AWS": "*"}` (see matchPrincipal). With `callerHasBoundary`, the element applies to every signed caller (NotPrincipal
 * page: "will always deny any IAM principal that has a permissions boundary policy attached").
 */
export function matchNotPrincipal(spec: PrincipalSpec, caller: Caller | undefined, callerHasBoundary = false):
PrincipalMatch | undefined {
  if (spec.anyone) {
    return undefined;
  }
  if (caller === undefined) {
    return spec.anyAws ? undefined : PrincipalMatch.NOT_PRINCIPAL;
  }
  if (callerHasBoundary && caller.type !== CallerType.ROOT) {
    return PrincipalMatch.NOT_PRINCIPAL;
  }
  if (spec.anyAws) {
    return undefined;
  }
  const excluded = namesAccount(spec, caller)
    && (caller.type === CallerType.ROOT || spec.arns.has(caller.arn))
    && (caller.roleArn === undefined || namesRole(spec, caller));
  return excluded ? undefined : PrincipalMatch.NOT_PRINCIPAL;
}
