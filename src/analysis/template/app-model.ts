/**
 * The access models of every stack of an app, built together so that `Fn::ImportValue` resolves to
 * what the exporting stack exports (the same symbolic value the exporting stack's own model uses).
 */
import { AccessModel, buildPeerModels } from './access-model';
import { CfnTemplate, IntrinsicResolver, stackEnvironment, UnresolvedValueError } from './intrinsics';

/** One stack's template and environment. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The stack's account and region when concrete (placeholders otherwise). */
  readonly account?: string;
  readonly region?: string;
}

/** Builds the models of all stacks; each model resolves imports against the other stacks' exports. */
export function buildAppModels(stacks: readonly StackTemplate[]): AccessModel[] {
  const envs = stacks.map(s => stackEnvironment(s.stackName, s.account, s.region));
  const exports = new Map<string, () => unknown>();
  stacks.forEach((stack, i) => {
    const resolver = new IntrinsicResolver(stack.template, envs[i]);
    for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
      if (output?.Export?.Name === undefined) continue;
      try {
        const exportName = resolver.resolveString(output.Export.Name, `Outputs.${name}.Export.Name`);
        exports.set(exportName, () => resolver.resolve(output.Value, `Outputs.${name}.Value`));
      } catch (e) {
        if (!(e instanceof UnresolvedValueError)) throw e;
      }
    }
  });
  const importValue = (name: string): unknown => {
    const read = exports.get(name);
    if (!read) return undefined;
    try {
      return read();
    } catch (e) {
      if (e instanceof UnresolvedValueError) return undefined;
      throw e;
    }
  };
  return buildPeerModels(stacks.map((stack, i) => ({ template: stack.template, env: envs[i] })), importValue);
}
