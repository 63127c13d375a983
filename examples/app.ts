import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  AccessCaller,
  AccessCheckRule,
  AccessExpectation,
  ApiAccessChecks,
  ApiResourcePolicy,
  IamRestApi,
  ManagementAccess,
  ManagementPolicy,
} from '../src';

/** The account and region every example stack is synthesized for (nothing is deployed). */
export const EXAMPLE_ENV = { account: '111111111111', region: 'eu-west-1' };
/** The partner that reads orders from its own AWS account. */
export const PARTNER_ACCOUNT = '222222222222';
/** The partner's role, in its own account: its policies there allow it to call the storefront. */
export const PARTNER_ROLE_ARN = `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-sync`;
/** The office network, the only place the storefront answers. */
export const OFFICE_CIDR = '198.51.100.0/24';
/** The partner's egress range, also allowed on the storefront. */
export const PARTNER_CIDR = '192.0.2.0/24';
/** The interface VPC endpoint for execute-api that the network team owns (shared VPC). */
export const LEDGER_VPC_ENDPOINT = 'vpce-0a1b2c3d4e5f60718';

/**
 * A shop's APIs, secured with this library:
 *
 * - the storefront (a public, regional API) answers only the office and the partner's networks:
 *   the product catalog is open (NONE) from there, orders need AWS_IAM and go to a Lambda function
 *   through an `ApiGatewayServiceRole`;
 * - the partner reads orders from its own account (a cross-account grant: both sides);
 * - the ledger is a PRIVATE API reached only through the shop's VPC endpoint;
 * - an admin role deploys both APIs (management rights, no invoke rights).
 */
export class ShopStack extends Stack {
  public readonly storefront: IamRestApi;
  public readonly ledger: IamRestApi;
  public readonly clerk: iam.Role;
  public readonly partner: iam.IRole;
  public readonly ledgerReader: iam.Role;
  public readonly admin: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The storefront: a public API that only answers two networks.
    this.storefront = new IamRestApi(this, 'Storefront', {
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      description: 'Products for everyone on the allowed networks, orders for signed-in callers',
      deployOptions: { stageName: 'prod' },
      resourcePolicy: new ApiResourcePolicy()
        // The catalog has no authorization: the resource policy must allow it explicitly.
        .allowAnyone({ httpMethods: ['GET'], paths: ['/products'] })
        .restrictToSourceIps([OFFICE_CIDR, PARTNER_CIDR]),
    });
    this.storefront.root.addResource('products').addMethod('GET', catalogIntegration(), {
      authorizationType: apigateway.AuthorizationType.NONE,
    });
    const orders = new lambda.Function(this, 'Orders', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
    });
    // Both verbs call the function through the API's service role (AWS_IAM by default).
    this.storefront.addLambdaRoute('/orders', 'GET', orders);
    this.storefront.addLambdaRoute('/orders', 'POST', orders);

    // The shop's clerks take and read orders.
    this.clerk = new iam.Role(this, 'Clerk', { assumedBy: new iam.AccountRootPrincipal() });
    this.storefront.grantInvoke(this.clerk, { paths: ['/orders'] });

    // The partner's role lives in its own account: the grant adds the resource-policy side here;
    // the partner's administrators grant the identity side in their account.
    this.partner = iam.Role.fromRoleArn(this, 'Partner', PARTNER_ROLE_ARN, { mutable: false });
    this.storefront.grantInvoke(this.partner, { paths: ['/orders'], httpMethods: ['GET'] });

    // The ledger: a private API, only through the shop's VPC endpoint, only for callers of this account.
    this.ledger = new IamRestApi(this, 'Ledger', {
      description: 'Ledger entries, for the shop\'s own services inside the VPC',
      endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE] },
      deployOptions: { stageName: 'prod' },
      resourcePolicy: new ApiResourcePolicy()
        .allowAccounts([EXAMPLE_ENV.account])
        .restrictToVpcEndpoints([LEDGER_VPC_ENDPOINT]),
    });
    this.ledger.root.addResource('entries').addMethod('GET', catalogIntegration());
    this.ledgerReader = new iam.Role(this, 'LedgerReader', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    this.ledger.grantInvoke(this.ledgerReader, { paths: ['/entries'], httpMethods: ['GET'] });

    // The admin deploys both APIs: management rights, which are not invoke rights.
    this.admin = new iam.Role(this, 'ApiAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    new ManagementPolicy(this, 'ApiAdminAccess', {
      access: ManagementAccess.DEPLOY,
      apis: [this.storefront, this.ledger],
      roles: [this.admin],
    });
  }
}

