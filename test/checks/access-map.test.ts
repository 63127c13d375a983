import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessMap } from '../../src';

/**
 * A shop in account 111111111111: GET /products open to the office ranges (resource policy allow-list,
 * developer guide "Resource policy examples"), POST /orders AWS_IAM granted to the Clerk role and to
 * partner account 222222222222 through the resource policy (cross-account: the partner's own
 * policies must allow too, IAM "Cross-account policy evaluation logic").
 */
function shop(app: App): Stack {
  const stack = new Stack(app, 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new apigateway.RestApi(stack, 'Storefront', {
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'OfficeNetwork',
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*/GET/products'],
          conditions: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '2001:db8::/32'] } },
        }),
        new iam.PolicyStatement({
          principals: [new iam.AccountPrincipal('222222222222')],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*/POST/orders'],
        }),
      ],
    }),
  });
  api.root.addResource('products').addMethod('GET', new apigateway.MockIntegration());
  const orders = api.root.addResource('orders').addMethod('POST', new apigateway.MockIntegration(), {
    authorizationType: apigateway.AuthorizationType.IAM,
  });
  orders.grantExecute(new iam.Role(stack, 'Clerk', { assumedBy: new iam.AccountRootPrincipal() }));
  return stack;
}

test('AccessMap.of(stack).toJson() records who may call what (snapshot)', () => {
  const stack = shop(new App());
  expect(AccessMap.of(stack).toJson()).toMatchSnapshot();
});

test('the map answers from the guides: the office ranges on GET /products; Clerk and the partner account on POST /orders', () => {
  const map = AccessMap.of(shop(new App())).toJson();
  expect(map.formatVersion).toBe(2);
  const [api] = map.apis;
  const method = (verb: string) => api.methods.find((m: { httpMethod: string }) => m.httpMethod === verb);
  expect(method('GET').allowed).toEqual([{ caller: 'anonymous', from: { internet: ['198.51.100.0/24', '2001:db8::/32'] } }]);
  const callers = method('POST').allowed.map((e: { caller: string }) => e.caller);
  expect(callers).toEqual(expect.arrayContaining(['account:222222222222', expect.stringMatching(/role\/.*Clerk/)]));
  expect(callers).not.toContain('anonymous');
  expect(callers).not.toContain('any-account');
});

test('the same JSON for the same app, for a stack or for the whole app', () => {
  const a = AccessMap.of(shop(new App())).toJson();
  const app = new App();
  shop(app);
  expect(AccessMap.of(app).toJson()).toEqual(a);
  expect(JSON.stringify(AccessMap.of(app).toJson())).toBe(JSON.stringify(a));
});

test('a stack without a REST API has an empty map; the map lists only the APIs of the scope', () => {
  const app = new App();
  shop(app);
  const empty = new Stack(app, 'Empty');
  expect(AccessMap.of(empty).toJson()).toEqual({ formatVersion: 2, apis: [] });
});
