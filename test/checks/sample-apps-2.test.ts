/**
 * Apps rebuilt (written here, not copied) from public AWS samples and aws-cdk integration tests that
 * deploy and work as they are: the aspect and `check` must report no error and nothing they could not
 * read, and `report` must say who may call what as AWS decides it once deployed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { FROM_ANYWHERE, parseMap } from './map-report';
import { AccessMapDocument, AccessMapMethod } from '../../src/analysis/access-map';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function handler(scope: Construct, id: string, props: Partial<lambda.FunctionProps> = {}) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
    ...props,
  });
}

/**
 * aws-samples/serverless-patterns apigw-s3-cdk/cdk/lib/apigw-s3-cdk-stack.ts: an EDGE REST API whose
 * methods are AWS_IAM and proxy S3 through a credentials role (README: "invoke the API with AWS IAM
 * credentials", Sigv4-signed requests list buckets and get objects).
 */
function s3Proxy(stack: Stack) {
  const api = new apigateway.RestApi(stack, 'S3ObjectsApi', {
    restApiName: 'S3 Proxy Service',
    endpointConfiguration: { types: [apigateway.EndpointType.EDGE] },
    binaryMediaTypes: ['application/octet-stream', 'image/jpeg'],
  });
  const role = new iam.Role(stack, 'ApiGatewayRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets', 's3:ListBucket', 's3:GetObject', 's3:PutObject'], resources: ['*'] }));
  const s3 = (p: string, httpMethod: string, requestParameters?: Record<string, string>) => new apigateway.AwsIntegration({
    service: 's3',
    region: 'us-east-1',
    path: p,
    integrationHttpMethod: httpMethod,
    options: { credentialsRole: role, passthroughBehavior: apigateway.PassthroughBehavior.WHEN_NO_TEMPLATES, requestParameters, integrationResponses: [{ statusCode: '200' }] },
  });
  const folder = api.root.addResource('{folder}');
  const item = folder.addResource('{item}');
  const iamAuth = { authorizationType: apigateway.AuthorizationType.IAM, methodResponses: [{ statusCode: '200' }] };
  api.root.addMethod('GET', s3('/', 'GET'), iamAuth);
  folder.addMethod('GET', s3('{bucket}', 'GET', { 'integration.request.path.bucket': 'method.request.path.folder' }), { ...iamAuth, requestParameters: { 'method.request.path.folder': true } });
  const objectParams = { 'integration.request.path.bucket': 'method.request.path.folder', 'integration.request.path.object': 'method.request.path.item' };
  const itemParams = { 'method.request.path.folder': true, 'method.request.path.item': true };
  item.addMethod('GET', s3('{bucket}/{object}', 'GET', objectParams), { ...iamAuth, requestParameters: itemParams });
  item.addMethod('PUT', s3('{bucket}/{object}', 'PUT', objectParams), { ...iamAuth, requestParameters: itemParams });
}

/** The interface endpoint for execute-api in a new VPC, as the private-API samples make it. */
function apiEndpoint(stack: Stack, id = 'EndpointApiGateway') {
  const vpc = new ec2.Vpc(stack, `${id}Vpc`, { natGateways: 0, restrictDefaultSecurityGroup: false });
  return { vpc, endpoint: vpc.addInterfaceEndpoint(id, { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY, privateDnsEnabled: true }) };
}

/**
 * aws-samples/serverless-patterns private-apigw-lambda-cdk/src/api/index.ts: a PRIVATE LambdaRestApi
 * bound to one interface endpoint, whose resource policy allows anyone execute-api:/*\/*\/* (README:
 * "the API can be invoked from an EC2 instance or corporate VPN" through the endpoint).
 */
function privateLambdaApi(stack: Stack) {
  const { vpc, endpoint } = apiEndpoint(stack);
  new apigateway.LambdaRestApi(stack, 'PrivateApi', {
    handler: handler(stack, 'Handler', { vpc }),
    endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: [endpoint] },
    policy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], principals: [new iam.AnyPrincipal()], resources: ['execute-api:/*/*/*'] })],
    }),
  });
}

/**
 * aws-samples/serverless-patterns apigw-to-private-apig-cdk/src/api/index.ts: the private API's policy
 * denies every request whose aws:sourceVpce is not the app's endpoint and allows the rest; a public
 * REST API forwards GET / to it through a VPC link to a network load balancer.
 */
