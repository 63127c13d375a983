/**
 * Template parameters that decide access are enumerated by their classes of value, not condition by
 * condition: CloudFormation deploys a parameter with AllowedValues only with one of them ("AllowedValues:
 * an array containing the list of values allowed for the parameter", CloudFormation User Guide,
 * "Parameters"), and every condition on one parameter follows from its one value, so two conditions
 * on it never go an impossible way. A parameter without AllowedValues is any string: its Default, each
 * literal the conditions compare it with, or none of them.
 */
import { App, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { entriesFor, FROM_ANYWHERE, reportedMap } from './map-report';
import { checkOutput as check, templateFile } from './template-files';
import { buildAppModels, CONDITION_BRANCH_BUDGET } from '../../src/analysis/template/app-model';
import { AccessCaller, ApiAccessChecks } from '../../src/checks';

const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } };
const stage = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live', DeploymentId: 'd' } };
const root = { 'Fn::GetAtt': ['Api', 'RootResourceId'] };
function method(httpMethod: unknown, authorizationType: unknown, resourceId: unknown = root) {
  return { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: resourceId, HttpMethod: httpMethod, AuthorizationType: authorizationType } };
}
function resource(pathPart: string) {
  return { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: root, PathPart: pathPart } };
}

describe('Env with AllowedValues [dev, prod] and two conditions on it', () => {
  const template = {
    Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] },
    },
    Resources: {
      Api: api,
      Stage: stage,
      Neither: resource('neither'),
      Dev: resource('dev'),
      // Open only when IsProd and IsDev are both false: Env is dev or prod, so never.
      GetNeither: method('GET', { 'Fn::If': ['IsProd', 'AWS_IAM', { 'Fn::If': ['IsDev', 'AWS_IAM', 'NONE'] }] }, { Ref: 'Neither' }),
      // Open when Env is dev.
      GetDev: method('GET', { 'Fn::If': ['IsDev', 'NONE', 'AWS_IAM'] }, { Ref: 'Dev' }),
    },
  };

  test('exactly two ways are analyzed, one per allowed value', () => {
    const [model] = buildAppModels([{ stackName: 'items', template }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual(['parameter Env is "dev"', 'parameter Env is "prod"']);
  });

  test('no finding for the impossible way; the open method is reported when Env is dev', () => {
    const out = check(templateFile(template));
    expect(out).not.toMatch(/GET \/neither/);
    expect(out).toMatch(/GetDev  \[OpenMethod\] anyone on the internet can call GET \/dev .*\(when parameter Env is "dev"\)\./);
    expect(out).not.toMatch(/CannotEvaluate/);
  });

  test('the map: /neither is never open to anonymous callers; /dev is, when Env is dev', () => {
    const map = reportedMap(templateFile(template));
    const at = (p: string) => map.apis[0].methods.filter(m => m.path === p);
    for (const m of at('/neither')) expect(entriesFor(m, 'anonymous')).toEqual({ allowed: [], undecided: [] });
    const open = at('/dev').find(m => m.authorizationType === 'NONE')!;
    expect(open.allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter Env is "dev"' }]);
  });
});

describe('a parameter with only a Default', () => {
  // A Deny in the resource policy under IsLocked; Lock defaults to "locked" but may be deployed with
  // any other value, which opens the API.
  const everyone = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
  const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
  const template = {
    Parameters: { Lock: { Type: 'String', Default: 'locked' } },
    Conditions: { IsLocked: { 'Fn::Equals': [{ Ref: 'Lock' }, 'locked'] } },
    Resources: {
      Api: { ...api, Properties: { Name: 'items', Policy: { Version: '2012-10-17', Statement: [everyone, { 'Fn::If': ['IsLocked', deny, { Ref: 'AWS::NoValue' }] }] } } },
      Stage: stage,
      Get: method('GET', 'NONE'),
    },
  };

  test('the default\'s way and the "any other value" way', () => {
    const [model] = buildAppModels([{ stackName: 'items', template }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual(['parameter Lock is "locked"', 'parameter Lock is none of "locked"']);
    const map = reportedMap(templateFile(template));
    expect(map.apis[0].methods[0].allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter Lock is none of "locked"' }]);
  });

  test('a nested stack\'s Default-only parameter the parent does not pass is fixed: nothing is enumerated', () => {
    const parent = { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } } } };
    const stacks = [{ stackName: 'parent', template: parent }];
    const child = { stackName: 'child', template, parent: { template: stacks[0], logicalId: 'Child' } };
    const [, model] = buildAppModels([...stacks, child]);
    expect(model.condition).toBeUndefined();
    expect(model.variants).toBeUndefined();
  });

  test('a nested stack\'s parameter the parent passes as a literal is that value', () => {
    const parent = { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json', Parameters: { Lock: 'open' } } } } };
    const stacks = [{ stackName: 'parent', template: parent }];
    const child = { stackName: 'child', template, parent: { template: stacks[0], logicalId: 'Child' } };
    const [, model] = buildAppModels([...stacks, child]);
    expect(model.variants).toBeUndefined();
    // Lock is "open": the Deny is absent.
    expect(model.apis[0].resourcePolicy?.Statement).toEqual([everyone]);
  });
});

describe('AuthorizationType from a parameter', () => {
  test('with AllowedValues [NONE, AWS_IAM]: the NONE way is reported open, saying so', () => {
    const out = check(templateFile({
      Parameters: { AuthType: { Type: 'String', AllowedValues: ['NONE', 'AWS_IAM'] } },
      Resources: { Api: api, Stage: stage, Get: method('GET', { Ref: 'AuthType' }) },
    }));
    expect(out).toMatch(/Get  \[OpenMethod\] anyone on the internet can call GET \/ .*\(when parameter AuthType is "NONE"\)\./);
    expect(out).not.toMatch(/CannotEvaluate/);
  });

  test('without AllowedValues: the method is kept, every request undecided, naming the parameter', () => {
    const file = templateFile({
      Parameters: { AuthType: { Type: 'String' } },
      Resources: { Api: api, Stage: stage, Get: method('GET', { Ref: 'AuthType' }), Post: method('POST', 'AWS_IAM') },
    });
    const map = reportedMap(file);
    const get = map.apis[0].methods.find(m => m.httpMethod === 'GET')!;
    expect(get.authorizationType).toBe('UNKNOWN');
    expect(get.allowed).toEqual([]);
    expect(get.undecided).toEqual([{ caller: '*', from: FROM_ANYWHERE, because: expect.stringMatching(/Get\.AuthorizationType.*'AuthType'/) }]);
    // The other method is still analyzed: AWS_IAM refuses unsigned calls.
    const post = map.apis[0].methods.find(m => m.httpMethod === 'POST')!;
    expect(entriesFor(post, 'anonymous')).toEqual({ allowed: [], undecided: [] });
    const out = check(file);
    expect(out).toMatch(/Get  \[OpenMethod\] anyone on the internet may be able to call GET \/ .*AuthType/);
    expect(out).toMatch(/Get  \[CannotEvaluate\] .*'AuthType'.*who may call the method is undecided/);
  });
});

describe('HttpMethod from a parameter', () => {
  test('with AllowedValues [GET, POST]: the method is mapped under each verb, saying when', () => {
    const map = reportedMap(templateFile({
      Parameters: { Verb: { Type: 'String', AllowedValues: ['GET', 'POST'] } },
      Resources: { Api: api, Stage: stage, Call: method({ Ref: 'Verb' }, 'NONE') },
    }));
    const methods = map.apis[0].methods;
    expect(methods.map(m => m.httpMethod).sort()).toEqual(['GET', 'POST']);
    for (const m of methods) expect(m.allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: `when parameter Verb is "${m.httpMethod}"` }]);
  });

  test('without AllowedValues: kept and undecided', () => {
    const map = reportedMap(templateFile({
      Parameters: { Verb: { Type: 'String' } },
      Resources: { Api: api, Stage: stage, Call: method({ Ref: 'Verb' }, 'NONE') },
    }));
    expect(map.apis[0].methods).toHaveLength(1);
    expect(map.apis[0].methods[0]).toMatchObject({ httpMethod: 'UNKNOWN', allowed: [], undecided: [{ caller: '*', because: expect.stringMatching(/'Verb'/) }] });
  });
});

