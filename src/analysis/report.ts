/**
 * The access report: the access map of an app (every method of every REST API on every stage, and
 * exactly who may call it from where) in words people can read, as text or Markdown, or the map
 * itself as formatVersion 2 JSON. Pure (no aws-cdk-lib): the `report` command prints it from a cloud
 * assembly, and `AccessMap.of` gives the same JSON in a CDK app.
 */
import { AccessMapDocument, AccessMapEntry, AccessMapMethod, AccessMapOptions, AccessMapUndecidedEntry, buildAccessMap } from './access-map';
import { CidrNames, cidrListKey, entryPhrase } from './access-map-words';
import { AccessModel, ModelProblem, PolicyStatementJson } from './template/access-model';

/** The map of the models' APIs, and the words that name the app's principals and address ranges. */
export interface AccessReport {
  readonly document: AccessMapDocument;
  /** What kept parts of the map from being decided (each also an `undecided` entry where it applies). */
  readonly problems: readonly ModelProblem[];
  readonly names: ReportNames;
}

/** How the report names callers and CIDR lists. */
export interface ReportNames {
  /** `role Clerk` for the ARN of a principal of the app. */
  readonly principals: ReadonlyMap<string, string>;
  readonly cidrs: CidrNames;
}

/** Maps the models' APIs and collects the names the report uses. */
export function buildReport(models: readonly AccessModel[], options: AccessMapOptions = {}): AccessReport {
  const { document, problems } = buildAccessMap(models, options);
  return { document, problems, names: reportNames(models) };
}

/** The app's principals by ARN, and CIDR lists by the Sid of the resource policy statement that lists them. */
export function reportNames(models: readonly AccessModel[]): ReportNames {
  const principals = new Map<string, string>();
  const cidrs = new Map<string, string>();
  const all = new Set(models.flatMap(m => [m, ...m.peers]));
  for (const model of all) {
    for (const p of model.principals) if (!principals.has(p.arn)) principals.set(p.arn, `${p.kind} ${p.logicalId}`);
    for (const api of model.apis) {
      for (const statement of statementsOf(api.resourcePolicy?.Statement)) {
        if (typeof statement.Sid !== 'string' || statement.Sid === '') continue;
        for (const ranges of sourceIpLists(statement)) {
          const key = cidrListKey(ranges);
          if (!cidrs.has(key)) cidrs.set(key, sidWords(statement.Sid));
        }
      }
    }
  }
  return { principals, cidrs };
}

function statementsOf(value: unknown): PolicyStatementJson[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((s): s is PolicyStatementJson => typeof s === 'object' && s !== null);
}

/** Every `aws:SourceIp` list of the statement's IP conditions. */
function sourceIpLists(statement: PolicyStatementJson): string[][] {
  const out: string[][] = [];
  const condition = (statement as { Condition?: unknown }).Condition;
  if (typeof condition !== 'object' || condition === null) return out;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!/IpAddress$/.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (key.toLowerCase() !== 'aws:sourceip') continue;
      const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      if (list.length > 0) out.push(list);
    }
  }
  return out;
}

/** `OfficeNetwork` -> `the office network`; `AllowPartnerRanges` -> `the partner ranges`. */
function sidWords(sid: string): string {
  const words = sid.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase().split(/\s+/).filter(w => w !== '');
  while (words.length > 1 && ['allow', 'deny', 'from', 'only'].includes(words[0])) words.shift();
  return `the ${words.join(' ')}`;
}

/** A caller in words: `anyone`, `role Clerk`, `account 222222222222 (its own policies must allow)`. */
export function callerWords(caller: string, names: ReportNames): string {
  if (caller === 'anonymous') return 'anyone';
  if (caller === '*') return 'any caller';
  if (caller === 'any-account') return 'any AWS account (its own policies must allow)';
  const [kind, ...rest] = caller.split(':');
  const id = rest.join(':');
  switch (kind) {
    case 'account': return `account ${id} (its own policies must allow)`;
    case 'org': return `organization ${id} (its accounts' own policies must allow)`;
    case 'authorizer': return `callers the Lambda authorizer ${id} admits`;
    case 'cognito': return `holders of a valid token of user pool ${id}`;
    default: {
      const known = names.principals.get(caller);
      if (known) return known;
      const match = /:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(caller);
      return match ? `${match[2]} ${match[3]} of account ${match[1]} (its own policies must allow)` : caller;
    }
  }
}