function publicToPrivate(stack: Stack) {
  const { vpc, endpoint } = apiEndpoint(stack);
  new apigateway.LambdaRestApi(stack, 'PrivateApi', {
    handler: handler(stack, 'Handler', { vpc }),
    endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: [endpoint] },
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['execute-api:Invoke'],
          principals: [new iam.AnyPrincipal()],
          resources: ['execute-api:/*/*/*'],
          conditions: { StringNotEquals: { 'aws:sourceVpce': endpoint.vpcEndpointId } },
        }),
        new iam.PolicyStatement({ actions: ['execute-api:Invoke'], principals: [new iam.AnyPrincipal()], resources: ['execute-api:/*/*/*'] }),
      ],
    }),
  });
  const nlb = new elb.NetworkLoadBalancer(stack, 'InternalNlb', { vpc, internetFacing: false });
  const link = new apigateway.VpcLink(stack, 'VpcLink', { targets: [nlb] });
  new apigateway.RestApi(stack, 'PublicApi').root.addMethod('GET', new apigateway.Integration({
    type: apigateway.IntegrationType.HTTP_PROXY,
    integrationHttpMethod: 'ANY',
    uri: `https://${nlb.loadBalancerDnsName}/prod`,
    options: { connectionType: apigateway.ConnectionType.VPC_LINK, vpcLink: link },
  }));
}

/**
 * aws/aws-cdk framework-integ aws-apigateway/test/integ.restapi.vpc-endpoint.ts: a PRIVATE API bound
 * to two endpoints in two VPCs, grantInvokeFromVpcEndpointsOnly, and a function in each VPC whose
 * role may execute-api:Invoke the API; the integ test asserts both functions get 200 'OK'.
 */
function twoEndpoints(stack: Stack) {
  const one = apiEndpoint(stack, 'VpcEndpoint1');
  const two = apiEndpoint(stack, 'VpcEndpoint2');
  const api = new apigateway.RestApi(stack, 'Api', {
    endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: [one.endpoint, two.endpoint] },
  });
  api.root.addMethod('GET', new apigateway.MockIntegration({ requestTemplates: { 'application/json': '{"statusCode": 200}' }, integrationResponses: [{ statusCode: '200' }] }), { methodResponses: [{ statusCode: '200' }] });
  api.grantInvokeFromVpcEndpointsOnly([one.endpoint, two.endpoint]);
  [one, two].forEach(({ vpc }, index) => {
    handler(stack, `TestFunction${index}`, { vpc }).addToRolePolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi()] }));
  });
}

/**
 * aws-samples/aws-cdk-examples typescript/apigw-streaming-lambda-bedrock/index.ts: a CfnParameter
 * (with a Default) read by the function, and a POST /chat method (authorization NONE) whose
 * integration URI is overridden to the response-streaming path.
 */
function streamingWithParameter(stack: Stack) {
  const modelId = new CfnParameter(stack, 'BedrockModelId', { type: 'String', default: 'us.anthropic.claude-sonnet-4-20250514-v1:0' });
  const fn = handler(stack, 'StreamingFn', { environment: { MODEL_ID: modelId.valueAsString } });
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['bedrock:InvokeModelWithResponseStream'],
    resources: [`arn:aws:bedrock:${stack.region}:${stack.account}:inference-profile/${modelId.valueAsString}`, 'arn:aws:bedrock:*::foundation-model/*'],
  }));
  const api = new apigateway.RestApi(stack, 'StreamingApi', { deployOptions: { stageName: 'prod' } });
  const method = api.root.addResource('chat').addMethod('POST', new apigateway.LambdaIntegration(fn));
  const cfn = method.node.defaultChild as apigateway.CfnMethod;
  cfn.addPropertyOverride('Integration.Uri', `arn:aws:apigateway:${stack.region}:lambda:path/2021-11-15/functions/${fn.functionArn}/response-streaming-invocations`);
  cfn.addPropertyOverride('Integration.ResponseTransferMode', 'STREAM');
}

/**
 * aws-samples/aws-cdk-examples typescript/api-gateway-parallel-step-functions/index.ts: the VPC lives
 * in a NestedStack, the functions in the parent, and a StepFunctionsRestApi (stage dev) starts an
 * express state machine from ANY / and GET /messages (README: `curl` the endpoint, no credentials).
 */
