import { IntrinsicResolver, PLACEHOLDER_ACCOUNT, stackEnvironment, symbolicApiId, UnresolvedValueError } from '../../src/analysis/template/intrinsics';

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
    expect(id).toBe(symbolicApiId('Api'));
    expect(symbolicApiId('ApiOne1234ABCD')).not.toBe(symbolicApiId('ApiTwo1234ABCD'));
  });

  test('role ARNs use the role path and the physical name when the template sets one', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Reader', 'Arn'] }, 'p')).toBe('arn:aws:iam::111111111111:role/team/Reader');
    expect(resolver.resolve({ 'Fn::GetAtt': 'Named.Arn' }, 'p')).toBe('arn:aws:iam::111111111111:role/items-reader');
    expect(resolver.resolve({ Ref: 'Named' }, 'p')).toBe('items-reader');
  });

  test('Fn::Sub substitutes pseudo parameters, resources, attributes and its own variables', () => {
    expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Prod}/GET/*' }, 'p'))
      .toBe(`arn:aws:execute-api:eu-west-1:111111111111:${symbolicApiId('Api')}/prod/GET/*`);
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
