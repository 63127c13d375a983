/**
 * The integrations that call AWS with a credentials role, and the role each one names: shared by the
 * ServiceRole* rules.
 */
import { RuleContext } from './rule';
import { ApiModel, MethodModel, PrincipalModel } from '../template/access-model';

/** One integration that uses a credentials role of the app. */
export interface ServiceRoleUse {
  readonly api: ApiModel;
  readonly method: MethodModel;
  readonly role: PrincipalModel;
}

/**
 * Every method whose integration names a credentials role. A role not defined in the stack is
 * reported as CannotEvaluate; `arn:aws:iam::*:user/*` (call with the caller's own credentials)
 * is not a role and is skipped.
 */
export function serviceRoleUses(context: RuleContext): ServiceRoleUse[] {
  const uses: ServiceRoleUse[] = [];
  for (const api of context.model.apis) {
    for (const method of api.methods) {
      const credentials = method.integration?.credentials;
      if (credentials === undefined || /^arn:[^:]+:iam::\*:user\/\*$/.test(credentials)) continue;
      const role = context.model.principals.find(p => p.kind === 'role' && p.arn === credentials);
      if (role) {
        uses.push({ api, method, role });
      } else {
        context.cannotEvaluate(method.logicalId,
          `the integration of ${method.httpMethod} ${method.path} uses the credentials role '${credentials}', which is not defined in this stack, so its trust and permissions were not checked.`);
      }
    }
  }
  return uses;
}