function nestedVpcStepFunctions(stack: Stack) {
  const nested = new NestedStack(stack, 'nested-stack-lambda');
  const vpc = new ec2.Vpc(nested, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const fn = handler(stack, 'lambda-function-1', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  const stateMachine = new sfn.StateMachine(stack, 'StateMachine', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start', { parameters: { fn: fn.functionArn } })),
  });
  const api = new apigateway.StepFunctionsRestApi(stack, 'my-api', { stateMachine, deployOptions: { stageName: 'dev' } });
  api.root.addResource('messages').addMethod('GET');
}

/**
 * A web app's guest access as Amplify builds it (Amplify docs, REST API, "IAM authorization": "the
 * unauthenticated role will have access to the API"; aws-cdk aws-cognito-identitypool-alpha README:
 * `identityPool.unauthenticatedRole` granted what guests may do): an identity pool allowing
 * unauthenticated identities over a user pool, roles trusting the pool by aud and amr, the guest role
 * granted GET /public and the signed-in role GET and POST /items, all AWS_IAM methods.
 */
function identityPoolGuests(stack: Stack) {
  const users = new cognito.UserPool(stack, 'Users', { selfSignUpEnabled: true });
  const client = users.addClient('Web');
  const pool = new cognito.CfnIdentityPool(stack, 'IdentityPool', {
    allowUnauthenticatedIdentities: true,
    cognitoIdentityProviders: [{ providerName: users.userPoolProviderName, clientId: client.userPoolClientId }],
  });
  const poolRole = (id: string, amr: string) => new iam.Role(stack, id, {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.ref },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
  const guest = poolRole('GuestRole', 'unauthenticated');
  const member = poolRole('MemberRole', 'authenticated');
  new cognito.CfnIdentityPoolRoleAttachment(stack, 'RoleAttachment', {
    identityPoolId: pool.ref, roles: { unauthenticated: guest.roleArn, authenticated: member.roleArn },
  });
  const api = new apigateway.RestApi(stack, 'Api', {
    deployOptions: { stageName: 'prod' },
    defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
  });
  const fn = new apigateway.LambdaIntegration(handler(stack, 'Fn'));
  api.root.addResource('public').addMethod('GET', fn).grantExecute(guest);
  const items = api.root.addResource('items');
  items.addMethod('GET', fn).grantExecute(member);
  items.addMethod('POST', fn).grantExecute(member);
}

/**
 * aws/aws-cdk framework-integ aws-apigateway/test/integ.restapi.multistack.ts, deployed as CDK
 * Pipelines deploys an application Stage: the function in one stack, the API (stage prod, AWS_IAM
 * GET /books) in another, and a role of a third stack granted GET /books across stacks.
 */
function pipelineStage(app: App): Stack[] {
  const stage = new Stage(app, 'Prod', { env: ENV });
  const first = new Stack(stage, 'FirstStack');
  const fn = handler(first, 'firstLambda');
  const second = new Stack(stage, 'SecondStack');
  const api = new apigateway.RestApi(second, 'BooksApi', { restApiName: 'SecondRestAPI' });
  const books = api.root.addResource('books').addMethod('GET', new apigateway.LambdaIntegration(fn), { authorizationType: apigateway.AuthorizationType.IAM });
  const third = new Stack(stage, 'Consumers');
  books.grantExecute(new iam.Role(third, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
  return [first, second, third];
}

/**
 * Amplify's guide "Set up Amplify REST API" (Gen 2, docs.amplify.aws build-a-backend/add-aws-services/
 * rest-api/set-up-rest-api): a RestApi (stage dev) with CORS preflight on every resource, /items and
 * /items/{proxy+} AWS_IAM, /cognito-auth-path behind a Cognito user pools authorizer, and one policy
 * granting arnForExecuteApi('*', '/items', 'dev') and ('*', '/items/*', 'dev') attached to the identity
 * pool's authenticated and unauthenticated roles ("the unauthenticated role will have access to the
 * API", "Define authorization rules").
 */
function amplifyRestApi(stack: Stack) {
  const users = new cognito.UserPool(stack, 'UserPool', { selfSignUpEnabled: true });
  const client = users.addClient('Client');
  const pool = new cognito.CfnIdentityPool(stack, 'IdentityPool', {
    allowUnauthenticatedIdentities: true,
    cognitoIdentityProviders: [{ providerName: users.userPoolProviderName, clientId: client.userPoolClientId }],
  });
  const poolRole = (id: string, amr: string) => new iam.Role(stack, id, {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.ref },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
  const unauthenticated = poolRole('UnauthenticatedRole', 'unauthenticated');
  const authenticated = poolRole('AuthenticatedRole', 'authenticated');
  new cognito.CfnIdentityPoolRoleAttachment(stack, 'RoleAttachment', {
    identityPoolId: pool.ref, roles: { unauthenticated: unauthenticated.roleArn, authenticated: authenticated.roleArn },
  });
  const api = new apigateway.RestApi(stack, 'RestApi', {
    restApiName: 'myRestApi',
    deployOptions: { stageName: 'dev' },
    defaultCorsPreflightOptions: {
      allowOrigins: apigateway.Cors.ALL_ORIGINS,
      allowMethods: apigateway.Cors.ALL_METHODS,
      allowHeaders: apigateway.Cors.DEFAULT_HEADERS,
    },
  });
  const integration = new apigateway.LambdaIntegration(handler(stack, 'ApiFunction'));
  const items = api.root.addResource('items', { defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM } });
  items.addMethod('GET', integration);
  items.addMethod('POST', integration);
  items.addProxy({ anyMethod: true, defaultIntegration: integration });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'CognitoAuth', { cognitoUserPools: [users] });
  api.root.addResource('cognito-auth-path').addMethod('GET', integration, { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer });
  const policy = new iam.Policy(stack, 'RestApiPolicy', {
    statements: [new iam.PolicyStatement({
      actions: ['execute-api:Invoke'],
      resources: [api.arnForExecuteApi('*', '/items', 'dev'), api.arnForExecuteApi('*', '/items/*', 'dev')],
    })],
  });
  authenticated.attachInlinePolicy(policy);
  unauthenticated.attachInlinePolicy(policy);
}

/**
 * aws-samples/aws-cdk-examples typescript/api-gateway-lambda-token-authorizer/lib/stack/
 * gateway-lambda-auth-stack.ts: a LambdaRestApi (proxy: false, stage dev) whose default method options
 * use a TokenAuthorizer, and GET /health (README: calls with the right token get 200, others 401/403).
 */
function tokenAuthorizer(stack: Stack) {
  const authorizer = new apigateway.TokenAuthorizer(stack, 'TokenAuthorizer', { handler: handler(stack, 'AuthenticationLambda') });
  const api = new apigateway.LambdaRestApi(stack, 'Api', {
    handler: handler(stack, 'OperationalLambda'),
    proxy: false,
    deployOptions: { stageName: 'dev' },
    defaultMethodOptions: { authorizer },
  });
  api.root.addResource('health').addMethod('GET');
}

/**
 * aws/aws-cdk framework-integ aws-apigateway/test/integ.spec-restapi.ts: a SpecRestApi (MERGE mode)
 * whose OpenAPI definition holds methods, beside methods the app adds (GET /v1/toys needing an API
 * key, POST /v1/toys NONE). The definition here is inline: the OpenAPI methods serve calls once
 * deployed, and this library does not read OpenAPI.
 */
function specRestApi(stack: Stack) {
  const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } };
  const api = new apigateway.SpecRestApi(stack, 'my-api', {
    mode: apigateway.RestApiMode.MERGE,
    deployOptions: { stageName: 'beta' },
    apiDefinition: apigateway.ApiDefinition.fromInline({
      openapi: '3.0.2',
      info: { title: 'appliances', version: '1' },
      paths: { '/api/appliances': { get: { 'x-amazon-apigateway-integration': mock, 'responses': { 200: { description: 'ok' } } } } },
    }),
  });
  const toys = api.root.addResource('v1').addResource('toys');
  toys.addMethod('GET', new apigateway.LambdaIntegration(handler(stack, 'MyHandler')), { apiKeyRequired: true });
  toys.addMethod('POST');
  const plan = api.addUsagePlan('UsagePlan');
  plan.addApiKey(api.addApiKey('ApiKey'));
  plan.addApiStage({ stage: api.deploymentStage });
}

/**
 * The aws-cdk-lib aws-cognito-identitypool README ("Authenticated and Unauthenticated Roles": grant the
 * pool's roles what each kind of identity may do; "Authentication Providers": a user pool), with the
 * pool and its user pool in a NestedStack (the aws-cdk-examples apps keep shared parts there) and the
 * API in the parent: guests may GET /public, signed-in users GET /items; the user pool does not let
 * anyone sign up.
 */
function identityPoolL2Nested(stack: Stack) {
  const auth = new NestedStack(stack, 'Auth');
  const users = new cognito.UserPool(auth, 'Users', { selfSignUpEnabled: false });
  const pool = new identitypool.IdentityPool(auth, 'Pool', {
    allowUnauthenticatedIdentities: true,
    authenticationProviders: { userPools: [new identitypool.UserPoolAuthenticationProvider({ userPool: users })] },
  });
  const api = new apigateway.RestApi(stack, 'Api', { defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM } });
  api.root.addResource('public').addMethod('GET', new apigateway.MockIntegration()).grantExecute(pool.unauthenticatedRole);
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration()).grantExecute(pool.authenticatedRole);
}

