/**
 * A grant the model cannot read (a policy whose holder or document is a parameter, a managed policy
 * ARN or a group name that has no meaning before deployment) reaches the principals it may be
 * attached to: their decisions are undecided where the grant could change them, naming the value,
 * and every other decision is still made. Before, the grant was dropped and those principals were
 * reported denied.
 *
 * Sources: CloudFormation reference, AWS::IAM::Policy ("Roles: the name of the role to associate the
 * policy with", names in the stack's account), AWS::IAM::UserToGroupAddition; IAM User Guide, "Policy
 * evaluation logic" (an identity policy of the principal's own account can allow, and a Deny in it wins).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { entriesFor, expectDenied, principalArn, reportedMap } from './map-report';
import { AccessMap } from '../../src';
import { AccessMapDocument, AccessMapMethod } from '../../src/analysis/access-map';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';

const ENV = { account: '111111111111', region: 'eu-west-1' };

interface Built {
  readonly api: apigateway.RestApi;
  readonly caller: iam.IPrincipal & { node: { id: string } };
}

/** An API with two AWS_IAM methods, GET /items and GET /admin, deployed on stage `live`. */
function iamApi(stack: Stack): apigateway.RestApi {
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  const options = { authorizationType: apigateway.AuthorizationType.IAM };
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), options);
  api.root.addResource('admin').addMethod('GET', new apigateway.MockIntegration(), options);
  return api;
}

function invokeItems(api: apigateway.RestApi): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi('GET', '/items', 'live')] })],
  });
}

function build(grant: (stack: Stack, api: apigateway.RestApi, caller: iam.Role) => void) {
  return (stack: Stack): Built => {
    const api = iamApi(stack);
    const caller = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    grant(stack, api, caller);
    return { api, caller };
  };
}

/** A policy attached to a role named by a parameter: it may be Reader. */
const policyForParameterRole = build((stack, api) => {
  const roleName = new CfnParameter(stack, 'RoleName');
  new iam.CfnPolicy(stack, 'Grant', { policyName: 'grant', roles: [roleName.valueAsString], policyDocument: invokeItems(api) });
});

/** A policy whose whole document is a parameter, attached to Reader. */
const unreadableDocument = build((stack, _api, caller) => {
  const document = new CfnParameter(stack, 'Document');
  new iam.CfnPolicy(stack, 'Grant', { policyName: 'grant', roles: [caller.roleName], policyDocument: document.valueAsString });
});

/** Reader's ManagedPolicyArns names a parameter. */
const parameterManagedPolicy = build((stack, _api, caller) => {
  const arn = new CfnParameter(stack, 'PolicyArn');
  caller.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Imported', arn.valueAsString));
});

/** A user added to a group whose name is a parameter. */
function userInParameterGroup(stack: Stack): Built {
  const api = iamApi(stack);
  const groupName = new CfnParameter(stack, 'GroupName');
  const caller = new iam.User(stack, 'Reader');
  new iam.CfnUserToGroupAddition(stack, 'Join', { groupName: groupName.valueAsString, users: [caller.userName] });
  return { api, caller };
}

/** A policy that grants only on logs, attached to a parameter role: it cannot change who calls the API. */
const logsPolicyForParameterRole = build((stack) => {
  const roleName = new CfnParameter(stack, 'RoleName');
  new iam.CfnPolicy(stack, 'Grant', {
    policyName: 'logs',
    roles: [roleName.valueAsString],
    policyDocument: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] })] }),
  });
});

function mapOf(builder: (stack: Stack) => Built): AccessMapDocument {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: ENV });
  builder(stack);
  return AccessMap.of(stack).toJson() as unknown as AccessMapDocument;
}

