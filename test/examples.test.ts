import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, LEDGER_VPC_ENDPOINT, OFFICE_CIDR, PARTNER_ACCOUNT, PARTNER_CIDR } from '../examples/app';
import { ExampleOutcome, ShownFinding, showExample } from '../examples/show';
import { ExitCode } from '../src/cli/io';

// The README's main command and the example app it synthesizes: what the example claims to show
// must stay true (each part of the app emits what the API Gateway and IAM guides require, every
// stated expectation holds), and every deliberate mistake of the broken variant is reported.

describe('the example app', () => {
  const template = Template.fromStack(buildExampleApp().shop);

  test('the storefront answers only the allowed networks: a Deny on aws:SourceIp outside them', () => {
    // A public API sees the caller's public address as aws:SourceIp (API Gateway Developer Guide,
    // "API Gateway resource policy examples": allow-list of source IPs).
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'Storefront',
      Policy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Condition: { NotIpAddress: { 'aws:SourceIp': [OFFICE_CIDR, PARTNER_CIDR] } },
        })]),
      },
    });
  });

  test('the open catalog is allowed to "*" in the resource policy (a named AWS principal would lock it out)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'Storefront',
      Policy: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: '*', Resource: 'execute-api:/*/GET/products' })]) },
    });
  });

  test('the partner grant adds the resource-policy side: a cross-account call needs both sides', () => {
    const apis = template.findResources('AWS::ApiGateway::RestApi', { Properties: { Name: 'Storefront' } });
    const policy = JSON.stringify(Object.values(apis)[0].Properties.Policy);
    expect(policy).toContain(`:iam::${PARTNER_ACCOUNT}:role/order-sync`);
  });

  test('the orders routes call Lambda through a role API Gateway can assume, allowed on the function only', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({ Type: 'AWS_PROXY', Credentials: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } })],
      },
    });
    const invoke = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke.length).toBeGreaterThan(0);
    for (const statement of invoke) expect([statement.Resource].flat()).not.toContain('*');
  });

  test('the ledger is PRIVATE and denies every call that does not come through the shop\'s endpoint', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'Ledger',
      EndpointConfiguration: { Types: ['PRIVATE'] },
      Policy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Condition: { StringNotEquals: { 'aws:SourceVpce': [LEDGER_VPC_ENDPOINT] } },
        })]),
      },
    });
  });

  test('the admin gets management rights on the two APIs, not invoke rights', () => {
    const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(1);
    const actions = managed[0].Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^apigateway:/);
    expect(actions).not.toContain('apigateway:*');
  });
});

describe('the main command (npx projen example)', () => {
  let outcome: ExampleOutcome;
  let stdout = '';
  let stderr = '';
  let outdir: string;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-main-'));
    outcome = showExample({ out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, readStdin: () => '' }, outdir);
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const rules = (findings: ShownFinding[], level: ShownFinding['level']) =>
    findings.filter((f) => f.level === level).map((f) => /^\[(\w+)\]/.exec(f.message)?.[1]).sort();

  test('succeeds, and every expectation the example app states holds (no error finding)', () => {
    expect(stderr).toBe('');
    expect(outcome.exitCode).toBe(ExitCode.OK);
    expect(rules(outcome.exampleFindings, 'error')).toEqual([]);
    expect(rules(outcome.exampleFindings, 'warning')).toEqual([]);
    expect(stdout).toContain('(every line holds)');
    expect(stdout).toContain('every expectation stated in examples/app.ts holds');
  });

  test('prints the intended access, both what must be allowed and what must be denied', () => {
    expect(stdout).toMatch(/the partner\s+Storefront\s+GET \/orders\s+the partner's network \(192\.0\.2\.0\/24\)\s+ALLOW/);
    expect(stdout).toMatch(/the ledger reader\s+Ledger\s+GET \/entries\s+another VPC endpoint\s+denied/);
  });

  // The shop's real map, not one sample address: the catalog is open to anyone on exactly the two
  // allowed networks (restrictToSourceIps), orders to the clerk, the partner's role (cross-account:
  // its own policies must allow) and the shop's own account, the ledger only through the shop's endpoint.
  test('prints the access map of the cloud assembly: who may call each method, from where', () => {
    const storefront = stdout.slice(stdout.indexOf('Shop / Storefront (REGIONAL)'));
    expect(storefront).toMatch(/GET \/products {2}stage prod {2}NONE\n {4}allowed: anyone from 192\.0\.2\.0\/24, 198\.51\.100\.0\/24\n/);
    expect(storefront).toMatch(/allowed: role order-sync of account 222222222222 \(its own policies must allow\) from 192\.0\.2\.0\/24, 198\.51\.100\.0\/24/);
    const ledger = stdout.slice(stdout.indexOf('Shop / Ledger (PRIVATE)'), stdout.indexOf('Shop / Storefront'));
    expect(ledger).toMatch(/allowed: role LedgerReader\w* through VPC endpoint vpce-/);
    expect(ledger).not.toMatch(/anyone|any AWS account/);
    expect(stdout).not.toMatch(/^\s+\? /m);
  });

  test('leaves the example\'s cloud assembly where the report read it', () => {
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'Shop.template.json'))).toBe(true);
  });

  test('reports every deliberate mistake of the broken variant with its rule', () => {
    expect(rules(outcome.brokenFindings, 'error')).toEqual([
      'AwsPrincipalBlocksNonIamMethod',
      'ExpectationNotMet', // the partner, promised the orders, with no resource-policy side
      'ExpectationNotMet', // the clerk on the private ledger, denied by aws:SourceIp
      'ServiceRoleCannotInvoke',
      'SourceIpOnPrivateApi',
      'UnpairedInvokeGrant',
    ]);
    // The storefront's mistake is the named account on the open catalog; the ledger's {"AWS": "*"} is not one.
    expect(outcome.brokenFindings.filter((f) => f.message.startsWith('[AwsPrincipalBlocksNonIamMethod]')).map((f) => f.message)).toEqual([
      expect.stringMatching(/REST API 'Storefront' allows specific AWS principals .* GET \/products \(NONE\)/),
    ]);
    expect(rules(outcome.brokenFindings, 'warning')).toEqual(['ManagementWildcard', 'PrivateApiNotRestricted']);
    for (const finding of outcome.brokenFindings) expect(stdout).toContain(finding.message);
  });
});
