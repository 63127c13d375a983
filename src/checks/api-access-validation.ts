import * as path from 'path';
import {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Stage, Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { AccessExpectation, RuleSeverity } from './api-access-checks';
import { parseRuleSeverities, StoredExpectation, storedExpectation } from './check-options';
import { expectationScenario } from './expectations';
import { readSynthesizedTemplates } from './synthesized-templates';
import { VALIDATION_PLUGIN_NAME } from '../analysis/acknowledgements';
import { runRules } from '../analysis/engine';
import { AccessCheckRule, FindingSeverity } from '../analysis/rule-ids';
import { BUILT_IN_RULES, ModelExpectation } from '../analysis/rules';
import { AccessModel } from '../analysis/template/access-model';
import { buildAppModels } from '../analysis/template/app-model';

/** Properties of `ApiAccessValidation`. */
export interface ApiAccessValidationProps {
  /**
   * Severities that differ from the rules' defaults, e.g. OpenMethod as an error for an API that must
   * never be public. An error fails synthesis; warnings and info are in the validation report.
   *
   * @default - every rule reports at its default severity
   */
  readonly ruleSeverities?: RuleSeverity[];
}

/**
 * The access checks as a CDK validation plugin: after synthesis it reads every stack template of the
 * app (or stage) it is added to, with the same model and rules as `ApiAccessChecks` and the `check`
 * command, and reports each finding as a violation of the rule of that id. An error finding fails
 * synthesis with CDK's validation report; warnings and info are listed in it. The report is also
 * written to `validation-report.json` in the cloud assembly.
 *
 * Acknowledge findings as for any validation plugin, by rule id in the plugin's namespace:
 * `Validations.of(scope).acknowledge({ id: 'cdk-apigateway-access::OpenMethod', reason: '...' })`
 * acknowledges the findings of OpenMethod on `scope` and below it. The acknowledgement is kept in the
 * cloud assembly, where the `check` command reads it.
 *
 * Add it with `ApiAccessValidation.of(app)`, or `Validations.of(app).addPlugins(new ApiAccessValidation())`.
 */
export class ApiAccessValidation implements IPolicyValidationPlugin {
  /**
   * The validation plugin of the app or stage enclosing `scope`, added to it on first use. Calling it
   * again within the same app or stage returns the same plugin.
   *
   * @param scope the app, a stage, or any construct in them
   * @param props the plugin's configuration, on first use only
   */
  public static of(scope: IConstruct, props?: ApiAccessValidationProps): ApiAccessValidation {
    const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!stage) {
      throw new Error(`ApiAccessValidation.of(scope): '${scope.node.path}' is not in an App or a Stage; pass the app, a stage or a construct in one.`);
    }
    const existing = ApiAccessValidation.attached.get(stage);
    if (existing) {
      if (props !== undefined) {
        throw new Error(`ApiAccessValidation.of(scope, props): the plugin is already added to '${stage.node.path || 'the app'}'; `
          + 'pass props only on the first call, or create it with new ApiAccessValidation(props) and Validations.of(app).addPlugins(...).');
      }
      return existing;
    }
    const plugin = new ApiAccessValidation(props);
    Validations.of(stage).addPlugins(plugin);
    ApiAccessValidation.attached.set(stage, plugin);
    return plugin;
  }

  private static readonly attached = new WeakMap<Stage, ApiAccessValidation>();

  /** `cdk-apigateway-access`: the plugin's name in the report, and the namespace of its rule ids. */
  public readonly name: string = VALIDATION_PLUGIN_NAME;

  /** The ids of the rules it runs (those of `AccessCheckRule`). */
  public readonly ruleIds?: string[] = BUILT_IN_RULES.map(rule => rule.id);

  private readonly severities: Map<AccessCheckRule, FindingSeverity>;
  private readonly expectations: StoredExpectation[] = [];

  constructor(props: ApiAccessValidationProps = {}) {
    this.severities = parseRuleSeverities('ApiAccessValidation', props.ruleSeverities);
  }

  /**
   * States that the call must be allowed; synthesis fails with an ExpectationNotMet violation, with
   * the evaluator's reasons, when it is not.
   */
  public expectAllowed(expectation: AccessExpectation): void {
    this.expectations.push(storedExpectation(expectation, true));
  }

  /**
   * States that the call must be denied; synthesis fails with an ExpectationNotMet violation, with the
   * evaluator's reasons, when it is allowed.
   */
  public expectDenied(expectation: AccessExpectation): void {
    this.expectations.push(storedExpectation(expectation, false));
  }

  /** Runs the rules on the synthesized templates. Called by CDK during synthesis. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates = readSynthesizedTemplates(context.templatePaths);
    const models = buildAppModels(templates.map(t => t.stack));
    const templatePaths = templates.map(t => path.resolve(t.templatePath));
    const expectations = this.expectationsByTemplate(templatePaths, models);
    // Every finding is reported: CDK applies the acknowledgements (Validations.acknowledge) itself.
    const violations: PolicyViolation[] = [];
    models.forEach((model, i) => {
      for (const finding of runRules(model, { expectations: expectations.get(i) ?? [], severities: this.severities })) {
        violations.push({
          ruleName: finding.rule,
          description: finding.problem,
          fix: finding.fix,
          severity: finding.severity,
          violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath: templates[i].templatePath, locations: [] }],
        });
      }
    });
    violations.push(...this.unplacedExpectations(templatePaths));
    return { success: !violations.some(v => v.severity === FindingSeverity.ERROR), violations };
  }

  /** The expectations of each template (by index), as scenarios over the models. */
  private expectationsByTemplate(templatePaths: readonly string[], models: readonly AccessModel[]): Map<number, ModelExpectation[]> {
    const byTemplate = new Map<number, ModelExpectation[]>();
    if (this.expectations.length === 0) return byTemplate;
    // Every stack of the app whose template is validated here, so callers in other stacks are found.
    const modelOf = new Map<Stack, AccessModel>();
    for (const stack of stacksOfApps(this.expectations)) {
      const index = templatePaths.indexOf(templatePathOfStack(stack));
      if (index >= 0) modelOf.set(stack, models[index]);
    }
    for (const e of this.expectations) {
      const stack = Stack.of(e.apiConstruct);
      const model = modelOf.get(stack);
      if (!model) continue; // reported by unplacedExpectations
      const index = models.indexOf(model);
      byTemplate.set(index, [...byTemplate.get(index) ?? [], expectationScenario(e, stack, model, modelOf)]);
    }
    return byTemplate;
  }

  /** Expectations on an API whose stack this plugin does not validate: reported, never dropped. */
  private unplacedExpectations(templatePaths: readonly string[]): PolicyViolation[] {
    const cannot = BUILT_IN_RULES.find(r => r.id === AccessCheckRule.CANNOT_EVALUATE)!;
    return this.expectations
      .filter(e => !templatePaths.includes(templatePathOfStack(Stack.of(e.apiConstruct))))
      .map(e => ({
        ruleName: AccessCheckRule.CANNOT_EVALUATE,
        description: `the expectation that ${e.caller._spec.label} ${e.allowed ? 'may' : 'may not'} call ${e.httpMethod} ${e.path} on the REST API `
          + `'${e.apiConstruct.node.path}' could not be checked: its stack ${Stack.of(e.apiConstruct).stackName} is not validated by this plugin.`,
        fix: 'add the plugin to the app (ApiAccessValidation.of(app)), or state the expectation on the plugin of the stage that holds the API',
        severity: this.severities.get(AccessCheckRule.CANNOT_EVALUATE) ?? cannot.defaultSeverity,
        violatingResources: [{ constructPath: e.apiConstruct.node.path, locations: [] }],
      }));
  }
}

/** Every stack of the apps the expectations' constructs belong to. */
function stacksOfApps(expectations: readonly StoredExpectation[]): Stack[] {
  const roots = new Set(expectations.map(e => e.apiConstruct.node.root));
  return [...roots].flatMap(root => root.node.findAll().filter(Stack.isStack));
}

/** Where the stack's template is written in the cloud assembly. */
function templatePathOfStack(stack: Stack): string {
  const stage = Stage.of(stack);
  return stage ? path.resolve(stage.outdir, stack.templateFile) : stack.templateFile;
}
