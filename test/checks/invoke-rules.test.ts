import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';

// API Gateway developer guide, "Control access to a REST API with IAM permissions": IAM policies are
// only consulted for methods whose authorization type is AWS_IAM.
describe('UnpairedInvokeGrant', () => {
  function app(authorizationType: apigateway.AuthorizationType) {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Items');
    const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    get.grantExecute(reader);
    return stack;
  }

  test('fails when a role is granted execute-api on a NONE method', () => {
    const stack = app(apigateway.AuthorizationType.NONE);
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[UnpairedInvokeGrant\\].*GET /items \\(NONE\\).*Fix: set authorizationType'));
  });

  test('passes when the method is AWS_IAM', () => {
    const stack = app(apigateway.AuthorizationType.IAM);
    expect(findings(stack, 'UnpairedInvokeGrant').errors).toEqual([]);
  });
});
