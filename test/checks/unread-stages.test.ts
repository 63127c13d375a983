/**
 * A stage whose name (or API) cannot be resolved before deployment deploys an API under a name the
 * model does not know. Policies may name stages (`execute-api:/prod/*`), so the map cannot decide who
 * may call the API there: it says so (a `*` undecided entry on that stage, naming the value), and still
 * decides the stages it can read. Before, the stage was dropped: its requests read as denied.
 *
 * Source: API Gateway developer guide, "Resource policy examples" (the stage is part of the
 * execute-api ARN a resource policy names: execute-api:/stage/verb/path).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './helpers';
import { entriesFor, reportedMap } from './map-report';
import { AccessMap } from '../../src';
import { AccessMapDocument } from '../../src/analysis/access-map';
import { ApiAccessChecks } from '../../src/checks';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** GET /items (NONE) open to anyone on stage prod only; deployed on `live` and on a stage named by a parameter. */
function build(stack: Stack): void {
  const api = new apigateway.RestApi(stack, 'Items', {
    deployOptions: { stageName: 'live' },
    policy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/prod/GET/items'] })],
    }),
  });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration());
  new apigateway.CfnStage(stack, 'Extra', {
    restApiId: api.restApiId,
    deploymentId: api.latestDeployment!.deploymentId,
    stageName: new CfnParameter(stack, 'StageName').valueAsString,
  });
}

function expectMap(document: AccessMapDocument): void {
  const methods = document.apis[0].methods.filter(m => m.path === '/items');
  expect(methods.map(m => m.stage).sort()).toEqual(['<Extra.StageName>', 'live']);
  // On live the policy allows no one: decided, denied.
  const live = methods.find(m => m.stage === 'live')!;
  expect(entriesFor(live, 'anonymous')).toEqual({ allowed: [], undecided: [] });
  // On the stage whose name is unknown (it may be prod): undecided for every caller, naming the value.
  const extra = methods.find(m => m.stage === '<Extra.StageName>')!;
  expect(extra.allowed).toEqual([]);
  expect(extra.undecided).toEqual([{
    caller: '*', from: { internet: ['0.0.0.0/0', '::/0'] }, because: expect.stringMatching(/^Extra\.StageName cannot be resolved before deployment/),
  }]);
}

test('AccessMap.of: the unread stage is undecided, live is still decided', () => {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: ENV });
  build(stack);
  expectMap(AccessMap.of(stack).toJson() as unknown as AccessMapDocument);
});

test('CLI report: the same', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'unread-stage-'));
  try {
    const app = new App({ outdir });
    build(new Stack(app, 'Api', { env: ENV }));
    app.synth();
    expectMap(reportedMap(outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('aspect: OpenMethod says anyone may be able to call the method', () => {
  const app = new App();
  ApiAccessChecks.of(app);
  const stack = new Stack(app, 'Api', { env: ENV });
  build(stack);
  expect(findings(stack, 'OpenMethod').infos).toEqual([expect.stringMatching(/anyone on the internet may be able to call GET \/items .*Extra\.StageName/)]);
});

test('a stage whose RestApiId cannot be read may deploy any API of the app', () => {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: ENV });
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  new apigateway.CfnStage(stack, 'Elsewhere', {
    restApiId: new CfnParameter(stack, 'ApiId').valueAsString,
    deploymentId: api.latestDeployment!.deploymentId,
    stageName: 'other',
  });
  const document = AccessMap.of(stack).toJson() as unknown as AccessMapDocument;
  expect(document.apis[0].methods.map(m => m.stage).sort()).toEqual(['<Elsewhere.RestApiId>', 'live']);
});