interface SampleApp {
  readonly name: string;
  /** Findings of severity warning or error the app has, and why they are true of it as deployed. */
  readonly expected?: string[];
  /** Builds the app; returns the stacks to read annotations from. */
  readonly build: (app: App) => Stack[];
}

const inStack = (build: (stack: Stack) => void) => (app: App) => {
  const stack = new Stack(app, 'Sample', { env: ENV });
  build(stack);
  return [stack];
};

const APPS: SampleApp[] = [
  { name: 'serverless-patterns apigw-s3-cdk', build: inStack(s3Proxy) },
  {
    name: 'serverless-patterns private-apigw-lambda-cdk',
    build: inStack(privateLambdaApi),
    // True: the API Gateway guide ("Access a private API", resource policies for private APIs) lets a
    // policy allow or deny endpoints by aws:SourceVpce; one that allows everyone lets a VPC endpoint of
    // any account call the API. A warning: synth still passes.
    expected: ["warning [PrivateApiNotRestricted] the resource policy of PRIVATE REST API 'PrivateApi' does not restrict aws:SourceVpc or aws:SourceVpce"],
  },
  { name: 'serverless-patterns apigw-to-private-apig-cdk', build: inStack(publicToPrivate) },
  {
    name: 'aws-cdk integ.restapi.vpc-endpoint',
    build: inStack(twoEndpoints),
    // True, and synth fails on this working integ test: its only method is NONE, so the functions'
    // execute-api:Invoke on arnForExecuteApi() does nothing (they get 200 through the endpoints without
    // it). Whether a grant that does nothing should fail synth is the rule's severity, left to the lead.
    expected: [
      "error [UnpairedInvokeGrant] policy 'TestFunction0ServiceRoleDefaultPolicy02794024' grants execute-api on GET / (NONE) of REST API 'Api'",
      "error [UnpairedInvokeGrant] policy 'TestFunction1ServiceRoleDefaultPolicyEA6A8ACA' grants execute-api on GET / (NONE) of REST API 'Api'",
    ],
  },
  { name: 'aws-cdk-examples apigw-streaming-lambda-bedrock', build: inStack(streamingWithParameter) },
  { name: 'aws-cdk-examples api-gateway-parallel-step-functions', build: inStack(nestedVpcStepFunctions) },
  { name: 'identity pool guests (Amplify REST API, IAM authorization)', build: inStack(identityPoolGuests) },
  { name: 'aws-cdk integ.restapi.multistack in a pipeline Stage', build: pipelineStage },
  { name: 'Amplify Gen 2 REST API with identity pool roles and CORS', build: inStack(amplifyRestApi) },
  { name: 'aws-cdk-examples api-gateway-lambda-token-authorizer', build: inStack(tokenAuthorizer) },
  { name: 'aws-cognito-identitypool IdentityPool in a NestedStack', build: inStack(identityPoolL2Nested) },
  {
    name: 'aws-cdk integ.spec-restapi',
    build: inStack(specRestApi),
    // True: the methods of the OpenAPI definition are not read (the map marks them undecided).
    expected: ['warning [CannotEvaluate] the API is defined by an OpenAPI body; its methods there are not checked'],
  },
];

