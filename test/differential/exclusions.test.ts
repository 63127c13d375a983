/**
 * Each known difference between iam-simulate and API Gateway (exclusions.ts) is real, and this
 * library gives the answer the AWS guides support. If iam-simulate changes its behaviour, the
 * "iam-simulate answers" expectation fails and the exclusion can go.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { API_ACCOUNT, API_ID, PRINCIPALS, REGION } from './arbitraries';
import {
  CASE_INSENSITIVE_ARN_PREFIX,
  differencesAffecting,
  KnownDifference,
  KNOWN_DIFFERENCES,
  LIST_KEY_WITHOUT_SET_OPERATOR,
  NOT_IP_BARE_ADDRESS_OTHER_FAMILY,
  NOT_PRINCIPAL_IDENTITY_CHAIN,
  ROOT_PATH_ARN,
  ROOT_USER_NEEDS_NO_POLICY,
  SHORTHAND_NOT_EXPANDED,
  UNRESOLVED_VARIABLE,
  VARIABLES_WITHOUT_2012_VERSION,
  WILDCARD_IN_API_ID,
  WILDCARD_PRINCIPAL_AND_BOUNDARY,
  ZERO_PREFIX_CIDR,
  ROLE_PATH_UNKNOWN,
} from './exclusions';
import { iamSimulate, ours, simulate } from './oracle';
import { ManagementScenarioJson, ScenarioJson, InvokeScenarioJson, PolicyJson, StatementJson } from './scenario-json';
import { translate } from './to-iam-simulate';
import { Decision } from '../../src/evaluator/decision';

const API_ARN = `arn:aws:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}`;

function invoke(options: {
  auth?: 'AWS_IAM' | 'NONE';
  resourcePolicy?: PolicyJson;
  identity?: PolicyJson[];
  path?: string;
  methodPath?: string;
}): InvokeScenarioJson {
  const auth = options.auth ?? 'AWS_IAM';
  return {
    api: {
      id: API_ID,
      account: API_ACCOUNT,
      region: REGION,
      methods: [{ httpMethod: 'GET', path: options.methodPath ?? '/pets', authorizationType: auth }],
      ...(options.resourcePolicy ? { resourcePolicy: options.resourcePolicy } : {}),
    },
    caller: auth === 'AWS_IAM' ? { principal: PRINCIPALS.alice, identityPolicies: options.identity ?? [] } : {},
    request: { stage: 'prod', httpMethod: 'GET', path: options.path ?? '/pets', sourceIp: '203.0.113.10' },
  };
}

const allowInvoke = (resource: string, extra: Partial<StatementJson> = {}): StatementJson =>
  ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource, ...extra });
const policy = (...statements: StatementJson[]): PolicyJson => ({ Version: '2012-10-17', Statement: statements });

async function iamSimulateDecision(scenario: InvokeScenarioJson): Promise<Decision> {
  const answer = await iamSimulate(scenario);
  if (answer.kind !== 'decision') throw new Error(`iam-simulate did not decide: ${JSON.stringify(answer)}`);
  return answer.decision;
}

function ourDecision(scenario: InvokeScenarioJson): Decision {
  const answer = ours(scenario);
  if (answer.kind !== 'decision') throw new Error(`the evaluator did not decide: ${JSON.stringify(answer)}`);
  return answer.decision;
}

test('every known difference is named, explained and cites a guide', () => {
  const ids = KNOWN_DIFFERENCES.map(d => d.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const d of KNOWN_DIFFERENCES) {
    expect(d.iamSimulate.length).toBeGreaterThan(20);
    expect(d.aws.length).toBeGreaterThan(20);
    expect(d.guide).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  }
});

// No longer a difference: the first version of scenario rule 9 made every {"AWS": ...} statement
// fail for methods that are not AWS_IAM. Corrected 2026-11-30: a call to such a method is anonymous;
// "*" and {"AWS": "*"} match it ("For anonymous users, the following elements are equivalent", IAM
// User Guide, "AWS JSON policy elements: Principal"; aws-cdk's integration test for
// grantInvokeFromVpcEndpointsOnly calls a NONE method behind {"AWS": "*"} unsigned and gets 200), and
// statements naming specific AWS principals never do. iam-simulate's IAM logic answers the same: these
// scenarios are compared.
describe('{"AWS": ...} principals on a non-IAM method (compared since rule 9 was corrected)', () => {
  const DENY = (principal: Partial<StatementJson>): StatementJson =>
    ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...principal });
  const star = allowInvoke('execute-api:/*', { Principal: '*' });
  test.each<[string, StatementJson[], Decision]>([
    ['an {"AWS": "*"} Allow', [allowInvoke('execute-api:/*', { Principal: { AWS: '*' } })], Decision.ALLOW],
    ['an {"AWS": ["*", role]} Allow', [allowInvoke('execute-api:/*', { Principal: { AWS: ['*', PRINCIPALS.alice] } })], Decision.ALLOW],
    ['an Allow naming a user', [allowInvoke('execute-api:/*', { Principal: { AWS: PRINCIPALS.alice } })], Decision.IMPLICIT_DENY],
    ['an {"AWS": "*"} Deny beside a "*" Allow', [star, DENY({ Principal: { AWS: '*' } })], Decision.EXPLICIT_DENY],
    ['a Deny naming a user beside a "*" Allow', [star, DENY({ Principal: { AWS: PRINCIPALS.alice } })], Decision.ALLOW],
    ['a Deny naming an account beside a "*" Allow', [star, DENY({ Principal: { AWS: PRINCIPALS.root } })], Decision.ALLOW],
    ['a NotPrincipal {"AWS": user} Deny beside a "*" Allow', [star, DENY({ NotPrincipal: { AWS: PRINCIPALS.alice } })], Decision.EXPLICIT_DENY],
    ['a NotPrincipal {"AWS": "*"} Deny beside a "*" Allow', [star, DENY({ NotPrincipal: { AWS: '*' } })], Decision.ALLOW],
  ])('%s: both answer %s', async (_name, statements, decision) => {
    const scenario = invoke({ auth: 'NONE', resourcePolicy: policy(...statements) });
    expect(differencesAffecting(scenario)).toEqual([]);
    expect(await iamSimulateDecision(scenario)).toBe(decision);
    expect(ourDecision(scenario)).toBe(decision);
  });
});

describe(SHORTHAND_NOT_EXPANDED.id, () => {
  const scenario = invoke({
    auth: 'NONE',
    resourcePolicy: policy(allowInvoke('execute-api:/prod/GET/pets', { Principal: '*' })),
  });

  test('iam-simulate, given the policy as written, matches nothing', async () => {
    const translation = translate(scenario);
    if (translation.kind !== 'simulation') throw new Error('expected a simulation');
    const raw = { ...translation.simulation, resourcePolicy: scenario.api.resourcePolicy };
    expect(await simulate(raw)).toEqual({ kind: 'decision', decision: Decision.IMPLICIT_DENY });
  });

  test('API Gateway expands it with the API\'s own ARN, and so does the harness: both allow', async () => {
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
  });

  test('the expansion is to this API only: a call to another stage is not granted', async () => {
    const other = { ...scenario, request: { ...scenario.request, stage: 'dev' } };
    expect(ourDecision(other)).toBe(Decision.IMPLICIT_DENY);
    expect(await iamSimulateDecision(other)).toBe(Decision.IMPLICIT_DENY);
  });
});

describe(WILDCARD_IN_API_ID.id, () => {
  const scenario = invoke({ identity: [policy(allowInvoke(`arn:aws:execute-api:${REGION}:${API_ACCOUNT}:*/prod/GET/*`))] });

  test('iam-simulate does not match a wildcard in the API-id position', async () => {
    expect(await iamSimulateDecision(scenario)).toBe(Decision.IMPLICIT_DENY);
  });

  test('IAM matches * inside any ARN segment, the API id included: allowed', () => {
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
    expect(differencesAffecting(scenario)).toEqual([WILDCARD_IN_API_ID]);
  });

  test('? in the API id matches one character', () => {
    const question = invoke({ identity: [policy(allowInvoke(`arn:aws:execute-api:${REGION}:${API_ACCOUNT}:a1b2c3d4e?/*`))] });
    expect(ourDecision(question)).toBe(Decision.ALLOW);
  });

  test('a wildcard after the API id is compared (iam-simulate agrees there)', async () => {
    const after = invoke({ identity: [policy(allowInvoke(`${API_ARN}/*/GET/pets`))] });
    expect(differencesAffecting(after)).toEqual([]);
    expect(await iamSimulateDecision(after)).toBe(Decision.ALLOW);
    expect(ourDecision(after)).toBe(Decision.ALLOW);
  });
});

describe(CASE_INSENSITIVE_ARN_PREFIX.id, () => {
  for (const resource of [
    `arn:AWS:execute-api:${REGION}:${API_ACCOUNT}:${API_ID}/*`,
    `arn:aws:execute-api:US-EAST-1:${API_ACCOUNT}:${API_ID}/*`,
    `arn:aws:EXECUTE-API:${REGION}:${API_ACCOUNT}:${API_ID}/*`,
  ]) {
    const scenario = invoke({ identity: [policy(allowInvoke(resource))] });

    test(`iam-simulate matches ${resource} case-insensitively`, async () => {
      expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    });

    test(`ARNs match case-sensitively: ${resource} does not grant`, () => {
      expect(ourDecision(scenario)).toBe(Decision.IMPLICIT_DENY);
      expect(differencesAffecting(scenario)).toEqual([CASE_INSENSITIVE_ARN_PREFIX]);
    });
  }

  test('both match the resource part case-sensitively (compared): GET is not get', async () => {
    const lower = invoke({ identity: [policy(allowInvoke(`${API_ARN}/prod/get/pets`))] });
    expect(differencesAffecting(lower)).toEqual([]);
    expect(await iamSimulateDecision(lower)).toBe(Decision.IMPLICIT_DENY);
    expect(ourDecision(lower)).toBe(Decision.IMPLICIT_DENY);
  });
});

describe(ROOT_PATH_ARN.id, () => {
  const scenario = invoke({ methodPath: '/', path: '/', identity: [policy(allowInvoke(`${API_ARN}/prod/GET/`))] });

  test('iam-simulate\'s validated entry point rejects the root resource ARN', async () => {
    const translation = translate(scenario);
    if (translation.kind !== 'simulation') throw new Error('expected a simulation');
    expect(translation.simulation.request.resource.resource).toBe(`${API_ARN}/prod/GET/`);
    const result = await runSimulation(translation.simulation, {});
    expect(result.resultType === 'error' && result.errors.message).toBe('no.resource.types');
  });

  test('the harness decides it with the same engine unvalidated, and both allow', async () => {
    expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
  });
});

describe(VARIABLES_WITHOUT_2012_VERSION.id, () => {
  // alice may call /users/alice only through the variable; without Version 2012-10-17 it is literal text.
  const withVersion = (version: string | undefined) => invoke({
    methodPath: '/users/{name}',
    path: '/users/alice',
    identity: [{ ...(version ? { Version: version } : {}), Statement: [allowInvoke(`${API_ARN}/prod/GET/users/\${aws:username}`)] }],
  });

  test('with Version 2012-10-17 both substitute the variable and allow', async () => {
    const scenario = withVersion('2012-10-17');
    expect(differencesAffecting(scenario)).toEqual([]);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
  });

  for (const version of ['2008-10-17', undefined]) {
    const scenario = withVersion(version);

    test(`iam-simulate substitutes it even with Version ${version ?? '(absent)'}`, async () => {
      expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    });

    test(`IAM treats it as literal text with Version ${version ?? '(absent)'}: not allowed`, () => {
      expect(ourDecision(scenario)).toBe(Decision.IMPLICIT_DENY);
      expect(differencesAffecting(scenario)).toEqual([VARIABLES_WITHOUT_2012_VERSION]);
    });
  }
});

describe(ROOT_USER_NEEDS_NO_POLICY.id, () => {
  const asRoot = (principal: string, resourcePolicy?: PolicyJson): InvokeScenarioJson => {
    const scenario = invoke({ resourcePolicy });
    return { ...scenario, caller: { principal } };
  };

  test('iam-simulate denies the account root user that no identity policy allows', async () => {
    expect(await iamSimulateDecision(asRoot(PRINCIPALS.root))).toBe(Decision.IMPLICIT_DENY);
  });

  test('the root user of the API\'s account needs no policy: allowed', () => {
    const scenario = asRoot(PRINCIPALS.root);
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
    expect(differencesAffecting(scenario)).toEqual([ROOT_USER_NEEDS_NO_POLICY]);
  });

  test('a Deny in the resource policy still stops the root user, in both', async () => {
    const denied = asRoot(PRINCIPALS.root, policy({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }));
    expect(ourDecision(denied)).toBe(Decision.EXPLICIT_DENY);
    expect(await iamSimulateDecision(denied)).toBe(Decision.EXPLICIT_DENY);
  });

  test('another account\'s root user still needs the resource policy (Table B)', () => {
    expect(ourDecision(asRoot(PRINCIPALS.otherRoot))).toBe(Decision.IMPLICIT_DENY);
  });
});

/**
 * A difference shown on one scenario: iam-simulate answers `theirs`, this library `guide` (the AWS
 * guides' answer), and the exclusion predicate covers the scenario.
 */
