import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';
import { ApiAccessChecks } from '../../src/checks';

/** An API whose GET /items is AWS_IAM and whose GET /public is NONE, and a role granted on both. */
function appWith(principal: iam.IPrincipal) {
  const { stack } = checkedApp();
  const api = new apigateway.RestApi(stack, 'Items');
  const items = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  const role = new iam.Role(stack, 'Caller', { assumedBy: principal });
  items.grantExecute(role);
  return { stack, api, role };
}

// IAM User Guide, "AWS JSON policy elements: Principal": a wildcard principal ({"AWS": "*"} or "*") in a
// role trust policy lets any principal in any account assume the role unless a Condition element
// restricts access; the session then has the role's permissions.
describe('InvokeRoleAssumableByAnyone', () => {
  test.each([
    ['iam.AnyPrincipal ({"AWS": "*"})', () => new iam.AnyPrincipal()],
    ['iam.ArnPrincipal(\'*\')', () => new iam.ArnPrincipal('*')],
    ['iam.StarPrincipal ("*")', () => new iam.StarPrincipal()],
  ])('broken: a role trusted by %s that may call an AWS_IAM method', (_name, principal) => {
    const { stack } = appWith(principal());
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([
      expect.stringMatching(/any AWS principal in any account may assume role 'arn:aws:iam::111111111111:role\/Api-Caller.*GET \/items \(AWS_IAM\) of REST API 'Items'.*open to every AWS account.*Fix: trust only/),
    ]);
  });

  test('broken: a condition any account can meet (MFA) does not restrict who assumes the role', () => {
    const { stack } = appWith(new iam.AnyPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toHaveLength(1);
  });

  test('broken: the API is in another stack of the app', () => {
    const app = new App();
    ApiAccessChecks.of(app);
    const env = { account: '111111111111', region: 'eu-west-1' };
    const apiStack = new Stack(app, 'ApiStack', { env });
    const method = new apigateway.RestApi(apiStack, 'Items').root.addResource('items')
      .addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const roleStack = new Stack(app, 'RoleStack', { env });
    method.grantExecute(new iam.Role(roleStack, 'Caller', { assumedBy: new iam.AnyPrincipal() }));
    expect(findings(roleStack, 'InvokeRoleAssumableByAnyone').errors).toEqual([expect.stringMatching(/REST API 'Items'/)]);
  });

  test('fixed: the trust is restricted to the organization', () => {
    const { stack } = appWith(new iam.AnyPrincipal().withConditions({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }));
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
  });

  test('fixed: the role trusts its own account', () => {
    const { stack } = appWith(new iam.AccountRootPrincipal());
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
  });

  test('a negated test of the caller account restricts nothing', () => {
    const { stack } = appWith(new iam.AnyPrincipal().withConditions({ StringNotEquals: { 'aws:PrincipalAccount': '999999999999' } }));
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toHaveLength(1);
  });

  test('a role anyone may assume without invoke rights, or granted only on a NONE method, is not this finding', () => {
    const { stack } = checkedApp();
    const api = new apigateway.RestApi(stack, 'Items');
    const open = api.root.addResource('public').addMethod('GET', new apigateway.MockIntegration());
    open.grantExecute(new iam.Role(stack, 'Granted', { assumedBy: new iam.AnyPrincipal() }));
    new iam.Role(stack, 'Idle', { assumedBy: new iam.AnyPrincipal() });
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
  });
});

// A trust statement that cannot be read before deployment (here its principal is a parameter) may let
// anyone assume the role: when the role may call a method, the finding says it cannot be decided.
describe('InvokeRoleAssumableByAnyone with a trust policy that cannot be read', () => {
  test('a role that may call GET /items: CannotEvaluate says whether anyone may assume it is unknown', () => {
    const { stack } = checkedApp();
    const trusted = new CfnParameter(stack, 'TrustedPrincipal');
    appWithIn(stack, new iam.ArnPrincipal(trusted.valueAsString));
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/role '.*Caller.*' may call GET \/items \(AWS_IAM\) of REST API 'Items', and whether anyone may assume it is unknown: its trust policy could not be read \(Caller[0-9A-F]*\.AssumeRolePolicyDocument/),
    ]));
  });

  test('a role without invoke rights: only the unread value itself is reported', () => {
    const { stack } = checkedApp();
    new iam.Role(stack, 'Caller', { assumedBy: new iam.ArnPrincipal(new CfnParameter(stack, 'TrustedPrincipal').valueAsString) });
    expect(findings(stack, 'CannotEvaluate').warnings.filter(w => /whether anyone may assume it/.test(w))).toEqual([]);
  });
});

function appWithIn(stack: Stack, principal: iam.IPrincipal) {
  const api = new apigateway.RestApi(stack, 'Items');
  const items = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  items.grantExecute(new iam.Role(stack, 'Caller', { assumedBy: principal }));
}
