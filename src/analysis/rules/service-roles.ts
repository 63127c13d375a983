/**
 * The roles API Gateway assumes to call Lambda and other AWS services on a caller's behalf, and what
 * each is used for: integration credentials and Lambda authorizer credentials. Shared by the
 * ServiceRole* rules, which hold both to the same requirements (API Gateway developer guide, "Set up
 * Lambda integrations" and "Configure a Lambda authorizer": the role API Gateway assumes must trust
 * apigateway.amazonaws.com and allow lambda:InvokeFunction on the function it calls).
 */
import { RuleContext } from './rule';
import { ApiModel, AuthorizerModel, MethodModel, PrincipalModel } from '../template/access-model';

/** One integration or authorizer that uses a credentials role of the app. */
export interface ServiceRoleUse {
  readonly api: ApiModel;
  /** The method whose integration uses the role (absent for an authorizer). */
  readonly method?: MethodModel;
  /** The authorizer that uses the role (absent for an integration). */
  readonly authorizer?: AuthorizerModel;
  readonly role: PrincipalModel;
  /** The Lambda function API Gateway invokes with the role, when it invokes one. */
  readonly functionArn?: string;
  /** How findings name the use: `the credentials role of GET /items of REST API 'Items'`. */
  readonly usedAs: string;
  /** What fails when API Gateway cannot use the role. */
  readonly failure: string;
}

/**
 * Every integration and authorizer that names a credentials role. A role not defined in the stack is
 * reported as CannotEvaluate; `arn:aws:iam::*:user/*` (an integration calling with the caller's own
 * credentials) is not a role and is skipped.
 */
export function serviceRoleUses(context: RuleContext): ServiceRoleUse[] {
  const uses: ServiceRoleUse[] = [];
  const roleOf = (credentials: string) => context.model.principals.find(p => p.kind === 'role' && p.arn === credentials);
  for (const api of context.model.apis) {
    for (const method of api.methods) {
      const credentials = method.integration?.credentials;
      if (credentials === undefined || /^arn:[^:]+:iam::\*:user\/\*$/.test(credentials)) continue;
      const role = roleOf(credentials);
      if (role) {
        uses.push({
          api,
          method,
          role,
          functionArn: method.integration?.functionArn,
          usedAs: `the credentials role of ${method.httpMethod} ${method.path} of REST API '${api.name}'`,
          failure: 'every call through that integration fails',
        });
      } else {
        context.cannotEvaluate(method.logicalId,
          `the integration of ${method.httpMethod} ${method.path} uses the credentials role '${credentials}', which is not defined in this stack, so its trust and permissions were not checked.`);
      }
    }
    for (const authorizer of api.authorizers) {
      const credentials = authorizer.credentials;
      if (credentials === undefined) continue;
      const role = roleOf(credentials);
      if (role) {
        uses.push({
          api,
          authorizer,
          role,
          functionArn: authorizer.functionArn,
          usedAs: `the credentials role of authorizer '${authorizer.name}' of REST API '${api.name}'`,
          failure: 'API Gateway cannot run the authorizer and every call to the methods it protects fails',
        });
      } else {
        context.cannotEvaluate(authorizer.logicalId,
          `authorizer '${authorizer.name}' uses the credentials role '${credentials}', which is not defined in this stack, so its trust and permissions were not checked.`);
      }
    }
  }
  return uses;
}
