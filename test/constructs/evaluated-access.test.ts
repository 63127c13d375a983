// What the constructs emit, decided by the project's access evaluator (which follows the API
// Gateway guides): the grants allow exactly the intended calls, in the same and in another account.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, callerRole, logicalIdOf, newStack, OTHER_ACCOUNT, resolveIntrinsics } from './helpers';
import { ApiResourcePolicy, IamRestApi } from '../../src/constructs';
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
