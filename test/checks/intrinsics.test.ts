import { CfnTemplate, IntrinsicResolver, PLACEHOLDER_ACCOUNT, stackEnvironment, symbolicApiId, UnresolvedValueError } from '../../src/analysis/template/intrinsics';

const template = {
  Parameters: { Stage: { Type: 'String' } },
  Mappings: { Regions: { 'eu-west-1': { Name: 'ireland' } } },
  Resources: {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } },
    Reader: { Type: 'AWS::IAM::Role', Properties: { Path: '/team/' } },
    Named: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'items-reader' } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'items-handler' } },
    Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: {} },
    Prod: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'prod' } },
  },
};

describe('IntrinsicResolver', () => {
  const env = stackEnvironment('Items', '111111111111', 'eu-west-1');
  const resolver = new IntrinsicResolver(template, env);

  test('pseudo parameters take the stack environment when it is concrete', () => {
    expect(resolver.resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] }, 'p'))
      .toBe('arn:aws:iam::111111111111:root');
    expect(resolver.resolve({ Ref: 'AWS::Region' }, 'p')).toBe('eu-west-1');
    expect(resolver.resolve({ Ref: 'AWS::URLSuffix' }, 'p')).toBe('amazonaws.com');
  });

  test('an environment-agnostic stack uses the placeholder account and region consistently', () => {
    const agnostic = new IntrinsicResolver(template, stackEnvironment('Items', '${Token[AWS.AccountId.1]}', undefined));
    expect(agnostic.resolve({ Ref: 'AWS::AccountId' }, 'p')).toBe(PLACEHOLDER_ACCOUNT);
    expect(agnostic.env.concrete).toBe(false);
  });

  test('Ref and GetAtt of a REST API give the same 10-character id that API Gateway ids have', () => {
    const id = resolver.resolve({ Ref: 'Api' }, 'p');
    expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(id).toBe(symbolicApiId('Api', env));
    expect(symbolicApiId('ApiOne1234ABCD', env)).not.toBe(symbolicApiId('ApiTwo1234ABCD', env));
  });

  test('role ARNs use the role path and the physical name when the template sets one', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Reader', 'Arn'] }, 'p')).toMatch(/^arn:aws:iam::111111111111:role\/team\/Items-Reader-[A-Z0-9]{12}$/);
    expect(resolver.resolve({ 'Fn::GetAtt': 'Named.Arn' }, 'p')).toBe('arn:aws:iam::111111111111:role/items-reader');
    expect(resolver.resolve({ Ref: 'Named' }, 'p')).toBe('items-reader');
  });

  test('Fn::Sub substitutes pseudo parameters, resources, attributes and its own variables', () => {
    expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Prod}/GET/*' }, 'p'))
      .toBe(`arn:aws:execute-api:eu-west-1:111111111111:${symbolicApiId('Api', env)}/prod/GET/*`);
    expect(resolver.resolve({ 'Fn::Sub': ['${Fn.Arn}:${Alias}', { Alias: 'live' }] }, 'p'))
      .toBe('arn:aws:lambda:eu-west-1:111111111111:function:items-handler:live');
    expect(resolver.resolve({ 'Fn::Sub': '${!Literal}' }, 'p')).toBe('${Literal}');
  });

  test('Select, Split and FindInMap are evaluated', () => {
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, 'p')).toBe('b');
    expect(resolver.resolve({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Name'] }, 'p')).toBe('ireland');
  });

  test('VPC endpoint ids have the vpce- shape so conditions and requests can name them', () => {
    expect(resolver.resolve({ Ref: 'Endpoint' }, 'p')).toMatch(/^vpce-[0-9a-f]{17}$/);
  });

  test('AWS::NoValue removes the property or list element', () => {
    expect(resolver.resolve({ A: { Ref: 'AWS::NoValue' }, B: ['x', { Ref: 'AWS::NoValue' }] }, 'p')).toEqual({ B: ['x'] });
  });

  test('values only known at deploy time are errors naming the path, never guesses', () => {
    expect(() => resolver.resolve({ Ref: 'Stage' }, 'Api.Policy')).toThrow(UnresolvedValueError);
    expect(() => resolver.resolve({ Ref: 'Stage' }, 'Api.Policy')).toThrow(/Api\.Policy.*template parameter 'Stage'/);
    expect(() => resolver.resolve({ 'Fn::If': ['C', 'a', 'b'] }, 'p')).toThrow(/Fn::If/);
    expect(() => resolver.resolve({ 'Fn::ImportValue': 'Shared-ApiId' }, 'p')).toThrow(/not exported/);
    expect(() => resolver.resolve({ Ref: 'Missing' }, 'p')).toThrow(/not in the template/);
  });
});

/**
 * A resource without a name gets the one CloudFormation generates, `<stack name>-<logical id>-<unique
 * suffix>`: "By default, CloudFormation generates a unique physical ID to name a resource. For example,
 * CloudFormation might name an Amazon S3 bucket with the following physical ID
 * MyStack-MyBucket-abcdefghijk1" (CloudFormation template reference, "CloudFormation resource custom
 * naming", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html).
 * So one template deployed as two stacks (a Stack class in a Beta and a Prod Stage) has two roles, two
 * APIs, two endpoints: none of its symbolic identities may be shared between the stacks.
 */
describe('identities of resources the template does not name are unique per stack, as deployed', () => {
  const shared = {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } },
      Reader: { Type: 'AWS::IAM::Role', Properties: {} },
      Person: { Type: 'AWS::IAM::User', Properties: {} },
      Team: { Type: 'AWS::IAM::Group', Properties: {} },
      Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: {} },
      Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
      Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: {} },
      Network: { Type: 'AWS::EC2::VPC', Properties: {} },
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
    },
  };
  const identities = (stackName: string, account = '111111111111', region = 'eu-west-1') => {
    const r = new IntrinsicResolver(shared, stackEnvironment(stackName, account, region));
    return {
      api: r.resolve({ Ref: 'Api' }, 'p'),
      role: r.resolve({ 'Fn::GetAtt': ['Reader', 'Arn'] }, 'p'),
      roleId: r.resolve({ 'Fn::GetAtt': ['Reader', 'RoleId'] }, 'p'),
      user: r.resolve({ 'Fn::GetAtt': ['Person', 'Arn'] }, 'p'),
      userId: r.resolve({ 'Fn::GetAtt': ['Person', 'UserId'] }, 'p'),
      group: r.resolve({ 'Fn::GetAtt': ['Team', 'Arn'] }, 'p'),
      policy: r.resolve({ Ref: 'Boundary' }, 'p'),
      function: r.resolve({ 'Fn::GetAtt': ['Handler', 'Arn'] }, 'p'),
      endpoint: r.resolve({ Ref: 'Endpoint' }, 'p'),
      vpc: r.resolve({ Ref: 'Network' }, 'p'),
      pool: r.resolve({ 'Fn::GetAtt': ['Pool', 'Arn'] }, 'p'),
      topic: r.resolve({ Ref: 'Topic' }, 'p'),
      queue: r.resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] }, 'p'),
      table: r.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] }, 'p'),
      bucket: r.resolve({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'p'),
      key: r.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }, 'p'),
    } as Record<string, string>;
  };
  const beta = identities('Beta-Service');
  const prod = identities('Prod-Service');

  test.each(Object.keys(beta))('%s differs between two stacks of one template', kind => {
    expect(beta[kind]).not.toBe(prod[kind]);
  });

  test.each(Object.keys(beta))('%s differs between same-named stacks in two regions or accounts', kind => {
    // Stack names are unique per account and region only; IAM names are global to the account.
    expect(identities('Service', '111111111111', 'eu-west-1')[kind]).not.toBe(identities('Service', '111111111111', 'us-east-1')[kind]);
    expect(identities('Service', '111111111111', 'eu-west-1')[kind]).not.toBe(identities('Service', '222222222222', 'eu-west-1')[kind]);
  });

  test('an attribute that returns what Ref returns gives the same identity as Ref', () => {
    const r = new IntrinsicResolver(shared, stackEnvironment('Beta-Service', '111111111111', 'eu-west-1'));
    for (const [id, attribute] of [['Endpoint', 'Id'], ['Network', 'VpcId'], ['Pool', 'UserPoolId'], ['Queue', 'QueueUrl']]) {
      expect(r.getAtt(id, attribute, 'p')).toBe(r.refOf(id, 'p'));
    }
    expect(r.getAtt('Topic', 'TopicName', 'p')).toBe(r.refOf('Topic', 'p').split(':').pop());
    expect(r.getAtt('Queue', 'Arn', 'p').split(':').pop()).toBe(r.getAtt('Queue', 'QueueName', 'p'));
  });

  test('an attribute without a meaning for the checks is still unique per stack', () => {
    const other = (stackName: string) => new IntrinsicResolver(shared, stackEnvironment(stackName, '111111111111', 'eu-west-1'));
    expect(other('Beta-Service').getAtt('Network', 'CidrBlock', 'p')).not.toBe(other('Prod-Service').getAtt('Network', 'CidrBlock', 'p'));
  });

  test('the same app gives the same identities', () => {
    expect(identities('Beta-Service')).toEqual(beta);
  });

  test('names read as CloudFormation writes them: stack name, logical id, a unique suffix', () => {
    expect(beta.role).toMatch(/^arn:aws:iam::111111111111:role\/Beta-Service-Reader-[A-Z0-9]{12}$/);
    expect(beta.function).toMatch(/^arn:aws:lambda:eu-west-1:111111111111:function:Beta-Service-Handler-[A-Z0-9]{12}$/);
    expect(beta.bucket).toMatch(/^arn:aws:s3:::beta-service-bucket-[a-z0-9]{12}$/);
    // Ids have the shapes AWS gives them (the evaluator and the access map read them).
    expect(beta.api).toMatch(/^[a-z0-9]{10}$/);
    expect(beta.api.startsWith('api')).toBe(true);
    expect(beta.endpoint).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(beta.vpc).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(beta.roleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(beta.userId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(beta.pool).toMatch(/^arn:aws:cognito-idp:eu-west-1:111111111111:userpool\/eu-west-1_[A-Za-z0-9]{9}$/);
  });

  test('a long stack name and logical id are shortened to the type\'s limit, keeping names distinct', () => {
    // RoleName: "Maximum length of 64" (AWS::IAM::Role reference); FunctionName likewise 64.
    const long = 'Pipeline-Production-EuropeWest-ServiceStackWithAVeryLongName';
    const one = new IntrinsicResolver({ Resources: { ReaderRoleWithALongLogicalId0123ABCD: { Type: 'AWS::IAM::Role' }, ReaderRoleWithALongLogicalId4567EFGH: { Type: 'AWS::IAM::Role' } } },
      stackEnvironment(long, '111111111111', 'eu-west-1'));
    const a = one.refOf('ReaderRoleWithALongLogicalId0123ABCD', 'p');
    const b = one.refOf('ReaderRoleWithALongLogicalId4567EFGH', 'p');
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toMatch(/^Pipeline-Production-EuropeWest-[\w-]+-[A-Z0-9]{12}$/);
    expect(a).not.toBe(b);
    // IAM and CloudFormation names never have two hyphens in a row where the readable part was cut.
    for (const logicalId of ['ReaderRoleWithALongLogicalId0123ABCD', 'ReaderRoleWithALongLogicalId4567EFGH']) {
      for (const stackName of [long, long.slice(0, 50), `${long.slice(0, 38)}--x`]) {
        const name = new IntrinsicResolver({ Resources: { [logicalId]: { Type: 'AWS::IAM::Role' } } }, stackEnvironment(stackName, '111111111111', 'eu-west-1'))
          .refOf(logicalId, 'p');
        expect(name).not.toMatch(/--/);
        expect(name.length).toBeLessThanOrEqual(64);
      }
    }
  });

  test('a nested stack (named Parent/Inner here) gets valid IAM names distinct from its parent\'s', () => {
    const parent = new IntrinsicResolver(shared, stackEnvironment('Parent', '111111111111', 'eu-west-1'));
    const nested = new IntrinsicResolver(shared, stackEnvironment('Parent/Inner', '111111111111', 'eu-west-1'));
    const nestedRole = nested.refOf('Reader', 'p');
    expect(nestedRole).toMatch(/^Parent-Inner-Reader-[A-Z0-9]{12}$/);
    expect(nestedRole).not.toBe(parent.refOf('Reader', 'p'));
  });
});

