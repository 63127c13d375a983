/**
 * Every way CloudFormation gives a role or user permissions, each the only source of the caller's
 * right to call GET /items (an AWS_IAM method, same account, no resource policy). AWS then allows the
 * call exactly when an identity policy allows it and no boundary withholds it (IAM User Guide, "Policy
 * evaluation logic"; API Gateway developer guide, "Control access to a REST API with IAM permissions").
 * The aspect must report an `expectDenied` of an allowed call, and the CLI report must show ALLOW.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** GET /items on stage live, AWS_IAM. */
function itemsApi(stack: Stack) {
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  return api;
}

const invoke = () => new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: ['arn:aws:execute-api:eu-west-1:111111111111:*/live/GET/items'] });
const invokeDoc = () => new iam.PolicyDocument({ statements: [invoke()] });
const invokeJson = () => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:111111111111:*/live/GET/items' }] });

/** Builds the caller in `stack`, with GET /items allowed through one source only. */
type Source = (stack: Stack) => iam.IPrincipal & { node: { path: string } };

const ALLOWING: Array<[string, Source]> = [
  ['AWS::IAM::Policy on a role', s => {
    const role = new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.Policy(s, 'Grant', { roles: [role], statements: [invoke()] });
    return role;
  }],
  ['AWS::IAM::ManagedPolicy on a role (ManagedPolicyArns)', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    managedPolicies: [new iam.ManagedPolicy(s, 'Grant', { statements: [invoke()] })],
  })],
  ['AWS::IAM::ManagedPolicy naming the role (Roles)', s => {
    const role = new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.ManagedPolicy(s, 'Grant', { statements: [invoke()], roles: [role] });
    return role;
  }],
  ['inline Policies of a role', s => new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal(), inlinePolicies: { Read: invokeDoc() } })],
  ['AWS::IAM::RolePolicy', s => {
    const role = new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.CfnRolePolicy(s, 'Grant', { roleName: role.roleName, policyName: 'read', policyDocument: invokeJson() });
    return role;
  }],
  ['AWS::IAM::Policy on a user', s => {
    const user = new iam.User(s, 'Caller');
    new iam.Policy(s, 'Grant', { users: [user], statements: [invoke()] });
    return user;
  }],
  ['ManagedPolicyArns of a user', s => new iam.User(s, 'Caller', { managedPolicies: [new iam.ManagedPolicy(s, 'Grant', { statements: [invoke()] })] })],
  ['inline Policies of a user', s => {
    const user = new iam.User(s, 'Caller');
    (user.node.defaultChild as iam.CfnUser).policies = [{ policyName: 'read', policyDocument: invokeJson() }];
    return user;
  }],
  ['AWS::IAM::UserPolicy', s => {
    const user = new iam.User(s, 'Caller');
    new iam.CfnUserPolicy(s, 'Grant', { userName: user.userName, policyName: 'read', policyDocument: invokeJson() });
    return user;
  }],
  ['AWS::IAM::Policy on a group, the user a member (User.Groups)', s => {
    const group = new iam.Group(s, 'Team');
    new iam.Policy(s, 'Grant', { groups: [group], statements: [invoke()] });
    return new iam.User(s, 'Caller', { groups: [group] });
  }],
  ['ManagedPolicyArns of a group, the user a member', s => {
    const group = new iam.Group(s, 'Team', { managedPolicies: [new iam.ManagedPolicy(s, 'Grant', { statements: [invoke()] })] });
    return new iam.User(s, 'Caller', { groups: [group] });
  }],
  ['inline Policies of a group, the user added by AWS::IAM::UserToGroupAddition', s => {
    const group = new iam.CfnGroup(s, 'Team', { policies: [{ policyName: 'read', policyDocument: invokeJson() }] });
    const user = new iam.User(s, 'Caller');
    new iam.CfnUserToGroupAddition(s, 'Join', { groupName: group.ref, users: [user.userName] });
    return user;
  }],
  ['AWS::IAM::GroupPolicy, the user a member', s => {
    const group = new iam.Group(s, 'Team');
    new iam.CfnGroupPolicy(s, 'Grant', { groupName: group.groupName, policyName: 'read', policyDocument: invokeJson() });
    return new iam.User(s, 'Caller', { groups: [group] });
  }],
  ['the AWS managed policy AmazonAPIGatewayInvokeFullAccess', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonAPIGatewayInvokeFullAccess')],
  })],
  ['the AWS managed policy AdministratorAccess, with a path-qualified one beside it', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
    ],
  })],
  ['a permissions boundary that allows the call', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    inlinePolicies: { Read: invokeDoc() },
    permissionsBoundary: new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['execute-api:*'], resources: ['*'] })] }),
  })],
];

/** Sources that leave the call denied: an `expectAllowed` must be reported. */
const DENYING: Array<[string, Source]> = [
  ['an AWS managed policy that grants nothing on execute-api (AWSLambdaBasicExecutionRole)', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  })],
  ['a role permissions boundary that withholds execute-api', s => new iam.Role(s, 'Caller', {
    assumedBy: new iam.AccountRootPrincipal(),
    inlinePolicies: { Read: invokeDoc() },
    permissionsBoundary: new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }),
  })],
  ['a user permissions boundary that withholds execute-api', s => new iam.User(s, 'Caller', {
    managedPolicies: [new iam.ManagedPolicy(s, 'Grant', { statements: [invoke()] })],
    permissionsBoundary: new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }),
  })],
  ['a user whose group has the grant but who is not a member', s => {
    const group = new iam.Group(s, 'Team');
    new iam.Policy(s, 'Grant', { groups: [group], statements: [invoke()] });
    return new iam.User(s, 'Caller');
  }],
];

