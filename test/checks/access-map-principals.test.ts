import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessMap } from '../../src';

/**
 * A CDK app whose resource policy lets a partner account's CI roles in (developer guide, "API Gateway
 * resource policy examples": "Allow roles in another AWS account to use an API"; IAM User Guide,
 * aws:PrincipalArn with ArnLike). The partner's principals still need their own policies to allow
 * ("How API Gateway resource policies affect authorization workflow", Table B). The map says which of
 * the partner's principals may call, instead of leaving the whole account undecided.
 */
test('ArnLike aws:PrincipalArn role/ci-* of a partner account: the account, noted with the pattern', () => {
  const stack = new Stack(new App(), 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new apigateway.RestApi(stack, 'Api', {
    policy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal('222222222222')],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/ci-*' } },
      })],
    }),
  });
  api.root.addResource('builds').addMethod('POST', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  const [method] = AccessMap.of(stack).toJson().apis[0].methods;
  expect(method.undecided).toEqual([]);
  expect(method.allowed.filter((e: { caller: string }) => e.caller !== 'account:111111111111')).toEqual([{
    caller: 'account:222222222222',
    from: { internet: ['0.0.0.0/0', '::/0'] },
    note: 'if its ARN matches "arn:aws:iam::222222222222:role/ci-*"',
  }]);
});
