/**
 * Values of a REST API, a method or an authorizer that cannot be read before deployment (a template
 * parameter without AllowedValues, a parameter inside Fn::Join, an import no stack exports) never drop
 * the API or the method (issue 15, "CloudFormation conditions and parameters"). A value that decides
 * nothing (the API's Name, which only labels it) is replaced by the logical id. A String parameter given
 * as a property that takes only a few values (an endpoint type, ApiKeyRequired) is read as each of them;
 * any other value that decides access makes undecided exactly what depends on it, naming the value, and
 * everything else is still analyzed.
 *
 * What each value decides, from the API Gateway developer guide:
 * - the endpoint type: "A private API endpoint is an API endpoint that can only be accessed from your
 *   Amazon VPC using an interface VPC endpoint", while edge-optimized and Regional endpoints are called
 *   from the internet ("Choose an endpoint type to set up for an API Gateway API");
 * - ApiKeyRequired: with it, API Gateway refuses a call without a valid key of a usage plan (403)
 *   ("Usage plans and API keys for REST APIs"), so a call without one is allowed only if it is false;
 * - a Cognito authorizer's ProviderARNs: the user pools whose tokens it accepts; a pool that lets users
 *   sign up gives anyone a token (Cognito developer guide, "Configuring policies for user creation").
 */
import { App, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { findings } from './helpers';
import { entriesFor, expectDenied, FROM_ANYWHERE, reportedMap } from './map-report';
import { checkOutput as check, templateFile } from './template-files';
import { AccessMap } from '../../src';
import { AccessMapDocument, AccessMapMethod } from '../../src/analysis/access-map';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const shopTemplate = (template: object) => templateFile(template, 'Shop.template.json');
const root = { 'Fn::GetAtt': ['Api', 'RootResourceId'] };
const stage = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live', DeploymentId: 'd' } };
function restApi(props: object = {}) {
  return { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop', ...props } };
}
function method(props: object = {}, resourceId: unknown = root) {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: { RestApiId: { Ref: 'Api' }, ResourceId: resourceId, HttpMethod: 'GET', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' }, ...props },
  };
}
const items = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: root, PathPart: 'items' } };
const P = { P: { Type: 'String' } };

function only(document: AccessMapDocument, methodPath = '/'): AccessMapMethod {
  const found = document.apis.flatMap(a => a.methods).filter(m => m.path === methodPath);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('an API whose Name is a parameter', () => {
  const file = () => shopTemplate({ Parameters: P, Resources: { Api: restApi({ Name: { Ref: 'P' } }), Stage: stage, Get: method() } });

  test('is kept, labelled by its logical id, and its methods are decided', () => {
    const document = reportedMap(file());
    expect(document.apis).toEqual([expect.objectContaining({ name: 'Api', logicalId: 'Api', endpointType: 'EDGE' })]);
    expect(entriesFor(only(document), 'anonymous')).toEqual({ allowed: [{ caller: 'anonymous', from: FROM_ANYWHERE }], undecided: [] });
  });

  test('the name decides nothing: no CannotEvaluate', () => {
    expect(check(file())).not.toMatch(/CannotEvaluate/);
  });

  test('AccessMap.of a CDK app whose restApiName is a CfnParameter', () => {
    const stack = new Stack(new App(), 'Shop', { env: ENV });
    const api = new apigateway.RestApi(stack, 'Api', { restApiName: new CfnParameter(stack, 'ApiName').valueAsString, deploy: true });
    api.root.addMethod('GET');
    const document = AccessMap.of(stack).toJson() as unknown as AccessMapDocument;
    expect(document.apis).toHaveLength(1);
    expect(entriesFor(only(document), 'anonymous').allowed).toHaveLength(1);
  });
});

describe('an API whose endpoint type is a String parameter without AllowedValues', () => {
  // The property takes only EDGE, PRIVATE or REGIONAL (CloudFormation User Guide, AWS::ApiGateway::RestApi
  // EndpointConfiguration, Types: "Valid values: EDGE | PRIVATE | REGIONAL"): with any other value
  // nothing is deployed, so the parameter is read as each of the three.
  const file = () => shopTemplate({
    Parameters: P,
    Resources: { Api: restApi({ EndpointConfiguration: { Types: [{ Ref: 'P' }] } }), Stage: stage, Get: method() },
  });

  test('is analyzed as each endpoint type, each answer noted with its value', () => {
    const document = reportedMap(file());
    const byType = new Map(document.apis.map(a => [a.endpointType, a.methods[0]]));
    expect([...byType.keys()].sort()).toEqual(['EDGE', 'PRIVATE', 'REGIONAL']);
    for (const type of ['EDGE', 'REGIONAL']) {
      expect(entriesFor(byType.get(type)!, 'anonymous').allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: `when parameter P is "${type}"` }]);
    }
    // A private API without a resource policy lets nobody in (developer guide, "Private REST APIs":
    // a private API needs a resource policy to be invoked).
    expect(byType.get('PRIVATE')!.allowed).toEqual([]);
    expect(byType.get('PRIVATE')!.undecided).toEqual([]);
  });

  test('check: no CannotEvaluate, nothing was left unread', () => {
    expect(check(file())).not.toMatch(/CannotEvaluate/);
  });
});

