/**
 * One Stack class deployed twice (in a Beta and a Prod `Stage`, as CDK Pipelines apps do), or two
 * stacks of one app that share a logical id: the templates use the same logical ids, but the deployed
 * resources are different ones. CloudFormation names a resource without a name after its stack: "By
 * default, CloudFormation generates a unique physical ID to name a resource. For example,
 * CloudFormation might name an Amazon S3 bucket with the following physical ID
 * MyStack-MyBucket-abcdefghijk1" (CloudFormation template reference, "CloudFormation resource custom
 * naming", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html),
 * and gives each REST API its own id. So Beta's role is not Prod's role, and a grant on Beta's API does
 * not reach Prod's: findings, decisions and the map of one stack must not depend on the other.
 *
 * Each app is checked by the aspect, the validation plugin, `AccessMap.of` and the CLI on its assembly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, StackProps, Stage, StageProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { findings } from './helpers';
import { entriesFor, FROM_ANYWHERE } from './map-report';
import { AccessMapDocument, AccessMapMethod } from '../../src/analysis/access-map';
import { buildAppModels, StackTemplate } from '../../src/analysis/template/app-model';
import { AccessCaller, AccessMap, ApiAccessChecks, ApiAccessValidation } from '../../src/checks';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

/** Beta and Prod in one account and region, as small teams deploy them. */
const ENV = { account: '111111111111', region: 'eu-west-1' };

interface ServiceProps extends StackProps {
  /** GET /items without authorization (Beta, while it is being tried out). */
  readonly open?: boolean;
  /** The stage's Caller role is locked out by an explicit Deny in its own policy. */
  readonly lockCaller?: boolean;
  /** The API's resource policy denies the stage's Caller role. */
  readonly denyCallerInResourcePolicy?: boolean;
  /** The API is in a NestedStack `Inner` (the Caller, in the stack, is granted through its outputs). */
  readonly nestedApi?: boolean;
}

/**
 * The same construct ids in every stage, so the same logical ids: REST API `Items` (GET /items on stage
 * live), role `Caller` granted execute-api:Invoke on this stage's API only.
 */
class Service extends Stack {
  public readonly api: apigateway.RestApi;
  public readonly caller: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, id, props);
    this.caller = new iam.Role(this, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const policy = props.denyCallerInResourcePolicy
      ? new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: ['execute-api:/*'], principals: [new iam.AccountRootPrincipal()] }),
          new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: ['execute-api:/*'], principals: [new iam.ArnPrincipal(this.caller.roleArn)] }),
        ],
      })
      : undefined;
    this.api = new apigateway.RestApi(props.nestedApi ? new NestedStack(this, 'Inner') : this, 'Items', { deployOptions: { stageName: 'live' }, policy });
    this.api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), {
      authorizationType: props.open ? apigateway.AuthorizationType.NONE : apigateway.AuthorizationType.IAM,
    });
    this.caller.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [this.api.arnForExecuteApi()] }));
    if (props.lockCaller) {
      this.caller.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: ['*'] }));
    }
  }
}

interface Pipeline {
  readonly app: App;
  readonly beta: Service;
  readonly prod: Service;
  /** The aspect that checks the stack (one per Stage: aspects do not cross Stage boundaries), when `withChecks`. */
  readonly checksOf: (stack: Service) => ApiAccessChecks;
}

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function newApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-identities-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

/** One Service class in a Beta and a Prod Stage (what a CDK Pipelines app deploys, one Stage per wave). */
function inStages(app: App, beta: ServiceProps, prod: ServiceProps, withChecks = false): Pipeline {
  const stages = [new Stage(app, 'Beta', { env: ENV }), new Stage(app, 'Prod', { env: ENV })];
  const checks = withChecks ? stages.map(stage => ApiAccessChecks.of(stage)) : [];
  return {
    app,
    beta: new Service(stages[0], 'Service', beta),
    prod: new Service(stages[1], 'Service', prod),
    checksOf: stack => checks[stages.indexOf(Stage.of(stack)!)],
  };
}

/** Two stacks of one app whose resources happen to have the same logical ids. */
function sideBySide(app: App, beta: ServiceProps, prod: ServiceProps, withChecks = false): Pipeline {
  const checks = withChecks ? ApiAccessChecks.of(app) : undefined;
  return {
    app,
    beta: new Service(app, 'BetaService', { env: ENV, ...beta }),
    prod: new Service(app, 'ProdService', { env: ENV, ...prod }),
    checksOf: () => checks!,
  };
}