describe('conditions naming conditions', () => {
  // C0 = Fn::And [C1, C2], C1 = Fn::And [C2, C3], ...: every path was followed anew, so 30 such
  // conditions took 6.5 s to map and 40 would take minutes. Each is now evaluated once per branch.
  function ladder(n: number): { template: CfnTemplate; reads: Map<string, number> } {
    const conditions: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) conditions[`C${i}`] = { 'Fn::And': [{ Condition: `C${i + 1}` }, { Condition: `C${i + 2}` }] };
    conditions[`C${n}`] = { 'Fn::Equals': ['a', 'a'] };
    conditions[`C${n + 1}`] = { 'Fn::Equals': ['a', 'a'] };
    const reads = new Map<string, number>();
    const counted = new Proxy(conditions, {
      get(target, name) {
        if (typeof name === 'string') reads.set(name, (reads.get(name) ?? 0) + 1);
        return target[name as string];
      },
    });
    return { template: { Resources: {}, Conditions: counted } as unknown as CfnTemplate, reads };
  }

  test('a condition other conditions name many times over is evaluated once', () => {
    const { template: ladderTemplate, reads } = ladder(25);
    const resolver = new IntrinsicResolver(ladderTemplate, stackEnvironment('Items', '111111111111', 'eu-west-1'));
    expect(resolver.condition('C0', 'test')).toBe(true);
    expect(Math.max(...reads.values())).toBe(1);
  });

  test('a chain longer than 64 conditions is unresolved, named, not a stack overflow', () => {
    const conditions: Record<string, unknown> = { C5000: { 'Fn::Equals': ['a', 'a'] } };
    for (let i = 0; i < 5000; i++) conditions[`C${i}`] = { 'Fn::Not': [{ Condition: `C${i + 1}` }] };
    const resolver = new IntrinsicResolver({ Resources: {}, Conditions: conditions } as unknown as CfnTemplate, stackEnvironment('Items', '111111111111', 'eu-west-1'));
    expect(() => resolver.condition('C0', 'test')).toThrow(UnresolvedValueError);
    expect(() => resolver.condition('C0', 'test')).toThrow(/the condition 'C64' is reached through more than 64 conditions naming each other/);
  });
});