describe.each([
  ['a list parameter', { Types: { Ref: 'L' } }, /Api\.EndpointConfiguration\.Types is the template parameter 'L'/],
  ['a parameter inside Fn::Join', { Types: [{ 'Fn::Join': ['', [{ Ref: 'P' }]] }] }, /Api\.EndpointConfiguration\.Types.*'P'/],
  ['an import no stack exports', { Types: [{ 'Fn::ImportValue': 'network-endpoint-type' }] }, /Fn::ImportValue 'network-endpoint-type'/],
])('an API whose endpoint type is %s', (_name, endpoint, because) => {
  const file = () => shopTemplate({
    Parameters: { ...P, L: { Type: 'CommaDelimitedList' } },
    Resources: { Api: restApi({ EndpointConfiguration: endpoint }), Stage: stage, Get: method(), Items: items, Put: method({ HttpMethod: 'PUT', AuthorizationType: 'AWS_IAM' }, { Ref: 'Items' }) },
  });

  test('is kept; every request to it, from the internet or through any VPC endpoint, is undecided, naming the value', () => {
    const document = reportedMap(file());
    expect(document.apis).toEqual([expect.objectContaining({ logicalId: 'Api', endpointType: 'UNKNOWN' })]);
    for (const m of document.apis[0].methods) {
      expect(m.allowed).toEqual([]);
      expect(m.undecided).toEqual([
        { caller: '*', from: FROM_ANYWHERE, because: expect.stringMatching(because) },
        { caller: '*', from: { vpcEndpoints: ['*'] }, because: expect.stringMatching(because) },
      ]);
    }
    expect(document.apis[0].methods.map(m => `${m.httpMethod} ${m.path}`).sort()).toEqual(['GET /', 'PUT /items']);
  });

  test('check: CannotEvaluate names the value and what depends on it', () => {
    expect(check(file())).toMatch(/CannotEvaluate\] .*EndpointConfiguration\.Types.*from the internet \(EDGE, REGIONAL\) or only through VPC endpoints \(PRIVATE\)/);
  });
});

describe('a CDK API whose endpoint type is imported from a stack outside the app', () => {
  function build(stack: Stack) {
    const type = Fn.importValue('network-endpoint-type') as apigateway.EndpointType;
    const api = new apigateway.RestApi(stack, 'Api', { endpointConfiguration: { types: [type] }, deployOptions: { stageName: 'live' } });
    api.root.addResource('items').addMethod('GET');
    return api;
  }

  test('AccessMap.of: GET /items is undecided for everyone, naming the import', () => {
    const stack = new Stack(new App(), 'Shop', { env: ENV });
    build(stack);
    const get = only(AccessMap.of(stack).toJson() as unknown as AccessMapDocument, '/items');
    expect(get.allowed).toEqual([]);
    expect(get.undecided.map(e => e.because)).toEqual([expect.stringMatching(/'network-endpoint-type'/), expect.stringMatching(/'network-endpoint-type'/)]);
  });

  test.each([true, false])('aspect: an expectation (allowed: %s) is never reported met or not met, it cannot be checked', (allowed) => {
    const app = new App();
    const checks = ApiAccessChecks.of(app);
    const stack = new Stack(app, 'Shop', { env: ENV });
    const api = build(stack);
    const expectation = { caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items', stage: 'live' };
    if (allowed) checks.expectAllowed(expectation); else checks.expectDenied(expectation);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/expectation that .* could not be checked.*'network-endpoint-type'/),
    ]));
  });
});

