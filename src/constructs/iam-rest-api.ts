import { Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiResourcePolicy } from './api-resource-policy';
import { InvokeGrantOptions } from './invoke-grant-options';
import { ManagementAccess } from './management-access';
import { managementStatements } from './management-statements';
import { deploymentStageName, grantOnMethods, InvokeGrantTarget, registerOwner } from './paired-grant';
import { ownedResourceSide } from './resource-policy-side';
import { ApiGatewayServiceRole } from './service-role';

/** Properties of an `IamRestApi`. */
export interface IamRestApiProps extends apigateway.RestApiProps {
  /**
   * The API's resource policy. Grants to principals of other accounts add their statements to it.
   * Use this instead of `policy`.
   *
   * @default - an empty policy (no resource policy is rendered until something is added)
   */
  readonly resourcePolicy?: ApiResourcePolicy;
}

/**
 * A REST API whose methods use AWS_IAM authorization unless told otherwise, with invoke grants
 * paired with the methods they are for.
 *
 * - `grantInvoke` only covers AWS_IAM methods (an IAM grant has no effect on any other
 *   authorization type) and, for a grantee of another account, also adds the resource-policy side.
 * - `resourcePolicy` is an `ApiResourcePolicy` the grants extend.
 * - `addLambdaRoute` integrates functions through one `ApiGatewayServiceRole` instead of one Lambda
 *   permission per method.
 */
export class IamRestApi extends apigateway.RestApi {
  /** The API's resource policy, merged with what grants add. */
  public readonly apiResourcePolicy: ApiResourcePolicy;
  private readonly defaultStageName?: string;
  private readonly privateApi: boolean;
  private _serviceRole?: ApiGatewayServiceRole;

  constructor(scope: Construct, id: string, props: IamRestApiProps = {}) {
    if (props.policy) {
      throw new Error('policy: IamRestApi takes its resource policy as `resourcePolicy` (an ApiResourcePolicy), so grants can extend it; '
        + 'move the statements there with ApiResourcePolicy.addStatements');
    }
    const resourcePolicy = props.resourcePolicy ?? new ApiResourcePolicy();
    const defaults = props.defaultMethodOptions ?? {};
    super(scope, id, {
      ...props,
      policy: resourcePolicy.toPolicyDocument(),
      defaultMethodOptions: {
        ...defaults,
        // AWS_IAM unless the user chose a type, or an authorizer that implies one.
        authorizationType: defaults.authorizationType ?? (defaults.authorizer ? undefined : apigateway.AuthorizationType.IAM),
      },
    });
    this.apiResourcePolicy = resourcePolicy;
    const endpointTypes = props.endpointTypes ?? props.endpointConfiguration?.types ?? [];
    this.privateApi = endpointTypes.includes(apigateway.EndpointType.PRIVATE);
    resourcePolicy._bindEndpoint(this.privateApi);
    this.defaultStageName = props.deploy === false ? undefined : props.deployOptions?.stageName ?? 'prod';
    registerOwner(this, this);

    this.node.addValidation({ validate: () => this.validateResourcePolicy() });
  }

  /**
   * Grants `execute-api:Invoke` on the API's AWS_IAM methods (all, or those the options select).
   *
   * A grantee in another account also gets the resource-policy side (a cross-account call needs
   * both). Naming a method that is not AWS_IAM is an error; methods that only match the filters
   * are skipped, but a grant that matches no AWS_IAM method is an error. The grant covers the
   * methods that exist when it is made.
   *
   * @param grantee who may invoke
   * @param options which methods and stages
   */
  public grantInvoke(grantee: iam.IGrantable, options: InvokeGrantOptions = {}): iam.Grant {
    return grantOnMethods(this.grantTarget(), grantee, ['execute-api:Invoke'], options, 'grantInvoke');
  }

