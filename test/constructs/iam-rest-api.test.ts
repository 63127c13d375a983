import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ACCOUNT, callerRole, inlineStatements, logicalIdOf, newStack, OTHER_ACCOUNT } from './helpers';
import { ApiResourcePolicy, IamRestApi, ManagementAccess } from '../../src/constructs';

/** `arn:${Partition}:execute-api:us-east-1:ACCOUNT:${Api}/SUFFIX` as the template writes it. */
function invokeArn(stack: Stack, api: IamRestApi, suffix: string): any {
  return {
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, `:execute-api:us-east-1:${ACCOUNT}:`, { Ref: logicalIdOf(stack, api) }, `/${suffix}`,
    ]],
  };
}

function petStore(stack: Stack, props: ConstructorParameters<typeof IamRestApi>[2] = {}) {
  const api = new IamRestApi(stack, 'Api', props);
  const pets = api.root.addResource('pets');
  const listPets = pets.addMethod('GET');
  const createPet = pets.addMethod('POST');
  const getPet = pets.addResource('{id}').addMethod('GET');
  const health = api.root.addResource('health').addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.NONE });
  return { api, listPets, createPet, getPet, health };
}

function newFunction(stack: Stack, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = 1') });
}

describe('IamRestApi authorization', () => {
  test('methods default to AWS_IAM; a method may still choose another type', () => {
    const stack = newStack();
    petStore(stack);
    const template = Template.fromStack(stack);
    expect(Object.values(template.findResources('AWS::ApiGateway::Method')).map((m: any) => m.Properties.AuthorizationType).sort())
      .toEqual(['AWS_IAM', 'AWS_IAM', 'AWS_IAM', 'NONE']);
  });

  test('an authorizer in defaultMethodOptions keeps its own authorization type', () => {
    const stack = newStack();
    const authorizer = new apigateway.TokenAuthorizer(stack, 'Auth', { handler: newFunction(stack) });
    const api = new IamRestApi(stack, 'Api', { defaultMethodOptions: { authorizer } });
    api.root.addMethod('GET');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });
  });

  test('the `policy` prop is refused: the resource policy is an ApiResourcePolicy grants can extend', () => {
    const stack = newStack();
    expect(() => new IamRestApi(stack, 'Api', { policy: new iam.PolicyDocument() })).toThrow(/policy: IamRestApi takes its resource policy as `resourcePolicy`/);
  });

  test('no resource policy is rendered while nothing needs one', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    api.grantInvoke(callerRole(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
  });
});

