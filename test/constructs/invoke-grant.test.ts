import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, callerRole, inlineStatements, logicalIdOf, newStack, OTHER_ACCOUNT } from './helpers';
import { IamRestApi, InvokeGrant } from '../../src/constructs';

function plainApi(stack: Stack) {
  const api = new apigateway.RestApi(stack, 'Api');
  const pets = api.root.addResource('pets');
  const iamOptions = { authorizationType: apigateway.AuthorizationType.IAM };
  const listPets = pets.addMethod('GET', undefined, iamOptions);
  const getPet = pets.addResource('{id}').addMethod('GET', undefined, iamOptions);
  const open = api.root.addResource('open').addMethod('GET');
  return { api, listPets, getPet, open };
}

describe('InvokeGrant.onMethods on a plain RestApi', () => {
  test('grants execute-api:Invoke on the methods, for the deployment stage', () => {
    const stack = newStack();
    const { api, listPets, getPet } = plainApi(stack);
    const role = callerRole(stack);
    InvokeGrant.onMethods(role, [listPets, getPet]);
    const arn = (suffix: string) => ({
      'Fn::Join': ['', [
        'arn:', { Ref: 'AWS::Partition' }, `:execute-api:us-east-1:${ACCOUNT}:`, { Ref: logicalIdOf(stack, api) },
        '/', { Ref: logicalIdOf(stack, api.deploymentStage) }, suffix,
      ]],
    });
    // Both methods are all the API's GET methods under /pets: one pattern, matching nothing else.
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))).toEqual([{
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: [arn('/GET/pets*')],
    }]);
  });

  test('filters and stages apply to the given methods', () => {
    const stack = newStack();
    const { listPets, getPet } = plainApi(stack);
    const role = callerRole(stack);
    InvokeGrant.onMethods(role, [listPets, getPet], { paths: ['/pets/{id}'], stages: ['beta'] });
    const [statement] = inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role));
    expect(statement.Resource).toHaveLength(1);
    expect(JSON.stringify(statement.Resource)).toContain('/beta/GET/pets/*');
  });

  test('a method that is not AWS_IAM is refused, saying why the grant would have no effect', () => {
    const stack = newStack();
    const { open } = plainApi(stack);
    expect(() => InvokeGrant.onMethods(callerRole(stack), [open]))
      .toThrow(/methods: GET \/open uses NONE authorization, so API Gateway never checks IAM for it/);
  });

  test('a grantee of another account is refused: the resource-policy side is missing', () => {
    const stack = newStack();
    const { listPets } = plainApi(stack);
    const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`);
    expect(() => InvokeGrant.onMethods(partner, [listPets]))
      .toThrow(/grantee: arn:aws:iam::222222222222:role\/Partner is in another account than the API Stack\/Api: a cross-account invoke needs both .* add to the API's resource policy/);
  });

  test('an imported API cannot take the resource side either', () => {
    const stack = newStack();
    const api = apigateway.RestApi.fromRestApiAttributes(stack, 'Imported', { restApiId: 'a1b2c3d4e5', rootResourceId: 'r00t' });
    const method = api.root.addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
    expect(() => InvokeGrant.onMethods(new iam.AccountPrincipal(OTHER_ACCOUNT), [method], { stages: ['prod'] }))
      .toThrow(/is in another account than the API Stack\/Imported/);
  });

  test('an imported API has no deployment stage: the stages must be named', () => {
    const stack = newStack();
    const api = apigateway.RestApi.fromRestApiAttributes(stack, 'Imported', { restApiId: 'a1b2c3d4e5', rootResourceId: 'r00t' });
    const method = api.root.addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
    expect(() => InvokeGrant.onMethods(callerRole(stack), [method])).toThrow(/stages: the API Stack\/Imported has no deployment stage/);
    const role = callerRole(stack, 'Other');
    InvokeGrant.onMethods(role, [method], { stages: ['prod'] });
    expect(JSON.stringify(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))))
      .toContain(':a1b2c3d4e5/prod/GET/');
  });

  test('when the accounts cannot be compared, the grant warns that the resource side may be missing', () => {
    const stack = new Stack(new App(), 'Agnostic'); // no account: the API's account is a token
    const { listPets } = plainApi(stack);
    InvokeGrant.onMethods(new iam.AccountPrincipal(OTHER_ACCOUNT), [listPets]);
    Annotations.fromStack(stack).hasWarning('/Agnostic/Api', Match.stringLikeRegexp('cannot tell whether .* is in the account of the API'));
  });

  test('an empty method list is refused', () => {
    expect(() => InvokeGrant.onMethods(callerRole(newStack()), [])).toThrow(/methods: expected at least one method/);
  });
});

describe('InvokeGrant.onMethods on an IamRestApi', () => {
  test('adds the resource-policy side for a grantee of another account', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    const method = api.root.addResource('pets').addMethod('GET');
    InvokeGrant.onMethods(new iam.AccountPrincipal(OTHER_ACCOUNT), [method]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: [Match.objectLike({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ['execute-api:/prod/GET/pets'] })] },
    });
  });
});