/** Synthesizes (an error finding fails synthesis with the plugin) and returns our plugin's report. */
interface PluginReport {
  readonly violations: Array<{ ruleName: string; description: string; violatingConstructs: Array<{ constructPath: string }> }>;
}

function pluginReport(app: App): PluginReport {
  try {
    app.synth();
  } catch {
    // The report is written either way.
  }
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'))
    .pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-apigateway-access');
}

const SHAPES = [
  ['one Stack class in a Beta and a Prod Stage', inStages],
  ['two stacks of one app sharing logical ids', sideBySide],
] as const;

/** GET /items of the API of `stack` (or of its nested stack, named `<stack>/<logical id>`). */
function itemsMethod(document: AccessMapDocument, stack: string): AccessMapMethod {
  const apis = document.apis.filter(a => a.stack === stack || a.stack.startsWith(`${stack}/`));
  expect(apis).toHaveLength(1);
  const methods = apis[0].methods.filter(m => m.path === '/items' && m.httpMethod === 'GET');
  expect(methods).toHaveLength(1);
  return methods[0];
}

/** The ARN by which a method's map names the role `Caller` of the stack `stack` (its name starts with the stack name). */
function callerArn(method: AccessMapMethod, stack: string): string {
  const arns = (method.callers ?? []).filter(c => new RegExp(`^arn:aws:iam::111111111111:role/${stack}-Caller[0-9A-F]{8}-[A-Z0-9]{12}$`).test(c));
  expect(arns).toHaveLength(1);
  return arns[0];
}

function cli(app: App, ...args: string[]) {
  app.synth();
  const io = captureIo();
  const code = runCli([args[0], app.outdir, ...args.slice(1)], io);
  return { code, stdout: io.stdout };
}

