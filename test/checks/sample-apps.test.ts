/**
 * Apps written after the patterns of public CDK samples (aws-samples/serverless-patterns: apigw-lambda,
 * apigw-sqs, apigw-dynamodb, apigw-cognito; aws-cdk integration tests for RestApi with nested stacks):
 * deployed as they are, they work, so the checks must report no error and nothing they could not read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ApiAccessChecks } from '../../src/checks';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

function handler(scope: Construct, id: string) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
    tracing: lambda.Tracing.ACTIVE,
    logRetention: logs.RetentionDays.ONE_WEEK,
  });
}

const PATTERNS: Array<[string, (stack: Stack) => void]> = [
  ['apigw-lambda: a LambdaRestApi proxy', stack => {
    new apigateway.LambdaRestApi(stack, 'Proxy', { handler: handler(stack, 'Fn') });
  }],
  ['apigw-sqs: an AWS integration with a credentials role allowed to send', stack => {
    const queue = new sqs.Queue(stack, 'Queue');
    const role = new iam.Role(stack, 'IntegrationRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    queue.grantSendMessages(role);
    const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'prod', loggingLevel: apigateway.MethodLoggingLevel.INFO } });
    api.root.addResource('message').addMethod('POST', new apigateway.AwsIntegration({
      service: 'sqs',
      path: `${stack.account}/${queue.queueName}`,
      integrationHttpMethod: 'POST',
      options: { credentialsRole: role, requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" } },
    }), { authorizationType: apigateway.AuthorizationType.IAM });
  }],
  ['apigw-dynamodb: an IAM-authorized API, a table and a caller role granted GET', stack => {
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const role = new iam.Role(stack, 'TableRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    table.grantReadData(role);
    const api = new apigateway.RestApi(stack, 'Api');
    const get = api.root.addResource('items').addMethod('GET', new apigateway.AwsIntegration({
      service: 'dynamodb', action: 'Scan', options: { credentialsRole: role },
    }), { authorizationType: apigateway.AuthorizationType.IAM });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    get.grantExecute(reader);
    new logs.LogGroup(stack, 'Audit').grantWrite(reader);
  }],
  ['apigw-cognito: a Cognito authorizer with an API key and usage plan', stack => {
    const pool = new cognito.UserPool(stack, 'Users');
    const api = new apigateway.RestApi(stack, 'Api');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
    api.root.addResource('profile').addMethod('GET', new apigateway.LambdaIntegration(handler(stack, 'Fn')), {
      authorizer, authorizationType: apigateway.AuthorizationType.COGNITO, apiKeyRequired: true,
    });
    const plan = api.addUsagePlan('Plan', { throttle: { rateLimit: 10, burstLimit: 2 } });
    plan.addApiKey(api.addApiKey('Key'));
    plan.addApiStage({ stage: api.deploymentStage });
  }],
  ['a Lambda integration with a credentials role allowed to invoke', stack => {
    const fn = handler(stack, 'Fn');
    const role = new iam.Role(stack, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    fn.grantInvoke(role);
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('POST', new apigateway.LambdaIntegration(fn, { credentialsRole: role }), { authorizationType: apigateway.AuthorizationType.IAM });
  }],
  ['aws-cdk integ: a RestApi whose methods live in a NestedStack', stack => {
    const nested = new NestedStack(stack, 'Methods');
    const api = new apigateway.RestApi(nested, 'Api', { deployOptions: { stageName: 'v1' } });
    api.root.addResource('books').addMethod('GET', new apigateway.LambdaIntegration(handler(nested, 'Fn')), {
      authorizationType: apigateway.AuthorizationType.IAM,
    });
  }],
];

test.each(PATTERNS)('%s: no error, no CannotEvaluate', (_name, build) => {
  const app = new App();
  ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Sample', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack);
  const annotations = Annotations.fromStack(stack);
  const ours = Match.stringLikeRegexp('^\\[[A-Za-z]+\\] ');
  expect(annotations.findError('*', ours).map(m => m.entry.data)).toEqual([]);
  expect(annotations.findWarning('*', ours).map(m => m.entry.data)).toEqual([]);
});

test.each(PATTERNS)('%s: the CLI check finds no error and nothing it could not read', (_name, build) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples-'));
  try {
    const app = new App({ outdir });
    build(new Stack(app, 'Sample', { env: { account: '111111111111', region: 'eu-west-1' } }));
    app.synth();
    const io = captureIo();
    runCli(['check', outdir, '--format', 'json'], io);
    const findings = JSON.parse(io.stdout) as Array<{ severity: string; rule: string; message?: string }>;
    expect(findings.filter(f => f.severity !== 'info')).toEqual([]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
