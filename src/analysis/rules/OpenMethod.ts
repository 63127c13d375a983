import { authorizerAlternative } from '../authorizer-callers';
import { isAllowDecision } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { requestReaching, INTERNET_SOURCE_IP, invokeScenario, stagesOf } from '../scenarios';
import { AccessRuleDefinition, RuleViolation } from './rule';
import { MethodModel } from '../template/access-model';

/**
 * A method an unsigned caller on the internet can call: authorization type NONE and a resource policy
 * (if any) that allows anonymous callers (API Gateway developer guide, "How API Gateway resource
 * policies affect authorization workflow": with no resource policy a NONE method is public).
 * Often intended (a public API), hence information, not an error. A required API key does not close it:
 * "Don't use API keys for authentication or authorization to control access to your APIs" (developer
 * guide, "Usage plans and API keys"); keys identify usage-plan customers and can be shared.
 */
export const OpenMethod: AccessRuleDefinition = {
  id: AccessCheckRule.OPEN_METHOD,
  defaultSeverity: FindingSeverity.INFO,
  finds: 'a method anyone on the internet can call without credentials, or after signing up to its user pool',
  fix: 'if it is not meant to be public, set an authorization type (AWS_IAM, a Lambda or Cognito authorizer) or restrict the resource policy; if it is, acknowledge this finding with the reason',
  check: (context) => {
    const { model } = context;
    const violations: RuleViolation[] = [];
    for (const api of model.apis) {
      if (api.endpointType === 'PRIVATE') continue; // never reachable from the internet
      // Only NONE methods can answer an unsigned call without credentials: AWS_IAM refuses it, and a
      // Lambda or Cognito authorizer refuses a call that carries no token (scenario format rules 5-8).
      // A CORS preflight (OPTIONS answered by a MOCK integration) is open by design: browsers send it
      // without credentials (developer guide, "CORS for REST API resources").
      // A Cognito method whose user pool anyone can sign up to is open the same way, one sign-up away
      // (Cognito developer guide, "Configuring policies for user creation").
      for (const method of api.methods) {
        if (isCorsPreflight(method)) continue;
        const signUp = method.authorizationType === 'COGNITO_USER_POOLS' ? authorizerAlternative(method, {}) : undefined;
        if (method.authorizationType !== 'NONE' && signUp?.kind !== 'anyone') continue;
        const caller = signUp?.caller ?? {};
        const openOn = stagesOf(api).filter(stage => {
          const call = requestReaching(api, method, stage, { sourceIp: INTERNET_SOURCE_IP });
          const outcome = context.evaluate(invokeScenario(model.env, api, caller, call, { methods: [method] }), method.logicalId,
            `whether anyone can call ${method.httpMethod} ${method.path}`);
          return outcome !== undefined && isAllowDecision(outcome);
        });
        if (openOn.length > 0) {
          violations.push({
            logicalId: method.logicalId,
            problem: signUp
              ? `anyone on the internet can call ${method.httpMethod} ${method.path} of REST API '${api.name}' (stage ${openOn.join(', ')}): ${signUp.because}.`
              : `anyone on the internet can call ${method.httpMethod} ${method.path} of REST API '${api.name}' `
                + `(stage ${openOn.join(', ')}) without credentials (authorization type ${method.authorizationType})`
                + (method.apiKeyRequired ? '; it requires an API key, which is not an authorization mechanism.' : '.'),
            fix: signUp ? 'if only known users should call it, set selfSignUpEnabled: false on the user pool (AllowAdminCreateUserOnly: true); if anyone may, acknowledge this finding' : undefined,
          });
        }
      }
    }
    return violations;
  },
};

function isCorsPreflight(method: MethodModel): boolean {
  return method.httpMethod === 'OPTIONS' && method.integration?.type === 'MOCK';
}
