// What the constructs emit, decided by the project's access evaluator (which follows the API
// Gateway guides): the grants allow exactly the intended calls, in the same and in another account.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, callerRole, logicalIdOf, newStack, OTHER_ACCOUNT, resolveIntrinsics } from './helpers';
import { ApiResourcePolicy, IamRestApi, ManagementAccess, ManagementPolicy } from '../../src/constructs';
import { AccessEvaluator } from '../../src/evaluator/access-evaluator';

const API_ID = 'a1b2c3d4e5';
const deployed = { partition: 'aws', region: 'us-east-1', account: ACCOUNT, ref: API_ID, getAtt: 'unused' };

function build() {
  const stack = newStack();
  const api = new IamRestApi(stack, 'Api', {
    resourcePolicy: new ApiResourcePolicy().allowAnyone({ paths: ['/health'] }).denySourceIps(['198.51.100.0/24']),
  });
  const pets = api.root.addResource('pets');
  pets.addMethod('GET');
  pets.addMethod('POST');
  pets.addResource('{id}').addMethod('GET');
  api.root.addResource('health').addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.NONE });
  const reader = callerRole(stack, 'Reader');
  api.grantInvoke(reader, { httpMethods: ['GET'] });
  const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`);
  api.grantInvoke(partner, { paths: ['/pets/*'] });
  return { stack, api, reader };
}

function scenarioParts(stack: Stack, api: IamRestApi, reader: iam.Role) {
  const raw = Template.fromStack(stack).toJSON();
  const readerPolicies = Object.values<any>(raw.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === logicalIdOf(stack, reader)))
    .map((r) => resolveIntrinsics(r.Properties.PolicyDocument, deployed));
  expect(readerPolicies).toHaveLength(1);
  return {
    api: {
      id: API_ID,
      account: ACCOUNT,
      region: 'us-east-1',
      resourcePolicy: resolveIntrinsics(raw.Resources[logicalIdOf(stack, api)].Properties.Policy, deployed),
      methods: [
        { httpMethod: 'GET', path: '/pets', authorizationType: 'AWS_IAM' },
        { httpMethod: 'POST', path: '/pets', authorizationType: 'AWS_IAM' },
        { httpMethod: 'GET', path: '/pets/{id}', authorizationType: 'AWS_IAM' },
        { httpMethod: 'GET', path: '/health', authorizationType: 'NONE' },
      ],
    },
    readerPolicies,
  };
}

describe('access to an IamRestApi, as the evaluator decides it', () => {
  const { stack, api, reader } = build();
  const { api: apiModel, readerPolicies } = scenarioParts(stack, api, reader);
  const readerArn = `arn:aws:iam::${ACCOUNT}:role/Reader`;
  // The partner's own account grants it everything: only our resource policy limits it.
  const partnerIdentity = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }];
  const partnerArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`;

  test.each([
    ['reader', readerArn, 'GET', '/pets', 'ALLOW'],
    ['reader', readerArn, 'GET', '/pets/7', 'ALLOW'],
    ['reader', readerArn, 'POST', '/pets', 'IMPLICIT_DENY'],
    ['partner', partnerArn, 'GET', '/pets/7', 'ALLOW'],
    ['partner', partnerArn, 'GET', '/pets', 'IMPLICIT_DENY'],
    ['partner', partnerArn, 'POST', '/pets', 'IMPLICIT_DENY'],
    ['anyone', undefined, 'GET', '/health', 'ALLOW'],
  ])('%s: %s %s %s is %s', (who, principal, httpMethod, path, expected) => {
    const caller = principal === undefined ? undefined : {
      principal,
      identityPolicies: who === 'partner' ? partnerIdentity : readerPolicies,
    };
    const result = AccessEvaluator.evaluate({
      api: apiModel,
      ...(caller ? { caller } : {}),
      request: { stage: 'prod', httpMethod, path, sourceIp: '203.0.113.10' },
    } as any);
    expect(result.decision).toBe(expected);
  });

  test('the denied source range is denied even on the open method', () => {
    const result = AccessEvaluator.evaluate({
      api: apiModel,
      request: { stage: 'prod', httpMethod: 'GET', path: '/health', sourceIp: '198.51.100.7' },
    } as any);
    expect(result.decision).toBe('EXPLICIT_DENY');
  });
});

