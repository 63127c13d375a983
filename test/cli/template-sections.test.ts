import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

// Parameters and Conditions that CloudFormation refuses ("Template format error") are refused here too,
// naming the field: read anyway, an AllowedValues object became the branch 'parameter P is "[object
// Object]"', Fn::Equals with three arguments was read as if it had two, a Parameters section that is not
// an object crashed with a TypeError. CloudFormation User Guide: "Parameters syntax" (each parameter an
// object with a Type; AllowedValues "an array containing the list of values allowed for the parameter"),
// "Condition functions" (Fn::Equals compares two values; Fn::And and Fn::Or take 2 to 10 conditions;
// Fn::Not takes one), "Conditions syntax" (Ref only to parameters and pseudo parameters).

const statement = (cond: string) => ({
  'Fn::If': [cond,
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/partner' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
});

function template(parameters: unknown, conditions: unknown): object {
  return {
    Parameters: parameters,
    Conditions: conditions,
    Resources: {
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'shop', EndpointConfiguration: { Types: ['REGIONAL'] }, Policy: { Version: '2012-10-17', Statement: [statement('C')] } },
      },
      Get: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' },
        },
      },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
    },
  };
}

const P = { Type: 'String', AllowedValues: ['yes', 'no'] };
const isYes = { 'Fn::Equals': [{ Ref: 'P' }, 'yes'] };

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sections-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function report(body: object) {
  const file = path.join(dir, 'Shop.template.json');
  fs.writeFileSync(file, JSON.stringify(body));
  const io = captureIo();
  const code = runCli(['report', file, '--format', 'json'], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test.each([
  ['Parameters is not an object', 'x', { C: isYes }, /Parameters: expected an object of parameters, got string "x"/],
  ['a parameter is not an object', { P: 'String' }, { C: isYes }, /Parameters\.P: expected an object with a Type/],
  ['a parameter without a Type', { P: { AllowedValues: ['yes'] } }, { C: isYes }, /Parameters\.P\.Type: expected a parameter type/],
  ['AllowedValues is a string', { P: { Type: 'String', AllowedValues: 'yes' } }, { C: isYes }, /Parameters\.P\.AllowedValues: expected a list of values, got string "yes"/],
  ['AllowedValues holds an object', { P: { Type: 'String', AllowedValues: [{ a: 1 }, 'yes'] } }, { C: isYes }, /Parameters\.P\.AllowedValues\[0\]: expected a string or number, got an object/],
  ['Default is an object', { P: { ...P, Default: { a: 1 } } }, { C: isYes }, /Parameters\.P\.Default: expected a string or number/],
  ['Conditions is a list', { P }, [isYes], /Conditions: expected an object of conditions, got a list/],
  ['a condition is a string', { P }, { C: 'yes' }, /Conditions\.C: expected a condition function/],
  ['Fn::Equals with 1 argument', { P }, { C: { 'Fn::Equals': [{ Ref: 'P' }] } }, /Conditions\.C\.Fn::Equals: expected a list of 2 values, got 1/],
  ['Fn::Equals with 3 arguments', { P }, { C: { 'Fn::Equals': [{ Ref: 'P' }, 'yes', 'no'] } }, /Conditions\.C\.Fn::Equals: expected a list of 2 values, got 3/],
  ['Fn::And with 11 conditions', { P }, { C: { 'Fn::And': Array(11).fill(isYes) } }, /Conditions\.C\.Fn::And: expected a list of 2 to 10 conditions, got 11/],
  ['Fn::Or with 1 condition', { P }, { C: { 'Fn::Or': [isYes] } }, /Conditions\.C\.Fn::Or: expected a list of 2 to 10 conditions, got 1/],
  ['Fn::Not with 2 conditions', { P }, { C: { 'Fn::Not': [isYes, isYes] } }, /Conditions\.C\.Fn::Not: expected a list of 1 condition, got 2/],
  ['an unknown function', { P }, { C: { 'Fn::Xor': [isYes, isYes] } }, /Conditions\.C\.Fn::Xor: not a condition function/],
  ['a Ref to an undefined parameter', {}, { C: { 'Fn::Equals': [{ Ref: 'Nope' }, 'yes'] } }, /Conditions\.C\.Fn::Equals\[0\]\.Ref: "Nope" is not a parameter of the template/],
  ['a Condition naming no condition', { P }, { C: { 'Fn::Not': [{ Condition: 'Missing' }] } }, /Conditions\.C\.Fn::Not\[0\]\.Condition: names no condition of the template/],
  ['a condition naming itself', {}, { C: { 'Fn::Not': [{ Condition: 'C' }] } }, /Conditions\.C: the conditions "C" -> "C" depend on each other in a cycle/],
  ['two conditions naming each other', {}, { C: { Condition: 'D' }, D: { 'Fn::Not': [{ Condition: 'C' }] } }, /the conditions "C" -> "D" -> "C" depend on each other in a cycle/],
])('%s: exit 2 naming the field', (_what, parameters, conditions, message) => {
  const { code, stdout, stderr } = report(template(parameters, conditions));
  expect(code).toBe(ExitCode.INVALID);
  expect(stdout).toBe('');
  expect(stderr).toMatch(message);
  expect(stderr).toMatch(/CloudFormation refuses such a template/);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('what CloudFormation accepts is still read: Ref to a pseudo parameter, 10 conditions in Fn::And, numbers in AllowedValues', () => {
  const { code, stderr } = report(template(
    { P, N: { Type: 'Number', AllowedValues: [1, 2], Default: 1 } },
    {
      C: { 'Fn::And': [isYes, ...Array(8).fill(isYes), { 'Fn::Equals': [{ Ref: 'N' }, '1'] }] },
      InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      Both: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'InUsEast1' }] },
    },
  ));
  expect(stderr).toBe('');
  expect(code).toBe(ExitCode.OK);
});

test('an Fn::If or a resource Condition naming no condition of the template: exit 2 naming it', () => {
  const ifMissing = report(template({ P }, {}));
  expect(ifMissing.code).toBe(ExitCode.INVALID);
  expect(ifMissing.stderr).toMatch(/Resources\.Api\.Properties\.Policy\.Statement\[0\]\.Fn::If\[0\]: "C" is not a condition of the template/);
  const resource = template({ P }, { C: isYes }) as { Resources: Record<string, { Condition?: string }> };
  resource.Resources.Get.Condition = 'Missing';
  const onResource = report(resource);
  expect(onResource.code).toBe(ExitCode.INVALID);
  expect(onResource.stderr).toMatch(/Resources\.Get\.Condition: "Missing" is not a condition of the template/);
});

test('2,000 conditions each naming the next: exit 2 naming the depth, not a stack overflow', () => {
  const conditions: Record<string, unknown> = { C: { Condition: 'C0' }, C2000: isYes };
  for (let i = 0; i < 2000; i++) conditions[`C${i}`] = { 'Fn::Not': [{ Condition: `C${i + 1}` }] };
  const { code, stderr } = report(template({ P }, conditions));
  expect(code).toBe(ExitCode.INVALID);
  expect(stderr).toMatch(/Conditions\.C\d+: names conditions that name others more than 64 deep, which no template needs/);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('40 conditions each naming the next two (a ladder, 2^40 paths) are read once each', () => {
  const conditions: Record<string, unknown> = { C: { Condition: 'C0' }, C40: isYes, C41: isYes };
  for (let i = 0; i < 40; i++) conditions[`C${i}`] = { 'Fn::And': [{ Condition: `C${i + 1}` }, { Condition: `C${i + 2}` }] };
  const { code, stdout } = report(template({ P }, conditions));
  expect(code).toBe(ExitCode.OK);
  const [method] = JSON.parse(stdout).apis[0].methods;
  expect(method.allowed.map((e: { caller: string }) => e.caller)).toContain('arn:aws:iam::222222222222:role/partner');
});
