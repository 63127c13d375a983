/**
 * Cognito identity pools hand out credentials of IAM roles: an AWS_IAM method such a role may call is
 * open to whoever the pool gives them to.
 *
 * Amazon Cognito developer guide, "IAM roles": "unauthenticated identities are assumed by users who do
 * not log in to your app"; "Role trust and permissions": the trust policy of a pool's role accepts the
 * federated principal cognito-identity.amazonaws.com for sts:AssumeRoleWithWebIdentity, "restricts the
 * aud of the token [...] the identity pool ID, to match the identity pool", and tests the amr claim
 * (`unauthenticated` or `authenticated`); "Configuring policies for user creation": a user pool that
 * accepts sign-up creates a profile for anyone on the internet.
 *
 * Apps do this on purpose: Amplify's REST API guide ("Define authorization rules", IAM authorization):
 * "If you selected no, then the unauthenticated role will have access to the API". So a pool of the
 * app that gives a role to anyone is OpenMethod's information (as an open NONE method is), not an
 * error that fails synth; a trust that accepts ANY pool (no aud test) is InvokeRoleAssumableByAnyone's
 * error, since anyone may create a pool of their own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';
import { entriesFor, principalArn } from './map-report';
import { AccessMap } from '../../src';
import { AccessMapDocument } from '../../src/analysis/access-map';
import { ExitCode } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { captureIo } from '../cli/capture';

const IDENTITY = 'cognito-identity.amazonaws.com';

interface PoolOptions {
  readonly allowUnauthenticated?: boolean;
  /** The amr the role's trust accepts; undefined: no amr test. */
  readonly amr?: string;
  /** Whether the trust tests aud (the pool's id). */
  readonly aud?: boolean | string;
  /** The pool's provider: a user pool of the app, with or without self sign-up; or none. */
  readonly userPool?: 'self-sign-up' | 'admin-only';
}

/** An API with an AWS_IAM method GET /items, an identity pool, and its role granted GET /items. */
function build(stack: Stack, options: PoolOptions) {
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  const items = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  let providers: cognito.CfnIdentityPool.CognitoIdentityProviderProperty[] | undefined;
  if (options.userPool) {
    const users = new cognito.UserPool(stack, 'Users', { selfSignUpEnabled: options.userPool === 'self-sign-up' });
    const client = users.addClient('Web');
    providers = [{ providerName: users.userPoolProviderName, clientId: client.userPoolClientId }];
  }
  const pool = new cognito.CfnIdentityPool(stack, 'Visitors', {
    allowUnauthenticatedIdentities: options.allowUnauthenticated ?? false,
    cognitoIdentityProviders: providers,
  });
  const conditions: Record<string, Record<string, string>> = {};
  const aud = options.aud ?? true;
  if (aud !== false) conditions.StringEquals = { [`${IDENTITY}:aud`]: aud === true ? pool.ref : aud };
  if (options.amr !== undefined) conditions['ForAnyValue:StringLike'] = { [`${IDENTITY}:amr`]: options.amr };
  const role = new iam.Role(stack, 'Visitor', { assumedBy: new iam.FederatedPrincipal(IDENTITY, conditions, 'sts:AssumeRoleWithWebIdentity') });
  new cognito.CfnIdentityPoolRoleAttachment(stack, 'Roles', {
    identityPoolId: pool.ref,
    roles: options.amr === 'authenticated' ? { authenticated: role.roleArn } : { unauthenticated: role.roleArn },
  });
  items.grantExecute(role);
  return { api, role };
}

function ruleFindings(options: PoolOptions) {
  const { stack } = checkedApp();
  build(stack, options);
  return {
    errors: findings(stack, 'InvokeRoleAssumableByAnyone').errors,
    open: findings(stack, 'OpenMethod').infos,
    cannot: findings(stack, 'CannotEvaluate').warnings,
  };
}

const GUEST: PoolOptions = { allowUnauthenticated: true, amr: 'unauthenticated' };

