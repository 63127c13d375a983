import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { renderStacks } from './stack-template';
import { AccessMapDocument, buildAccessMap } from '../analysis/access-map';
import { accessMapJson } from '../analysis/report';
import { buildAppModels } from '../analysis/template/app-model';

/**
 * The access map of the REST APIs in a stack, a stage or an app: for every method on every stage,
 * exactly who may call it and from where, as the `report --format json` command prints it
 * (formatVersion 2). Record it in a jest test, `expect(AccessMap.of(stack).toJson()).toMatchSnapshot()`,
 * so that reviews see who may call what change.
 *
 * The map is built when it is first asked for, from the stacks as synthesis renders them (after
 * every aspect ran). Calls from every stack of the app are taken into account; the map lists the
 * APIs of the stacks inside the scope.
 */
export class AccessMap {
  /**
   * The access map of the APIs defined in `scope` (a stack, a stage or the app).
   */
  public static of(scope: IConstruct): AccessMap {
    return new AccessMap(scope);
  }

  private document?: AccessMapDocument;

  private constructor(private readonly scope: IConstruct) {}

  /**
   * The map as a JSON value (formatVersion 2), the same for the same app: `apis`, each with its
   * `methods`, each with the `allowed` and `undecided` classes of request.
   */
  public toJson(): any {
    return JSON.parse(accessMapJson(this.build()));
  }

  private build(): AccessMapDocument {
    if (this.document) return this.document;
    const root = this.scope.node.root;
    // Synthesis runs the app's aspects (grants, policies they add) before the map reads the tree, as
    // it does before the checks read it; a second call returns the cached assembly.
    if (Stage.isStage(root)) root.synth();
    const all = root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    const inScope = new Set(this.scope.node.findAll().filter((c): c is Stack => Stack.isStack(c)));
    if (inScope.size === 0 && Stack.isStack(this.scope)) inScope.add(this.scope);
    const rendered = renderStacks(all);
    const models = buildAppModels(all.map(s => rendered.get(s)!));
    this.document = buildAccessMap(models.filter((_m, i) => inScope.has(all[i]))).document;
    return this.document;
  }
}