describe('management access from a ManagementPolicy, as the evaluator decides it', () => {
  function policyDocument(props: Omit<ConstructorParameters<typeof ManagementPolicy>[2], 'apis'>): unknown {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    api.root.addMethod('GET');
    const policy = new ManagementPolicy(stack, 'Policy', { ...props, apis: [api] });
    return resolveIntrinsics(Template.fromStack(stack).toJSON().Resources[logicalIdOf(stack, policy)].Properties.PolicyDocument, deployed);
  }
  const decide = (document: unknown, action: string, path: string, context: Record<string, string[]> = {}) => AccessEvaluator.evaluate({
    management: { account: ACCOUNT, region: 'us-east-1' },
    caller: { principal: `arn:aws:iam::${ACCOUNT}:role/Deployer`, identityPolicies: [document] },
    request: { action, resource: `arn:aws:apigateway:us-east-1::/restapis/${path}`, context },
  } as any).decision;

  test('DEPLOY on private APIs: deploy and update stages of a private API, nothing else', () => {
    const document = policyDocument({ access: ManagementAccess.DEPLOY, endpointTypes: [apigateway.EndpointType.PRIVATE] });
    const privateApi = { 'apigateway:Resource/EndpointType': ['PRIVATE'] };
    expect(decide(document, 'apigateway:POST', `${API_ID}/deployments`, privateApi)).toBe('ALLOW');
    expect(decide(document, 'apigateway:PATCH', `${API_ID}/stages/prod`, privateApi)).toBe('ALLOW');
    expect(decide(document, 'apigateway:GET', `${API_ID}/resources`, privateApi)).toBe('ALLOW');
    expect(decide(document, 'apigateway:PATCH', `${API_ID}/stages/prod`, { 'apigateway:Resource/EndpointType': ['REGIONAL'] })).toBe('IMPLICIT_DENY');
    expect(decide(document, 'apigateway:PATCH', API_ID, privateApi)).toBe('IMPLICIT_DENY');
    expect(decide(document, 'apigateway:DELETE', `${API_ID}/stages/prod`, privateApi)).toBe('IMPLICIT_DENY');
    expect(decide(document, 'apigateway:GET', 'otherapi01')).toBe('IMPLICIT_DENY');
  });

  test('FULL cannot change the resource policy unless allowResourcePolicyUpdate', () => {
    expect(decide(policyDocument({ access: ManagementAccess.FULL }), 'apigateway:UpdateRestApiPolicy', API_ID)).toBe('IMPLICIT_DENY');
    expect(decide(policyDocument({ access: ManagementAccess.FULL, allowResourcePolicyUpdate: true }), 'apigateway:UpdateRestApiPolicy', API_ID)).toBe('ALLOW');
    expect(decide(policyDocument({ access: ManagementAccess.READ_ONLY }), 'apigateway:PATCH', API_ID)).toBe('IMPLICIT_DENY');
  });
});

// What each access level means, from its documentation (ManagementAccess) and the API Gateway REST
// API reference (CreateDeployment is POST /restapis/ID/deployments, UpdateStage is PATCH
// /restapis/ID/stages/NAME, UpdateMethod is PATCH .../resources/RID/methods/VERB, CreateResource is
// POST /restapis/ID/resources/PARENT): every verb on every management path of the API is decided, and
// a grant allows exactly the documented cells and nothing else.
describe('management access from IamRestApi.grantManagement, as the evaluator decides it', () => {
  const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'UpdateRestApiPolicy'];
  const PATHS = [
    API_ID,
    `${API_ID}/resources`,
    `${API_ID}/resources/abc123`,
    `${API_ID}/resources/abc123/methods/GET`,
    `${API_ID}/resources/abc123/methods/GET/integration`,
    `${API_ID}/deployments`,
    `${API_ID}/deployments/dep123`,
    `${API_ID}/stages`,
    `${API_ID}/stages/prod`,
    `${API_ID}/authorizers`,
    'otherapi01',
    'otherapi01/deployments',
    'otherapi01/stages/prod',
  ];
  const ownApi = (path: string) => path.startsWith(API_ID);
  const intended: Record<ManagementAccess, (verb: string, path: string) => boolean> = {
    [ManagementAccess.READ_ONLY]: (verb, path) => ownApi(path) && verb === 'GET',
    [ManagementAccess.DEPLOY]: (verb, path) => ownApi(path) && (verb === 'GET'
      || (verb === 'POST' && path === `${API_ID}/deployments`)
      || (verb === 'PATCH' && path.startsWith(`${API_ID}/stages/`))),
    [ManagementAccess.FULL]: (verb, path) => ownApi(path) && verb !== 'UpdateRestApiPolicy',
  };

  function grantedPolicies(access: ManagementAccess): unknown[] {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    api.root.addMethod('GET');
    const deployer = callerRole(stack, 'Deployer');
    api.grantManagement(deployer, access);
    return Object.values<any>(Template.fromStack(stack).toJSON().Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === logicalIdOf(stack, deployer)))
      .map((r) => resolveIntrinsics(r.Properties.PolicyDocument, deployed));
  }

  test.each(Object.values(ManagementAccess))('%s allows exactly its documented requests', (access) => {
    const identityPolicies = grantedPolicies(access);
    const decisions: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const verb of VERBS) {
      for (const path of PATHS) {
        const cell = `apigateway:${verb} /restapis/${path}`;
        decisions[cell] = AccessEvaluator.evaluate({
          management: { account: ACCOUNT, region: 'us-east-1' },
          caller: { principal: `arn:aws:iam::${ACCOUNT}:role/Deployer`, identityPolicies },
          request: { action: `apigateway:${verb}`, resource: `arn:aws:apigateway:us-east-1::/restapis/${path}` },
        } as any).decision;
        expected[cell] = intended[access](verb, path) ? 'ALLOW' : 'IMPLICIT_DENY';
      }
    }
    expect(decisions).toEqual(expected);
  });

  test('DEPLOY cannot open a method (PATCH it to NONE) or create a resource', () => {
    const identityPolicies = grantedPolicies(ManagementAccess.DEPLOY);
    const decide = (action: string, path: string) => AccessEvaluator.evaluate({
      management: { account: ACCOUNT, region: 'us-east-1' },
      caller: { principal: `arn:aws:iam::${ACCOUNT}:role/Deployer`, identityPolicies },
      request: { action, resource: `arn:aws:apigateway:us-east-1::/restapis/${path}` },
    } as any).decision;
    expect(decide('apigateway:PATCH', `${API_ID}/resources/abc123/methods/GET`)).toBe('IMPLICIT_DENY');
    expect(decide('apigateway:POST', `${API_ID}/resources/abc123`)).toBe('IMPLICIT_DENY');
    expect(decide('apigateway:POST', `${API_ID}/deployments`)).toBe('ALLOW');
  });
});
