import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ManagementAccess } from './management-access';
import { managementStatements } from './management-statements';

/** Properties of a `ManagementPolicy`. */
export interface ManagementPolicyProps {
  /** What the holder may do. */
  readonly access: ManagementAccess;
  /**
   * The REST APIs the policy covers.
   *
   * @default - every REST API of the stack's region
   */
  readonly apis?: apigateway.IRestApi[];
  /**
   * Only allow requests that keep the APIs' endpoint types within these (conditions on
   * `apigateway:Request/EndpointType` and `apigateway:Resource/EndpointType`).
   *
   * @default - no endpoint type condition
   */
  readonly endpointTypes?: apigateway.EndpointType[];
  /**
   * Also allow changing the APIs' resource policies (`apigateway:UpdateRestApiPolicy`). Without
   * it, even FULL access cannot change a resource policy.
   *
   * @default false
   */
  readonly allowResourcePolicyUpdate?: boolean;
  /**
   * A name for the managed policy.
   *
   * @default - a name CloudFormation generates
   */
  readonly managedPolicyName?: string;
  /**
   * Roles to attach the policy to.
   *
   * @default - none
   */
  readonly roles?: iam.IRole[];
  /**
   * Users to attach the policy to.
   *
   * @default - none
   */
  readonly users?: iam.IUser[];
  /**
   * Groups to attach the policy to.
   *
   * @default - none
   */
  readonly groups?: iam.IGroup[];
}

/**
 * API Gateway management (control-plane) permissions for people and pipelines that build and
 * deploy REST APIs: `apigateway:VERB` on the management ARNs of the given APIs
 * (`arn:PARTITION:apigateway:REGION::/restapis/ID` and everything below it).
 *
 * This is not invoke access: calling an API is `execute-api:Invoke` (see `IamRestApi.grantInvoke`).
 */
export class ManagementPolicy extends iam.ManagedPolicy {
  constructor(scope: Construct, id: string, props: ManagementPolicyProps) {
    super(scope, id, {
      managedPolicyName: props.managedPolicyName,
      description: `API Gateway management: ${props.access}`,
      roles: props.roles,
      users: props.users,
      groups: props.groups,
    });
    this.addStatements(...managementStatements(this, props));
  }
}