describe('a role of an identity pool that allows unauthenticated identities', () => {
  test('open: the aspect reports the method open to anyone on the internet (information: often meant), not an error', () => {
    const { errors, open } = ruleFindings(GUEST);
    expect(errors).toEqual([]);
    expect(open).toEqual([
      expect.stringMatching(/anyone on the internet can call GET \/items of REST API 'Items' \(stage live\): through role 'arn:aws:iam::111111111111:role\/Api-Visitor[^']*', whose credentials anyone on the internet may get \(identity pool 'Visitors' allows unauthenticated identities/),
    ]);
  });

  test('AccessMap.of: the role is allowed, with a note that anyone may get its credentials', () => {
    const app = new App();
    const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
    build(stack, GUEST);
    const document = AccessMap.of(stack).toJson() as unknown as AccessMapDocument;
    const items = document.apis[0].methods.find(m => m.path === '/items')!;
    const { allowed } = entriesFor(items, principalArn(items, 'Visitor'));
    expect(allowed).toEqual([expect.objectContaining({ note: expect.stringMatching(/^anyone on the internet may get this role's credentials: identity pool 'Visitors'/) })]);
  });

  test('CLI check: the same finding, and exit code 0 (information)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-pool-'));
    try {
      const app = new App({ outdir });
      build(new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } }), GUEST);
      app.synth();
      const io = captureIo();
      expect(runCli(['check', outdir], io)).toBe(ExitCode.OK);
      expect(io.stdout).toMatch(/OpenMethod.*identity pool 'Visitors' allows unauthenticated identities/);
      expect(io.stdout).not.toMatch(/InvokeRoleAssumableByAnyone/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fixed: the pool does not allow unauthenticated identities', () => {
    expect(ruleFindings({ ...GUEST, allowUnauthenticated: false })).toEqual({ errors: [], open: [], cannot: [] });
  });
});

describe('a role of the authenticated identities of a pool', () => {
  test('open: its user pool lets anyone sign up', () => {
    expect(ruleFindings({ amr: 'authenticated', userPool: 'self-sign-up' }).open).toEqual([
      expect.stringMatching(/accepts authenticated identities of identity pool 'Visitors', and anyone may sign up to its user pool 'Users/),
    ]);
  });

  test('fixed: only administrators create users of its user pool', () => {
    expect(ruleFindings({ amr: 'authenticated', userPool: 'admin-only' })).toEqual({ errors: [], open: [], cannot: [] });
  });

  test('fixed: the trust accepts only authenticated identities, though the pool also allows unauthenticated ones', () => {
    expect(ruleFindings({ amr: 'authenticated', userPool: 'admin-only', allowUnauthenticated: true })).toEqual({ errors: [], open: [], cannot: [] });
  });
});

test('broken: a trust that does not test aud accepts tokens of any identity pool in any account (an error: anyone may create a pool)', () => {
  const { errors, open } = ruleFindings({ amr: 'authenticated', aud: false });
  expect(errors).toEqual([
    expect.stringMatching(/accepts tokens of any Cognito identity pool \(it does not restrict cognito-identity.amazonaws.com:aud\), in any account/),
  ]);
  expect(open).toEqual([]);
});

test('a trust of an identity pool outside the app: CannotEvaluate names the pool', () => {
  const { errors, cannot } = ruleFindings({ amr: 'unauthenticated', aud: 'eu-west-1:11111111-2222-3333-4444-555555555555' });
  expect(errors).toEqual([]);
  expect(cannot).toEqual([expect.stringMatching(/identity pool 'eu-west-1:11111111-2222-3333-4444-555555555555', which is not defined in the app/)]);
});

test('a role trusted by an identity pool but without invoke rights is not this finding', () => {
  const { stack } = checkedApp();
  const pool = new cognito.CfnIdentityPool(stack, 'Visitors', { allowUnauthenticatedIdentities: true });
  new iam.Role(stack, 'Visitor', {
    assumedBy: new iam.FederatedPrincipal(IDENTITY, { StringEquals: { [`${IDENTITY}:aud`]: pool.ref } }, 'sts:AssumeRoleWithWebIdentity'),
  });
  const api = new apigateway.RestApi(stack, 'Items');
  api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
});

describe('how the pool is read', () => {
  function withPool(stack: Stack, pool: cognito.CfnIdentityPool, amr: string) {
    const api = new apigateway.RestApi(stack, 'Items');
    const items = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    items.grantExecute(new iam.Role(stack, 'Visitor', {
      assumedBy: new iam.FederatedPrincipal(IDENTITY, {
        'StringEquals': { [`${IDENTITY}:aud`]: pool.ref },
        'ForAnyValue:StringLike': { [`${IDENTITY}:amr`]: amr },
      }, 'sts:AssumeRoleWithWebIdentity'),
    }));
  }

  test('open: a social provider lets anyone sign in', () => {
    const { stack } = checkedApp();
    withPool(stack, new cognito.CfnIdentityPool(stack, 'Visitors', {
      allowUnauthenticatedIdentities: false, supportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com' },
    }), 'authenticated');
    expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
    expect(findings(stack, 'OpenMethod').infos).toEqual([expect.stringMatching(/accepts sign-in with accounts.google.com/)]);
  });

  test('AllowUnauthenticatedIdentities that cannot be read is taken to be true, and said', () => {
    const { stack } = checkedApp();
    const allow = new CfnParameter(stack, 'AllowGuests', { type: 'String' });
    withPool(stack, new cognito.CfnIdentityPool(stack, 'Visitors', { allowUnauthenticatedIdentities: allow.valueAsString as unknown as boolean }), 'unauthenticated');
    expect(findings(stack, 'OpenMethod').infos).toHaveLength(1);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([expect.stringMatching(/Visitors\.AllowUnauthenticatedIdentities.*taken to be true/)]);
  });

  test('AllowUnauthenticatedIdentities given as the string "TRUE" (an escape hatch) is true, not the false it was read as before', () => {
    const { stack } = checkedApp();
    const pool = new cognito.CfnIdentityPool(stack, 'Visitors', { allowUnauthenticatedIdentities: false });
    pool.addPropertyOverride('AllowUnauthenticatedIdentities', 'TRUE');
    withPool(stack, pool, 'unauthenticated');
    expect(findings(stack, 'OpenMethod').infos).toEqual([expect.stringMatching(/identity pool 'Visitors' allows unauthenticated identities/)]);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([]);
  });

  test('AllowUnauthenticatedIdentities that is neither true nor false (an escape hatch wrote "yes") is taken to be true and said, never read as false', () => {
    const { stack } = checkedApp();
    const pool = new cognito.CfnIdentityPool(stack, 'Visitors', { allowUnauthenticatedIdentities: false });
    pool.addPropertyOverride('AllowUnauthenticatedIdentities', 'yes');
    withPool(stack, pool, 'unauthenticated');
    expect(findings(stack, 'OpenMethod').infos).toHaveLength(1);
    expect(findings(stack, 'CannotEvaluate').warnings).toEqual([expect.stringMatching(/Visitors\.AllowUnauthenticatedIdentities: "yes" is not true or false; it is taken to be true/)]);
  });
});
