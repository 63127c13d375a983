/**
 * What the aspect and the validation plugin share: reading their severities and stating
 * expectations, with the same errors at the call for bad arguments.
 */
import { Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { AccessExpectation, RuleSeverity } from './api-access-checks';
import { ExpectationRequest } from './expectations';
import { AccessCheckRule, FindingSeverity } from '../analysis/rule-ids';
import { REQUEST_VERBS } from '../evaluator/internal';

/** An expectation as stated, with the API construct kept for finding its stack. */
export interface StoredExpectation extends ExpectationRequest {
  readonly apiConstruct: apigateway.IRestApi;
}


/** The severity of each rule whose severity is configured; `owner` names the props in errors. */
export function parseRuleSeverities(owner: string, severities: readonly RuleSeverity[] = []): Map<AccessCheckRule, FindingSeverity> {
  const map = new Map<AccessCheckRule, FindingSeverity>();
  for (const s of severities) {
    if (!Object.values(AccessCheckRule).includes(s.rule)) {
      throw new Error(`${owner} props.ruleSeverities: unknown rule '${s.rule}'. Use a member of AccessCheckRule.`);
    }
    if (!Object.values(FindingSeverity).includes(s.severity)) {
      throw new Error(`${owner} props.ruleSeverities: unknown severity '${s.severity}' for ${s.rule}. Use a member of FindingSeverity.`);
    }
    map.set(s.rule, s.severity);
  }
  return map;
}

/** Checks an expectation's request at the call and returns it as stored. */
export function storedExpectation(expectation: AccessExpectation, allowed: boolean): StoredExpectation {
  const verb = expectation.httpMethod.toUpperCase();
  if (!Token.isUnresolved(expectation.httpMethod) && !(REQUEST_VERBS as readonly string[]).includes(verb)) {
    throw new Error(`AccessExpectation.httpMethod: '${expectation.httpMethod}' is not an HTTP verb. Use ${REQUEST_VERBS.slice(0, -1).join(', ')} or ${REQUEST_VERBS[REQUEST_VERBS.length - 1]}.`);
  }
  if (!Token.isUnresolved(expectation.path) && !expectation.path.startsWith('/')) {
    throw new Error(`AccessExpectation.path: '${expectation.path}' must start with '/' (the real request path, e.g. /items/7).`);
  }
  return { ...expectation, httpMethod: verb, allowed, apiConstruct: expectation.api };
}
