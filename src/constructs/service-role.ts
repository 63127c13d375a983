import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Properties of an `ApiGatewayServiceRole`. */
export interface ApiGatewayServiceRoleProps {
  /**
   * A name for the role.
   *
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;
  /**
   * A description of the role.
   *
   * @default - says it is an API Gateway integration role
   */
  readonly description?: string;
  /**
   * Add `aws:SourceAccount` (this stack's account) to the trust policy, the usual guard against
   * the confused deputy problem for service roles.
   *
   * Off by default: API Gateway has been reported not to send `aws:SourceAccount` when it assumes
   * an integration's credentials role, and then every call through the integration fails with a
   * 500 ("API Gateway does not have permission to assume the provided role"; see
   * aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#479). Turn
   * it on only after testing an integration that uses the role.
   *
   * @default false
   */
  readonly limitToAccount?: boolean;
}

/**
 * A role API Gateway assumes to call AWS services from integrations (the integration's
 * `credentialsRole`).
 *
 * It trusts `apigateway.amazonaws.com` with `sts:AssumeRole` (API Gateway Developer Guide, "API
 * Gateway permissions model for invoking an API": an integration that calls AWS needs a role API
 * Gateway can assume). Permissions are added per target and never with `*`: `allowInvoke(fn)`
 * names the function's ARN and its versions and aliases. One role can replace a Lambda
 * permission per method, whose function policy is limited to 20 KB.
 */
export class ApiGatewayServiceRole extends iam.Role {
  private readonly invokable = new Set<string>();

  constructor(scope: Construct, id: string, props: ApiGatewayServiceRoleProps = {}) {
    const apiGateway = new iam.ServicePrincipal('apigateway.amazonaws.com');
    super(scope, id, {
      roleName: props.roleName,
      description: props.description ?? 'Assumed by API Gateway to call integration targets',
      assumedBy: props.limitToAccount
        ? apiGateway.withConditions({ StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } })
        : apiGateway,
    });
  }

  /**
   * Allows API Gateway, through this role, to invoke the function, its versions and its aliases
   * (`lambda:InvokeFunction` on `ARN` and `ARN:*`).
   *
   * @param fn the function an integration calls
   */
  public allowInvoke(fn: lambda.IFunction): void {
    const arn = fn.functionArn;
    const key = Token.isUnresolved(arn) ? Stack.of(this).resolve(arn) : arn;
    const id = JSON.stringify(key);
    if (this.invokable.has(id)) {
      return;
    }
    this.invokable.add(id);
    this.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [arn, `${arn}:*`],
    }));
  }
}
