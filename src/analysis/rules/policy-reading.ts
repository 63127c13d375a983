/**
 * Reading policy documents for the rules that look at one statement at a time (trust policies,
 * lambda:InvokeFunction grants, wildcards). Decisions about calls to an API go through the evaluator;
 * these helpers only answer "does this statement name that action and resource", with the
 * evaluator's own wildcard matching (IAM User Guide, "IAM JSON policy elements: Action", "Resource").
 */
import { compilePattern, WildcardMode } from '../../evaluator/internal';
import { AttachedPolicy, listOf, PolicyDocument, PolicyStatementJson, statementsOf } from '../template/access-model';

const NO_KEYS = new Map<string, readonly string[]>();

/** How findings name a statement: `statement 'Sid'` or `statement #2` (1-based). */
export function statementLabel(statement: PolicyStatementJson, index: number): string {
  return typeof statement.Sid === 'string' && statement.Sid !== '' ? `statement '${statement.Sid}'` : `statement #${index + 1}`;
}

/** Whether the statement's Action (or NotAction) covers `action`. */
export function coversAction(statement: PolicyStatementJson, action: string): boolean {
  const matches = (list: unknown) => listOf(list).some(pattern =>
    compilePattern(pattern, { wildcards: WildcardMode.TEXT, variables: false, ignoreCase: true, field: 'Action' })
      .matches(action, NO_KEYS));
  if (statement.NotAction !== undefined) return !matches(statement.NotAction);
  return matches(statement.Action);
}

/** Whether the statement's Resource (or NotResource) covers the ARN. */
export function coversResource(statement: PolicyStatementJson, arn: string): boolean {
  return resourceMatcher(statement)(arn);
}

/** The statement's Resource (or NotResource) compiled once, for matching many ARNs. */
export function resourceMatcher(statement: PolicyStatementJson): (arn: string) => boolean {
  const compile = (list: unknown) => listOf(list).flatMap(pattern => {
    try {
      return [compilePattern(pattern, { wildcards: WildcardMode.ARN, variables: false, field: 'Resource' })];
    } catch {
      return []; // a pattern the evaluator would refuse: it matches nothing here, and the evaluator reports it
    }
  });
  const negated = statement.NotResource !== undefined;
  const patterns = compile(negated ? statement.NotResource : statement.Resource);
  return arn => patterns.some(p => p.matches(arn, NO_KEYS)) !== negated;
}

/** Whether the statement is an Allow. */
export function isAllowStatement(statement: PolicyStatementJson): boolean {
  return statement.Effect === 'Allow';
}

/** Lower-cased condition keys the statement tests, whatever the operator. */
export function conditionKeys(statement: PolicyStatementJson): string[] {
  const keys: string[] = [];
  for (const block of Object.values(statement.Condition ?? {})) {
    if (block && typeof block === 'object') keys.push(...Object.keys(block).map(k => k.toLowerCase()));
  }
  return keys;
}

/** Whether the statement has any Condition. */
export function hasCondition(statement: PolicyStatementJson): boolean {
  return statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
}

/**
 * Whether identity policies (within a permissions boundary, if any) allow `action` on `arn`, as IAM
 * decides for one account: an unconditional Deny that covers it wins; otherwise an Allow is needed
 * (conditional Allows count, since the condition may hold), and the boundary must allow too.
 */
export function identityAllows(policies: readonly AttachedPolicy[], boundary: PolicyDocument | undefined, action: string, arn: string): boolean {
  const statements = policies.flatMap(p => statementsOf(p.document));
  const covers = (s: PolicyStatementJson) => coversAction(s, action) && coversResource(s, arn);
  if (statements.some(s => !isAllowStatement(s) && !hasCondition(s) && covers(s))) return false;
  if (!statements.some(s => isAllowStatement(s) && covers(s))) return false;
  if (boundary === undefined) return true;
  const bounded = statementsOf(boundary);
  return bounded.some(s => isAllowStatement(s) && covers(s)) && !bounded.some(s => !isAllowStatement(s) && !hasCondition(s) && covers(s));
}