  /**
   * Grants `execute-api:InvalidateCache` (invalidating a cache entry with `Cache-Control: max-age=0`)
   * on the API's AWS_IAM methods, with the same pairing rules as `grantInvoke`.
   *
   * @param grantee who may invalidate
   * @param options which methods and stages
   */
  public grantInvalidateCache(grantee: iam.IGrantable, options: InvokeGrantOptions = {}): iam.Grant {
    return grantOnMethods(this.grantTarget(), grantee, ['execute-api:InvalidateCache'], options, 'grantInvalidateCache');
  }

  /**
   * Grants API Gateway management (control-plane) permissions on this API.
   *
   * @param grantee who may manage the API
   * @param access what they may do
   */
  public grantManagement(grantee: iam.IGrantable, access: ManagementAccess): iam.Grant {
    // One grant per statement, as ManagementPolicy writes them: merging their actions and resources
    // into one statement would let DEPLOY's PATCH (meant for stages) reach every method and its POST
    // (meant for deployments) create resources.
    return managementStatements(this, { apis: [this], access })
      .map((statement) => iam.Grant.addToPrincipal({
        grantee,
        actions: statement.actions,
        resourceArns: statement.resources,
        conditions: statement.conditions,
      }))
      .reduce((all, grant) => all.combine(grant));
  }

  /**
   * The role API Gateway assumes to call this API's Lambda routes, created on first use.
   */
  public get serviceRole(): ApiGatewayServiceRole {
    if (!this._serviceRole) {
      // No aws:SourceAccount condition: API Gateway is reported not to send it when assuming an
      // integration's credentials role (see ApiGatewayServiceRoleProps.limitToAccount).
      this._serviceRole = new ApiGatewayServiceRole(this, 'ServiceRole');
    }
    return this._serviceRole;
  }

  /**
   * Adds a method with a Lambda proxy integration that API Gateway calls through the API's
   * `serviceRole` (which is allowed to invoke the function), instead of adding a Lambda permission
   * per method to the function's resource policy.
   *
   * @param path the resource path, e.g. `/pets/{id}` (resources are created as needed)
   * @param httpMethod the HTTP method (`GET`, ..., `ANY`)
   * @param fn the function
   * @param options method options (authorization defaults to AWS_IAM)
   */
  public addLambdaRoute(path: string, httpMethod: string, fn: lambda.IFunction, options?: apigateway.MethodOptions): apigateway.Method {
    if (!Token.isUnresolved(path) && !path.startsWith('/')) {
      throw new Error(`path: ${JSON.stringify(path)} must start with "/" (e.g. "/pets/{id}")`);
    }
    const role = this.serviceRole;
    role.allowInvoke(fn);
    // An AWS_PROXY integration with credentials: API Gateway assumes the role to call Lambda
    // (API Gateway Developer Guide, "Set up Lambda proxy integrations": credentials). aws-cdk-lib's
    // LambdaIntegration would also add a Lambda permission per method, which the role replaces.
    const integration = new apigateway.AwsIntegration({
      proxy: true,
      service: 'lambda',
      path: `2015-03-31/functions/${fn.functionArn}/invocations`,
      options: { credentialsRole: role },
    });
    return this.root.resourceForPath(path).addMethod(httpMethod, integration, options);
  }

  private grantTarget(): InvokeGrantTarget {
    return {
      api: this,
      allMethods: () => this.methods,
      complete: true,
      defaultStage: this.defaultStageName ?? deploymentStageName(this),
      resourceSide: ownedResourceSide(this, this.apiResourcePolicy),
    };
  }

  private validateResourcePolicy(): string[] {
    const errors: string[] = [];
    if (this.privateApi && this.apiResourcePolicy.isEmpty) {
      errors.push('resourcePolicy: every call to a PRIVATE API fails until its resource policy allows it; '
        + 'e.g. resourcePolicy: new ApiResourcePolicy().allowAnyone().restrictToVpcEndpoints([...])');
    }
    if (!this.privateApi && this.apiResourcePolicy.restrictsToVpc) {
      errors.push('resourcePolicy: restrictToVpcEndpoints / restrictToVpcs deny every call to an API that is not PRIVATE '
        + '(only calls through interface VPC endpoints carry aws:SourceVpce and aws:SourceVpc); make the API PRIVATE or drop the restriction');
    }
    return errors;
  }
}
