/**
 * What a rule is: a small function over one stack's access model that returns violations. Rules never
 * change the app; the engine turns violations into findings with the rule's id and severity.
 */
import { Scenario } from '../../evaluator';
import { AccessMapDocument } from '../access-map/document';
import { EvaluationOutcome } from '../evaluation';
import { AccessCheckRule, FindingSeverity } from '../rule-ids';
import { AccessModel } from '../template/access-model';

/** One thing wrong, on one resource of the template. */
export interface RuleViolation {
  /** The logical id of the resource at fault (the finding is reported on its construct). */
  readonly logicalId: string;
  /** What is wrong, in a sentence that names the API, method, policy or role. */
  readonly problem: string;
  /** How to fix it; the rule's general fix when absent. */
  readonly fix?: string;
}

/** A decision the checks are asked to verify (from `expectAllowed` / `expectDenied`). */
export interface ModelExpectation {
  /** Where a failure is reported (the API's logical id). */
  readonly logicalId: string;
  /** Words that say what was expected, e.g. `role Reader may call GET /items on stage prod`. */
  readonly description: string;
  readonly allowed: boolean;
  /** The scenario to evaluate, or why it could not be built. */
  readonly scenario?: Scenario;
  /**
   * What the scenario may miss (e.g. managed policies defined outside the app): what it misses can only
   * add permissions the scenario lacks, so a decision other than ALLOW cannot be trusted (CannotEvaluate).
   */
  readonly caveat?: string;
  readonly unresolved?: string;
  /**
   * The same call with the most the method's authorizer could grant, when the scenario's "no token"
   * default is not what AWS does (see authorizer-callers.ts): evaluated when the scenario denies.
   */
  readonly alternative?: {
    readonly scenario: Scenario;
    /** `undecided`: the answer is only known to the authorizer; `anyone`: any caller can get it. */
    readonly kind: 'undecided' | 'anyone';
    readonly because: string;
  };
}

/** What a rule sees. */
export interface RuleContext {
  readonly model: AccessModel;
  readonly expectations: readonly ModelExpectation[];
  /**
   * Asks the evaluator. Input it cannot interpret becomes a CannotEvaluate finding on `logicalId`
   * (what `purpose` says was being checked) and the answer is undefined: never a silent pass.
   */
  evaluate(scenario: Scenario, logicalId: string, purpose: string): EvaluationOutcome | undefined;
  /** Records something that could not be checked (reported by the CannotEvaluate rule). */
  cannotEvaluate(logicalId: string, what: string): void;
  /**
   * The access map of this stack's APIs (every method, stage and class of request), built on first
   * use and shared by the rules that read it. What it could not map is reported to CannotEvaluate.
   */
  accessMap(): AccessMapDocument;
}

/** A built-in rule. */
export interface AccessRuleDefinition {
  readonly id: AccessCheckRule;
  readonly defaultSeverity: FindingSeverity;
  /** What the rule finds, for documentation and the CLI. */
  readonly finds: string;
  /** The general fix. */
  readonly fix: string;
  check(context: RuleContext): RuleViolation[];
}
