import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureIo } from './capture';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/**
 * A resource policy that depends on a CloudFormation condition (a parameter decides it at deploy
 * time): with WithPartner the API lets in only the partner's role, otherwise any AWS principal. Both
 * ways can be deployed, so the map says what each allows. AWS decides (developer guide, "How API
 * Gateway resource policies affect authorization workflow", Table B: another account's principal
 * needs the resource policy and its own policies to allow): the partner's role may call either way
 * (by name, or as a principal of any account); every other principal of account 222222222222 and
 * any other account only when WithPartner is false (Partner is "no", the only other value AllowedValues lets
 * CloudFormation deploy).
 */
const TEMPLATE = {
  Parameters: { Partner: { Type: 'String', AllowedValues: ['yes', 'no'] } },
  Conditions: { WithPartner: { 'Fn::Equals': [{ Ref: 'Partner' }, 'yes'] } },
  Resources: {
    Api: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: 'shop',
        EndpointConfiguration: { Types: ['REGIONAL'] },
        Policy: {
          Version: '2012-10-17',
          Statement: [{
            'Fn::If': ['WithPartner',
              { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/partner' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
              { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
          }],
        },
      },
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

test('report --format json: a principal one branch names by ARN is answered in every branch, noted where it differs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'branches-'));
  try {
    const file = path.join(dir, 'Shop.template.json');
    fs.writeFileSync(file, JSON.stringify(TEMPLATE));
    const io = captureIo();
    expect(runCli(['report', file, '--format', 'json'], io)).toBe(ExitCode.OK);
    const [method] = JSON.parse(io.stdout).apis[0].methods;
    const everywhere = { internet: ['0.0.0.0/0', '::/0'] };
    const partner = 'arn:aws:iam::222222222222:role/partner';
    expect(method.callers).toEqual(expect.arrayContaining([partner, 'account:222222222222', 'any-account']));
    expect(method.allowed.filter((e: { caller: string }) => e.caller === partner)).toEqual([{ caller: partner, from: everywhere }]);
    expect(method.allowed.filter((e: { caller: string }) => e.caller === 'account:222222222222'))
      .toEqual([{ caller: 'account:222222222222', from: everywhere, note: 'when parameter Partner is "no"' }]);
    expect(method.allowed.filter((e: { caller: string }) => e.caller === 'any-account'))
      .toEqual([{ caller: 'any-account', from: everywhere, note: 'when parameter Partner is "no"' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