/** One allowed entry as a line: `anyone from 198.51.100.0/24, 192.0.2.0/24`. */
export function allowedLine(entry: AccessMapEntry, names: ReportNames): string {
  return `${callerWords(entry.caller, names)} ${entryPhrase(entry, names.cidrs)}`;
}

/** One undecided entry as a line, with its reason. */
export function undecidedLine(entry: AccessMapUndecidedEntry, names: ReportNames): string {
  return `${callerWords(entry.caller, names)} ${entryPhrase(entry, names.cidrs)}: undecided, because ${entry.because}`;
}

const NOBODY = 'nobody (every request is denied)';
const REST = 'every other request is denied';

function methodLines(method: AccessMapMethod, names: ReportNames): { allowed: string[]; undecided: string[] } {
  return {
    allowed: method.allowed.map(e => allowedLine(e, names)),
    undecided: method.undecided.map(e => undecidedLine(e, names)),
  };
}

/** Plain text: per API, per method and stage, one line per class of caller allowed or undecided. */
export function formatTable(report: AccessReport): string {
  const lines: string[] = [];
  for (const api of report.document.apis) {
    if (lines.length > 0) lines.push('');
    lines.push(`${api.stack} / ${api.name} (${api.endpointType})`);
    for (const method of api.methods) {
      const { allowed, undecided } = methodLines(method, report.names);
      lines.push(`  ${method.httpMethod} ${method.path}  stage ${method.stage}  ${method.authorizationType}`);
      if (allowed.length === 0 && undecided.length === 0) lines.push(`    ${NOBODY}`);
      for (const line of allowed) lines.push(`    allowed: ${line}`);
      for (const line of undecided) lines.push(`    ? ${line}`);
    }
  }
  if (report.document.apis.length === 0) lines.push('No REST API found.');
  lines.push('', `Each method: who may call it, from where; ${REST}. '?' marks requests the analysis could not decide (never assumed denied).`);
  return `${lines.join('\n')}\n`;
}

/** The same in Markdown. */
export function formatMarkdown(report: AccessReport): string {
  const lines: string[] = ['# API access map'];
  for (const api of report.document.apis) {
    lines.push('', `## ${escapeMd(api.stack)} / ${escapeMd(api.name)}`, '', `${api.endpointType} endpoint, logical id \`${api.logicalId}\`.`);
    for (const method of api.methods) {
      const { allowed, undecided } = methodLines(method, report.names);
      lines.push('', `### ${method.httpMethod} ${escapeMd(method.path)} (stage ${escapeMd(method.stage)}, ${method.authorizationType})`, '');
      if (allowed.length === 0 && undecided.length === 0) lines.push(`- ${NOBODY}`);
      for (const line of allowed) lines.push(`- allowed: ${escapeMd(line)}`);
      for (const line of undecided) lines.push(`- **undecided**: ${escapeMd(line)}`);
    }
  }
  if (report.document.apis.length === 0) lines.push('', 'No REST API found.');
  lines.push('', `For each method, ${REST}. Undecided requests are never assumed denied.`);
  return `${lines.join('\n')}\n`;
}

/** The map itself, formatVersion 2, the same bytes for the same input. */
export function formatJson(report: AccessReport): string {
  return accessMapJson(report.document);
}

/** The formatVersion 2 JSON text of a map. */
export function accessMapJson(document: AccessMapDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function escapeMd(text: string): string {
  return text.replace(/[|*_`]/g, c => `\\${c}`);
}