describe('IamRestApi.grantInvoke', () => {
  test('covers only the AWS_IAM methods, merged into patterns that match no other method', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    const role = callerRole(stack);
    api.grantInvoke(role);
    // GET /health is NONE: an IAM grant has no effect on it, so the grant names the /pets subtree only.
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))).toEqual([{
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: [invokeArn(stack, api, 'prod/*/pets*')],
    }]);
  });

  test('when every method is AWS_IAM, the grant is the whole stage', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    api.root.addResource('a').addMethod('GET');
    api.root.addResource('b').addMethod('DELETE');
    const role = callerRole(stack);
    api.grantInvoke(role);
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([invokeArn(stack, api, 'prod/*')]);
  });

  test('filters by path and HTTP method; a pattern never reaches a sibling that was not granted', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    const role = callerRole(stack);
    api.grantInvoke(role, { paths: ['/pets', '/pets/*'], httpMethods: ['get'] });
    // GET /pets and GET /pets/{id}, but not POST /pets.
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([invokeArn(stack, api, 'prod/GET/pets*')]);
  });

  test('named methods, on named stages', () => {
    const stack = newStack();
    const { api, createPet } = petStore(stack);
    const role = callerRole(stack);
    api.grantInvoke(role, { methods: [createPet], stages: ['dev', 'prod'] });
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([
      invokeArn(stack, api, 'dev/POST/pets'),
      invokeArn(stack, api, 'prod/POST/pets'),
    ]);
  });

  test('the deployment stage name follows deployOptions', () => {
    const stack = newStack();
    const { api, getPet } = petStore(stack, { deployOptions: { stageName: 'live' } });
    const role = callerRole(stack);
    api.grantInvoke(role, { methods: [getPet] });
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([invokeArn(stack, api, 'live/GET/pets/*')]);
  });

  test('grantInvalidateCache grants execute-api:InvalidateCache with the same pairing', () => {
    const stack = newStack();
    const { api, listPets } = petStore(stack);
    const role = callerRole(stack);
    api.grantInvalidateCache(role, { methods: [listPets] });
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))).toEqual([{
      Effect: 'Allow',
      Action: 'execute-api:InvalidateCache',
      Resource: [invokeArn(stack, api, 'prod/GET/pets')],
    }]);
  });

  test('a grantee of the same account gets no resource-policy statement (the identity side suffices)', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    api.grantInvoke(callerRole(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
  });

  test('a grantee of another account also gets the resource-policy side, in the shorthand, for the same methods', () => {
    const stack = newStack();
    const { api, getPet } = petStore(stack, { resourcePolicy: new ApiResourcePolicy().restrictToSourceIps(['203.0.113.0/24']) });
    const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`);
    api.grantInvoke(partner, { methods: [getPet] });
    const policy = Template.fromStack(stack).toJSON().Resources[logicalIdOf(stack, api)].Properties.Policy;
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny' }),
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner` },
        Resource: ['execute-api:/prod/GET/pets/*'],
      },
    ]);
  });

  test('an account principal of another account gets the resource-policy side', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    api.grantInvoke(new iam.AccountPrincipal(OTHER_ACCOUNT), { httpMethods: ['POST'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Resource: ['execute-api:/prod/POST/pets'] })] },
    });
  });
});

describe('IamRestApi.grantInvoke refuses grants that cannot work', () => {
  test('naming a method that is not AWS_IAM says why the grant would have no effect', () => {
    const stack = newStack();
    const { api, health } = petStore(stack);
    expect(() => api.grantInvoke(callerRole(stack), { methods: [health] }))
      .toThrow(/methods: GET \/health uses NONE authorization, so API Gateway never checks IAM for it and an invoke grant would have no effect/);
  });

  test('a method of another API is refused', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    const other = new apigateway.RestApi(stack, 'Other');
    const foreign = other.root.addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
    expect(() => api.grantInvoke(callerRole(stack), { methods: [foreign] })).toThrow(/methods: GET \/ belongs to Stack\/Other, not to Stack\/Api/);
  });

  test('filters that match only methods of other authorization types are an error', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    expect(() => api.grantInvoke(callerRole(stack), { paths: ['/health'] }))
      .toThrow(/grantInvoke: no AWS_IAM method of Stack\/Api matches the grant; these match but use another authorization type.*GET \/health \(NONE\)/);
  });

  test('a grant before any method is an error that says to add the methods first', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    api.root.addResource('x');
    expect(() => api.grantInvoke(callerRole(stack))).toThrow(/add the methods first/);
  });

  test('an API without a deployment needs explicit stages', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api', { deploy: false });
    api.root.addMethod('GET');
    expect(() => api.grantInvoke(callerRole(stack))).toThrow(/stages: the API Stack\/Api has no deployment stage/);
  });

  test.each([
    [{ paths: ['pets'] }, /paths: "pets" is not a resource path/],
    [{ httpMethods: ['FETCH'] }, /httpMethods: "FETCH" is not an HTTP method/],
    [{ stages: ['a b'] }, /stages: "a b" is not a stage name/],
    [{ paths: [] }, /paths: expected at least one value/],
    [{ methods: [] }, /methods: expected at least one method/],
  ])('invalid option %j', (options, message) => {
    const stack = newStack();
    const { api } = petStore(stack);
    expect(() => api.grantInvoke(callerRole(stack), options)).toThrow(message);
  });

  test('a method added after a grant narrows its patterns instead of falling under them', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    const role = callerRole(stack);
    api.grantInvoke(role, { httpMethods: ['GET'] });
    api.root.addResource('pets-admin').addMethod('GET'); // would fall under `GET/pets*`
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([
      invokeArn(stack, api, 'prod/GET/pets'),
      invokeArn(stack, api, 'prod/GET/pets/*'),
    ]);
  });
});

