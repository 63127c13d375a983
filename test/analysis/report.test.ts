import { AccessMapDocument } from '../../src/analysis/access-map';
import { allowedLine, callerWords, formatMarkdown, formatTable, ReportNames, undecidedLine } from '../../src/analysis/report';

// Hand-written maps in the formatVersion 2 shape (issue 11): the report says each entry as a line.
const names: ReportNames = {
  principals: new Map([['arn:aws:iam::111111111111:role/Clerk', 'role clerk']]),
  cidrs: new Map([['192.0.2.0/24,198.51.100.0/24', 'the office network']]),
};

const document: AccessMapDocument = {
  formatVersion: 2,
  apis: [{
    stack: 'Shop',
    name: 'Storefront',
    logicalId: 'Storefront1234',
    endpointType: 'REGIONAL',
    methods: [
      {
        stage: 'prod',
        httpMethod: 'GET',
        path: '/products',
        authorizationType: 'NONE',
        allowed: [{ caller: 'anonymous', from: { internet: ['198.51.100.0/24', '192.0.2.0/24'] } }],
        undecided: [],
      },
      {
        stage: 'prod',
        httpMethod: 'POST',
        path: '/orders',
        authorizationType: 'AWS_IAM',
        allowed: [
          { caller: 'arn:aws:iam::111111111111:role/Clerk', from: { internet: ['192.0.2.0/24', '198.51.100.0/24'] } },
          { caller: 'account:222222222222', from: { internet: ['0.0.0.0/0', '::/0'] }, verbs: ['POST'] },
        ],
        undecided: [{ caller: 'any-account', from: { internet: ['0.0.0.0/0', '::/0'] }, because: 'aws:Referer is tested with StringLike' }],
      },
      { stage: 'prod', httpMethod: 'DELETE', path: '/orders', authorizationType: 'AWS_IAM', allowed: [], undecided: [] },
    ],
  }],
};

describe('report lines', () => {
  test('anyone, from the ranges the entry lists', () => {
    expect(allowedLine({ caller: 'anonymous', from: { internet: ['198.51.100.0/24', '192.0.2.0/24'] } }, { principals: new Map(), cidrs: new Map() }))
      .toBe('anyone from 198.51.100.0/24, 192.0.2.0/24');
  });

  test('a role of the app from a range a policy Sid names', () => {
    expect(allowedLine(document.apis[0].methods[1].allowed[0], names)).toBe('role clerk from the office network (192.0.2.0/24, 198.51.100.0/24)');
  });

  test('callers outside the app say that their own policies must allow', () => {
    expect(callerWords('account:222222222222', names)).toBe('account 222222222222 (its own policies must allow)');
    expect(callerWords('any-account', names)).toBe('any AWS account (its own policies must allow)');
    expect(callerWords('org:o-a1b2c3d4e5', names)).toMatch(/^organization o-a1b2c3d4e5/);
    expect(callerWords('arn:aws:iam::333333333333:role/Auditor', names)).toBe('role Auditor of account 333333333333 (its own policies must allow)');
    expect(callerWords('cognito:Pool', names)).toBe('holders of a valid token of user pool Pool');
    expect(callerWords('authorizer:Auth', names)).toBe('callers the Lambda authorizer Auth admits');
  });

  test('paths, verbs, VPC endpoints and notes narrow the line', () => {
    const line = allowedLine({
      caller: 'anonymous', from: { vpcEndpoints: ['vpce-0123456789abcdef0'] }, paths: ['/public/*'], exceptPaths: ['/public/admin'], verbs: ['GET'], note: 'as of 2026-12-01',
    }, names);
    expect(line).toBe('anyone through VPC endpoint vpce-0123456789abcdef0 on paths /public/* except paths /public/admin with GET (as of 2026-12-01)');
  });

  test('an undecided entry gives its reason', () => {
    expect(undecidedLine(document.apis[0].methods[1].undecided[0], names))
      .toBe('any AWS account (its own policies must allow) from anywhere on the internet: undecided, because aws:Referer is tested with StringLike');
  });
});

test('the text report: one block per method and stage, nobody when nothing is allowed', () => {
  const text = formatTable({ document, problems: [], names });
  expect(text).toContain([
    'Shop / Storefront (REGIONAL)',
    '  GET /products  stage prod  NONE',
    '    allowed: anyone from the office network (198.51.100.0/24, 192.0.2.0/24)',
    '  POST /orders  stage prod  AWS_IAM',
    '    allowed: role clerk from the office network (192.0.2.0/24, 198.51.100.0/24)',
    '    allowed: account 222222222222 (its own policies must allow) from anywhere on the internet with POST',
    '    ? any AWS account (its own policies must allow) from anywhere on the internet: undecided, because aws:Referer is tested with StringLike',
    '  DELETE /orders  stage prod  AWS_IAM',
    '    nobody (every request is denied)',
  ].join('\n'));
});

test('the Markdown report escapes what Markdown would read', () => {
  const md = formatMarkdown({ document, problems: [], names });
  expect(md).toMatch(/^# API access map\n\n## Shop \/ Storefront\n/);
  expect(md).toContain('### DELETE /orders (stage prod, AWS_IAM)\n\n- nobody (every request is denied)');
  expect(md).toContain('- **undecided**: any AWS account');
});
