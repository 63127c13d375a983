/**
 * `AWS::StackName` in a nested stack is the name CloudFormation gave that stack, and the names it
 * generates for the nested stack's unnamed resources start with it ("Resource naming": a generated
 * name is `<stack name>-<logical id>-<suffix>`, e.g. `MyStack-MyBucket-abcdefghijk1`). So a policy
 * that names "the roles of this stack" as `role/${AWS::StackName}-*` matches the nested stack's own
 * roles once deployed, and the map must say they may call.
 */
import { App, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { entriesFor, principalArn } from './map-report';
import { AccessMap } from '../../src';
import { AccessMapDocument } from '../../src/analysis/access-map';

test('a resource policy naming role/${AWS::StackName}-* lets the nested stack\'s own unnamed role call', () => {
  const app = new App();
  const parent = new Stack(app, 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
  const inner = new NestedStack(parent, 'Inner');
  // A short logical id keeps the generated names whole (not cut to IAM's 64 characters), so the
  // test can find the role by its construct id.
  (inner.nestedStackResource as CfnResource).overrideLogicalId('Inner');
  const policy = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      conditions: { ArnLike: { 'aws:PrincipalArn': Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-*') } },
    })],
  });
  const api = new apigateway.RestApi(inner, 'Items', { deployOptions: { stageName: 'live' }, policy, cloudWatchRole: false });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  new iam.Role(inner, 'Worker', { assumedBy: new iam.AccountRootPrincipal() });

  const document = AccessMap.of(app).toJson() as unknown as AccessMapDocument;
  const items = document.apis[0].methods.find(m => m.path === '/items')!;
  // Same account: the resource policy alone allows (developer guide, "How API Gateway resource
  // policies affect authorization workflow", Table A).
  const { allowed, undecided } = entriesFor(items, principalArn(items, 'Worker'));
  expect(undecided).toEqual([]);
  expect(allowed).toEqual([expect.objectContaining({ from: expect.anything() })]);
});