test('a CDK API whose endpoint type is a CfnParameter: expectDenied for anonymous callers is not met (EDGE and REGIONAL let them in)', () => {
  const app = new App();
  const checks = ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Shop', { env: ENV });
  const type = new CfnParameter(stack, 'EndpointType').valueAsString as apigateway.EndpointType;
  const api = new apigateway.RestApi(stack, 'Api', { endpointConfiguration: { types: [type] }, deployOptions: { stageName: 'live' } });
  api.root.addResource('items').addMethod('GET');
  checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items', stage: 'live' });
  expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/EndpointType/)]);
});

describe.each([
  ['Fn::Join of a parameter', { 'Fn::Join': ['', [{ Ref: 'P' }]] }, /'P'/],
  ['Fn::Sub of a parameter', { 'Fn::Sub': '${P}' }, /'P'/],
  ['an import no stack exports', { 'Fn::ImportValue': 'verb' }, /Fn::ImportValue 'verb'/],
])('a method whose HttpMethod is %s', (_name, httpMethod, because) => {
  test('is kept as UNKNOWN, every request undecided naming the value; its sibling is still decided', () => {
    const document = reportedMap(shopTemplate({
      Parameters: P,
      Resources: { Api: restApi(), Stage: stage, Get: method({ HttpMethod: httpMethod }), Items: items, Open: method({}, { Ref: 'Items' }) },
    }));
    expect(only(document, '/')).toMatchObject({ httpMethod: 'UNKNOWN', allowed: [], undecided: [{ caller: '*', because: expect.stringMatching(because) }] });
    expect(entriesFor(only(document, '/items'), 'anonymous').allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE }]);
  });
});

test('a method whose ApiKeyRequired is a String parameter without AllowedValues: read as each of true and false', () => {
  // A Boolean property: CloudFormation deploys the method only with true or false.
  const get = only(reportedMap(shopTemplate({ Parameters: P, Resources: { Api: restApi(), Stage: stage, Get: method({ ApiKeyRequired: { Ref: 'P' } }) } })));
  expect(entriesFor(get, 'anonymous').allowed).toEqual([
    { caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter P is "false"' },
    { caller: 'anonymous', from: FROM_ANYWHERE, note: 'with an API key of a usage plan; when parameter P is "true"' },
  ]);
});

describe('a method whose ApiKeyRequired cannot be read (an import no stack exports)', () => {
  const unread = { 'Fn::ImportValue': 'key-required' };
  const file = () => shopTemplate({
    Resources: {
      Api: restApi(),
      Stage: stage,
      Get: method({ ApiKeyRequired: unread }),
      Items: items,
      Iam: method({ AuthorizationType: 'AWS_IAM', ApiKeyRequired: unread }, { Ref: 'Items' }),
    },
  });

  test('a call without a key is allowed only if no key is required: undecided, naming the value', () => {
    const get = only(reportedMap(file()), '/');
    expect(entriesFor(get, 'anonymous')).toEqual({
      allowed: [],
      undecided: [{ caller: 'anonymous', from: FROM_ANYWHERE, because: expect.stringMatching(/Get\.ApiKeyRequired.*'key-required'.*API key/) }],
    });
  });

  test('a key only narrows access: who the policies deny stays denied', () => {
    // AWS_IAM without any identity policy or resource policy: anonymous callers are refused (403) whatever the key.
    expectDenied(only(reportedMap(file()), '/items'), 'anonymous');
  });

  test('check: CannotEvaluate names the value', () => {
    expect(check(file())).toMatch(/CannotEvaluate\] Get\.ApiKeyRequired.*'key-required'.*whether a call needs an API key is unknown/);
  });

  test('a literal true is still decided: allowed with a key', () => {
    const get = only(reportedMap(shopTemplate({ Resources: { Api: restApi(), Stage: stage, Get: method({ ApiKeyRequired: true }) } })));
    expect(entriesFor(get, 'anonymous').allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'with an API key of a usage plan' }]);
  });
});

