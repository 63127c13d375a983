import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { requestReaching, defaultOrigin, invokeScenario, principalCaller, stagesOf } from '../scenarios';
import { coversAction, isAllowStatement, statementLabel } from './policy-reading';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { describeMethods } from './UnpairedInvokeGrant';
import { listOf, MethodModel, PolicyStatementJson, PrincipalModel, statementsOf } from '../template/access-model';

/**
 * A role that any AWS principal, in any account, may assume, and that may call methods of an API of the
 * app: whoever assumes it calls those methods as the role, so they are open to every AWS account.
 *
 * Sources: IAM User Guide, "AWS JSON policy elements: Principal": `"Principal": {"AWS": "*"}` (and
 * `"Principal": "*"`) in a role trust policy lets any principal of any account assume the role, and the
 * guide advises against a wildcard principal in a trust policy unless a Condition element restricts
 * access; an Allow with NotPrincipal allows everyone not listed. A role session acts with the role's
 * permission policies ("IAM roles").
 *
 * The same holds for a role whose trust accepts `cognito-identity.amazonaws.com` tokens of any identity
 * pool (no `aud` test): anyone may create a pool in their own account that hands out guest identities.
 * A role that a pool OF THE APP gives to guests, or to anyone who may sign in, is reported by
 * OpenMethod instead (information): apps do that on purpose. See identity-pools.ts for the Cognito
 * developer guide's words ("IAM roles", "Role trust and permissions").
 *
 * A statement is not open when a condition restricts who the caller is (the principal's account,
 * organization, organizational unit, ARN or user id): other conditions (MFA, time, TLS, tags the caller
 * sets on its own principals) any account can meet.
 */
export const InvokeRoleAssumableByAnyone: AccessRuleDefinition = {
  id: AccessCheckRule.INVOKE_ROLE_ASSUMABLE_BY_ANYONE,
  defaultSeverity: FindingSeverity.ERROR,
  finds: 'a role any AWS account may assume, or whose trust accepts tokens of any Cognito identity pool, that may call methods of an API of the app (the API is open to them)',
  fix: 'trust only the principals that need the role (assumedBy: new iam.AccountPrincipal(ACCOUNT) or a named role), or restrict the trust statement with aws:PrincipalOrgID / aws:PrincipalAccount',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    for (const role of model.principals) {
      if (role.kind !== 'role') continue;
      const open = openTrustStatement(role);
      const web = role.webIdentity;
      const trustUnread = role.trustUnread ?? [];
      if (!open && !web && trustUnread.length === 0) continue;
      const callable: string[] = [];
      // The APIs of every stack of the app: a role of this stack may be granted on another stack's API.
      for (const peer of model.peers) {
        for (const api of peer.apis) {
          const methods = api.methods.filter((method: MethodModel) => method.authorizationType === 'AWS_IAM' && stagesOf(api).some(stage => {
            const call = requestReaching(api, method, stage, defaultOrigin(api));
            const outcome = context.evaluate(invokeScenario(peer.env, api, principalCaller(role), call, { methods: [method] }),
              role.logicalId, `whether role '${role.arn}', which others may assume, may call ${method.httpMethod} ${method.path}`);
            return outcome !== undefined && isAllowDecision(outcome);
          }));
          if (methods.length > 0) callable.push(`${describeMethods(methods)} of REST API '${api.name}'`);
        }
      }
      if (callable.length > 0 && !open && !web) {
        // The trust could not be read: whether anyone may assume the role is unknown, and it matters.
        context.cannotEvaluate(role.logicalId, `role '${role.arn}' may call ${callable.join('; ')}, and whether anyone may assume it is unknown: `
          + `its trust policy could not be read (${trustUnread.join('; ')}).`);
      } else if (callable.length > 0 && !open) {
        const those = callable.length === 1 ? 'that API is' : 'those APIs are';
        if (web!.anyPool) {
          violations.push({
            logicalId: role.logicalId,
            problem: `role '${role.arn}' may be assumed through Cognito identity pools by anyone on the internet (${web!.because}), and the role may call `
              + `${callable.join('; ')}, so ${those} open to anyone on the internet.`,
            fix: 'restrict the trust policy\'s cognito-identity.amazonaws.com:aud to the identity pool of the app (and cognito-identity.amazonaws.com:amr to "authenticated" if guests should not call)',
          });
        } else if (!web!.anyone) {
          context.cannotEvaluate(role.logicalId, `role '${role.arn}' may call ${callable.join('; ')}, and ${web!.because}.`);
        }
        // A pool of the app that gives the role to guests or to anyone who signs up is often meant
        // (a public API called with the pool's credentials): OpenMethod reports those methods, as it
        // reports an open NONE method.
      } else if (callable.length > 0) {
        violations.push({
          logicalId: role.logicalId,
          problem: `any AWS principal in any account may assume role '${role.arn}' (trust policy ${open}), and the role may call `
            + `${callable.join('; ')}, so ${callable.length === 1 ? 'that API is' : 'those APIs are'} open to every AWS account.`,
        });
      } else if (!open) {
        // Assumable through an identity pool, but no known invoke right: the unread parts are reported elsewhere.
        continue;
      } else if (role.externalManagedPolicies.length > 0) {
        context.cannotEvaluate(role.logicalId, `any AWS principal may assume role '${role.arn}' (trust policy ${open}); whether it may call an API of the app `
          + `depends on managed policies outside the app (${role.externalManagedPolicies.join(', ')}), which were not read.`);
      } else if ((role.unknowns?.length ?? 0) > 0 || (role.mayHavePolicies?.length ?? 0) > 0) {
        const unread = [...role.unknowns ?? [], ...(role.mayHavePolicies ?? []).map(m => m.because)];
        context.cannotEvaluate(role.logicalId, `any AWS principal may assume role '${role.arn}' (trust policy ${open}); whether it may call an API of the app `
          + `depends on what was not read: ${unread.join('; ')}.`);
      }
    }
    return violations;
  },
};

/** Condition keys that restrict which principal (or account) is calling, lower case. */
const CALLER_KEYS = new Set(['aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn', 'aws:userid', 'aws:sourceaccount', 'aws:sourceowner']);

/** The label of the first Allow statement that lets anyone assume the role, if any. */
function openTrustStatement(role: PrincipalModel): string | undefined {
  const statements = statementsOf(role.trustPolicy);
  for (const [i, statement] of statements.entries()) {
    if (!isAllowStatement(statement) || !coversAction(statement, 'sts:AssumeRole')) continue;
    if (!namesAnyone(statement) || restrictsCaller(statement)) continue;
    return statementLabel(statement, i);
  }
  return undefined;
}

/** `"*"`, `{"AWS": "*"}`, an account wildcard ARN, or an Allow with NotPrincipal. */
function namesAnyone(statement: PolicyStatementJson): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return listOf((principal as Record<string, unknown>).AWS).some(p => p === '*' || /^arn:[^:]+:iam::\*:/.test(p));
}

/**
 * Whether a condition names who may call: a positive test (Equals/Like, not Not...) of a caller key,
 * with a value that is not a bare wildcard.
 */
function restrictsCaller(statement: PolicyStatementJson): boolean {
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (/Not|IfExists$|^ForAllValues:/.test(operator) || /^Null$/.test(operator) || block === null || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block)) {
      if (CALLER_KEYS.has(key.toLowerCase()) && listOf(value).every(v => v !== '*' && v !== '')) return true;
    }
  }
  return false;
}