function differenceShown(difference: KnownDifference, name: string, scenario: ScenarioJson, theirs: Decision, guide: Decision): void {
  test(`${name}: iam-simulate ${theirs}, the guide (and this library) ${guide}`, async () => {
    const answer = await iamSimulate(scenario);
    expect(answer.kind === 'decision' ? answer.decision : answer).toBe(theirs);
    const mine = ours(scenario);
    expect(mine.kind === 'decision' ? mine.decision : mine).toBe(guide);
    expect(differencesAffecting(scenario)).toContain(difference);
  });
}

const callerSourceIp = (scenario: InvokeScenarioJson, sourceIp: string): InvokeScenarioJson =>
  ({ ...scenario, request: { ...scenario.request, sourceIp } });

describe(NOT_IP_BARE_ADDRESS_OTHER_FAMILY.id, () => {
  const denyOutsideOffice = (office: string) => invoke({
    identity: [policy(allowInvoke('*'), { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': office } } })],
  });
  differenceShown(NOT_IP_BARE_ADDRESS_OTHER_FAMILY, 'an IPv6 caller outside the bare IPv4 office address',
    callerSourceIp(denyOutsideOffice('203.0.113.10'), '2001:db8::1'), Decision.ALLOW, Decision.EXPLICIT_DENY);
  differenceShown(NOT_IP_BARE_ADDRESS_OTHER_FAMILY, 'an IPv4 caller outside the bare IPv6 office address',
    callerSourceIp(denyOutsideOffice('2001:db8::1'), '203.0.113.10'), Decision.ALLOW, Decision.EXPLICIT_DENY);

  test('with a /32 range instead of the bare address both deny the IPv6 caller (compared)', async () => {
    const scenario = callerSourceIp(denyOutsideOffice('203.0.113.10/32'), '2001:db8::1');
    expect(differencesAffecting(scenario)).toEqual([]);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.EXPLICIT_DENY);
    expect(ourDecision(scenario)).toBe(Decision.EXPLICIT_DENY);
  });
});

describe(ZERO_PREFIX_CIDR.id, () => {
  differenceShown(ZERO_PREFIX_CIDR, 'IpAddress 0.0.0.0/0 for 203.0.113.10',
    invoke({ identity: [policy(allowInvoke('*', { Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))] }),
    Decision.IMPLICIT_DENY, Decision.ALLOW);
});

describe(LIST_KEY_WITHOUT_SET_OPERATOR.id, () => {
  const management = (condition: Record<string, Record<string, string>>): ManagementScenarioJson => ({
    management: { account: API_ACCOUNT, region: REGION },
    caller: {
      principal: PRINCIPALS.alice,
      identityPolicies: [policy({ Effect: 'Allow', Action: 'apigateway:POST', Resource: `arn:aws:apigateway:${REGION}::/restapis`, Condition: condition })],
    },
    request: { action: 'apigateway:POST', resource: `arn:aws:apigateway:${REGION}::/restapis`, context: { 'apigateway:Request/EndpointType': ['PRIVATE'] } },
  });
  differenceShown(LIST_KEY_WITHOUT_SET_OPERATOR, 'StringEquals on a request with the one endpoint type PRIVATE',
    management({ StringEquals: { 'apigateway:Request/EndpointType': 'PRIVATE' } }), Decision.IMPLICIT_DENY, Decision.ALLOW);

  test('with ForAllValues (the guide\'s form) both allow (compared)', async () => {
    const scenario = management({ 'ForAllValues:StringEquals': { 'apigateway:Request/EndpointType': 'PRIVATE' } });
    expect(differencesAffecting(scenario)).toEqual([]);
    const theirs = await iamSimulate(scenario);
    expect(theirs).toEqual({ kind: 'decision', decision: Decision.ALLOW });
    expect(ours(scenario)).toMatchObject({ decision: Decision.ALLOW });
  });
});

describe(NOT_PRINCIPAL_IDENTITY_CHAIN.id, () => {
  const notPrincipal = (listed: string[]) => invoke({
    identity: [policy(allowInvoke('*'))],
    resourcePolicy: policy({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }),
  });
  differenceShown(NOT_PRINCIPAL_IDENTITY_CHAIN, 'NotPrincipal listing the user but not its account',
    notPrincipal([PRINCIPALS.alice]), Decision.ALLOW, Decision.EXPLICIT_DENY);

  test('listing the account as well, both exclude the user', async () => {
    const scenario = notPrincipal([PRINCIPALS.alice, PRINCIPALS.root]);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    expect(ourDecision(scenario)).toBe(Decision.ALLOW);
  });
});

describe(UNRESOLVED_VARIABLE.id, () => {
  // A role session has no aws:username.
  const asSession = (identity: PolicyJson[]): InvokeScenarioJson => ({
    ...invoke({ identity }),
    caller: { principal: PRINCIPALS.readerSession, identityPolicies: identity },
  });
  differenceShown(UNRESOLVED_VARIABLE, 'a Deny with NotResource naming ${aws:username} for a caller without one',
    asSession([policy(allowInvoke('*'), { Effect: 'Deny', Action: 'execute-api:Invoke', NotResource: `${API_ARN}/prod/GET/\${aws:username}` })]),
    Decision.ALLOW, Decision.EXPLICIT_DENY);
  differenceShown(UNRESOLVED_VARIABLE, 'an Allow whose IfExists condition compares with an unresolved variable',
    asSession([policy(allowInvoke('*', { Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/owner': '${aws:username}' } } }))]),
    Decision.ALLOW, Decision.IMPLICIT_DENY);
});

describe(WILDCARD_PRINCIPAL_AND_BOUNDARY.id, () => {
  // Open question without an aws:PrincipalArn condition (see exclusions.ts): this test pins both
  // answers so a change on either side is noticed.
  const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const scenario: InvokeScenarioJson = {
    ...invoke({ resourcePolicy: policy(allowInvoke('execute-api:/*', { Principal: '*' })) }),
    caller: { principal: PRINCIPALS.alice, permissionsBoundary: boundary },
  };
  differenceShown(WILDCARD_PRINCIPAL_AND_BOUNDARY, 'a "*" Allow for a user whose boundary is silent', scenario, Decision.ALLOW, Decision.IMPLICIT_DENY);

  test('naming the user instead, both let the grant pass the boundary (compared)', async () => {
    const named: InvokeScenarioJson = {
      ...scenario,
      api: { ...scenario.api, resourcePolicy: policy(allowInvoke('execute-api:/*', { Principal: { AWS: PRINCIPALS.alice } })) },
    };
    expect(differencesAffecting(named)).toEqual([]);
    expect(await iamSimulateDecision(named)).toBe(Decision.ALLOW);
    expect(ourDecision(named)).toBe(Decision.ALLOW);
  });

  // Scenario rule 5 (extended 2026-11-30), IAM User Guide, "AWS JSON policy elements: Principal":
  // "Identity-based policy types, such as permissions boundaries or session policies, do not limit
  // permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal
  // element, unless the identity-based policies contain an explicit deny." The guide decides: compared.
  test.each<[string, unknown]>([['"*"', '*'], ['{"AWS": "*"}', { AWS: '*' }]])(
    'Principal %s with an aws:PrincipalArn condition: both let the grant pass the boundary (compared)', async (_name, principal) => {
      const byArn: InvokeScenarioJson = {
        ...scenario,
        api: {
          ...scenario.api,
          resourcePolicy: policy(allowInvoke('execute-api:/*', {
            Principal: principal as StatementJson['Principal'], Condition: { ArnEquals: { 'aws:PrincipalArn': PRINCIPALS.alice } },
          })),
        },
      };
      expect(differencesAffecting(byArn)).toEqual([]);
      expect(await iamSimulateDecision(byArn)).toBe(Decision.ALLOW);
      expect(ourDecision(byArn)).toBe(Decision.ALLOW);
    });
});

describe(ROLE_PATH_UNKNOWN.id, () => {
  // Scenario rule 5 (added 2026-11-30): the session ARN does not carry the role's path.
  const session = `arn:aws:sts::${API_ACCOUNT}:assumed-role/reader/s1`;
  const byPath = (principal: string): InvokeScenarioJson => ({
    ...invoke({}),
    caller: {
      principal,
      identityPolicies: [policy(allowInvoke('*'), {
        Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${API_ACCOUNT}:role/ci/*` } },
      })],
    },
  });

  test('a Deny for role/ci/* and a caller given as a session: iam-simulate allows (path "/"); this library refuses', async () => {
    const scenario = byPath(session);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.ALLOW);
    expect(ours(scenario)).toMatchObject({ kind: 'invalid', field: 'caller.principal' });
    expect(differencesAffecting(scenario)).toEqual([ROLE_PATH_UNKNOWN]);
  });

  test('given as the role ARN with its path, both deny (compared)', async () => {
    const scenario = byPath(`arn:aws:iam::${API_ACCOUNT}:role/ci/reader`);
    expect(differencesAffecting(scenario)).toEqual([]);
    expect(await iamSimulateDecision(scenario)).toBe(Decision.EXPLICIT_DENY);
    expect(ourDecision(scenario)).toBe(Decision.EXPLICIT_DENY);
  });
});

test('every known difference has its tests in this file', () => {
  const tested = [
    SHORTHAND_NOT_EXPANDED, WILDCARD_IN_API_ID, CASE_INSENSITIVE_ARN_PREFIX, ROOT_PATH_ARN,
    VARIABLES_WITHOUT_2012_VERSION, ROOT_USER_NEEDS_NO_POLICY, NOT_IP_BARE_ADDRESS_OTHER_FAMILY, ZERO_PREFIX_CIDR,
    LIST_KEY_WITHOUT_SET_OPERATOR, NOT_PRINCIPAL_IDENTITY_CHAIN, UNRESOLVED_VARIABLE, WILDCARD_PRINCIPAL_AND_BOUNDARY, ROLE_PATH_UNKNOWN,
  ];
  expect(new Set(tested)).toEqual(new Set(KNOWN_DIFFERENCES));
});