function checked(source: Source) {
  const app = new App();
  const checks = ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Api', { env: ENV });
  const api = itemsApi(stack);
  const caller = source(stack);
  return { app, checks, stack, api, caller: AccessCaller.principal(caller) };
}

/** The report's decision for the caller `Caller...` on GET /items, from a synthesized cloud assembly. */
function reportedDecision(source: Source): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sources-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Api', { env: ENV });
    itemsApi(stack);
    source(stack);
    app.synth();
    const io = captureIo();
    expect(runCli(['report', outdir, '--format', 'json'], io)).toBe(ExitCode.OK);
    const report = JSON.parse(io.stdout);
    const index = report.callers.findIndex((c: { name: string }) => c.name.startsWith('Caller'));
    expect(index).toBeGreaterThanOrEqual(0);
    const method = report.apis[0].methods.find((m: { path: string }) => m.path === '/items');
    return method.decisions[index].decision;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe.each(ALLOWING)('%s allows the call', (_name, source) => {
  test('the aspect reports expectDenied, and accepts expectAllowed', () => {
    const denied = checked(source);
    denied.checks.expectDenied({ caller: denied.caller, api: denied.api, httpMethod: 'GET', path: '/items' });
    expect(findings(denied.stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/but the decision is ALLOW/)]);
    const allowed = checked(source);
    allowed.checks.expectAllowed({ caller: allowed.caller, api: allowed.api, httpMethod: 'GET', path: '/items' });
    expect(findings(allowed.stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(allowed.stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('the CLI report says ALLOW', () => {
    expect(reportedDecision(source)).toBe('ALLOW');
  });
});

describe.each(DENYING)('%s leaves the call denied', (_name, source) => {
  test('the aspect reports expectAllowed, and accepts expectDenied', () => {
    const allowed = checked(source);
    allowed.checks.expectAllowed({ caller: allowed.caller, api: allowed.api, httpMethod: 'GET', path: '/items' });
    expect(findings(allowed.stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/but the decision is (IMPLICIT|EXPLICIT)_DENY/)]);
    const denied = checked(source);
    denied.checks.expectDenied({ caller: denied.caller, api: denied.api, httpMethod: 'GET', path: '/items' });
    expect(findings(denied.stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(denied.stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('the CLI report says deny', () => {
    expect(reportedDecision(source)).toMatch(/DENY/);
  });
});

describe('managed policies whose content is unknown: CannotEvaluate for that principal only', () => {
  const unknown: Array<[string, (s: Stack) => iam.IManagedPolicy, RegExp]> = [
    ['an AWS managed policy newer than the data', () => iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonAPIGatewayInvokeEverything2099'),
      /AWS managed policy 'arn:aws:iam::aws:policy\/AmazonAPIGatewayInvokeEverything2099' is newer than this library's data \(\d{4}-\d\d-\d\d\)/],
    ['a customer managed policy outside the app', s => iam.ManagedPolicy.fromManagedPolicyName(s, 'Outside', 'team-invoke'),
      /managed policy 'arn:aws:iam::111111111111:policy\/team-invoke' is defined outside the app/],
  ];
  test.each(unknown)('%s', (_name, policy, message) => {
    const { checks, stack, api } = checked(() => new iam.Role(new Stack(), 'Unused', { assumedBy: new iam.AccountRootPrincipal() }));
    const holder = new iam.Role(stack, 'Holder', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [policy(stack)] });
    const known = new iam.Role(stack, 'Known', { assumedBy: new iam.AccountRootPrincipal() });
    checks.expectAllowed({ caller: AccessCaller.principal(holder), api, httpMethod: 'GET', path: '/items' });
    checks.expectDenied({ caller: AccessCaller.principal(holder), api, httpMethod: 'GET', path: '/items' });
    checks.expectAllowed({ caller: AccessCaller.principal(known), api, httpMethod: 'GET', path: '/items' });
    // The holder: neither met nor unmet; the other role is still decided.
    const warnings = findings(stack, 'CannotEvaluate').warnings;
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w).toMatch(message);
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/^\[ExpectationNotMet\] expected that role .*Known.* may call GET \/items/)]);
  });

  test('the CLI report: ? for the holder, deny for the others', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sources-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Api', { env: ENV });
      itemsApi(stack);
      const newer = iam.ManagedPolicy.fromAwsManagedPolicyName('NewerThanTheData');
      new iam.Role(stack, 'Holder', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [newer] });
      new iam.Role(stack, 'Known', { assumedBy: new iam.AccountRootPrincipal() });
      app.synth();
      const io = captureIo();
      runCli(['report', outdir, '--format', 'json'], io);
      const report = JSON.parse(io.stdout);
      const indexOf = (prefix: string) => report.callers.findIndex((c: { name: string }) => c.name.startsWith(prefix));
      const decisionOf = (prefix: string) => report.apis[0].methods[0].decisions[indexOf(prefix)];
      expect(decisionOf('Holder').decision).toBe('CANNOT_EVALUATE');
      expect(decisionOf('Holder').reasons.join(' ')).toMatch(/NewerThanTheData/);
      expect(decisionOf('Known').decision).toBe('IMPLICIT_DENY');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
