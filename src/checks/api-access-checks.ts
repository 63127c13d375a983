import { AspectPriority, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { IConstruct } from 'constructs';
import { AccessCaller } from './access-caller';
import { acknowledgedReason, recordAcknowledgement } from './acknowledgements';
import { parseRuleSeverities, StoredExpectation, storedExpectation } from './check-options';
import { expectationScenario } from './expectations';
import { RenderedStack, renderStacks } from './stack-template';
import { Finding, findingMessage, runRules } from '../analysis/engine';
import { AccessCheckRule, FindingSeverity } from '../analysis/rule-ids';
import { ModelExpectation } from '../analysis/rules';
import { AccessModel } from '../analysis/template/access-model';
import { buildAppModels } from '../analysis/template/app-model';

/** The severity of one rule, where it should differ from the rule's default. */
export interface RuleSeverity {
  /** The rule. */
  readonly rule: AccessCheckRule;
  /** How its findings are reported. */
  readonly severity: FindingSeverity;
}

/** Properties of `ApiAccessChecks`. */
export interface ApiAccessChecksProps {
  /**
   * Severities that differ from the rules' defaults, e.g. OpenMethod as an error for an API that must
   * never be public.
   *
   * @default - every rule reports at its default severity
   */
  readonly ruleSeverities?: RuleSeverity[];
}

/** A decision the app must produce for one call. */
export interface AccessExpectation {
  /** Who calls. */
  readonly caller: AccessCaller;
  /** The REST API that is called (defined in the app). */
  readonly api: apigateway.IRestApi;
  /** The HTTP verb of the call: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS. */
  readonly httpMethod: string;
  /** The real request path, e.g. `/items/7` (not the resource template `/items/{id}`). */
  readonly path: string;
  /**
   * The stage called.
   *
   * @default - the API's deployment stage (the first stage the template deploys)
   */
  readonly stage?: string;
  /**
   * The caller's IP address (IPv4 or IPv6).
   *
   * @default - a public internet address (203.0.113.10), or a VPC address when the call comes through a VPC endpoint
   */
  readonly sourceIp?: string;
  /**
   * The interface VPC endpoint the call comes through (for private APIs); a token of an endpoint in the
   * app works.
   *
   * @default - from the internet; for a PRIVATE API, through an endpoint the app does not name
   */
  readonly vpcEndpointId?: string;
  /**
   * The VPC of that endpoint.
   *
   * @default - a VPC the app does not name
   */
  readonly vpcId?: string;
}

/** The metadata types of annotations (what `cdk synth` and `Annotations.fromStack` read). */
const ANNOTATION_TYPE: Record<FindingSeverity, string> = {
  [FindingSeverity.ERROR]: ArtifactMetadataEntryType.ERROR,
  [FindingSeverity.WARNING]: ArtifactMetadataEntryType.WARN,
  [FindingSeverity.INFO]: ArtifactMetadataEntryType.INFO,
};

/** The metadata type under which acknowledged findings are kept in the cloud assembly. */
const ACKNOWLEDGED_METADATA = 'cdk-apigateway-access:acknowledged';

interface Acknowledgement {
  readonly rule: AccessCheckRule;
  readonly reason: string;
  readonly scope?: IConstruct;
}

/**
 * Synth-time checks of API Gateway access: a read-only aspect that reads every REST API, method,
 * stage and the IAM of each stack (from the CloudFormation the stack synthesizes, so plain
 * aws-cdk-lib APIs are checked as well as this library's), runs the access evaluator once all
 * aspects are done, and reports each finding as an annotation on the construct at fault, with a
 * message that starts with `[RuleId]` and ends with how to fix it. It never changes the app.
 *
 * Add it with `ApiAccessChecks.of(app)`, or `Aspects.of(app).add(checks, { priority: AspectPriority.READONLY })`.
 *
 * In an app, prefer `ApiAccessValidation`, the same rules as a CDK validation plugin (CDK's report,
 * `validation-report.json`, acknowledgements as for cdk-nag v3). The aspect is the front for unit
 * tests: its findings are annotations that `Annotations.fromStack(stack)` reads. Both run the same
 * engine and honour the same `Validations.acknowledge` ids; add one of them, not both.
 */
export class ApiAccessChecks implements IAspect {
  /**
   * The checks of `scope`, added to it as a read-only aspect on first use. Calling it again for the
   * same scope returns the same checks.
   *
   * @param scope the app, a stage or a stack: every stack under it is checked
   * @param props the checks' configuration, on first use only
   */
  public static of(scope: IConstruct, props?: ApiAccessChecksProps): ApiAccessChecks {
    const existing = ApiAccessChecks.attached.get(scope);
    if (existing) {
      if (props !== undefined) {
        throw new Error(`ApiAccessChecks.of(scope, props): checks are already attached to '${scope.node.path || 'the app'}'; `
          + 'pass props only on the first call, or create them with new ApiAccessChecks(props) and Aspects.of(scope).add(...).');
      }
      return existing;
    }
    const checks = new ApiAccessChecks(props);
    Aspects.of(scope).add(checks, { priority: AspectPriority.READONLY });
    ApiAccessChecks.attached.set(scope, checks);
    return checks;
  }

  private static readonly attached = new WeakMap<IConstruct, ApiAccessChecks>();

  private readonly severities: Map<AccessCheckRule, FindingSeverity>;
  private readonly acknowledgements: Acknowledgement[] = [];
  private readonly expectations: StoredExpectation[] = [];
  private readonly stacks = new Set<Stack>();
  /** Findings of the stacks evaluated so far, until their validation annotates them. */
  private readonly evaluated = new Map<Stack, Finding[]>();
  private readonly reported = new Set<Stack>();
  private readonly rendered = new Map<Stack, RenderedStack>();

  constructor(props: ApiAccessChecksProps = {}) {
    this.severities = parseRuleSeverities('ApiAccessChecks', props.ruleSeverities);
  }

  /** Registers each stack it visits for checking once the construct tree is final. */
  public visit(node: IConstruct): void {
    if (Stack.isStack(node)) this.register(node);
  }

  /**
   * States that the call must be allowed; synth reports an ExpectationNotMet error, with the
   * evaluator's reasons, when it is not.
   */
  public expectAllowed(expectation: AccessExpectation): void {
    this.addExpectation(expectation, true);
  }

  /**
   * States that the call must be denied; synth reports an ExpectationNotMet error, with the
   * evaluator's reasons, when it is allowed.
   */
  public expectDenied(expectation: AccessExpectation): void {
    this.addExpectation(expectation, false);
  }

  /**
   * Accepts the findings of a rule, with the reason, so they are no longer reported.
   *
   * @deprecated use `Validations.of(scope).acknowledge({ id: 'cdk-apigateway-access::RuleId', reason })`:
   * one way to acknowledge, honoured by this aspect and by `ApiAccessValidation`, and kept in the
   * cloud assembly for the `check` command (as this method's acknowledgements are)
   * @param rule the rule whose findings are accepted
   * @param reason why they are acceptable (required: reviewers read it)
   * @param scope only findings on this construct or below it
   * @default scope - every finding of the rule
   */
  public acknowledge(rule: AccessCheckRule, reason: string, scope?: IConstruct): void {
    if (!Object.values(AccessCheckRule).includes(rule)) {
      throw new Error(`ApiAccessChecks.acknowledge(rule): unknown rule '${rule}'. Use a member of AccessCheckRule.`);
    }
    if (reason.trim().length < 3) {
      throw new Error(`ApiAccessChecks.acknowledge(rule, reason): give the reason ${rule} is acceptable (it is what reviewers read).`);
    }
    this.acknowledgements.push({ rule, reason, scope });
  }

  private addExpectation(expectation: AccessExpectation, allowed: boolean): void {
    const stored = storedExpectation(expectation, allowed);
    if (this.evaluated.has(Stack.of(expectation.api))) {
      throw new Error('ApiAccessChecks: state expectations before the app is synthesized (this stack was already checked).');
    }
    this.expectations.push(stored);
    this.register(Stack.of(expectation.api));
  }

  private register(stack: Stack): void {
    if (this.stacks.has(stack)) return;
    this.stacks.add(stack);
    stack.node.addValidation({
      validate: () => {
        this.report(stack);
        return [];
      },
    });
  }

  /**
   * Validation runs after every aspect and before synthesis. The first stack to validate evaluates
   * every registered stack at once (their models are built together, so imports between them
   * resolve); a stack registered later (e.g. in a Stage synthesized after it) is evaluated then.
   */
  private report(stack: Stack): void {
    if (this.reported.has(stack)) return; // a second synthesis must not annotate twice
    if (!this.evaluated.has(stack)) this.evaluatePending();
    this.reported.add(stack);
    const rendered = this.rendered.get(stack);
    for (const finding of this.evaluated.get(stack) ?? []) {
      const construct = rendered?.constructs.get(finding.logicalId) ?? stack;
      const message = findingMessage(finding);
      const reason = this.acknowledgementOf(finding, construct);
      if (reason !== undefined) {
        // Not an annotation, but kept in the cloud assembly's metadata: what was accepted, and why
        // (with the finding), and the acknowledgement as Validations.acknowledge records it, which
        // is what `check` reads from the assembly.
        construct.node.addMetadata(ACKNOWLEDGED_METADATA, { rule: finding.rule, reason, finding: message });
        recordAcknowledgement(construct, finding.rule, reason);
        continue;
      }
      // The annotation entries Annotations.of(construct).addError/addWarning/addInfo write, without
      // their stack trace: it would point into this validation, not the user's code, and capturing
      // one per finding costs more than evaluating it.
      construct.node.addMetadata(ANNOTATION_TYPE[finding.severity], message);
    }
  }

  private evaluatePending(): void {
    const registered = [...this.stacks];
    // Stacks that define an expectation's caller are modelled too (their findings are not reported).
    // With their nested stacks and their parents, whose outputs and parameters link them.
    const callerStacks = this.expectations
      .map(e => e.caller._spec.scope)
      .filter((scope): scope is IConstruct => scope !== undefined)
      .map(scope => Stack.of(scope))
      .flatMap(stack => [...ancestorsOf(stack), ...stack.node.findAll().filter(Stack.isStack)]);
    const stacks = [...new Set([...registered, ...callerStacks])];
    for (const [stack, rendered] of renderStacks(stacks)) this.rendered.set(stack, rendered);
    const models = buildAppModels(stacks.map(s => this.rendered.get(s)!));
    const modelOf = new Map<Stack, AccessModel>(stacks.map((s, i) => [s, models[i]]));
    for (const stack of registered.filter(s => !this.evaluated.has(s))) {
      const model = modelOf.get(stack)!;
      const stated = this.expectations.filter(e => Stack.of(e.apiConstruct) === stack);
      // Each way the stack's conditions can go has its own model, so its own scenarios.
      const expectationsFor = (branch: AccessModel): ModelExpectation[] => {
        const branchModels = new Map(modelOf);
        branchModels.set(stack, branch);
        return stated.map(e => expectationScenario(e, stack, branch, branchModels));
      };
      this.evaluated.set(stack, runRules(model, { expectationsFor, severities: this.severities }));
    }
  }

  /** The reason a finding is acknowledged: by `Validations.acknowledge`, or by `acknowledge` here. */
  private acknowledgementOf(finding: Finding, construct: IConstruct): string | undefined {
    return acknowledgedReason(construct, finding.rule)
      ?? this.acknowledgements.find(a => a.rule === finding.rule
        && (a.scope === undefined || construct.node.scopes.includes(a.scope)))?.reason;
  }
}

/** The stacks a nested stack is nested in, outermost first (none for a top-level stack). */
function ancestorsOf(stack: Stack): Stack[] {
  const parent = stack.nestedStackParent;
  return parent ? [...ancestorsOf(parent), parent] : [];
}
