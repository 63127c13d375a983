/** The statements of API Gateway management grants, shared by ManagementPolicy and IamRestApi. */
import { Aws, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ManagementAccess } from './management-access';

/** Which APIs and what access a set of management statements covers. */
export interface ManagementScope {
  readonly apis?: apigateway.IRestApi[];
  readonly access: ManagementAccess;
  readonly endpointTypes?: apigateway.EndpointType[];
  readonly allowResourcePolicyUpdate?: boolean;
}

/**
 * The management ARN of a REST API path: `arn:PARTITION:apigateway:REGION::/restapis/ID...`
 * (no account: API Gateway Developer Guide, "API Gateway Amazon Resource Name (ARN) reference").
 */
function managementArn(stack: Stack, resourcePath: string): string {
  return `arn:${Aws.PARTITION}:apigateway:${stack.region}::${resourcePath}`;
}

/** The statements of a management grant. */
export function managementStatements(scope: Construct, options: ManagementScope): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  if (options.apis && options.apis.length === 0) {
    throw new Error('apis: expected at least one API, got an empty list (leave apis unset for every REST API of the region)');
  }
  if (options.endpointTypes && options.endpointTypes.length === 0) {
    throw new Error('endpointTypes: expected at least one endpoint type, got an empty list');
  }
  const apiRoots = options.apis?.map((api) => `/restapis/${api.restApiId}`) ?? ['/restapis'];
  const everything = apiRoots.flatMap((root) => [managementArn(stack, root), managementArn(stack, `${root}/*`)]);

  const statements: iam.PolicyStatement[] = [];
  switch (options.access) {
    case ManagementAccess.READ_ONLY:
      statements.push(new iam.PolicyStatement({ actions: ['apigateway:GET'], resources: everything }));
      break;
    case ManagementAccess.DEPLOY:
      statements.push(new iam.PolicyStatement({ actions: ['apigateway:GET'], resources: everything }));
      // A deployment is `POST /restapis/ID/deployments`, pointing a stage at it is
      // `PATCH /restapis/ID/stages/NAME` (API Gateway REST API reference: CreateDeployment, UpdateStage).
      statements.push(new iam.PolicyStatement({
        actions: ['apigateway:POST'],
        resources: apiRoots.map((root) => managementArn(stack, `${root === '/restapis' ? '/restapis/*' : root}/deployments`)),
      }));
      statements.push(new iam.PolicyStatement({
        actions: ['apigateway:PATCH'],
        resources: apiRoots.map((root) => managementArn(stack, `${root === '/restapis' ? '/restapis/*' : root}/stages/*`)),
      }));
      break;
    case ManagementAccess.FULL:
      statements.push(new iam.PolicyStatement({
        actions: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
        resources: everything,
      }));
      break;
    default:
      throw new Error(`access: ${options.access} is not a ManagementAccess (READ_ONLY, DEPLOY or FULL)`);
  }
  if (options.allowResourcePolicyUpdate) {
    // Changing a REST API's resource policy needs this action beside PATCH (API Gateway Developer
    // Guide, "How Amazon API Gateway works with IAM": policy actions).
    statements.push(new iam.PolicyStatement({ actions: ['apigateway:UpdateRestApiPolicy'], resources: everything }));
  }
  if (options.endpointTypes) {
    // The EndpointType keys are lists; ForAllValues...IfExists lets requests without the key
    // (reads, sub-resources) through while keeping every given value inside the allowed set
    // (API Gateway Developer Guide, "Identity-based policy examples": endpoint type conditions).
    const types = options.endpointTypes.map((t) => t.toString());
    for (const statement of statements) {
      statement.addCondition('ForAllValues:StringEqualsIfExists', {
        'apigateway:Request/EndpointType': types,
        'apigateway:Resource/EndpointType': types,
      });
    }
  }
  return statements;
}

