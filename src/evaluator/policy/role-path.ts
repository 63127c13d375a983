/**
 * Whether a policy's answer can depend on the path of the caller's role when the scenario gave only
 * a role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`), which does not carry it.
 *
 * The role is the account's one role named NAME (role names are unique within an account, IAM User
 * Guide, "IAM and AWS STS quotas"), but its ARN, and so `aws:PrincipalArn`, is
 * `arn:P:iam::ACCOUNT:role` + PATH + NAME for a path that is `/` or `/x.../` ("IAM identifiers").
 * A test of `aws:PrincipalArn` whose outcome is the same for every path is fine; one that may differ
 * (`role/ci/*`, the exact ARN with a path, a `${aws:PrincipalArn}` variable) makes the decision
 * unknown, and the scenario reader refuses it (scenario rule 5): never a guess.
 *
 * Each value is classified exactly where that is simple and proven (matches every possible ARN of
 * the role, or none); anything else counts as depending on the path.
 */
import { InternalPolicy } from './compiled';
import { WrittenClause, writtenClauses } from './conditions';
import { Caller, CompiledPolicy } from './model';

/** Where a policy tests the path of the caller's role, or undefined. */
export interface RolePathTest {
  /** The field of the condition (or statement) that tests it. */
  readonly field: string;
  /** The value that does, when it is a condition value. */
  readonly value?: string;
}

/** The first place where `policy`'s answer may depend on the role's path, for a caller whose path is unknown. */
export function findRolePathTest(policy: CompiledPolicy, caller: Caller): RolePathTest | undefined {
  if (!caller.rolePathUnknown || caller.roleName === undefined || !(policy instanceof InternalPolicy)) {
    return undefined;
  }
  if (policy.principalArnVariableAt !== undefined) {
    return { field: policy.principalArnVariableAt };
  }
  const prefix = `arn:${caller.partition}:iam::${caller.account}:role/`;
  for (const statement of policy.statements) {
    if (statement.conditions === undefined) {
      continue;
    }
    for (const clause of writtenClauses(statement.conditions, 'aws:principalarn')) {
      const value = clause.values.find(v => dependsOnPath(clause, v, prefix, caller.roleName!));
      if (value !== undefined) {
        return { field: clause.field, value };
      }
    }
  }
  return undefined;
}

const STRING_EXACT = new Set(['StringEquals', 'StringNotEquals']);
const STRING_IGNORE_CASE = new Set(['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);
const WILDCARD_OPERATORS = new Set(['StringLike', 'StringNotLike', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']);

/**
 * Whether `value` may match the role's ARN for some paths and not for others. The role's ARNs are
 * `prefix + T + name` with T empty or `w/` (w one or more printable characters).
 */
function dependsOnPath(clause: WrittenClause, value: string, prefix: string, name: string): boolean {
  if (clause.variables && value.includes('${')) {
    return true;
  }
  if (value === '*' && WILDCARD_OPERATORS.has(clause.operator)) {
    return false;
  }
  if (STRING_EXACT.has(clause.operator)) {
    return isRoleArnWithSomePath(value, prefix, name);
  }
  if (STRING_IGNORE_CASE.has(clause.operator)) {
    return isRoleArnWithSomePath(value.toLowerCase(), prefix.toLowerCase(), name.toLowerCase());
  }
  if (!WILDCARD_OPERATORS.has(clause.operator)) {
    // Numeric, Date, Bool, IP and Binary operators never match an ARN, whatever its path.
    return false;
  }
  const first = firstWildcard(value);
  if (first < 0) {
    return isRoleArnWithSomePath(value, prefix, name);
  }
  const head = value.slice(0, first);
  if (!prefix.startsWith(head) && !head.startsWith(prefix)) {
    // The literal start already differs from every ARN of the role: none matches.
    return false;
  }
  const last = lastWildcard(value);
  const tail = value.slice(last + 1);
  const ending = `/${name}`;
  if (!ending.endsWith(tail) && !tail.endsWith(ending)) {
    // Every ARN of the role ends with `/NAME`; a literal end that differs matches none.
    return false;
  }
  // One `*` between a head that every ARN starts with and a tail that every ARN ends with matches
  // them all. In ARN operators the `*` must sit in the resource part (after the fifth colon), where
  // it matches any characters; in StringLike it always does.
  const isArnOperator = clause.operator.startsWith('Arn');
  const oneStar = first === last && value[first] === '*';
  const inResourcePart = !isArnOperator || countColons(head) >= 5;
  if (oneStar && inResourcePart && prefix.startsWith(head) && ending.endsWith(tail)
    && head.length + tail.length <= prefix.length + name.length) {
    return false;
  }
  return true;
}

/** Whether `value` is exactly the role's ARN for one valid path (then other paths differ). */
function isRoleArnWithSomePath(value: string, prefix: string, name: string): boolean {
  if (value.length < prefix.length + name.length || !value.startsWith(prefix) || !value.endsWith(name)) {
    return false;
  }
  const middle = value.slice(prefix.length, value.length - name.length);
  if (middle === '') {
    return true;
  }
  if (middle.length < 2 || !middle.endsWith('/')) {
    return false;
  }
  for (let i = 0; i < middle.length; i++) {
    const c = middle.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

function firstWildcard(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '*' || text[i] === '?') {
      return i;
    }
  }
  return -1;
}

function lastWildcard(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === '*' || text[i] === '?') {
      return i;
    }
  }
  return -1;
}

function countColons(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ':') {
      n++;
    }
  }
  return n;
}