describe('over the budget', () => {
  // P has 3 values (3 ways); Q's 3 values would make 9, more than the budget of 8, so Q's conditions
  // go true and false instead: QIsX (6 ways) fits, QIsY (12) does not. QIsY decides a Deny on the
  // role: it must not be assumed present.
  const policy = (name: string, effect: string) => ({
    PolicyName: name, Roles: [{ Ref: 'Caller' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: '*' }] },
  });
  const template = {
    Parameters: {
      P: { Type: 'String', AllowedValues: ['a', 'b', 'c'] },
      Q: { Type: 'String', AllowedValues: ['x', 'y', 'z'] },
    },
    Conditions: {
      PIsA: { 'Fn::Equals': [{ Ref: 'P' }, 'a'] },
      QIsX: { 'Fn::Equals': [{ Ref: 'Q' }, 'x'] },
      QIsY: { 'Fn::Equals': [{ Ref: 'Q' }, 'y'] },
    },
    Resources: {
      Api: api,
      Stage: stage,
      Get: { ...method('GET', 'AWS_IAM'), Condition: 'PIsA' },
      Caller: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'sts:AssumeRole' }] } } },
      Grant: { Type: 'AWS::IAM::Policy', Properties: policy('grant', 'Allow') },
      BlockX: { Type: 'AWS::IAM::Policy', Condition: 'QIsX', Properties: policy('blockx', 'Deny') },
      BlockY: { Type: 'AWS::IAM::Policy', Condition: 'QIsY', Properties: policy('blocky', 'Deny') },
    },
  };

  test('a parameter over the budget: its conditions go true and false; what does not fit is a problem naming it, and the role is undecided, never denied', () => {
    expect(CONDITION_BRANCH_BUDGET).toBe(8);
    const [model] = buildAppModels([{ stackName: 'items', template }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual(['a', 'b', 'c'].flatMap(p =>
      [true, false].map(x => `parameter P is "${p}" and condition QIsX is ${x}`)));
    const file = templateFile(template);
    expect(check(file)).toMatch(/\[CannotEvaluate\] access depends on more CloudFormation parameter values and conditions than are analyzed \(8 ways at most\); not enumerated: condition 'QIsY' \(on parameter 'Q'\)\. Resources under them are read as if they held/);
    const get = reportedMap(file).apis[0].methods.find(m => m.httpMethod === 'GET')!;
    // CloudFormation names the unnamed role <stack>-<logical id>-<suffix> (see stage-identities.test.ts).
    const role = get.callers!.find(c => /:role\/items-Caller-[A-Z0-9]+$/.test(c));
    expect(role).toBeDefined();
    // When Q is z, neither Deny exists and the role may call: never reported denied.
    const { allowed, undecided } = entriesFor(get, role!);
    expect(allowed).toEqual([]);
    expect(undecided).toEqual([expect.objectContaining({ because: expect.stringMatching(/condition 'QIsY'/) })]);
  });
});

