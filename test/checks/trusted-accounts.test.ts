/**
 * A role of the app that another account is trusted to assume: the map's caller is the role (the
 * principal that signs the call), not `account:<id>`; principals of the trusted account call as the
 * role once they assume it, if their own policies allow sts:AssumeRole (IAM User Guide, "Cross account
 * resource access in IAM": the trusted account's administrator must grant its users permission to
 * assume the role). The role's entries say so in `note`; no finding (cross-account roles are ordinary).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkedApp, findings } from './helpers';
import { entriesFor, principalArn } from './map-report';
import { AccessMap } from '../../src';
import { AccessMapDocument } from '../../src/analysis/access-map';

function build(stack: Stack, trusted: iam.IPrincipal) {
  const api = new apigateway.RestApi(stack, 'Items', { deployOptions: { stageName: 'live' } });
  const items = api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
  items.grantExecute(new iam.Role(stack, 'Partner', { assumedBy: trusted }));
}

function partnerEntries(trusted: iam.IPrincipal) {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack, trusted);
  const items = (AccessMap.of(stack).toJson() as unknown as AccessMapDocument).apis[0].methods[0];
  return { items, ...entriesFor(items, principalArn(items, 'Partner')) };
}

test('a role trusted by account 222222222222: allowed as the role, noting who may assume it', () => {
  const { items, allowed } = partnerEntries(new iam.AccountPrincipal('222222222222'));
  expect(allowed).toEqual([expect.objectContaining({
    note: 'principals of account 222222222222 may assume this role, if their own policies allow sts:AssumeRole',
  })]);
  // The account itself is not a caller of the method: its principals must assume the role first.
  expect(items.allowed.filter(e => e.caller === 'account:222222222222')).toEqual([]);
});

test('a role trusted by its own account has no such note', () => {
  expect(partnerEntries(new iam.AccountRootPrincipal()).allowed).toEqual([expect.not.objectContaining({ note: expect.anything() })]);
});

test('no finding: a trust in one named account is not open', () => {
  const { stack } = checkedApp();
  build(stack, new iam.AccountPrincipal('222222222222'));
  expect(findings(stack, 'InvokeRoleAssumableByAnyone').errors).toEqual([]);
});
