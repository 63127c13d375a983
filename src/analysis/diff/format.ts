/**
 * The diff in words: text for a terminal or a CI log, Markdown for a pull-request comment, JSON for
 * tools. Every format is a pure function of the diff, so the same inputs give the same bytes.
 */
import { addressSetOf, blocksOfAddressSet, subtractAddresses } from './address-set';
import { AccessDiff, ApiChange, EntryChange, MethodChange } from './changes';
import { AccessMapOrigin } from '../access-map/document';
import { describeOrigin } from '../access-map/query';

const EVERY_ADDRESS = addressSetOf(['0.0.0.0/0', '::/0']);

/**
 * An origin in words; a source list that is most of the internet is said by what it leaves out
 * (`anywhere on the internet except 198.51.100.0/22`), which is shorter and easier to review.
 */
export function describeChangedOrigin(origin: AccessMapOrigin): string {
  if (origin.internet) {
    const missing = blocksOfAddressSet(subtractAddresses(EVERY_ADDRESS, addressSetOf(origin.internet)));
    if (missing.length > 0 && missing.length < origin.internet.length) return `anywhere on the internet except ${missing.join(', ')}`;
  }
  return describeOrigin(origin);
}

/** The JSON form (2-space indent, trailing newline). */
export function formatDiffJson(diff: AccessDiff): string {
  return `${JSON.stringify(diff, undefined, 2)}\n`;
}

/** A caller in words. */
export function describeCaller(caller: string): string {
  if (caller === 'anonymous') return 'anyone';
  if (caller === 'any-account') return 'any AWS account';
  if (caller === '*') return 'every caller';
  const colon = caller.indexOf(':');
  const kind = caller.slice(0, colon);
  const rest = caller.slice(colon + 1);
  switch (kind) {
    case 'account': return `account ${rest}`;
    case 'org': return `organization ${rest}`;
    case 'authorizer': return `callers authorizer ${rest} admits`;
    case 'cognito': return `holders of a token of user pool ${rest}`;
    default: break;
  }
  const role = /^arn:[^:]+:iam::\d*:(role|user)\/(?:.*\/)?([^/]+)$/.exec(caller);
  return role ? `${role[1]} ${role[2]}` : caller;
}

/** One entry change in words, e.g. `anyone from 198.51.100.0/24 (was: undecided)`. */
export function describeEntry(e: EntryChange): string {
  const parts = [`${describeCaller(e.caller)} from ${describeChangedOrigin(e.from)}`];
  if (e.verbs) parts.push(`with ${e.verbs.join(', ')}`);
  if (e.paths) parts.push(`on ${e.paths.join(', ')}`);
  if (e.exceptPaths) parts.push(`except on ${e.exceptPaths.join(', ')}`);
  if (e.pathsAlsoMatching) parts.push(`on paths also matching ${e.pathsAlsoMatching.join(', ')}`);
  if (e.note) parts.push(`(${e.note})`);
  let text = parts.join(' ');
  if (e.decision === 'undecided') text = `maybe ${text} (undecided: ${e.because ?? 'see the report'})`;
  if (e.was) text += ` (was: ${e.was})`;
  return text;
}

function methodTitle(m: MethodChange): string {
  const auth = m.authorizationType
    ? m.authorizationType.before && m.authorizationType.after
      ? `, ${m.authorizationType.before} → ${m.authorizationType.after}`
      : `, ${m.authorizationType.after ?? m.authorizationType.before}`
    : '';
  const change = m.change === 'changed' ? '' : ` (method ${m.change})`;
  return `${m.httpMethod} ${m.path} on ${m.stage}${auth}${change}`;
}

function apiTitle(a: ApiChange): string {
  const endpoint = a.endpointType?.before && a.endpointType?.after ? `, endpoint ${a.endpointType.before} → ${a.endpointType.after}` : '';
  const change = a.change === 'changed' ? '' : ` (API ${a.change})`;
  return `${a.stack}/${a.name} (${a.logicalId})${endpoint}${change}`;
}

function verdict(diff: AccessDiff): string {
  if (diff.broadened) return 'Access broadened: some requests are allowed (or may be) that were not.';
  if (diff.narrowed) return 'Access only narrowed.';
  if (diff.changed) return 'Access changed without broadening.';
  return 'No change in who may call what.';
}

/** Plain text: one block per API, one per method; gained lines start with `+`, lost with `-`. */
export function formatDiffText(diff: AccessDiff): string {
  const lines = [verdict(diff)];
  for (const api of diff.apis) {
    lines.push('', apiTitle(api));
    if (api.stagesAdded.length) lines.push(`  stages added: ${api.stagesAdded.join(', ')}`);
    if (api.stagesRemoved.length) lines.push(`  stages removed: ${api.stagesRemoved.join(', ')}`);
    for (const cause of api.causes) lines.push(`  because: ${cause}`);
    for (const m of api.methods) {
      lines.push(`  ${m.broadening ? '!' : ' '} ${methodTitle(m)}`);
      for (const e of m.gained) lines.push(`      + ${describeEntry(e)}`);
      for (const e of m.lost) lines.push(`      - ${describeEntry(e)}`);
      for (const cause of m.causes) lines.push(`      because: ${cause}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a pull-request comment: a verdict, then a section per API with a list per method. */
export function formatDiffMarkdown(diff: AccessDiff): string {
  const lines = ['### API access changes', '', `**${verdict(diff)}**`];
  for (const api of diff.apis) {
    lines.push('', `#### ${escape(apiTitle(api))}`, '');
    if (api.stagesAdded.length) lines.push(`- stages added: ${api.stagesAdded.map(code).join(', ')}`);
    if (api.stagesRemoved.length) lines.push(`- stages removed: ${api.stagesRemoved.map(code).join(', ')}`);
    for (const cause of api.causes) lines.push(`- because: ${escape(cause)}`);
    for (const m of api.methods) {
      lines.push(`- ${m.broadening ? ':warning: ' : ''}${code(`${m.httpMethod} ${m.path}`)} on ${code(m.stage)}${escape(methodTitle(m).slice(`${m.httpMethod} ${m.path} on ${m.stage}`.length))}`);
      for (const e of m.gained) lines.push(`  - **gained**: ${escape(describeEntry(e))}`);
      for (const e of m.lost) lines.push(`  - lost: ${escape(describeEntry(e))}`);
      for (const cause of m.causes) lines.push(`  - because: ${escape(cause)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Markdown-significant characters of free text (names, notes, reasons) are escaped. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}
