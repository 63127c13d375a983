import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { callerRole, logicalIdOf, newStack, resolvedText } from './helpers';
import { IamRestApi } from '../../src/constructs';
import { aggregateSuffixes } from '../../src/constructs/grant-aggregation';

// IAM and AWS STS quotas (IAM User Guide): inline policies of one role 10,240 characters in total,
// a managed policy 6,144 characters; whitespace does not count.
const INLINE_QUOTA = 10_240;
const MANAGED_QUOTA = 6_144;
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * 200 AWS_IAM methods (40 resources x 5 verbs, half of them with a path parameter below) and 20
 * roles: role 0 gets everything, the others scattered selections that few patterns can merge.
 */
function bigApi() {
  const stack = newStack();
  const api = new IamRestApi(stack, 'Api');
  const methods: apigateway.Method[] = [];
  for (let r = 0; r < 40; r++) {
    const resource = r % 2 === 0 ? api.root.addResource(`resource${r}`) : api.root.addResource(`parent${r}`).addResource('{itemId}');
    for (const verb of VERBS) {
      methods.push(resource.addMethod(verb));
    }
  }
  const roles = Array.from({ length: 20 }, (_, i) => callerRole(stack, `Caller${i}`));
  const selections: apigateway.Method[][] = [methods];
  roles.forEach((role, i) => {
    if (i === 0) {
      api.grantInvoke(role);
    } else {
      // A scattered half (roles 1-9) or three quarters (roles 10-19) of the methods: a fixed
      // pseudo-random pick, so few neighbours share a pattern.
      const share = i < 10 ? 50 : 75;
      const selected = methods.filter((_, m) => (m * 7919 + i * 104729) % 100 < share);
      selections.push(selected);
      api.grantInvoke(role, { methods: selected });
    }
  });
  return { stack, api, methods, roles, selections };
}

test('a 200-method API with 20 grantees stays inside the IAM size quotas', () => {
  const { stack, roles, methods, selections } = bigApi();
  expect(methods).toHaveLength(200);
  const resources = Template.fromStack(stack).toJSON().Resources;
  const policies = Object.values<any>(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
  const managed = Object.values<any>(resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');

  const inlineSizes = roles.map((role) => policies
    .filter((p) => p.Properties.Roles.some((ref: any) => ref.Ref === logicalIdOf(stack, role)))
    .reduce((sum, p) => sum + resolvedText(p.Properties.PolicyDocument).length, 0));
  const managedSizes = managed.map((p) => resolvedText(p.Properties.PolicyDocument).length);

  // The whole-API grant is a single ARN.
  expect(inlineSizes[0]).toBeLessThan(300);
  expect(Math.max(...inlineSizes)).toBeLessThanOrEqual(INLINE_QUOTA);
  // The scattered grants do not all fit inline: the overflow path is exercised.
  expect(managedSizes.length).toBeGreaterThan(0);
  expect(Math.max(...managedSizes)).toBeLessThanOrEqual(MANAGED_QUOTA);
  // Moving ARNs to managed policies loses none and adds none: each role holds exactly its grant's patterns.
  const key = (m: apigateway.Method) => ({ httpMethod: m.httpMethod, path: m.resource.path });
  roles.forEach((role, i) => {
    const held = [...policies, ...managed]
      .filter((p) => (p.Properties.Roles ?? []).some((ref: any) => ref.Ref === logicalIdOf(stack, role)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: any) => [s.Resource].flat())
      .map((arn: any) => arn['Fn::Join'][1].at(-1));
    expect(held.sort()).toEqual(aggregateSuffixes(selections[i].map(key), methods.map(key)).map((suffix) => `/prod/${suffix}`).sort());
  });
  // Measured figures, for the README's statement of what happens at the limit.
  process.stdout.write(`grant sizes: largest inline ${Math.max(...inlineSizes)} chars over ${roles.length} roles; `
    + `${managedSizes.length} overflow managed policies, largest ${Math.max(0, ...managedSizes)} chars\n`);
});

test('an IAM user holds its overflow managed policies too, and a grant that fits stays one inline statement', () => {
  const stack = newStack();
  const api = new IamRestApi(stack, 'Api');
  for (let r = 0; r < 150; r++) {
    api.root.addResource(`r${r}`).addMethod('GET');
  }
  const methods = api.methods;
  const user = new iam.User(stack, 'User');
  // Every third method: nothing merges, 50 ARNs, about 4,400 characters: inline.
  api.grantInvoke(user, { methods: methods.filter((_, i) => i % 3 === 0) });
  let managed = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
  expect(Object.keys(managed)).toHaveLength(0);

  // A second grant of another 50 ARNs takes the user past the inline budget: the rest overflows.
  const stack2 = newStack();
  const api2 = new IamRestApi(stack2, 'Api');
  for (let r = 0; r < 150; r++) {
    api2.root.addResource(`r${r}`).addMethod('GET');
  }
  const user2 = new iam.User(stack2, 'User');
  api2.grantInvoke(user2, { methods: api2.methods.filter((_, i) => i % 3 === 0) });
  api2.grantInvoke(user2, { methods: api2.methods.filter((_, i) => i % 3 === 1) });
  managed = Template.fromStack(stack2).findResources('AWS::IAM::ManagedPolicy');
  expect(Object.values<any>(managed).map((p) => p.Properties.Users)).toEqual([[{ Ref: logicalIdOf(stack2, user2) }]]);
});
