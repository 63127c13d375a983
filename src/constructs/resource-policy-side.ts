/**
 * The resource-policy side of a cross-account invoke grant. For AWS_IAM methods called from
 * another account, both the caller's identity policy and the API's resource policy must allow
 * (API Gateway Developer Guide, "How API Gateway resource policies affect authorization
 * workflow", cross-account table). `iam.Grant.addToPrincipalOrResource` adds the resource side
 * through an `IResourceWithPolicy`; these adapters give it one for a RestApi.
 */
import { Annotations, RemovalPolicy, ResourceEnvironment, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ApiResourcePolicy } from './api-resource-policy';

/** The API as a resource with a policy, for `iam.Grant`; a bodiless construct under the API. */
abstract class ResourcePolicySide extends Construct implements iam.IResourceWithPolicy {
  public readonly env: ResourceEnvironment;
  public readonly stack: Stack;

  constructor(protected readonly api: apigateway.IRestApi, id: string) {
    super(api, id);
    this.env = api.env;
    this.stack = api.stack;
  }

  public applyRemovalPolicy(_policy: RemovalPolicy): void {
    // Nothing to remove: the statements live in the API's policy.
  }

  public abstract addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult;
}

class OwnedResourcePolicySide extends ResourcePolicySide {
  constructor(api: apigateway.IRestApi, private readonly policy: ApiResourcePolicy) {
    super(api, 'InvokeGrantPolicySide');
  }

  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.api };
  }
}

function describePrincipal(principal: iam.IPrincipal): string {
  const named = principal as { roleArn?: string; userArn?: string };
  const arn = named.roleArn ?? named.userArn;
  if (arn !== undefined && !Token.isUnresolved(arn)) {
    return arn;
  }
  return principal.principalAccount !== undefined && !Token.isUnresolved(principal.principalAccount)
    ? `a principal of account ${principal.principalAccount}`
    : principal.toString();
}

/**
 * For APIs whose resource policy this library does not own (a plain RestApi, an imported API):
 * the resource side cannot be added, so a grantee known to be in another account is an error that
 * names the missing side, and one whose account cannot be compared is a warning.
 */
class UnownedResourcePolicySide extends ResourcePolicySide {
  constructor(api: apigateway.IRestApi) {
    super(api, 'InvokeGrantUnownedPolicySide');
  }

  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    const principals = statement.principals;
    const account = principals[0]?.principalAccount;
    const comparison = account === undefined ? TokenComparison.ONE_UNRESOLVED : Token.compareStrings(this.env.account, account);
    if (comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED) {
      // Same account: no resource side is needed; the principal just had no policy to add to.
      return { statementAdded: false };
    }
    const who = principals.map(describePrincipal).join(', ');
    const fix = `add to the API's resource policy (its \`policy\` prop) a statement that allows execute-api:Invoke to ${who} `
      + `on ${statement.resources.join(', ')}, or build the API with IamRestApi, whose grants add it`;
    if (comparison === TokenComparison.DIFFERENT) {
      throw new Error(`grantee: ${who} is in another account than the API ${this.api.node.path}: a cross-account invoke needs both `
        + `the caller's identity policy and the API's resource policy, and this grant can only add the identity side; ${fix}`);
    }
    Annotations.of(this.api).addWarningV2('cdk-apigateway-access:crossAccountUnknown',
      `cannot tell whether ${who} is in the account of the API; if it is not, the invoke grant needs the resource-policy side too: ${fix}`);
    return { statementAdded: false };
  }
}

/** The resource side of grants on an IamRestApi: appended to its ApiResourcePolicy. */
export function ownedResourceSide(api: apigateway.IRestApi, policy: ApiResourcePolicy): iam.IResourceWithPolicy {
  return (api.node.tryFindChild('InvokeGrantPolicySide') as OwnedResourcePolicySide | undefined)
    ?? new OwnedResourcePolicySide(api, policy);
}

/** The resource side of grants on an API this library does not own. */
export function unownedResourceSide(api: apigateway.IRestApi): iam.IResourceWithPolicy {
  return (api.node.tryFindChild('InvokeGrantUnownedPolicySide') as UnownedResourcePolicySide | undefined)
    ?? new UnownedResourcePolicySide(api);
}
