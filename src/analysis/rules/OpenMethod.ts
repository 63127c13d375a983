import { authorizerAlternative } from '../authorizer-callers';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { describeByStage, describeUndecided, mappedMethods, StageEntries } from './map-methods';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { AccessMapEntry } from '../access-map';
import { MethodModel } from '../template/access-model';
import { rolesAnyoneMayGet } from '../template/identity-pools';

/**
 * A method anyone on the internet can call, read from the access map: every `allowed` entry of an
 * anonymous caller (no credentials) that comes from internet addresses, on any stage, with the
 * addresses, paths and verbs it covers; and every such `undecided` entry, which may be open. Sound by
 * construction: the map's entries cover every request AWS allows, so no open method goes unreported.
 *
 * With no resource policy a NONE method is public (API Gateway developer guide, "How API Gateway
 * resource policies affect authorization workflow"). Often intended (a public API), hence information.
 * A required API key does not close it: "Don't use API keys for authentication or authorization to
 * control access to your APIs" (developer guide, "Usage plans and API keys"). A Cognito method whose
 * user pool anyone can sign up to is open the same way, one sign-up away (Cognito developer guide,
 * "Configuring policies for user creation"). A CORS preflight (OPTIONS answered by a MOCK integration)
 * is open by design: browsers send it without credentials (developer guide, "CORS for REST API resources").
 * An AWS_IAM method that a role may call is open the same way when a Cognito identity pool of the app
 * gives that role's credentials to guests or to anyone who may sign in (Cognito developer guide, "IAM
 * roles": "unauthenticated identities are assumed by users who do not log in to your app"); Amplify's
 * REST APIs do this on purpose ("the unauthenticated role will have access to the API").
 */
export const OpenMethod: AccessRuleDefinition = {
  id: AccessCheckRule.OPEN_METHOD,
  defaultSeverity: FindingSeverity.INFO,
  finds: 'a method anyone on the internet can call without credentials (or may, undecided), after signing up to its user pool, or with an identity pool role anyone may get',
  fix: 'if it is not meant to be public, set an authorization type (AWS_IAM, a Lambda or Cognito authorizer) or restrict the resource policy; if it is, acknowledge this finding with the reason',
  check: (context) => {
    const violations: RuleViolation[] = [];
    const guestRoles = rolesAnyoneMayGet(context.model);
    for (const { api, method, stages } of mappedMethods(context)) {
      if (isCorsPreflight(method)) continue;
      const signUp = method.authorizationType === 'COGNITO_USER_POOLS' ? authorizerAlternative(method, {}) : undefined;
      const openToAnyone = (e: AccessMapEntry) => e.from.internet !== undefined
        && (e.caller === 'anonymous' || e.caller === '*' || guestRoles.has(e.caller) || (signUp?.kind === 'anyone' && e.caller.startsWith('cognito:')));
      const entries: StageEntries[] = stages.map(s => ({
        stage: s.stage,
        allowed: s.allowed.filter(openToAnyone),
        undecided: s.undecided.filter(openToAnyone),
      }));
      const name = `${method.httpMethod} ${method.path} of REST API '${api.name}'`;
      const open = describeByStage(entries);
      if (open !== '') {
        const openStages = entries.filter(e => e.allowed.length > 0).map(e => e.stage);
        const callers = new Set(entries.flatMap(e => e.allowed.map(a => a.caller)));
        const throughRoles = [...callers].filter(c => guestRoles.has(c));
        let how: string;
        if (!callers.has('anonymous') && throughRoles.length > 0 && throughRoles.length === callers.size) {
          how = `: ${throughRoles.map(arn => `through role '${arn}', whose credentials ${guestRoles.get(arn)}`).join('; ')}`;
        } else if (signUp?.kind === 'anyone' && !callers.has('anonymous')) {
          how = `: ${signUp.because}`;
        } else {
          how = ` without credentials (authorization type ${method.authorizationType})`
            + (method.apiKeyRequired ? '; it requires an API key, which is not an authorization mechanism' : '');
        }
        violations.push({
          logicalId: method.logicalId,
          problem: `anyone on the internet can call ${name} (stage ${openStages.join(', ')})${how}. Open to: ${open}.`,
          fix: throughRoles.length > 0
            ? 'if only known users should call it, grant invoke rights only to the authenticated role of an identity pool whose users the app controls '
              + '(no unauthenticated identities, no open sign-up); if anyone may, acknowledge this finding'
            : signUp?.kind === 'anyone'
              ? 'if only known users should call it, set selfSignUpEnabled: false on the user pool (AllowAdminCreateUserOnly: true); if anyone may, acknowledge this finding'
              : undefined,
        });
      }
      const maybe = describeUndecided(entries);
      if (maybe !== '') {
        violations.push({
          logicalId: method.logicalId,
          problem: `anyone on the internet may be able to call ${name}: the access map could not decide (${maybe}).`,
        });
      }
    }
    return violations;
  },
};

function isCorsPreflight(method: MethodModel): boolean {
  return method.httpMethod === 'OPTIONS' && method.integration?.type === 'MOCK';
}
