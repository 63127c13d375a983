import { AWS_MANAGED_POLICY_DATA_DATE, awsManagedPolicy, isAwsManagedPolicyArn } from '../../src/analysis/managed-policies';

// The data: src/analysis/data/aws-managed-policies-apigateway.json (iam-dataset and MAMIP, see its `source` and src/analysis/data/README.md).
describe('AWS managed policies data', () => {
  test('has its date', () => {
    expect(AWS_MANAGED_POLICY_DATA_DATE).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  test('a policy with API Gateway statements gives them, in any partition and whatever its path', () => {
    const invoke = awsManagedPolicy('arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess');
    expect(invoke.known && JSON.stringify(invoke.statements)).toMatch(/execute-api:Invoke/);
    const gov = awsManagedPolicy('arn:aws-us-gov:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess');
    expect(gov).toEqual(invoke);
    const config = awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSConfigRole');
    expect(config.known && config.statements.length).toBeGreaterThan(0);
  });

  test('a known policy without such statements grants nothing on them', () => {
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toEqual({ known: true, statements: [] });
  });

  test('a name the data does not know is unknown', () => {
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/PublishedAfterTheData')).toEqual({ known: false });
  });

  test('only arn:PARTITION:iam::aws:policy/ ARNs are AWS managed', () => {
    expect(isAwsManagedPolicyArn('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws:iam::111111111111:policy/ReadOnlyAccess')).toBe(false);
  });
});