describe('IamRestApi resource policy validation', () => {
  test('a PRIVATE API without a resource policy is a synth error (every call would fail)', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api', { endpointTypes: [apigateway.EndpointType.PRIVATE] });
    api.root.addMethod('GET');
    expect(() => Template.fromStack(stack)).toThrow(/every call to a PRIVATE API fails until its resource policy allows it/);
  });

  test('restricting a public API to VPC endpoints is a synth error (no call carries aws:SourceVpce)', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api', { resourcePolicy: new ApiResourcePolicy().allowAnyone().restrictToVpcEndpoints(['vpce-01234567']) });
    api.root.addMethod('GET');
    expect(() => Template.fromStack(stack)).toThrow(/restrictToVpcEndpoints \/ restrictToVpcs deny every call to an API that is not PRIVATE/);
  });

  test('statements can be added to the policy after construction', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    api.root.addMethod('GET');
    api.apiResourcePolicy.allowAccounts([OTHER_ACCOUNT]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: [Match.objectLike({ Effect: 'Allow', Resource: 'execute-api:/*' })] },
    });
  });
});

describe('IamRestApi.grantManagement', () => {
  test('grants the management verbs on this API only', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    const role = callerRole(stack);
    api.grantManagement(role, ManagementAccess.READ_ONLY);
    const apiId = { Ref: logicalIdOf(stack, api) };
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))).toEqual([{
      Effect: 'Allow',
      Action: 'apigateway:GET',
      Resource: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/', apiId]] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/', apiId, '/*']] },
      ],
    }]);
  });
});

describe('IamRestApi.addLambdaRoute', () => {
  test('integrates through the API service role, without a Lambda permission per method', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    const fn = newFunction(stack);
    api.addLambdaRoute('/orders/{id}', 'GET', fn);
    api.addLambdaRoute('/orders', 'POST', fn);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    template.resourceCountIs('AWS::IAM::Role', 3); // the function's, CloudWatch's and the service role
    const roleId = logicalIdOf(stack, api.serviceRole);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'AWS_IAM',
      Integration: {
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Credentials: { 'Fn::GetAtt': [roleId, 'Arn'] },
        Uri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':apigateway:us-east-1:lambda:path/2015-03-31/functions/'])] }),
      },
    });
    const fnArn = { 'Fn::GetAtt': [logicalIdOf(stack, fn), 'Arn'] };
    // One statement for the function, however many routes use it; its versions and aliases, never `*`.
    expect(inlineStatements(template.toJSON(), roleId)).toEqual([{
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: [fnArn, { 'Fn::Join': ['', [fnArn, ':*']] }],
    }]);
    // Trusts API Gateway, without aws:SourceAccount (API Gateway does not send it for credentials roles).
    expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'apigateway.amazonaws.com' },
    }]);
  });

  test('the route is an AWS_IAM method that grants can cover', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    const method = api.addLambdaRoute('/orders', 'GET', newFunction(stack));
    const role = callerRole(stack);
    api.grantInvoke(role, { methods: [method] });
    expect(inlineStatements(Template.fromStack(stack).toJSON(), logicalIdOf(stack, role))[0].Resource).toEqual([invokeArn(stack, api, 'prod/GET/orders')]);
  });

  test('a path without a leading slash is refused', () => {
    const stack = newStack();
    const api = new IamRestApi(stack, 'Api');
    expect(() => api.addLambdaRoute('orders', 'GET', newFunction(stack))).toThrow(/path: "orders" must start with "\/"/);
  });

  test('no warnings on a plain IamRestApi', () => {
    const stack = newStack();
    const { api } = petStore(stack);
    api.grantInvoke(callerRole(stack));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
