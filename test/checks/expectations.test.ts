import { App, Aspects, AspectPriority, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkedApp, findings } from './helpers';
import { AccessCaller, AccessCheckRule, ApiAccessChecks, FindingSeverity } from '../../src/checks';

/** GET /items (AWS_IAM) and GET /health (NONE); a reader role granted GET /items. */
function itemsApp(props?: ConstructorParameters<typeof ApiAccessChecks>[0]) {
  const { app, checks, stack } = checkedApp(props);
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  const items = api.root.addResource('items');
  const get = items.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  items.addMethod('DELETE', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  get.grantExecute(reader);
  return { app, checks, stack, api, reader };
}

// The decisions below are AWS's (developer guide, authorization workflow; IAM policy evaluation logic):
// same-account AWS_IAM call with an identity Allow and no resource policy -> allowed; no Allow -> denied;
// NONE method without resource policy -> open to everyone; cross-account AWS_IAM without resource policy -> denied.
describe('ExpectationNotMet', () => {
  test('expectations the app meets report nothing', () => {
    const { checks, stack, api, reader } = itemsApp();
    checks.expectAllowed({ caller: AccessCaller.principal(reader), api, httpMethod: 'GET', path: '/items' });
    checks.expectDenied({ caller: AccessCaller.principal(reader), api, httpMethod: 'DELETE', path: '/items' });
    checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/items', stage: 'live' });
    checks.expectAllowed({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/health' });
    checks.expectDenied({ caller: AccessCaller.account('222222222222'), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('an unmet expectAllowed is an error with the evaluator\'s reasons', () => {
    const { checks, stack, api, reader } = itemsApp();
    checks.expectAllowed({ caller: AccessCaller.principal(reader), api, httpMethod: 'DELETE', path: '/items' });
    const [error] = findings(stack, 'ExpectationNotMet').errors;
    expect(error).toMatch(/^\[ExpectationNotMet\] expected that role '.*Reader' may call DELETE \/items on stage live .* but the decision is IMPLICIT_DENY: .+Fix: /);
  });

  test('an unmet expectDenied is an error', () => {
    const { checks, stack, api } = itemsApp();
    checks.expectDenied({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: '/health' });
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('\\[ExpectationNotMet\\].*may not call GET /health.*ALLOW'));
  });

  test('a caller by ARN from another account is decided by the API side (no resource policy: denied)', () => {
    const { checks, stack, api } = itemsApp();
    checks.expectAllowed({ caller: AccessCaller.arn('arn:aws:iam::222222222222:role/partner'), api, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toHaveLength(1);
  });

  test('arguments that cannot work throw at the call, naming the argument', () => {
    const { checks, api } = itemsApp();
    expect(() => checks.expectAllowed({ caller: AccessCaller.anonymous(), api, httpMethod: 'FETCH', path: '/items' })).toThrow(/httpMethod/);
    expect(() => checks.expectAllowed({ caller: AccessCaller.anonymous(), api, httpMethod: 'GET', path: 'items' })).toThrow(/path/);
    expect(() => AccessCaller.account('12345')).toThrow(/accountId/);
    expect(() => AccessCaller.arn('reader')).toThrow(/arn/);
  });
});

describe('CannotEvaluate', () => {
  test('a resource policy that depends on a template parameter is reported, not passed', () => {
    const { stack } = checkedApp();
    const cidr = new CfnParameter(stack, 'OfficeCidr');
    const api = new apigateway.RestApi(stack, 'Office', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.StarPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { IpAddress: { 'aws:SourceIp': cidr.valueAsString } },
        })],
      }),
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('\\[CannotEvaluate\\].*template parameter \'OfficeCidr\''));
  });

  test('an expectation about a role the app does not define is reported', () => {
    const { checks, stack, api } = itemsApp();
    const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/outside');
    checks.expectAllowed({ caller: AccessCaller.principal(imported), api, httpMethod: 'GET', path: '/items' });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('\\[CannotEvaluate\\].*not a role or user defined in the app'));
  });
});

describe('configuration', () => {
  test('a rule severity can be raised', () => {
    const { stack } = itemsApp({ ruleSeverities: [{ rule: AccessCheckRule.OPEN_METHOD, severity: FindingSeverity.ERROR }] });
    expect(findings(stack, 'OpenMethod').errors).toHaveLength(1);
    expect(findings(stack, 'OpenMethod').infos).toEqual([]);
  });

  test('an acknowledged finding is not reported, and only within the acknowledged scope', () => {
    const { app, checks, stack, api } = itemsApp();
    checks.acknowledge(AccessCheckRule.OPEN_METHOD, 'the health check is public on purpose', api.root.getResource('health'));
    expect(findings(stack, 'OpenMethod').infos).toEqual([]);
    // The reason stays in the cloud assembly, beside the finding it accepted.
    const kept = app.synth().getStackArtifact(stack.artifactId).findMetadataByType('cdk-apigateway-access:acknowledged');
    expect(kept.map(m => m.data)).toEqual([expect.objectContaining({ rule: 'OpenMethod', reason: 'the health check is public on purpose' })]);

    const other = itemsApp();
    other.checks.acknowledge(AccessCheckRule.OPEN_METHOD, 'only the items resource', other.api.root.getResource('items'));
    expect(findings(other.stack, 'OpenMethod').infos).toHaveLength(1);
  });

  test('an acknowledgement needs a reason', () => {
    const { checks } = itemsApp();
    expect(() => checks.acknowledge(AccessCheckRule.OPEN_METHOD, '')).toThrow(/reason/);
  });

  test('ApiAccessChecks.of returns the same checks for the same scope', () => {
    const app = new App();
    expect(ApiAccessChecks.of(app)).toBe(ApiAccessChecks.of(app));
  });

  test('the checks do not change the synthesized templates (grants, a Lambda integration, a cross-stack reference)', () => {
    const build = (checked: boolean) => {
      const app = new App();
      const stack = new Stack(app, 'S');
      const callers = new Stack(app, 'Callers');
      const checks = checked ? new ApiAccessChecks() : undefined;
      if (checks) Aspects.of(app).add(checks, { priority: AspectPriority.READONLY });
      const fn = new lambda.Function(stack, 'Fn', {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      });
      const api = new apigateway.RestApi(stack, 'Api', {
        policy: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] })],
        }),
      });
      const get = api.root.addResource('items').addMethod('GET', new apigateway.LambdaIntegration(fn), { authorizationType: apigateway.AuthorizationType.IAM });
      const reader = new iam.Role(callers, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      get.grantExecute(reader);
      checks?.expectAllowed({ caller: AccessCaller.principal(reader), api, httpMethod: 'GET', path: '/items' });
      const assembly = app.synth();
      return assembly.stacks.map(s => s.template);
    };
    expect(build(true)).toEqual(build(false));
  });
});

test('an expectation whose caller holds a managed policy the app does not define cannot be checked: it says which', () => {
  const { checks, stack, api } = itemsApp();
  const writer = new iam.Role(stack, 'Writer', {
    assumedBy: new iam.AccountRootPrincipal(),
    managedPolicies: [iam.ManagedPolicy.fromManagedPolicyName(stack, 'TeamPolicy', 'team-writers')],
  });
  checks.expectAllowed({ caller: AccessCaller.principal(writer), api, httpMethod: 'DELETE', path: '/items' });
  expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
  const [warning] = findings(stack, 'CannotEvaluate').warnings;
  expect(warning).toMatch(/the managed policy 'arn:aws:iam::111111111111:policy\/team-writers' is defined outside the app/);
});

test('findings are annotated once, however often the app is synthesized (Template then Annotations)', () => {
  const { stack } = itemsApp();
  Template.fromStack(stack);
  Template.fromStack(stack);
  expect(findings(stack, 'OpenMethod').infos).toHaveLength(1);
});