describe('aspect: CfnParameter and CfnCondition', () => {
  function app(allowedValues?: string[]) {
    const a = new App();
    const checks = ApiAccessChecks.of(a);
    const stack = new Stack(a, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
    const env = new CfnParameter(stack, 'Env', { allowedValues });
    const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const isDev = new CfnCondition(stack, 'IsDev', { expression: Fn.conditionEquals(env.valueAsString, 'dev') });
    const rest = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    return { checks, stack, rest, isProd, isDev, caller };
  }

  test('a grant under "neither IsProd nor IsDev" cannot happen when Env is dev or prod: expectDenied holds', () => {
    const { checks, stack, rest, isProd, isDev, caller } = app(['dev', 'prod']);
    const get = rest.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const neither = new CfnCondition(stack, 'Neither', { expression: Fn.conditionAnd(Fn.conditionNot(isProd), Fn.conditionNot(isDev)) });
    const policy = new iam.Policy(stack, 'Grant', { roles: [caller], statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [get.methodArn] })] });
    (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = neither;
    checks.expectDenied({ caller: AccessCaller.principal(caller), api: rest, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('without AllowedValues, Env may be anything else: the same grant is reported, saying when', () => {
    const { checks, stack, rest, isProd, isDev, caller } = app();
    const get = rest.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    const neither = new CfnCondition(stack, 'Neither', { expression: Fn.conditionAnd(Fn.conditionNot(isProd), Fn.conditionNot(isDev)) });
    const policy = new iam.Policy(stack, 'Grant', { roles: [caller], statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [get.methodArn] })] });
    (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = neither;
    checks.expectDenied({ caller: AccessCaller.principal(caller), api: rest, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([expect.stringMatching(/decision is ALLOW.*\(when parameter Env is none of "prod", "dev"\)\. Fix:/)]);
  });

  test('an authorization type from a CfnParameter with allowed values: the NONE way is open', () => {
    const a = new App();
    ApiAccessChecks.of(a);
    const stack = new Stack(a, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
    const rest = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const authType = new CfnParameter(stack, 'AuthType', { allowedValues: ['NONE', 'AWS_IAM'] });
    const get = rest.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
    (get.node.defaultChild as apigateway.CfnMethod).authorizationType = authType.valueAsString;
    expect(findings(stack, 'OpenMethod').infos).toEqual([expect.stringMatching(/anyone on the internet can call GET \/items .*\(when parameter AuthType is "NONE"\)\./)]);
  });
});

describe('conditions no parameter value decides', () => {
  test('a condition on AWS::Region of an environment-agnostic stack goes true and false (its ARNs use a placeholder region)', () => {
    const [model] = buildAppModels([{
      stackName: 'items',
      template: {
        Conditions: { InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
        Resources: { Api: api, Stage: stage, Get: method('GET', { 'Fn::If': ['InUsEast1', 'NONE', 'AWS_IAM'] }) },
      },
    }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual(['condition InUsEast1 is true', 'condition InUsEast1 is false']);
  });

  test('two parameters compared with each other: the condition goes true and false, and neither parameter adds a way', () => {
    const [model] = buildAppModels([{
      stackName: 'items',
      template: {
        Parameters: { A: { Type: 'String' }, B: { Type: 'String' } },
        Conditions: { Same: { 'Fn::Equals': [{ Ref: 'A' }, { Ref: 'B' }] } },
        Resources: { Api: api, Stage: stage, Get: method('GET', { 'Fn::If': ['Same', 'NONE', 'AWS_IAM'] }) },
      },
    }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual(['condition Same is true', 'condition Same is false']);
  });

  test('a parameter and a pseudo parameter in one condition: the parameter\'s values are enumerated, the condition goes both ways only where they leave it undecided', () => {
    const [model] = buildAppModels([{
      stackName: 'items',
      template: {
        Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } },
        Conditions: {
          IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
          ProdInUsEast1: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] },
        },
        Resources: {
          Api: api,
          Stage: stage,
          Get: method('GET', { 'Fn::If': ['IsProd', 'AWS_IAM', 'NONE'] }),
          Post: method('POST', { 'Fn::If': ['ProdInUsEast1', 'NONE', 'AWS_IAM'] }),
        },
      },
    }]);
    expect([model.condition, ...(model.variants ?? []).map(v => v.condition)]).toEqual([
      // When Env is dev, ProdInUsEast1 is false whatever the region: no way where it is true.
      'parameter Env is "dev"',
      'parameter Env is "prod" and condition ProdInUsEast1 is true',
      'parameter Env is "prod" and condition ProdInUsEast1 is false',
    ]);
  });
});

test('an SSM parameter type\'s AllowedValues constrain its name, not its value: not enumerated, the method stays undecided', () => {
  // CloudFormation User Guide, "Systems Manager parameter types": "You specify a Systems Manager
  // parameter key as the value of the Systems Manager parameter type, and CloudFormation fetches the
  // latest value from Parameter Store"; "CloudFormation can perform validation on Systems Manager
  // parameter keys, but not on their corresponding values".
  const map = reportedMap(templateFile({
    Parameters: { AuthType: { Type: 'AWS::SSM::Parameter::Value<String>', AllowedValues: ['/api/auth-type'] } },
    Resources: { Api: api, Stage: stage, Get: method('GET', { Ref: 'AuthType' }) },
  }));
  expect(map.apis[0].methods).toEqual([expect.objectContaining({ authorizationType: 'UNKNOWN', allowed: [], undecided: [expect.objectContaining({ caller: '*' })] })]);
});

test('a nested stack\'s SSM parameter type not passed by the parent: its Default is a Parameter Store key, not its value', () => {
  const parent = { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } } } };
  const stacks = [{ stackName: 'parent', template: parent }];
  const child = {
    stackName: 'child',
    template: {
      Parameters: { AuthType: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/api/auth-type' } },
      Resources: { Api: api, Stage: stage, Get: method('GET', { Ref: 'AuthType' }) },
    },
    parent: { template: stacks[0], logicalId: 'Child' },
  };
  const [, model] = buildAppModels([...stacks, child]);
  expect(model.apis[0].methods[0]).toMatchObject({ authorizationType: 'UNKNOWN', undecided: expect.stringMatching(/'AuthType'/) });
});

test('a Number parameter\'s values compare as text with the literals of its conditions', () => {
  // CloudFormation User Guide, "Parameters", type Number: a Ref to it gives the value as a string.
  const [model] = buildAppModels([{
    stackName: 'items',
    template: {
      Parameters: { Tier: { Type: 'Number', AllowedValues: [1, 2] } },
      Conditions: { Public: { 'Fn::Equals': [{ Ref: 'Tier' }, 1] } },
      Resources: { Api: api, Stage: stage, Get: method('GET', { 'Fn::If': ['Public', 'NONE', 'AWS_IAM'] }) },
    },
  }]);
  const ways = [model, ...model.variants!].map(m => `${m.condition}: ${m.apis[0].methods[0].authorizationType}`);
  expect(ways).toEqual(['parameter Tier is "1": NONE', 'parameter Tier is "2": AWS_IAM']);
});

test('aspect, over the budget: expectDenied on the strength of a Deny under a condition not enumerated is not met silently', () => {
  const a = new App();
  const checks = ApiAccessChecks.of(a);
  const stack = new Stack(a, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
  const p = new CfnParameter(stack, 'P', { allowedValues: ['a', 'b', 'c'] });
  const q = new CfnParameter(stack, 'Q', { allowedValues: ['x', 'y', 'z'] });
  const pIsA = new CfnCondition(stack, 'PIsA', { expression: Fn.conditionEquals(p.valueAsString, 'a') });
  const rest = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  const get = rest.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  (get.node.defaultChild as apigateway.CfnMethod).cfnOptions.condition = pIsA;
  const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  get.grantExecute(caller);
  for (const value of ['x', 'y']) {
    const deny = new iam.Policy(stack, `Block${value}`, {
      roles: [caller], statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: ['*'] })],
    });
    (deny.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = new CfnCondition(stack, `QIs${value}`, { expression: Fn.conditionEquals(q.valueAsString, value) });
  }
  checks.expectDenied({ caller: AccessCaller.principal(caller), api: rest, httpMethod: 'GET', path: '/items' });
  // When Q is z neither Deny exists and the role may call: the expectation cannot be said to be met.
  expect(findings(stack, 'CannotEvaluate').warnings).toEqual(expect.arrayContaining([
    expect.stringMatching(/the expectation that role 'Api\/Caller' may not call GET \/items .*could not be checked: the decision is EXPLICIT_DENY, but access depends on more CloudFormation parameter values/),
  ]));
});

describe('a nested stack\'s parameter the parent passes as Ref to a parameter of its own', () => {
  const parentTemplate = (allowed?: string[]) => ({
    Parameters: { Env: { Type: 'String', ...(allowed ? { AllowedValues: allowed } : {}) } },
    Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json', Parameters: { ChildEnv: { Ref: 'Env' } } } } },
  });
  const childTemplate = {
    Parameters: { ChildEnv: { Type: 'String' } },
    Conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'ChildEnv' }, 'dev'] } },
    Resources: { Api: api, Stage: stage, Get: method('GET', { 'Fn::If': ['IsDev', 'NONE', 'AWS_IAM'] }) },
  };
  const ways = (allowed?: string[]) => {
    const stacks = [{ stackName: 'parent', template: parentTemplate(allowed) }];
    const [, model] = buildAppModels([...stacks, { stackName: 'child', template: childTemplate, parent: { template: stacks[0], logicalId: 'Child' } }]);
    return [model, ...model.variants ?? []].map(m => `${m.condition}: ${m.apis[0].methods[0].authorizationType}`);
  };

  test('takes the values the parent\'s parameter allows', () => {
    expect(ways(['dev', 'prod'])).toEqual(['parameter ChildEnv is "dev": NONE', 'parameter ChildEnv is "prod": AWS_IAM']);
  });

  test('without AllowedValues in the parent: the literal compared with, and any other value', () => {
    expect(ways()).toEqual(['parameter ChildEnv is "dev": NONE', 'parameter ChildEnv is none of "dev": AWS_IAM']);
  });
});