function reportOf(builder: (stack: Stack) => Built): AccessMapDocument {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'unread-grants-'));
  try {
    const app = new App({ outdir });
    builder(new Stack(app, 'Api', { env: ENV }));
    app.synth();
    return reportedMap(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function method(document: AccessMapDocument, methodPath: string): AccessMapMethod {
  const found = document.apis.flatMap(a => a.methods).filter(m => m.path === methodPath);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The expectation that Reader may not call GET /items, through the aspect: its findings. */
function expectDeniedThroughAspect(builder: (stack: Stack) => Built) {
  const app = new App();
  const checks = ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Api', { env: ENV });
  const { api, caller } = builder(stack);
  checks.expectDenied({ caller: AccessCaller.principal(caller), api, httpMethod: 'GET', path: '/items', stage: 'live' });
  return { notMet: findings(stack, 'ExpectationNotMet').errors, cannot: findings(stack, 'CannotEvaluate').warnings };
}

describe.each([
  ['a policy attached to a role named by a parameter', policyForParameterRole, 'Reader', /Grant\.Roles\[0\]/],
  ['a policy whose document is a parameter', unreadableDocument, 'Reader', /policy 'Grant' cannot be read/],
  ['a managed policy ARN that is a parameter', parameterManagedPolicy, 'Reader', /ManagedPolicyArns\[0\]/],
  ['a user added to a group whose name is a parameter', userInParameterGroup, 'Reader', /Join\.GroupName/],
])('%s', (_name, builder, id, because) => {
  test('AccessMap.of: the principal is undecided on GET /items, naming the value; anonymous is still denied', () => {
    const items = method(mapOf(builder), '/items');
    const arn = principalArn(items, id);
    const { allowed, undecided } = entriesFor(items, arn);
    expect(allowed).toEqual([]);
    expect(undecided).toEqual([expect.objectContaining({ because: expect.stringMatching(because) })]);
    expectDenied(items, 'anonymous');
    expectDenied(items, 'any-account');
  });

  test('CLI report: the same', () => {
    const items = method(reportOf(builder), '/items');
    expect(entriesFor(items, principalArn(items, id)).undecided).toEqual([expect.objectContaining({ because: expect.stringMatching(because) })]);
  });

  test('aspect: expectDenied is not reported met, it cannot be evaluated', () => {
    const { notMet, cannot } = expectDeniedThroughAspect(builder);
    expect(notMet).toEqual([]);
    expect(cannot).toEqual(expect.arrayContaining([expect.stringMatching(/expectation that .* could not be checked/)]));
  });
});

test('a policy of known content that may be attached leaves the methods it does not name decided', () => {
  // The policy grants GET /items only: on GET /admin it can change nothing, so Reader stays denied there.
  const document = mapOf(policyForParameterRole);
  const admin = method(document, '/admin');
  expectDenied(admin, principalArn(admin, 'Reader'));
});

test('a policy of unknown content reaches every method of its holder, and no other principal', () => {
  const document = mapOf(app => {
    const built = unreadableDocument(app);
    new iam.Role(app, 'Bystander', { assumedBy: new iam.AccountRootPrincipal() });
    return built;
  });
  const admin = method(document, '/admin');
  expect(entriesFor(admin, principalArn(admin, 'Reader')).undecided).toHaveLength(1);
  expectDenied(admin, principalArn(admin, 'Bystander'));
});

test('a policy attached to a parameter role may be attached to every role of the account, not to users', () => {
  const document = mapOf(stack => {
    const built = policyForParameterRole(stack);
    new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.User(stack, 'Person');
    return built;
  });
  const items = method(document, '/items');
  expect(entriesFor(items, principalArn(items, 'Other')).undecided).toHaveLength(1);
  expectDenied(items, principalArn(items, 'Person'));
});

test('a policy of another account\'s stack attached to a parameter role does not reach this account\'s roles', () => {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: ENV });
  iamApi(stack);
  new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  const other = new Stack(app, 'Elsewhere', { env: { account: '222222222222', region: 'eu-west-1' } });
  new iam.CfnPolicy(other, 'Grant', {
    policyName: 'grant',
    roles: [new CfnParameter(other, 'RoleName').valueAsString],
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] },
  });
  const items = method(AccessMap.of(app).toJson() as unknown as AccessMapDocument, '/items');
  expectDenied(items, principalArn(items, 'Reader'));
});

test('a policy that cannot decide access, attached to a parameter role, changes no decision', () => {
  const items = method(mapOf(logsPolicyForParameterRole), '/items');
  expectDenied(items, principalArn(items, 'Reader'));
});

test('an unreadable PolicyName does not drop the policy: its grant still counts', () => {
  const document = mapOf(build((stack, api, caller) => {
    new iam.CfnPolicy(stack, 'Grant', { policyName: new CfnParameter(stack, 'Name').valueAsString, roles: [caller.roleName], policyDocument: invokeItems(api) });
  }));
  const items = method(document, '/items');
  expect(entriesFor(items, principalArn(items, 'Reader')).allowed).toHaveLength(1);
});

test('a managed policy of the app whose document cannot be read makes the roles that name it undecided, naming it', () => {
  const document = mapOf(build((stack, _api, caller) => {
    const policy = new iam.CfnManagedPolicy(stack, 'Unread', { policyDocument: new CfnParameter(stack, 'Document').valueAsString });
    caller.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'ByArn', policy.ref));
  }));
  const items = method(document, '/items');
  expect(entriesFor(items, principalArn(items, 'Reader')).undecided).toEqual([
    expect.objectContaining({ because: expect.stringMatching(/policy 'Unread' cannot be read \(Unread\.PolicyDocument/) }),
  ]);
});
