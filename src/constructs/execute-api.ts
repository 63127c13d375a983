/**
 * How execute-api resources are named. The invoke resource of a method is
 * `arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/VERB/PATH` (API Gateway Developer Guide,
 * "Control access for invoking an API"); a resource policy may write it as the shorthand
 * `execute-api:/STAGE/VERB/PATH`, which API Gateway expands with the API's own region, account
 * and id when it saves the policy, so a policy on the RestApi never references the RestApi itself.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** `ANY` is written `*` in execute-api resources. */
export function arnVerb(httpMethod: string): string {
  const upper = httpMethod.toUpperCase();
  return upper === 'ANY' ? '*' : upper;
}

/**
 * The resource path as execute-api resources see it: a path parameter (`{id}`, `{proxy+}`) matches
 * whatever the caller sends, so it becomes `*` (as aws-cdk-lib's `Method.methodArn` does).
 */
export function arnPath(resourcePath: string): string {
  if (resourcePath === '*') {
    return '/*';
  }
  return resourcePath.replace(/\{[^}]*\}/g, '*');
}

/** `VERB/PATH` without the leading slash of the path: the part after the stage. */
export function methodSuffix(httpMethod: string, resourcePath: string): string {
  return `${arnVerb(httpMethod)}${arnPath(resourcePath)}`;
}

/** The resource-policy shorthand for a stage and a `VERB/PATH` suffix. */
export function shorthandResource(stage: string, suffix: string): string {
  return `execute-api:/${stage}/${suffix}`;
}

/** The full execute-api ARN of a stage and `VERB/PATH` suffix on an API (token-aware through formatArn). */
export function executeApiArn(api: apigateway.IRestApi, stage: string, suffix: string): string {
  return Stack.of(api).formatArn({
    service: 'execute-api',
    resource: api.restApiId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    resourceName: `${stage}/${suffix}`,
  });
}

/**
 * An IAM wildcard pattern as a regular expression: `*` matches any run of characters (`/`
 * included) and `?` one character (IAM User Guide, "IAM JSON policy elements: Resource").
 */
export function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