describe('aspect: expectations on an API with a method whose verb is a parameter without allowed values', () => {
  function app() {
    const a = new App();
    const checks = ApiAccessChecks.of(a);
    const stack = new Stack(a, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
    const rest = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
    const items = rest.root.addResource('items');
    const open = items.addMethod('PUT', new apigateway.MockIntegration());
    (open.node.defaultChild as apigateway.CfnMethod).httpMethod = new CfnParameter(stack, 'Verb').valueAsString;
    rest.root.addResource('other').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    return { checks, stack, rest };
  }

  test('a call it may take cannot be checked: CannotEvaluate names the parameter, never met', () => {
    const { checks, stack, rest } = app();
    checks.expectDenied({ caller: AccessCaller.anonymous(), api: rest, httpMethod: 'GET', path: '/items' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/the expectation that an anonymous caller may not call GET \/items .*could not be checked: Items\w+\.HttpMethod is the template parameter 'Verb'/),
    ]));
  });

  test('a call to another resource is still checked', () => {
    const { checks, stack, rest } = app();
    checks.expectDenied({ caller: AccessCaller.anonymous(), api: rest, httpMethod: 'GET', path: '/other' });
    expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
    expect(findings(stack, 'CannotEvaluate').warnings.filter(w => /expectation/.test(w))).toEqual([]);
  });
});

