import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The example app: a REST API whose reader role may call GET /items with IAM authorization.
 */
export class ItemsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const api = new apigateway.RestApi(this, 'ItemsApi', { deployOptions: { stageName: 'prod' } });
    const items = api.root.addResource('items');
    const getItems = items.addMethod('GET', new apigateway.MockIntegration(), {
      authorizationType: apigateway.AuthorizationType.IAM,
    });
    const reader = new iam.Role(this, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    getItems.grantExecute(reader);
  }
}

/** Builds the example app; `outdir` is where the cloud assembly goes. */
export function buildExampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new ItemsStack(app, 'ItemsStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  return app;
}
