import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { ApiAccessChecks, ApiAccessChecksProps } from '../../src/checks';

/** A fresh app with the checks attached, and one stack in a concrete environment. */
export function checkedApp(props?: ApiAccessChecksProps, stackProps: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } }) {
  const app = new App();
  const checks = ApiAccessChecks.of(app, props);
  const stack = new Stack(app, 'Api', stackProps);
  return { app, checks, stack };
}

/** The messages of a rule's findings on the stack, by severity, as a user reads them after synth. */
export function findings(stack: Stack, ruleId: string): { errors: string[]; warnings: string[]; infos: string[] } {
  const annotations = Annotations.fromStack(stack);
  const pattern = Match.stringLikeRegexp(`^\\[${ruleId}\\]`);
  const messages = (list: SynthesisMessage[]) => list.map(m => String(m.entry.data));
  return {
    errors: messages(annotations.findError('*', pattern)),
    warnings: messages(annotations.findWarning('*', pattern)),
    infos: messages(annotations.findInfo('*', pattern)),
  };
}
