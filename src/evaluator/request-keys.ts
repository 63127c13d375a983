import { Caller, CallerType } from './policy/model';
import { InvokeScenario, ManagementScenario, ParsedCaller } from './scenario-model';

/**
 * The condition keys present in a request (rule 4 of the scenario format), keyed by lower-cased
 * name as the policy layer reads them.
 *
 * IAM User Guide, "AWS global condition context keys", and the API Gateway developer guide,
 * "API Gateway resource policy examples" / "Private REST APIs":
 * - aws:SourceIp is the client's public address; it is absent when the call comes through an
 *   interface VPC endpoint, which sets aws:VpcSourceIp, aws:SourceVpce and aws:SourceVpc instead.
 * - The principal keys exist only for requests signed with SigV4 that API Gateway authenticates,
 *   i.e. calls to AWS_IAM methods; for other methods the caller is anonymous to IAM.
 * - API Gateway only serves HTTPS, so aws:SecureTransport is "true" unless the scenario says else.
 * - aws:RequestedRegion, "always included in the request context", is the region called: the API's
 *   region for invoke calls, management.region for management calls.
 * - aws:CurrentTime and aws:EpochTime are present only when request.context gives them: the
 *   evaluator never reads the clock, so the same scenario always gets the same answer.
 */

/** Keys about the signer that request.context may add (aws:userid etc.): kept only for signed IAM calls. */
function isPrincipalFamilyKey(lowerKey: string): boolean {
  return lowerKey.startsWith('aws:principal')
    || lowerKey.startsWith('aws:multifactorauth')
    || lowerKey === 'aws:userid'
    || lowerKey === 'aws:tokenissuetime'
    || lowerKey === 'aws:sourceidentity'
    || lowerKey === 'aws:federatedprovider';
}

/** Keys of a call to an API; `authenticated` when it is a signed call to an AWS_IAM method. */
export function invokeKeys(scenario: InvokeScenario, authenticated: boolean): Map<string, readonly string[]> {
  const keys = new Map<string, readonly string[]>();
  keys.set('aws:securetransport', ['true']);
  keys.set('aws:requestedregion', [scenario.api.region]);
  const { sourceIp, vpcEndpoint } = scenario.request;
  if (vpcEndpoint) {
    keys.set('aws:sourcevpce', [vpcEndpoint.id]);
    keys.set('aws:sourcevpc', [vpcEndpoint.vpcId]);
    if (sourceIp !== undefined) {
      keys.set('aws:vpcsourceip', [sourceIp]);
    }
  } else if (sourceIp !== undefined) {
    keys.set('aws:sourceip', [sourceIp]);
  }
  copyContext(keys, scenario.request.context, authenticated);
  if (authenticated && scenario.caller.caller) {
    addPrincipalKeys(keys, scenario.caller.caller, scenario.caller);
  }
  return keys;
}

/** Keys of a management call (always signed when it is evaluated). */
export function managementKeys(scenario: ManagementScenario, caller: Caller): Map<string, readonly string[]> {
  const keys = new Map<string, readonly string[]>();
  keys.set('aws:securetransport', ['true']);
  keys.set('aws:requestedregion', [scenario.region]);
  copyContext(keys, scenario.request.context, true);
  addPrincipalKeys(keys, caller, scenario.caller);
  return keys;
}

function copyContext(keys: Map<string, readonly string[]>, context: ReadonlyMap<string, readonly string[]>, authenticated: boolean): void {
  for (const [key, values] of context) {
    if (authenticated || !isPrincipalFamilyKey(key)) {
      keys.set(key, values);
    }
  }
}

/** aws:PrincipalArn and friends, as IAM sets them for the signer (IAM User Guide, global keys). */
function addPrincipalKeys(keys: Map<string, readonly string[]>, caller: Caller, parsed: ParsedCaller): void {
  // For a role session aws:PrincipalArn is the role's ARN, not the session's.
  keys.set('aws:principalarn', [caller.type === CallerType.ROLE_SESSION && caller.roleArn ? caller.roleArn : caller.arn]);
  keys.set('aws:principalaccount', [caller.account]);
  keys.set('aws:principaltype', [principalType(caller.type)]);
  if (caller.type === CallerType.USER) {
    // aws:username exists only for IAM users: the user's friendly name, the last part of its ARN.
    keys.set('aws:username', [caller.arn.slice(caller.arn.lastIndexOf('/') + 1)]);
  } else if (caller.type === CallerType.ROOT && !keys.has('aws:userid')) {
    // For the account root user aws:userid is the account id.
    keys.set('aws:userid', [caller.account]);
  }
  for (const [tag, value] of parsed.principalTags) {
    keys.set(`aws:principaltag/${tag.toLowerCase()}`, [value]);
  }
  if (parsed.principalOrgId !== undefined) {
    keys.set('aws:principalorgid', [parsed.principalOrgId]);
  }
}

function principalType(type: CallerType): string {
  switch (type) {
    case CallerType.USER: return 'User';
    case CallerType.ROLE_SESSION: return 'AssumedRole';
    case CallerType.ROOT: return 'Account';
  }
}
