import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AccessCaller, ApiAccessChecks } from '../src';
import { EXAMPLE_ENV, PARTNER_ROLE_ARN, LEDGER_VPC_ENDPOINT, OFFICE_CIDR } from './app';

/**
 * The deliberately broken variant: the shop of `app.ts` written with plain aws-cdk-lib, with the
 * mistakes this library exists to catch. Each one deploys without complaint and fails (or opens up)
 * only in production; `ApiAccessChecks` reports every one at synth time.
 */
export class BrokenShopStack extends Stack {
  public readonly storefront: apigateway.RestApi;
  public readonly ledger: apigateway.RestApi;
  public readonly clerk: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Mistake: the resource policy allows a named account ({"AWS": "arn:...:root"}). A call to a
    // method that is not AWS_IAM carries no IAM identity, so that statement never matches it and the
    // open catalog (NONE) is denied to everyone. ("*" or {"AWS": "*"}, i.e. iam.StarPrincipal or
    // iam.AnyPrincipal, would have let everyone in.)
    this.storefront = new apigateway.RestApi(this, 'Storefront', {
      deployOptions: { stageName: 'prod' },
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
        })],
      }),
    });
    const products = this.storefront.root.addResource('products').addMethod('GET', new apigateway.MockIntegration(), {
      authorizationType: apigateway.AuthorizationType.NONE,
    });

    // Mistake: an IAM grant on a method whose authorization is NONE has no effect.
    this.clerk = new iam.Role(this, 'Clerk', { assumedBy: new iam.AccountRootPrincipal() });
    products.grantExecute(this.clerk);

    // Mistake: the integration role trusts API Gateway but may not invoke the function.
    const orders = new lambda.Function(this, 'Orders', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
    });
    const integrationRole = new iam.Role(this, 'IntegrationRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    this.storefront.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(orders, {
      credentialsRole: integrationRole,
    }), { authorizationType: apigateway.AuthorizationType.IAM });

    // Mistake: a private API restricted with aws:SourceIp, a key that calls through a VPC endpoint
    // never carry: every call is denied.
    this.ledger = new apigateway.RestApi(this, 'Ledger', {
      endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE] },
      deployOptions: { stageName: 'prod' },
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.AnyPrincipal()], // {"AWS": "*"}: everyone, which is not the mistake here
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { IpAddress: { 'aws:SourceIp': [OFFICE_CIDR] } },
        })],
      }),
    });
    this.ledger.root.addResource('entries').addMethod('GET', new apigateway.MockIntegration(), {
      authorizationType: apigateway.AuthorizationType.IAM,
    });

    // Mistake: the admin may do anything to any API Gateway resource.
    const admin = new iam.Role(this, 'ApiAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    admin.addToPolicy(new iam.PolicyStatement({ actions: ['apigateway:*'], resources: ['*'] }));
  }
}

/** Builds the broken variant with its access checks; `outdir` is where the cloud assembly goes. */
export function buildBrokenApp(outdir?: string): { app: App; stack: BrokenShopStack } {
  const app = new App({ outdir });
  const checks = ApiAccessChecks.of(app);
  const stack = new BrokenShopStack(app, 'BrokenShop', { env: EXAMPLE_ENV });
  // Mistake: the partner was promised the orders, but nothing here allows its account.
  checks.expectAllowed({ caller: AccessCaller.arn(PARTNER_ROLE_ARN), api: stack.storefront, httpMethod: 'GET', path: '/orders' });
  // Holds on paper, fails in production: the aws:SourceIp condition denies every call through the endpoint.
  checks.expectAllowed({
    caller: AccessCaller.principal(stack.clerk), api: stack.ledger, httpMethod: 'GET', path: '/entries', vpcEndpointId: LEDGER_VPC_ENDPOINT,
  });
  return { app, stack };
}
