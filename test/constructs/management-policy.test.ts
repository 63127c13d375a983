import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { callerRole, logicalIdOf, newStack } from './helpers';
import { IamRestApi, ManagementAccess, ManagementPolicy } from '../../src/constructs';

const mgmt = ([first, ...rest]: any[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:apigateway:us-east-1::${first}`, ...rest]] });

function statementsOf(props: Omit<ConstructorParameters<typeof ManagementPolicy>[2], 'access'> & { access: ManagementAccess }, withApi = false) {
  const stack = newStack();
  let apiRef: any;
  if (withApi) {
    const api = new IamRestApi(stack, 'Api');
    api.root.addMethod('GET');
    apiRef = { Ref: logicalIdOf(stack, api) };
    new ManagementPolicy(stack, 'Policy', { ...props, apis: [api] });
  } else {
    new ManagementPolicy(stack, 'Policy', props);
  }
  const policy = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0];
  return { statements: policy.Properties.PolicyDocument.Statement, apiRef };
}

describe('ManagementPolicy', () => {
  test('READ_ONLY: apigateway:GET on every REST API of the region by default', () => {
    expect(statementsOf({ access: ManagementAccess.READ_ONLY }).statements).toEqual([{
      Effect: 'Allow',
      Action: 'apigateway:GET',
      Resource: [mgmt(['/restapis']), mgmt(['/restapis/*'])],
    }]);
  });

  test('READ_ONLY on named APIs uses their management ARNs (no account segment)', () => {
    const { statements, apiRef } = statementsOf({ access: ManagementAccess.READ_ONLY }, true);
    expect(statements[0].Resource).toEqual([mgmt(['/restapis/', apiRef]), mgmt(['/restapis/', apiRef, '/*'])]);
  });

  test('DEPLOY: read, POST deployments, PATCH stages', () => {
    const { statements, apiRef } = statementsOf({ access: ManagementAccess.DEPLOY }, true);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'apigateway:GET', Resource: [mgmt(['/restapis/', apiRef]), mgmt(['/restapis/', apiRef, '/*'])] },
      { Effect: 'Allow', Action: 'apigateway:POST', Resource: mgmt(['/restapis/', apiRef, '/deployments']) },
      { Effect: 'Allow', Action: 'apigateway:PATCH', Resource: mgmt(['/restapis/', apiRef, '/stages/*']) },
    ]);
  });

  test('FULL: every verb, but not the resource policy', () => {
    const { statements } = statementsOf({ access: ManagementAccess.FULL });
    expect(statements).toEqual([{
      Effect: 'Allow',
      Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
      Resource: [mgmt(['/restapis']), mgmt(['/restapis/*'])],
    }]);
    expect(JSON.stringify(statements)).not.toContain('UpdateRestApiPolicy');
  });

  test('allowResourcePolicyUpdate adds apigateway:UpdateRestApiPolicy', () => {
    const { statements } = statementsOf({ access: ManagementAccess.FULL, allowResourcePolicyUpdate: true });
    expect(statements[1]).toEqual({
      Effect: 'Allow',
      Action: 'apigateway:UpdateRestApiPolicy',
      Resource: [mgmt(['/restapis']), mgmt(['/restapis/*'])],
    });
  });

  test('endpointTypes conditions every statement on both EndpointType keys', () => {
    const { statements } = statementsOf({ access: ManagementAccess.DEPLOY, endpointTypes: [apigateway.EndpointType.PRIVATE] });
    for (const statement of statements) {
      expect(statement.Condition).toEqual({
        'ForAllValues:StringEqualsIfExists': {
          'apigateway:Request/EndpointType': ['PRIVATE'],
          'apigateway:Resource/EndpointType': ['PRIVATE'],
        },
      });
    }
  });

  test('attaches to the given roles', () => {
    const stack = newStack();
    const role = callerRole(stack);
    new ManagementPolicy(stack, 'Policy', { access: ManagementAccess.READ_ONLY, roles: [role] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: logicalIdOf(stack, role) }] });
  });

  test.each([
    [{ access: ManagementAccess.READ_ONLY, apis: [] }, /apis: expected at least one API/],
    [{ access: ManagementAccess.READ_ONLY, endpointTypes: [] }, /endpointTypes: expected at least one endpoint type/],
    [{ access: 'WRITE' as ManagementAccess }, /access: WRITE is not a ManagementAccess/],
  ])('invalid props %#', (props, message) => {
    expect(() => new ManagementPolicy(newStack(), 'Policy', props)).toThrow(message);
  });
});