describe.each(SHAPES)('%s', (_shape, build) => {
  describe('(a) Beta\'s API is open, Prod\'s is IAM-only: each stack\'s findings name that stack, once', () => {
    test('the aspect', () => {
      const app = newApp();
      const { beta, prod } = build(app, { open: true }, {}, true);
      app.synth();
      expect(findings(beta, 'OpenMethod').infos).toEqual([expect.stringMatching(/anyone on the internet can call GET \/items/)]);
      expect(findings(prod, 'OpenMethod').infos).toEqual([]);
      // Beta's grant on its NONE method does nothing; Prod's grant is on Prod's AWS_IAM method, so it is no finding.
      expect(findings(beta, 'UnpairedInvokeGrant').errors).toEqual([expect.stringMatching(/grants execute-api on GET \/items \(NONE\)/)]);
      expect(findings(prod, 'UnpairedInvokeGrant').errors).toEqual([]);
    });

    test('the validation plugin', () => {
      const app = newApp();
      ApiAccessValidation.of(app);
      const { beta, prod } = build(app, { open: true }, {});
      const report = pluginReport(app);
      const open = report.violations.filter(v => v.ruleName === 'OpenMethod');
      expect(open).toHaveLength(1);
      expect(open[0].violatingConstructs.map(c => c.constructPath))
        .toEqual([expect.stringMatching(new RegExp(`^${beta.node.path}/Items/Default/items/GET`))]);
      expect(JSON.stringify(report)).not.toContain(`${prod.node.path}/Items/Default/items/GET`);
      expect(report.violations.filter(v => v.ruleName === 'UnpairedInvokeGrant').map(v => v.violatingConstructs[0].constructPath))
        .toEqual([`${beta.node.path}/Caller/DefaultPolicy/Resource`]);
    });

    test('the CLI\'s check', () => {
      const app = newApp();
      const { beta, prod } = build(app, { open: true }, {});
      const { stdout } = cli(app, 'check');
      const open = stdout.split('\n').filter(line => /\[OpenMethod\]/.test(line));
      expect(open).toEqual([expect.stringMatching(new RegExp(`^info\\s+${beta.stackName}/ItemsitemsGET\\w+\\s+\\[OpenMethod\\] anyone on the internet can call GET /items`))]);
      expect(stdout).not.toMatch(new RegExp(`${prod.stackName}/ItemsitemsGET`));
      const unpaired = stdout.split('\n').filter(line => /\[UnpairedInvokeGrant\]/.test(line));
      expect(unpaired).toEqual([expect.stringMatching(new RegExp(`^error\\s+${beta.stackName}/CallerDefaultPolicy\\w+\\s`))]);
    });

    test('AccessMap.of and the CLI\'s report: Beta\'s method is open, Prod\'s is not', () => {
      const app = newApp();
      const { beta, prod } = build(app, { open: true }, {});
      const maps = [AccessMap.of(app).toJson() as AccessMapDocument, JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument];
      for (const document of maps) {
        expect(document.apis.map(a => a.stack).sort()).toEqual([beta.stackName, prod.stackName].sort());
        expect(entriesFor(itemsMethod(document, beta.stackName), 'anonymous').allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE }]);
        expect(entriesFor(itemsMethod(document, prod.stackName), 'anonymous')).toEqual({ allowed: [], undecided: [] });
      }
    });
  });

  describe('(b) an explicit Deny in Prod does not change Beta\'s decisions', () => {
    test.each([
      ['in Prod\'s Caller role\'s own policy', { lockCaller: true }],
      ['in Prod\'s API resource policy', { denyCallerInResourcePolicy: true }],
    ])('a Deny %s: the aspect', (_where, prodProps) => {
      const app = newApp();
      const { beta, prod, checksOf } = build(app, {}, prodProps, true);
      checksOf(beta).expectAllowed({ caller: AccessCaller.principal(beta.caller), api: beta.api, httpMethod: 'GET', path: '/items' });
      checksOf(prod).expectDenied({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      app.synth();
      for (const stack of [beta, prod]) {
        expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
        expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
      }
    });

    test('the validation plugin', () => {
      const app = newApp();
      const plugin = ApiAccessValidation.of(app);
      const { beta, prod } = build(app, {}, { lockCaller: true });
      plugin.expectAllowed({ caller: AccessCaller.principal(beta.caller), api: beta.api, httpMethod: 'GET', path: '/items' });
      plugin.expectDenied({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      // And one that must be reported: Prod's Caller is locked out.
      plugin.expectAllowed({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      const report = pluginReport(app);
      const reported = report.violations.filter(v => /ExpectationNotMet|CannotEvaluate/.test(v.ruleName));
      expect(reported.map(v => [v.ruleName, v.description])).toEqual([
        ['ExpectationNotMet', expect.stringMatching(new RegExp(`role '${prod.node.path}/Caller' may call GET /items .* the decision is EXPLICIT_DENY`))],
      ]);
    });

    test('AccessMap.of and the CLI\'s report: Beta\'s Caller is allowed on Beta\'s API, Prod\'s is not on Prod\'s', () => {
      const app = newApp();
      const { beta, prod } = build(app, {}, { lockCaller: true });
      const maps = [AccessMap.of(app).toJson() as AccessMapDocument, JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument];
      for (const document of maps) {
        const betaMethod = itemsMethod(document, beta.stackName);
        const prodMethod = itemsMethod(document, prod.stackName);
        const betaCaller = callerArn(betaMethod, beta.stackName);
        const prodCaller = callerArn(prodMethod, prod.stackName);
        expect(betaCaller).not.toBe(prodCaller);
        expect(entriesFor(betaMethod, betaCaller)).toEqual({ allowed: [{ caller: betaCaller, from: FROM_ANYWHERE }], undecided: [] });
        expect(entriesFor(prodMethod, prodCaller)).toEqual({ allowed: [], undecided: [] });
      }
    });
  });

  describe('(c) Beta\'s Caller, granted invoke on Beta\'s API, may not call Prod\'s', () => {
    test('the aspect', () => {
      const app = newApp();
      const { beta, prod, checksOf } = build(app, {}, {}, true);
      checksOf(prod).expectDenied({ caller: AccessCaller.principal(beta.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      checksOf(beta).expectDenied({ caller: AccessCaller.principal(prod.caller), api: beta.api, httpMethod: 'GET', path: '/items' });
      checksOf(prod).expectAllowed({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      app.synth();
      for (const stack of [beta, prod]) {
        expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
        expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
      }
    });

    test('the validation plugin', () => {
      const app = newApp();
      const plugin = ApiAccessValidation.of(app);
      const { beta, prod } = build(app, {}, {});
      plugin.expectDenied({ caller: AccessCaller.principal(beta.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      plugin.expectAllowed({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      // And one that must be reported: Beta's Caller has no grant on Prod's API.
      plugin.expectAllowed({ caller: AccessCaller.principal(beta.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      const report = pluginReport(app);
      const reported = report.violations.filter(v => /ExpectationNotMet|CannotEvaluate/.test(v.ruleName));
      expect(reported.map(v => [v.ruleName, v.description])).toEqual([
        ['ExpectationNotMet', expect.stringMatching(new RegExp(`role '${beta.node.path}/Caller' may call GET /items .* the decision is IMPLICIT_DENY`))],
      ]);
    });

    test('AccessMap.of and the CLI\'s report: on Prod\'s method, only Prod\'s Caller is allowed', () => {
      const app = newApp();
      const { beta, prod } = build(app, {}, {});
      const maps = [AccessMap.of(app).toJson() as AccessMapDocument, JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument];
      for (const document of maps) {
        const prodMethod = itemsMethod(document, prod.stackName);
        const betaMethod = itemsMethod(document, beta.stackName);
        // The app's roles allowed (besides `account:111111111111`, any role of the account whose own
        // policies allow it: the API is AWS_IAM without a resource policy).
        const rolesAllowed = (m: AccessMapMethod) => m.allowed.map(e => e.caller).filter(c => c.startsWith('arn:'));
        expect(rolesAllowed(prodMethod)).toHaveLength(1);
        expect(rolesAllowed(betaMethod)).toHaveLength(1);
        expect(rolesAllowed(prodMethod)).not.toEqual(rolesAllowed(betaMethod));
        const prodCaller = callerArn(prodMethod, prod.stackName);
        const betaCaller = callerArn(betaMethod, beta.stackName);
        expect(rolesAllowed(prodMethod)).toEqual([prodCaller]);
        expect(rolesAllowed(betaMethod)).toEqual([betaCaller]);
        expect(entriesFor(prodMethod, betaCaller)).toEqual({ allowed: [], undecided: [] });
      }
    });

    test('the CLI\'s check finds nothing to report about either stack\'s grant', () => {
      const app = newApp();
      build(app, {}, {});
      const { code, stdout } = cli(app, 'check');
      expect(code).toBe(ExitCode.OK);
      expect(stdout).not.toMatch(/\[(CannotEvaluate|UnpairedInvokeGrant)\]/);
    });
  });

  describe('(d) the API in a NestedStack of each stack, the Caller granted through the nested stack\'s outputs', () => {
    const nested = { nestedApi: true };

    test('the aspect: each Caller may call its own stack\'s API only', () => {
      const app = newApp();
      const { beta, prod, checksOf } = build(app, nested, nested, true);
      checksOf(prod).expectDenied({ caller: AccessCaller.principal(beta.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      checksOf(prod).expectAllowed({ caller: AccessCaller.principal(prod.caller), api: prod.api, httpMethod: 'GET', path: '/items' });
      checksOf(beta).expectAllowed({ caller: AccessCaller.principal(beta.caller), api: beta.api, httpMethod: 'GET', path: '/items' });
      app.synth();
      for (const stack of [beta, prod]) {
        expect(findings(stack, 'ExpectationNotMet').errors).toEqual([]);
        expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
      }
    });

    test('AccessMap.of and the CLI\'s report: on each nested API, only its own stack\'s Caller is allowed', () => {
      const app = newApp();
      const { beta, prod } = build(app, nested, nested);
      const maps = [AccessMap.of(app).toJson() as AccessMapDocument, JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument];
      for (const document of maps) {
        const rolesAllowed = (m: AccessMapMethod) => m.allowed.map(e => e.caller).filter(c => c.startsWith('arn:'));
        const prodMethod = itemsMethod(document, prod.stackName);
        const betaMethod = itemsMethod(document, beta.stackName);
        expect(rolesAllowed(prodMethod)).toEqual([callerArn(prodMethod, prod.stackName)]);
        expect(rolesAllowed(betaMethod)).toEqual([callerArn(betaMethod, beta.stackName)]);
        expect(prodMethod.undecided).toEqual([]);
      }
    });
  });
});

/**
 * "For each AWS account, Export names must be unique within a Region", and Fn::ImportValue imports
 * "only values that have been exported within the same Region" (CloudFormation template reference,
 * Fn::ImportValue, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-importvalue.html).
 * One Stage per region may export the same name: each import reads its own region's export.
 */
test('an import reads the export of its own account and region, not a same-named export of another Stage', () => {
  const exporting = (stackName: string, region: string): StackTemplate => ({
    stackName,
    account: '111111111111',
    region,
    template: {
      Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } } },
      Outputs: { ApiId: { Value: { Ref: 'Api' }, Export: { Name: 'ItemsApiId' } } },
    },
  });
  const importing = (stackName: string, region: string, stageName: string): StackTemplate => ({
    stackName,
    account: '111111111111',
    region,
    template: {
      Resources: {
        Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { 'Fn::ImportValue': 'ItemsApiId' }, StageName: stageName, DeploymentId: 'd' } },
      },
    },
  });
  const models = buildAppModels([
    exporting('Europe-Items', 'eu-west-1'), importing('Europe-Stages', 'eu-west-1', 'europe'),
    exporting('America-Items', 'us-east-1'), importing('America-Stages', 'us-east-1', 'america'),
  ]);
  expect(models[0].apis[0].stages).toEqual(['europe']);
  expect(models[2].apis[0].stages).toEqual(['america']);
  expect(models.flatMap(m => m.problems)).toEqual([]);
});


/**
 * CDK lets two environment-agnostic stacks have one stackName (each may be deployed to its own
 * account): the model must not make their resources one.
 */
test('two environment-agnostic stacks with one stackName keep their own roles and APIs', () => {
  const app = newApp();
  new Service(app, 'First', { stackName: 'Service' });
  new Service(app, 'Second', { stackName: 'Service' });
  const maps = [AccessMap.of(app).toJson() as AccessMapDocument, JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument];
  for (const document of maps) {
    expect(document.apis.map(a => a.stack)).toEqual(['Service', 'Service']);
    const rolesAllowed = document.apis.map(a => a.methods[0].allowed.map(e => e.caller).filter(c => c.startsWith('arn:')));
    expect(rolesAllowed.map(r => r.length)).toEqual([1, 1]);
    expect(rolesAllowed[0]).not.toEqual(rolesAllowed[1]);
  }
});

/**
 * A CDK Pipelines app: the pipeline deploys the same Stage class as Beta and Prod (the shape the CDK
 * Pipelines guide shows: `pipeline.addStage(new MyApplicationStage(this, 'Test', ...))`). The CLI reads
 * both stages' nested assemblies beside the pipeline stack's own roles.
 */
test('a CDK Pipelines app: Beta\'s Caller is not allowed on Prod\'s API, and only Beta\'s method is open', () => {
  class ServiceStage extends Stage {
    constructor(scope: Construct, id: string, props: StageProps & { readonly open?: boolean }) {
      super(scope, id, props);
      new Service(this, 'Service', { open: props.open });
    }
  }
  const app = newApp();
  const pipelineStack = new Stack(app, 'Pipeline', { env: ENV });
  const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.gitHub('example/service', 'main'),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  pipeline.addStage(new ServiceStage(pipelineStack, 'Beta', { env: ENV, open: true }));
  pipeline.addStage(new ServiceStage(pipelineStack, 'Prod', { env: ENV }));
  const document = JSON.parse(cli(app, 'report', '--format', 'json').stdout) as AccessMapDocument;
  const betaMethod = itemsMethod(document, 'Beta-Service');
  const prodMethod = itemsMethod(document, 'Prod-Service');
  // Beta's method is NONE: its one caller class is anyone. Prod's AWS_IAM method is mapped for every role of the app.
  const betaCaller = callerArn(prodMethod, 'Beta-Service');
  expect(entriesFor(betaMethod, 'anonymous').allowed).toEqual([{ caller: 'anonymous', from: FROM_ANYWHERE }]);
  expect(entriesFor(prodMethod, 'anonymous')).toEqual({ allowed: [], undecided: [] });
  expect(entriesFor(prodMethod, betaCaller)).toEqual({ allowed: [], undecided: [] });
  expect(prodMethod.allowed.map(e => e.caller).filter(c => c.startsWith('arn:'))).toEqual([callerArn(prodMethod, 'Prod-Service')]);
});
