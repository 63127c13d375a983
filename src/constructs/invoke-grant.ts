import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MethodGrantOptions } from './invoke-grant-options';
import { deploymentStageName, grantOnMethods, ownerOf } from './paired-grant';
import { unownedResourceSide } from './resource-policy-side';

/**
 * Invoke grants paired with the methods they are for, on any aws-cdk-lib RestApi.
 *
 * Unlike `Method.grantExecute`, the grant refuses methods that do not use AWS_IAM authorization
 * (where an IAM grant has no effect), and refuses a grantee of another account on an API whose
 * resource policy it cannot extend (a cross-account call needs both sides).
 */
export class InvokeGrant {
  /**
   * Grants `execute-api:Invoke` on the given methods (all of one API) to the grantee.
   *
   * On an `IamRestApi`, this is `api.grantInvoke(grantee, { methods })` (and adds the resource-policy
   * side for a grantee of another account). On any other RestApi, only the identity side can be
   * added: a grantee of another account is an error.
   *
   * @param grantee who may invoke
   * @param methods the methods, each using AWS_IAM authorization
   * @param options filters and stages
   */
  public static onMethods(grantee: iam.IGrantable, methods: apigateway.Method[], options: MethodGrantOptions = {}): iam.Grant {
    if (methods.length === 0) {
      throw new Error('methods: expected at least one method, got an empty list');
    }
    const api = methods[0].api;
    const owner = ownerOf(api);
    if (owner) {
      return owner.grantInvoke(grantee, { ...options, methods });
    }
    const restApi = api instanceof apigateway.RestApi ? api : undefined;
    return grantOnMethods({
      api,
      allMethods: () => restApi ? restApi.methods : methods,
      complete: restApi !== undefined,
      defaultStage: deploymentStageName(api),
      resourceSide: unownedResourceSide(api),
    }, grantee, ['execute-api:Invoke'], { ...options, methods }, 'InvokeGrant.onMethods');
  }

  private constructor() {}
}