describe('other access properties from a parameter with AllowedValues', () => {
  test('an API\'s endpoint type: the API is mapped in each, saying when (not dropped)', () => {
    const map = reportedMap(templateFile({
      Parameters: { Endpoint: { Type: 'String', AllowedValues: ['REGIONAL', 'PRIVATE'] } },
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items', EndpointConfiguration: { Types: [{ Ref: 'Endpoint' }] } } },
        Stage: stage,
        Get: method('GET', 'NONE'),
      },
    }));
    expect(map.apis.map(a => a.endpointType).sort()).toEqual(['PRIVATE', 'REGIONAL']);
    const regional = map.apis.find(a => a.endpointType === 'REGIONAL')!;
    expect(regional.methods[0].allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter Endpoint is "REGIONAL"' }]);
  });

  test('a method\'s ApiKeyRequired: each way is analyzed, the key noted where it is required', () => {
    const map = reportedMap(templateFile({
      Parameters: { KeyRequired: { Type: 'String', AllowedValues: ['true', 'false'] } },
      Resources: {
        Api: api,
        Stage: stage,
        Get: { Type: 'AWS::ApiGateway::Method', Properties: { ...method('GET', 'NONE').Properties, ApiKeyRequired: { Ref: 'KeyRequired' } } },
      },
    }));
    expect(map.apis[0].methods[0].allowed).toEqual([
      { caller: 'anonymous', from: FROM_ANYWHERE, note: 'when parameter KeyRequired is "false"' },
      { caller: 'anonymous', from: FROM_ANYWHERE, note: 'with an API key of a usage plan; when parameter KeyRequired is "true"' },
    ]);
  });
});
