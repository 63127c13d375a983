import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';
import { ApiAccessChecks } from '../../src/checks';
import { AccessEvaluator } from '../../src/evaluator';

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

  // Amplify's guide "Set up Amplify REST API" (Gen 2): an AWS_IAM /items with CORS preflight, and the
  // identity pool's roles granted arnForExecuteApi('*', '/items', 'dev'); deployed, the roles call
  // /items. The pattern also covers OPTIONS /items, which CORS makes NONE (browsers do not sign
  // preflights): it grants the AWS_IAM method, and does nothing wrong on the preflight.
  function corsApp(grant: (api: apigateway.RestApi, role: iam.Role) => void) {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Items', {
      deployOptions: { stageName: 'dev' },
      defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS, allowMethods: apigateway.Cors.ALL_METHODS },
    });
    const items = api.root.addResource('items', { defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM } });
    items.addMethod('GET', new apigateway.MockIntegration());
    api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
    const role = new iam.Role(stack, 'Visitor', { assumedBy: new iam.AccountRootPrincipal() });
    grant(api, role);
    return stack;
  }

  test('passes when the pattern that covers a NONE preflight also covers the AWS_IAM method it grants', () => {
    const stack = corsApp((api, role) => role.addToPolicy(new iam.PolicyStatement({
      actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi('*', '/items', 'dev')],
    })));
    expect(findings(stack, 'UnpairedInvokeGrant').errors).toEqual([]);
  });

  test('passes for a grant on the whole API (arnForExecuteApi()) that has AWS_IAM methods beside open ones', () => {
    const stack = corsApp((api, role) => role.addToPolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi()] })));
    expect(findings(stack, 'UnpairedInvokeGrant').errors).toEqual([]);
  });

  test('still fails for the pattern, beside one on the AWS_IAM method, that names only the NONE method', () => {
    const stack = corsApp((api, role) => role.addToPolicy(new iam.PolicyStatement({
      actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi('*', '/items', 'dev'), api.arnForExecuteApi('GET', '/health', 'dev')],
    })));
    expect(findings(stack, 'UnpairedInvokeGrant').errors).toEqual([
      expect.stringMatching(/grants execute-api on GET \/health \(NONE\) of REST API 'Items'/),
    ]);
  });
});

// A call to a method that is not AWS_IAM carries no IAM identity, so a resource-policy statement naming
// specific AWS principals (account, root, role or user ARNs) never matches it (API Gateway developer
// guide, "How API Gateway resource policies affect authorization workflow"). "*" and {"AWS": "*"} match
// everyone: the IAM guide (Principal element, "All principals") says the two are equivalent, and
// aws-cdk's integration test for grantInvokeFromVpcEndpointsOnly ({"AWS": "*"}) calls a NONE method
// unsigned and gets 200. aws-cdk-lib's AnyPrincipal renders {"AWS": "*"}, StarPrincipal "*".
describe('AwsPrincipalBlocksNonIamMethod', () => {
  function app(principal: iam.IPrincipal, authorizationType = apigateway.AuthorizationType.NONE) {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Public', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ principals: [principal], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] })],
      }),
    });
    api.root.addResource('status').addMethod('GET', new apigateway.MockIntegration(), { authorizationType });
    return stack;
  }

  test('fails when a named account is allowed on a NONE method', () => {
    const stack = app(new iam.AccountPrincipal('222222222222'));
    Annotations.fromStack(stack).hasError('*',
      Match.stringLikeRegexp('\\[AwsPrincipalBlocksNonIamMethod\\].*specific AWS principals.*GET /status \\(NONE\\).*Fix: '));
  });

  test('fails when a role ARN is allowed on a NONE method', () => {
    const stack = app(new iam.ArnPrincipal('arn:aws:iam::111111111111:role/Reader'));
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toHaveLength(1);
  });

  test('passes with iam.AnyPrincipal ({"AWS": "*"}): it matches anonymous callers like "*"', () => {
    const stack = app(new iam.AnyPrincipal());
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  test('passes with iam.StarPrincipal ("*")', () => {
    const stack = app(new iam.StarPrincipal());
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  test('passes when {"AWS": [...]} lists "*" beside named principals (the statement matches everyone)', () => {
    const stack = app(new iam.CompositePrincipal(new iam.AnyPrincipal(), new iam.AccountPrincipal('222222222222')));
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  test('passes when a "*" statement already lets the method\'s callers in (the {"AWS": ...} one is only ignored)', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Mixed', {
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
          new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
        ],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  test('passes when the method it covers is AWS_IAM', () => {
    const stack = app(new iam.AccountRootPrincipal(), apigateway.AuthorizationType.IAM);
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  // The standard private-API policy (API Gateway developer guide, "Private REST APIs": resource policy
  // examples): Deny unless the call comes through the named endpoint, and an Allow.
  function privateApi(allowed: iam.IPrincipal, denied: iam.IPrincipal) {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Internal', {
      endpointTypes: [apigateway.EndpointType.PRIVATE],
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            principals: [denied],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
            conditions: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
          }),
          new iam.PolicyStatement({ principals: [allowed], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
        ],
      }),
    });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    return stack;
  }

  test.each([
    ['{"AWS": "*"}', new iam.AnyPrincipal()],
    ['"*"', new iam.StarPrincipal()],
  ])('the standard private-API policy: Deny unless aws:SourceVpce, Allow %s, passes', (_name, principal) => {
    const stack = privateApi(principal, principal);
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([]);
  });

  test.each([
    ['{"AWS": "*"}', new iam.AnyPrincipal()],
    ['"*"', new iam.StarPrincipal()],
  ])('the private-API policy that allows a named account instead fails, the Deny being %s', (_name, denied) => {
    // The call that would get in comes through the named endpoint: the Deny does not apply to it.
    const stack = privateApi(new iam.AccountPrincipal('222222222222'), denied);
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([
      expect.stringMatching(/GET \/items \(NONE\)/),
    ]);
  });

  // The rule is silent on the standard private-API policy because the evaluator lets the call in: the
  // {"AWS": "*"} Allow matches the unsigned call through the named endpoint, and the {"AWS": "*"} Deny
  // stops one through another endpoint (scenario format, rule 9 as corrected on 2026-11-30).
  test.each([
    ['vpce-0123456789abcdef0', 'ALLOW'],
    ['vpce-0fffffffffffffff0', 'EXPLICIT_DENY'],
  ])('the evaluator agrees: an unsigned call to the NONE method through %s is %s', (endpoint, decision) => {
    const anyone = { AWS: '*' };
    const result = AccessEvaluator.evaluate({
      api: {
        id: 'a1b2c3d4e5',
        account: '111111111111',
        region: 'eu-west-1',
        endpointType: 'PRIVATE',
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Principal: anyone, Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } } },
            { Effect: 'Allow', Principal: anyone, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          ],
        },
        methods: [{ httpMethod: 'GET', path: '/items', authorizationType: 'NONE' }],
      },
      request: { stage: 'prod', httpMethod: 'GET', path: '/items', sourceIp: '10.0.0.10', vpcEndpoint: { id: endpoint, vpcId: 'vpc-0123456789abcdef0' } },
    } as any);
    expect(result.decision).toBe(decision);
  });

  test('a regional API that allows a named account and denies every other source address fails', () => {
    // Without the rule trying a call from the allowed range, the Deny would hide the named principal.
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Office', {
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            principals: [new iam.StarPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
            conditions: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } },
          }),
          new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('222222222222')], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
        ],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'AwsPrincipalBlocksNonIamMethod').errors).toEqual([expect.stringMatching(/GET \/ \(NONE\)/)]);
  });
});