const OURS = Match.stringLikeRegexp('^\\[[A-Za-z]+\\] ');

const startsWithOneOf = (expected: string[]) => expected.map(e => expect.stringMatching(new RegExp(`^${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));

describe.each(APPS)('$name', ({ build, expected = [] }) => {
  test('the aspect: no error and no warning but those expected', () => {
    const app = new App();
    ApiAccessChecks.of(app);
    const stacks = build(app);
    const found: string[] = [];
    for (const stack of stacks) {
      const annotations = Annotations.fromStack(stack);
      found.push(...annotations.findError('*', OURS).map(m => `error ${m.entry.data}`));
      found.push(...annotations.findWarning('*', OURS).map(m => `warning ${m.entry.data}`));
    }
    expect(found.sort()).toEqual(startsWithOneOf(expected).sort());
  });

  test('the CLI: check finds the same; report prints a map', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples2-'));
    try {
      const app = new App({ outdir });
      build(app);
      app.synth();
      const io = captureIo();
      const code = runCli(['check', outdir, '--format', 'json'], io);
      expect(code).toBe(expected.some(e => e.startsWith('error')) ? ExitCode.MISMATCH : ExitCode.OK);
      const findings = JSON.parse(io.stdout) as Array<{ severity: string; message: string }>;
      expect(findings.filter(f => f.severity !== 'info').map(f => `${f.severity} ${f.message}`).sort()).toEqual(startsWithOneOf(expected).sort());
      const report = captureIo();
      expect(runCli(['report', outdir, '--format', 'json'], report)).toBe(ExitCode.OK);
      expect(parseMap(report.stdout).apis.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

/** The map `report --format json` prints for an app. */
function mapOf(build: (app: App) => Stack[]): AccessMapDocument {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples2-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    const io = captureIo();
    expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    return parseMap(io.stdout);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function methodOf(document: AccessMapDocument, apiName: string | RegExp, p: string, httpMethod: string): AccessMapMethod {
  const apis = document.apis.filter(a => (typeof apiName === 'string' ? a.name === apiName : apiName.test(a.name ?? '')));
  expect(apis).toHaveLength(1);
  const found = apis[0].methods.filter(m => m.path === p && m.httpMethod === httpMethod);
  expect(found).toHaveLength(1);
  return found[0];
}

const callerMatching = (m: AccessMapMethod, pattern: RegExp) => {
  const found = (m.callers ?? []).filter(c => pattern.test(c));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('who may call, as AWS decides once deployed', () => {
  test('identity pool: guests (anyone) may call GET /public; only signed-in users GET /items', () => {
    const document = mapOf(inStack(identityPoolGuests));
    const pub = methodOf(document, 'Api', '/public', 'GET');
    const guest = callerMatching(pub, /:role\/Sample-GuestRole/);
    expect(pub.allowed.filter(e => e.caller === guest)).toEqual([expect.objectContaining({ from: FROM_ANYWHERE, note: expect.stringMatching(/anyone on the internet may get this role's credentials/) })]);
    const items = methodOf(document, 'Api', '/items', 'GET');
    const member = callerMatching(items, /:role\/Sample-MemberRole/);
    expect(items.allowed.filter(e => e.caller === member)).toHaveLength(1);
    expect(items.allowed.filter(e => /GuestRole/.test(e.caller))).toEqual([]);
  });

  test('pipeline Stage: the Consumers stack\'s role may call GET /books across stacks', () => {
    const document = mapOf(pipelineStage);
    const books = methodOf(document, 'SecondRestAPI', '/books', 'GET');
    const reader = callerMatching(books, /:role\/Prod-Consumers-Reader/);
    expect(books.allowed.filter(e => e.caller === reader)).toHaveLength(1);
    expect(books.undecided).toEqual([]);
  });

  test('apigw-s3-cdk: only principals of the account whose own policies allow (no role of the app) may call the AWS_IAM methods', () => {
    const document = mapOf(inStack(s3Proxy));
    const get = methodOf(document, 'S3 Proxy Service', '/{folder}/{item}', 'GET');
    expect(get.allowed).toEqual([{ caller: 'account:111111111111', from: FROM_ANYWHERE }]);
    expect(get.undecided).toEqual([]);
  });

  test('SpecRestApi: the OpenAPI methods are one undecided method (any verb, any path), never a map without them', () => {
    const document = mapOf(inStack(specRestApi));
    const openApi = methodOf(document, 'my-api', '/*', 'UNKNOWN');
    expect(openApi).toMatchObject({ stage: 'beta', authorizationType: 'UNKNOWN', allowed: [] });
    expect(openApi.undecided).toEqual([expect.objectContaining({ caller: '*', from: FROM_ANYWHERE, because: expect.stringMatching(/\.Body \(an OpenAPI definition\)/) })]);
    const post = methodOf(document, 'my-api', '/v1/toys', 'POST');
    expect(post.allowed).toEqual([expect.objectContaining({ caller: 'anonymous', from: FROM_ANYWHERE })]);
  });

  test('IdentityPool in a NestedStack: guests (anyone) may call GET /public; GET /items only the authenticated role, no guest', () => {
    const document = mapOf(inStack(identityPoolL2Nested));
    const pub = methodOf(document, 'Api', '/public', 'GET');
    const guests = pub.allowed.filter(e => e.note !== undefined && /anyone on the internet may get this role's credentials/.test(e.note));
    expect(guests).toEqual([expect.objectContaining({ from: FROM_ANYWHERE })]);
    const items = methodOf(document, 'Api', '/items', 'GET');
    expect(items.allowed.filter(e => e.caller === guests[0].caller)).toEqual([]);
    expect(items.allowed.filter(e => e.caller.includes(':role/'))).toHaveLength(1);
    expect(items.undecided).toEqual([]);
  });

  test('integ.restapi.vpc-endpoint: anyone may call GET / through either endpoint of the app, and from nowhere else', () => {
    const get = methodOf(mapOf(inStack(twoEndpoints)), 'Api', '/', 'GET');
    expect(get.undecided).toEqual([]);
    expect(get.allowed).toHaveLength(1);
    expect(get.allowed[0].caller).toBe('anonymous');
    expect([...get.allowed[0].from.vpcEndpoints ?? []].sort()).toEqual([expect.stringMatching(/^VpcEndpoint1/), expect.stringMatching(/^VpcEndpoint2/)]);
  });

  test('Amplify REST API: both pool roles may call GET /items (guests: anyone); the preflight and the Cognito path are not theirs to grant', () => {
    const document = mapOf(inStack(amplifyRestApi));
    const items = methodOf(document, 'myRestApi', '/items', 'GET');
    const guest = callerMatching(items, /:role\/Sample-UnauthenticatedRole/);
    const member = callerMatching(items, /:role\/Sample-AuthenticatedRole/);
    expect(items.allowed.filter(e => e.caller === guest)).toEqual([expect.objectContaining({ from: FROM_ANYWHERE, note: expect.stringMatching(/anyone on the internet may get this role's credentials/) })]);
    expect(items.allowed.filter(e => e.caller === member)).toHaveLength(1);
    const proxy = methodOf(document, 'myRestApi', '/items/{proxy+}', 'ANY');
    expect(proxy.allowed.filter(e => e.caller === guest)).toHaveLength(1);
  });
});

/**
 * A template written by hand in the shape of the AWS CloudFormation User Guide's condition samples
 * (an EnvType parameter with AllowedValues prod and test, a condition IsProd from Fn::Equals, Fn::If
 * choosing a property, a resource created only in prod): GET /orders is AWS_IAM in prod, NONE in test,
 * on a stage named by EnvType, and a resource policy allows a source range given as a parameter
 * without AllowedValues (any value: the analysis cannot read it).
 */
const CONDITIONAL_TEMPLATE = {
  Parameters: {
    EnvType: { Type: 'String', Default: 'test', AllowedValues: ['prod', 'test'] },
    AllowedCidr: { Type: 'String', Default: '10.0.0.0/8' },
  },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'EnvType' }, 'prod'] } },
  Resources: {
    Api: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: { 'Fn::Sub': 'orders-${EnvType}' },
        Policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': { Ref: 'AllowedCidr' } } } }],
        },
      },
    },
    Orders: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'orders' } },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: { Ref: 'Orders' },
        HttpMethod: 'GET',
        AuthorizationType: { 'Fn::If': ['IsProd', 'AWS_IAM', 'NONE'] },
        Integration: { Type: 'MOCK' },
      },
    },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Get'], Properties: { RestApiId: { Ref: 'Api' } } },
    Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: { Ref: 'EnvType' } } },
    Reader: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsProd',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'sts:AssumeRole' }],
        },
        Policies: [{
          PolicyName: 'invoke',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${EnvType}/GET/orders' } }],
          },
        }],
      },
    },
  },
};

describe('a CloudFormation template with parameters and conditions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples2-'));
  const file = path.join(dir, 'orders.json');
  fs.writeFileSync(file, JSON.stringify(CONDITIONAL_TEMPLATE));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prod (AWS_IAM): unsigned calls are refused whatever the unread source range; the Reader role may call', () => {
    const io = captureIo();
    expect(runCli(['report', file, '--format', 'json'], io)).toBe(ExitCode.OK);
    const prod = methodOf(parseMap(io.stdout), 'orders-prod', '/orders', 'GET');
    expect(prod.authorizationType).toBe('AWS_IAM');
    expect([...prod.allowed, ...prod.undecided].filter(e => e.caller === 'anonymous')).toEqual([]);
    expect(prod.allowed.filter(e => /:role\/orders-Reader-/.test(e.caller))).toHaveLength(1);
  });

  test('test (NONE): anyone\'s calls are undecided, since the source range is a parameter', () => {
    const io = captureIo();
    expect(runCli(['report', file, '--format', 'json'], io)).toBe(ExitCode.OK);
    const test_ = methodOf(parseMap(io.stdout), 'orders-test', '/orders', 'GET');
    expect(test_.allowed).toEqual([]);
    expect(test_.undecided).toEqual([expect.objectContaining({ caller: 'anonymous', because: expect.stringMatching(/AllowedCidr/) })]);
  });

  test('check: no error; OpenMethod only for the test branch', () => {
    const io = captureIo();
    expect(runCli(['check', file, '--format', 'json'], io)).toBe(ExitCode.OK);
    const findings = JSON.parse(io.stdout) as Array<{ severity: string; rule: string; message: string }>;
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(findings.filter(f => f.rule === 'OpenMethod').map(f => f.message)).toEqual([expect.stringMatching(/REST API 'orders-test'/)]);
  });
});

/**
 * CDK Pipelines as its README sets it up (aws-cdk-lib pipelines: a CodePipeline whose synth step runs
 * `cdk synth`, and an application Stage added with addStage), the Stage holding a stack whose API lives
 * in a NestedStack, one reader role in the parent and one in the nested stack. CDK does not carry an
 * aspect of the App into a Stage, so the checks are added to the Stage, as this library's README says.
 */
describe('a CDK Pipelines app whose Stage has an API in a NestedStack', () => {
  function build(app: App): Stage {
    const pipelineStack = new Stack(app, 'Pipeline', { env: ENV });
    const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection('owner/repo', 'main', { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/example' }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
    const stage = new Stage(app, 'Prod', { env: ENV });
    const service = new Stack(stage, 'Service');
    const layer = new NestedStack(service, 'ApiLayer');
    const api = new apigateway.RestApi(layer, 'Api', { deployOptions: { stageName: 'prod' } });
    const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    get.grantExecute(new iam.Role(service, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    get.grantExecute(new iam.Role(layer, 'NestedReader', { assumedBy: new iam.AccountRootPrincipal() }));
    pipeline.addStage(stage);
    return stage;
  }

  test('the aspect on the Stage: no error, no warning', () => {
    const app = new App();
    const stage = build(app);
    ApiAccessChecks.of(stage);
    const assembly = app.synth().getNestedAssembly('assembly-Prod');
    const ours = assembly.stacks.flatMap(s => s.messages).filter(m => /^\[[A-Za-z]+\] /.test(String(m.entry.data)));
    expect(ours.filter(m => m.level !== 'info')).toEqual([]);
  });

  test('the CLI reads the Stage\'s assembly: both roles may call GET /items, nothing undecided', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples2-'));
    try {
      const app = new App({ outdir });
      build(app);
      app.synth();
      const check = captureIo();
      expect(runCli(['check', outdir, '--format', 'json'], check)).toBe(ExitCode.OK);
      expect(JSON.parse(check.stdout)).toEqual([]);
      const io = captureIo();
      expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
      const items = methodOf(parseMap(io.stdout), 'Api', '/items', 'GET');
      // The nested stack's role is named after the nested stack (its symbolic name is cut at 64
      // characters before its logical id), so only its stack is asserted.
      expect(items.allowed.map(e => e.caller).filter(c => c.includes(':role/')).sort()).toEqual([
        expect.stringMatching(/:role\/Prod-Service-ApiLayer/),
        expect.stringMatching(/:role\/Prod-Service-Reader/),
      ]);
      expect(items.undecided).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

test('SpecRestApi: an expectDenied on a route its OpenAPI definition may define is not met silently, but cannot be checked', () => {
  const app = new App();
  const checks = ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Sample', { env: ENV });
  specRestApi(stack);
  const api = stack.node.findChild('my-api') as apigateway.SpecRestApi;
  // GET /api/appliances is in the OpenAPI definition, with no authorization: anyone may call it.
  checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/api/appliances' });
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('^\\[CannotEvaluate\\] the expectation')).map(m => m.entry.data);
  expect(warnings).toEqual([expect.stringMatching(/an anonymous caller may not call GET \/api\/appliances .* could not be checked: .*\.Body \(an OpenAPI definition\)/)]);
});
