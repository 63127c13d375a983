import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AccessChangeKind, AccessMap, AccessMapDiff } from '../../src/checks';

/** The public diff reads two maps (formatVersion 2, as AccessMap.toJson() and report --format json give them). */
const map = (internet: string[], auth = 'NONE') => ({
  formatVersion: 2,
  apis: [{
    stack: 'Shop',
    name: 'shop',
    logicalId: 'Api',
    endpointType: 'REGIONAL',
    methods: [{ stage: 'prod', httpMethod: 'GET', path: '/orders', authorizationType: auth, allowed: [{ caller: 'anonymous', from: { internet } }], undecided: [] }],
  }],
});

describe('AccessMapDiff', () => {
  test('a widened range: the gained addresses as structured data and words', () => {
    const diff = AccessMapDiff.compare(map(['198.51.100.0/24']), map(['198.51.100.0/23']));
    expect(diff.broadened).toBe(true);
    expect(diff.narrowed).toBe(false);
    expect(diff.apis).toEqual([expect.objectContaining({ logicalId: 'Api', change: AccessChangeKind.CHANGED, stagesAdded: [], causes: [] })]);
    expect(diff.methods).toHaveLength(1);
    expect(diff.methods[0].gained).toEqual([expect.objectContaining({
      decision: 'allowed', caller: 'anonymous', internet: ['198.51.101.0/24'], broadening: true, description: 'anyone from 198.51.101.0/24',
    })]);
    expect(diff.toJson().broadened).toBe(true);
    expect(diff.toText()).toContain('+ anyone from 198.51.101.0/24');
    expect(diff.toMarkdown()).toContain('**gained**: anyone from 198.51.101.0/24');
  });

  test('the home account gaining an AWS_IAM method is not a broadening when the account is given', () => {
    const empty = { formatVersion: 2, apis: [] };
    const iam = { formatVersion: 2, apis: [{ ...map([], 'AWS_IAM').apis[0], methods: [{ ...map([], 'AWS_IAM').apis[0].methods[0], allowed: [{ caller: 'account:111111111111', from: { internet: ['0.0.0.0/0', '::/0'] } }] }] }] };
    expect(AccessMapDiff.compare(empty, iam).broadened).toBe(true);
    expect(AccessMapDiff.compare(empty, iam, { homeAccount: '111111111111' }).broadened).toBe(false);
    expect(AccessMapDiff.compare(empty, iam).methods[0].change).toBe(AccessChangeKind.ADDED);
  });

  test('not a map: an error naming the field', () => {
    expect(() => AccessMapDiff.compare({ formatVersion: 2, apis: [{ stack: 'S' }] }, map([]))).toThrow('before: apis[0].logicalId must be a string');
  });
});

describe('AccessMapDiff on AccessMap.of', () => {
  // Two versions of one app; the second switches GET /orders from AWS_IAM to NONE (developer guide:
  // a NONE method without a resource policy is callable by anyone).
  function mapOf(auth: 'IAM' | 'NONE'): any {
    const app = new App();
    const stack = new Stack(app, 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'prod' } });
    api.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration(),
      auth === 'IAM' ? { authorizationType: apigateway.AuthorizationType.IAM } : {});
    return AccessMap.of(stack).toJson();
  }

  test('a NONE switch is a broadening to anyone; the same app twice is no change', () => {
    const before = mapOf('IAM');
    const diff = AccessMapDiff.compare(before, mapOf('NONE'), { homeAccount: '111111111111' });
    expect(diff.broadened).toBe(true);
    expect(diff.methods.map(m => [m.httpMethod, m.path, m.authorizationTypeBefore, m.authorizationTypeAfter])).toEqual([['GET', '/orders', 'AWS_IAM', 'NONE']]);
    expect(diff.methods[0].gained.map(e => e.description)).toEqual(['anyone from anywhere on the internet']);
    expect(AccessMapDiff.compare(before, mapOf('IAM')).changed).toBe(false);
  });
});
