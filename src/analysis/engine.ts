/**
 * Runs the rules over one stack's access model and returns findings. Pure: no aws-cdk-lib, so the
 * synth-time aspect and the `check` command share it.
 */
import { AccessMapDocument, AccessMapOptions, buildAccessMap } from './access-map';
import { evaluate, EvaluationOutcome } from './evaluation';
import { AccessCheckRule, FindingSeverity } from './rule-ids';
import { AccessRuleDefinition, BUILT_IN_RULES, ModelExpectation, RuleContext } from './rules';
import { AccessModel, ModelProblem } from './template/access-model';
import { rolesAnyoneMayGet } from './template/identity-pools';

/** One finding on one resource of one stack. */
export interface Finding {
  readonly rule: AccessCheckRule;
  readonly severity: FindingSeverity;
  readonly stackName: string;
  readonly logicalId: string;
  readonly problem: string;
  readonly fix: string;
}

/** The annotation text: `[RuleId] what is wrong. Fix: how.` */
export function findingMessage(finding: Finding): string {
  const fix = finding.fix.endsWith('.') ? finding.fix : `${finding.fix}.`;
  return `[${finding.rule}] ${finding.problem} Fix: ${fix}`;
}

export interface RunOptions {
  readonly expectations?: readonly ModelExpectation[];
  /** Severity per rule, where it differs from the rule's default. */
  readonly severities?: ReadonlyMap<AccessCheckRule, FindingSeverity>;
  readonly rules?: readonly AccessRuleDefinition[];
  /** The expectations of each model (a model's condition variants build theirs on their own model). */
  readonly expectationsFor?: (model: AccessModel) => readonly ModelExpectation[];
  /**
   * How the access map the rules read is built (e.g. the time `aws:CurrentTime` is decided at). By
   * default it maps only the callers the rules ask about (RULE_MAP_CALLERS).
   */
  readonly accessMap?: AccessMapOptions;
}

/**
 * The callers the rules read from the map: anyone without credentials, any AWS account, holders
 * of a user pool's tokens (a pool anyone may sign up to makes its method open), and the roles an
 * identity pool of the app gives to anyone (`guestRoles`, by ARN). Mapping the app's other principals
 * too would cost one evaluation per principal per class of request, for no rule.
 */
export function isRuleMapCaller(caller: string, guestRoles: ReadonlyMap<string, string>): boolean {
  return caller === 'anonymous' || caller === 'any-account' || caller.startsWith('cognito:') || guestRoles.has(caller);
}

/**
 * Runs every rule on the model and, when access depends on CloudFormation conditions, on each of its
 * variants: a finding of only some ways the conditions can go says under which (access allowed in any
 * branch is reported as such).
 */
export function runRules(model: AccessModel, options: RunOptions = {}): Finding[] {
  const branches = [model, ...model.variants ?? []];
  const expectationsOf = (m: AccessModel) => (options.expectationsFor ? options.expectationsFor(m) : options.expectations);
  if (branches.length === 1) return runBranch(model, { ...options, expectations: expectationsOf(model) });
  const merged = new Map<string, { finding: Finding; conditions: string[] }>();
  for (const branch of branches) {
    for (const finding of runBranch(branch, { ...options, expectations: expectationsOf(branch) })) {
      const key = `${finding.rule}\n${finding.logicalId}\n${finding.problem}`;
      let entry = merged.get(key);
      if (!entry) merged.set(key, entry = { finding, conditions: [] });
      if (!entry.conditions.includes(branch.condition ?? '')) entry.conditions.push(branch.condition ?? '');
    }
  }
  return [...merged.values()].map(({ finding, conditions }) => (conditions.length === branches.length ? finding : {
    ...finding,
    problem: `${finding.problem.replace(/\.$/, '')} (when ${conditions.join(', or when ')}).`,
  }));
}

/** Runs every rule on one model (one way the conditions go). */
function runBranch(model: AccessModel, options: RunOptions): Finding[] {
  const rules = options.rules ?? BUILT_IN_RULES;
  const problems: ModelProblem[] = [...model.problems];
  let map: AccessMapDocument | undefined;
  const context: RuleContext = {
    model,
    expectations: options.expectations ?? [],
    evaluate: (scenario, logicalId, purpose): EvaluationOutcome | undefined => {
      const outcome = evaluate(scenario);
      if (outcome instanceof Error) {
        problems.push({ logicalId, what: `could not evaluate ${purpose}: the evaluator refused ${outcome.message}` });
        return undefined;
      }
      return outcome;
    },
    cannotEvaluate: (logicalId, what) => problems.push({ logicalId, what }),
    accessMap: () => {
      if (map === undefined) {
        const guests = rolesAnyoneMayGet(model);
        const result = buildAccessMap([model], { callers: caller => isRuleMapCaller(caller, guests), ...options.accessMap, branchOnly: true });
        problems.push(...result.problems);
        map = result.document;
      }
      return map;
    },
  };
  const findings: Finding[] = [];
  const severityOf = (rule: AccessRuleDefinition) => options.severities?.get(rule.id) ?? rule.defaultSeverity;
  const finding = (rule: AccessRuleDefinition, logicalId: string, problem: string, fix: string): Finding =>
    ({ rule: rule.id, severity: severityOf(rule), stackName: model.stackName, logicalId, problem, fix });
  for (const rule of rules) {
    for (const v of rule.check(context)) findings.push(finding(rule, v.logicalId, v.problem, v.fix ?? rule.fix));
  }
  const cannot = rules.find(r => r.id === AccessCheckRule.CANNOT_EVALUATE);
  if (cannot) {
    const seen = new Set<string>();
    for (const p of problems) {
      const key = `${p.logicalId}\n${p.what}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding(cannot, p.logicalId, p.what.replace(/\.?$/, '.'), cannot.fix));
    }
  }
  return findings;
}
