import { Template } from 'aws-cdk-lib/assertions';
import { ItemsStack, buildExampleApp } from '../examples/app';

test('the example app synthesizes an IAM-authorized method and the grant that pairs with it', () => {
  const app = buildExampleApp();
  const stack = app.node.findChild('ItemsStack') as ItemsStack;
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow' }] },
  });
});