/** One call the shop intends to allow or to deny, stated with `expectAllowed` / `expectDenied`. */
export interface StatedAccess {
  /** Whether the call must be allowed (else denied). */
  readonly allowed: boolean;
  /** Who calls, in words. */
  readonly who: string;
  /** Where the call comes from, in words. */
  readonly from: string;
  readonly expectation: AccessExpectation;
}

/** The access the shop intends: who may call what from where, and who may not. */
export function shopAccess(shop: ShopStack): StatedAccess[] {
  const storefront = shop.storefront;
  const ledger = shop.ledger;
  const office = { from: `the office (${OFFICE_CIDR})`, sourceIp: '198.51.100.20' };
  const partnerNet = { from: `the partner's network (${PARTNER_CIDR})`, sourceIp: '192.0.2.44' };
  const internet = { from: 'elsewhere on the internet', sourceIp: '203.0.113.99' };
  const endpoint = { from: 'the shop\'s VPC endpoint', vpcEndpointId: LEDGER_VPC_ENDPOINT };
  const otherEndpoint = { from: 'another VPC endpoint', vpcEndpointId: 'vpce-0fffffffffffffff0' };
  // The partner's role is not in this app: AccessCaller.arn takes its own account's policies as allowing.
  const partner = AccessCaller.arn(PARTNER_ROLE_ARN);
  const anyone = AccessCaller.anonymous();
  const call = (allowed: boolean, who: string, caller: AccessCaller, api: apigateway.IRestApi, httpMethod: string, path: string,
    origin: { from: string; sourceIp?: string; vpcEndpointId?: string }): StatedAccess => ({
    allowed,
    who,
    from: origin.from,
    expectation: { caller, api, httpMethod, path, sourceIp: origin.sourceIp, vpcEndpointId: origin.vpcEndpointId },
  });
  return [
    call(true, 'anyone', anyone, storefront, 'GET', '/products', office),
    call(false, 'anyone', anyone, storefront, 'GET', '/products', internet),
    call(false, 'anyone', anyone, storefront, 'GET', '/orders', office),
    call(true, 'the clerk', AccessCaller.principal(shop.clerk), storefront, 'POST', '/orders', office),
    call(true, 'the partner', partner, storefront, 'GET', '/orders', partnerNet),
    call(false, 'the partner', partner, storefront, 'POST', '/orders', partnerNet),
    call(false, 'the admin', AccessCaller.principal(shop.admin), storefront, 'GET', '/orders', office),
    call(true, 'the ledger reader', AccessCaller.principal(shop.ledgerReader), ledger, 'GET', '/entries', endpoint),
    call(false, 'the ledger reader', AccessCaller.principal(shop.ledgerReader), ledger, 'GET', '/entries', otherEndpoint),
    call(false, `a role in ${PARTNER_ACCOUNT}`, AccessCaller.account(PARTNER_ACCOUNT), ledger, 'GET', '/entries', endpoint),
  ];
}

/**
 * States the shop's intended access on the checks: synthesis reports `[ExpectationNotMet]` with the
 * evaluator's reasons when the app does not do what is stated.
 */
export function expectShopAccess(checks: ApiAccessChecks, stated: readonly StatedAccess[]): void {
  for (const { allowed, expectation } of stated) {
    if (allowed) checks.expectAllowed(expectation);
    else checks.expectDenied(expectation);
  }
}

/** A static answer: the examples need no backend to show who can call what. */
function catalogIntegration(): apigateway.Integration {
  return new apigateway.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200' }],
  });
}

/** Builds the example app with its access checks; `outdir` is where the cloud assembly goes. */
export function buildExampleApp(outdir?: string): { app: App; shop: ShopStack; stated: StatedAccess[] } {
  const app = new App({ outdir });
  const checks = ApiAccessChecks.of(app);
  const shop = new ShopStack(app, 'Shop', { env: EXAMPLE_ENV });
  const stated = shopAccess(shop);
  expectShopAccess(checks, stated);
  // The access map shows the catalog open to anyone on the two allowed networks: that is the intent.
  checks.acknowledge(AccessCheckRule.OPEN_METHOD, 'the catalog is public to the office and partner networks on purpose',
    shop.storefront.root.getResource('products'));
  return { app, shop, stated };
}