// With no resource policy, a NONE method is open to everyone (developer guide, authorization workflow).
describe('OpenMethod', () => {
  test('reports a NONE method without resource policy as reachable by anyone', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Open');
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    Annotations.fromStack(stack).hasInfo('*', Match.stringLikeRegexp('\\[OpenMethod\\] anyone on the internet can call GET /items'));
  });

  test('does not report an AWS_IAM method', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Closed', { defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM } });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'OpenMethod').infos).toEqual([]);
  });

  // The map covers every address: an allow-list leaves the method open to the addresses it lists
  // (developer guide, "Resource policy examples", source IP allow-list), and the finding names them.
  test('reports a NONE method whose resource policy allows an IP range, from that range only', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Office', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } },
        })],
      }),
    });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'OpenMethod').infos).toEqual([
      expect.stringMatching(/anyone on the internet can call GET \/items of REST API 'Office' \(stage prod\) without credentials.*Open to: stage prod: from 198\.51\.100\.0\/24\. Fix:/),
    ]);
  });
});

// API Gateway developer guide, "Control access for managing API Gateway resources".
describe('ManagementWildcard', () => {
  test('warns on apigateway:* on every resource', () => {
    const { stack } = checkedApp();
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    admin.addToPolicy(new iam.PolicyStatement({ actions: ['apigateway:*'], resources: ['*'] }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('\\[ManagementWildcard\\].*apigateway:\\*.*Fix: name the actions'));
  });

  test('passes when the resource names one API', () => {
    const { stack } = checkedApp();
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    admin.addToPolicy(new iam.PolicyStatement({ actions: ['apigateway:*'], resources: ['arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/*'] }));
    expect(findings(stack, 'ManagementWildcard').warnings).toEqual([]);
  });
});

describe('across stacks and stages', () => {
  test('UnpairedInvokeGrant finds a grant in one stack on a NONE method of another stack\'s API', () => {
    const { app, stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Items');
    const get = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    const callers = new Stack(app, 'Callers', { env: { account: '111111111111', region: 'eu-west-1' } });
    get.grantExecute(new iam.Role(callers, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(findings(callers, 'UnpairedInvokeGrant').errors).toHaveLength(1);
    expect(findings(callers, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('checks attached to a Stage check the stacks in it', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-west-1' } });
    ApiAccessChecks.of(stage);
    const stack = new Stack(stage, 'Api');
    new apigateway.RestApi(stack, 'Internal', { endpointTypes: [apigateway.EndpointType.PRIVATE] })
      .root.addMethod('GET', new apigateway.MockIntegration());
    expect(findings(stack, 'PrivateApiWithoutResourcePolicy').errors).toHaveLength(1);
  });
});

test('OpenMethod leaves out CORS preflight methods (OPTIONS with a MOCK integration), which browsers send without credentials', () => {
  const { stack } = checkedApp();
  const api = new apigateway.RestApi(stack, 'Cors', {
    defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    defaultCorsPreflightOptions: { allowOrigins: ['https://example.com'] },
  });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  expect(findings(stack, 'OpenMethod').infos).toEqual([]);
});