describe('a COGNITO_USER_POOLS authorizer whose ProviderARNs cannot be read', () => {
  const authorizer = (providers: unknown) => ({
    Type: 'AWS::ApiGateway::Authorizer',
    Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', Name: 'users', IdentitySource: 'method.request.header.Authorization', ProviderARNs: providers },
  });
  const closedPool = { Type: 'AWS::Cognito::UserPool', Properties: { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } } };
  const get = method({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Auth' } });

  test('the token holders of the unread pools are allowed, noting that the pools may let anyone sign up', () => {
    const m = only(reportedMap(shopTemplate({ Parameters: P, Resources: { Api: restApi(), Stage: stage, Get: get, Auth: authorizer([{ Ref: 'P' }]) } })));
    expect(entriesFor(m, 'cognito:Auth').allowed).toEqual([{
      caller: 'cognito:Auth', from: FROM_ANYWHERE, note: expect.stringMatching(/^may let anyone sign up: the user pools it accepts cannot be read \(Auth\.ProviderARNs\[0\] is the template parameter 'P'/),
    }]);
    expectDenied(m, 'anonymous');
  });

  test('a pool that can be read keeps its own entry beside the unread ones', () => {
    const m = only(reportedMap(shopTemplate({
      Parameters: P,
      Resources: { Api: restApi(), Stage: stage, Get: get, Pool: closedPool, Auth: authorizer([{ 'Fn::GetAtt': ['Pool', 'Arn'] }, { Ref: 'P' }]) },
    })));
    expect(entriesFor(m, 'cognito:Pool').allowed).toEqual([{ caller: 'cognito:Pool', from: FROM_ANYWHERE }]);
    expect(entriesFor(m, 'cognito:Auth').allowed).toEqual([expect.objectContaining({ note: expect.stringMatching(/ProviderARNs\[1\]/) })]);
  });

  test('aspect: expectDenied for anonymous callers cannot be checked (an unread pool may let anyone sign up), never reported met', () => {
    const app = new App();
    const checks = ApiAccessChecks.of(app);
    const stack = new Stack(app, 'Shop', { env: ENV });
    const pool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', new CfnParameter(stack, 'PoolArn').valueAsString);
    const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'live' } });
    api.root.addMethod('GET', undefined, { authorizer: new apigateway.CognitoUserPoolsAuthorizer(stack, 'Auth', { cognitoUserPools: [pool] }) });
    checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/', stage: 'live' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/depends on the authorizer: the user pools of the authorizer of GET \/ cannot be read .*'PoolArn'/),
    ]));
  });
});

test('AccessMap.of a CDK app whose apiKeyRequired is a CfnParameter: each of true and false, noted', () => {
  const stack = new Stack(new App(), 'Shop', { env: ENV });
  const keyRequired = new CfnParameter(stack, 'KeyRequired', { type: 'String' });
  const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'live' } });
  api.root.addMethod('GET', undefined, { apiKeyRequired: Token.asAny(keyRequired) as unknown as boolean });
  const get = only(AccessMap.of(stack).toJson() as unknown as AccessMapDocument);
  expect(entriesFor(get, 'anonymous').allowed).toEqual([
    { caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter KeyRequired is "false"' },
    { caller: 'anonymous', from: FROM_ANYWHERE, note: 'with an API key of a usage plan; when parameter KeyRequired is "true"' },
  ]);
});
