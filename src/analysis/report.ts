/**
 * The access report: for every REST API of an app, every method by every principal the app defines,
 * plus an anonymous caller on the internet and an unknown caller from another account, the decision
 * AWS makes. Pure (no aws-cdk-lib): the `report` command prints it from a cloud assembly.
 */
import { authorizerAlternative } from './authorizer-callers';
import { evaluate } from './evaluation';
import {
  accountCaller, CallOrigin, requestReaching, defaultOrigin, INTERNET_SOURCE_IP, invokeScenario, OTHER_ACCOUNT, principalCaller, stagesOf,
} from './scenarios';
import { Decision, ScenarioCaller } from '../evaluator';
import { AccessModel, ApiModel } from './template/access-model';

/** A decision, or why there is none. */
export type ReportDecision = Decision | 'CANNOT_EVALUATE';

/** One caller of the report. */
export interface ReportCaller {
  /** Short name used as a column heading: the logical id, `anonymous`, `other-account`. */
  readonly name: string;
  /** What the caller is: `role arn:aws:iam::...`, `unsigned call from the internet`, ... */
  readonly description: string;
}

/** The decisions for one method on one stage. */
export interface ReportMethod {
  readonly httpMethod: string;
  readonly path: string;
  readonly authorizationType: string;
  readonly stage: string;
  /** One per caller, in the order of `AccessReport.callers`. */
  readonly decisions: ReadonlyArray<{ readonly decision: ReportDecision; readonly reasons: readonly string[] }>;
}

/** One REST API of the report. */
export interface ReportApi {
  readonly stackName: string;
  readonly name: string;
  readonly logicalId: string;
  readonly endpointType: string;
  readonly hasResourcePolicy: boolean;
  readonly methods: readonly ReportMethod[];
}

/** The whole report. */
export interface AccessReport {
  readonly callers: readonly ReportCaller[];
  readonly apis: readonly ReportApi[];
}

const ANONYMOUS: ReportCaller = { name: 'anonymous', description: `unsigned call from the internet (${INTERNET_SOURCE_IP}); for a PRIVATE API, through a VPC endpoint the app does not name` };
const OTHER: ReportCaller = {
  name: 'other-account',
  description: `a role in account ${OTHER_ACCOUNT} whose own policies allow execute-api:Invoke on everything (what the APIs let strangers do)`,
};

/**
 * Builds the report of every API in the models, for every principal in the models. `origin` is where
 * every call comes from; by default the internet, or for a PRIVATE API a VPC endpoint the app does
 * not name.
 */
export function buildReport(models: readonly AccessModel[], origin?: CallOrigin): AccessReport {
  const principals = models.flatMap(m => m.principals.map(p => ({ model: m, principal: p })));
  const anonymous = origin === undefined ? ANONYMOUS : { name: 'anonymous', description: `unsigned call from ${describeOrigin(origin)}` };
  const callers: ReportCaller[] = [
    ...principals.map(({ model, principal }) => ({
      name: models.length > 1 ? `${model.stackName}/${principal.logicalId}` : principal.logicalId,
      description: `${principal.kind} ${principal.arn}${(principal.unknowns ?? []).length > 0
        ? ` (not read: ${principal.unknowns!.join('; ')})` : ''}`,
    })),
    anonymous,
    OTHER,
  ];
  const apis: ReportApi[] = [];
  for (const model of models) {
    // One report per way the stack's conditions can go, merged: access allowed in any is allowed.
    const branches = [model, ...model.variants ?? []];
    const reports = branches.map(branch => {
      const scenarioCallers: ReportScenarioCaller[] = [
        ...principals.map(({ model: home, principal }) => {
          const p = home === model ? branch.principals.find(x => x.logicalId === principal.logicalId) : principal;
          return p ? { ...principalCaller(p), unknowns: p.unknowns ?? [] } : { unknowns: [], absent: true };
        }),
        { unknowns: [] },
        { ...accountCaller(model.env, OTHER_ACCOUNT), unknowns: [] },
      ];
      return { branch, apis: branch.apis.map(api => reportApi(branch, api, scenarioCallers, origin ?? defaultOrigin(api))) };
    });
    if (branches.length === 1) {
      apis.push(...reports[0].apis);
      continue;
    }
    const logicalIds = [...new Set(reports.flatMap(r => r.apis.map(a => a.logicalId)))];
    for (const logicalId of logicalIds) {
      const present = reports.flatMap(r => r.apis.filter(a => a.logicalId === logicalId).map(api => ({ api, condition: r.branch.condition ?? '' })));
      apis.push(mergeBranches(present));
    }
  }
  return { callers, apis };
}

/** One API's reports in several ways the conditions go, as one: each decision says under which condition. */
function mergeBranches(branches: ReadonlyArray<{ api: ReportApi; condition: string }>): ReportApi {
  const key = (m: ReportMethod) => `${m.stage} ${m.httpMethod} ${m.path}`;
  const methods = new Map<string, Array<{ method: ReportMethod; condition: string }>>();
  for (const { api, condition } of branches) {
    for (const method of api.methods) {
      let list = methods.get(key(method));
      if (!list) methods.set(key(method), list = []);
      list.push({ method, condition });
    }
  }
  const merged: ReportMethod[] = [...methods.values()].map(list => ({
    ...list[0].method,
    decisions: list[0].method.decisions.map((_d, i) => {
      const each = list.map(({ method, condition }) => ({ ...method.decisions[i], condition }));
      const pick = (decision: ReportDecision) => each.filter(d => d.decision === decision);
      const chosen = pick(Decision.ALLOW).length > 0 ? pick(Decision.ALLOW)
        : pick('CANNOT_EVALUATE').length > 0 ? pick('CANNOT_EVALUATE')
          : pick(Decision.IMPLICIT_DENY).length > 0 ? pick(Decision.IMPLICIT_DENY) : pick(Decision.EXPLICIT_DENY);
      return { decision: chosen[0].decision, reasons: chosen.flatMap(d => d.reasons.map(r => `when ${d.condition}: ${r}`)) };
    }),
  }));
  return { ...branches[0].api, methods: merged };
}

function describeOrigin(origin: CallOrigin): string {
  return origin.vpcEndpoint ? `${origin.sourceIp} through VPC endpoint ${origin.vpcEndpoint.id}` : `${origin.sourceIp}`;
}

/** A caller and what could not be read of its permissions. */
type ReportScenarioCaller = ScenarioCaller & { readonly unknowns: readonly string[]; readonly absent?: boolean };

function reportApi(model: AccessModel, api: ApiModel, callers: readonly ReportScenarioCaller[], origin: CallOrigin): ReportApi {
  const methods: ReportMethod[] = [];
  const sorted = [...api.methods].sort((a, b) => a.path.localeCompare(b.path) || a.httpMethod.localeCompare(b.httpMethod));
  for (const stage of stagesOf(api)) {
    for (const method of sorted) {
      const call = requestReaching(api, method, stage, origin);
      const decisions = callers.map(({ unknowns, absent, ...caller }) => {
        if (absent) return { decision: Decision.IMPLICIT_DENY, reasons: ['the principal is not created when the conditions go this way'] };
        const outcome = evaluate(invokeScenario(model.env, api, caller, call, { methods: [method] }));
        if (outcome instanceof Error) return { decision: 'CANNOT_EVALUATE' as const, reasons: [outcome.message] };
        if (outcome.decision === Decision.ALLOW) return { decision: outcome.decision, reasons: outcome.reasons };
        // The scenario's caller holds no token; where the authorizer may let it in anyway, a denial is not the answer.
        const alternative = authorizerAlternative(method, caller);
        const alt = alternative && evaluate(invokeScenario(model.env, api, alternative.caller, call, { methods: [method] }));
        if (alternative && alt && !(alt instanceof Error) && alt.decision === Decision.ALLOW) {
          return alternative.kind === 'undecided'
            ? { decision: 'CANNOT_EVALUATE' as const, reasons: [`undecided: ${alternative.because}`] }
            : { decision: alt.decision, reasons: [alternative.because, ...alt.reasons] };
        }
        // What was not read of the caller's permissions may allow what the rest does not.
        if (outcome.decision === Decision.IMPLICIT_DENY && unknowns.length > 0) {
          return { decision: 'CANNOT_EVALUATE' as const, reasons: [...outcome.reasons, ...unknowns.map(u => `not read: ${u}`)] };
        }
        return { decision: outcome.decision, reasons: outcome.reasons };
      });
      methods.push({ httpMethod: method.httpMethod, path: method.path, authorizationType: method.authorizationType, stage, decisions });
    }
  }
  return {
    stackName: model.stackName,
    name: api.name,
    logicalId: api.logicalId,
    endpointType: api.endpointType,
    hasResourcePolicy: api.resourcePolicy !== undefined,
    methods,
  };
}

const SHORT: Record<ReportDecision, string> = {
  ALLOW: 'ALLOW',
  IMPLICIT_DENY: 'deny',
  EXPLICIT_DENY: 'DENY!',
  CANNOT_EVALUATE: '?',
};

const LEGEND = 'ALLOW = allowed, deny = implicitly denied (nothing allows it), DENY! = explicitly denied, ? = could not be evaluated';

/** A plain-text table per API: one row per method and stage, one column per caller. */
export function formatTable(report: AccessReport): string {
  const lines: string[] = [];
  lines.push('Callers:');
  report.callers.forEach((c, i) => lines.push(`  [${i + 1}] ${c.name}: ${c.description}`));
  for (const api of report.apis) {
    lines.push('', `${api.stackName} / ${api.name} (${api.endpointType}, ${api.hasResourcePolicy ? 'resource policy' : 'no resource policy'})`);
    const header = ['stage', 'method', 'auth', ...report.callers.map((_c, i) => `[${i + 1}]`)];
    const rows = api.methods.map(m => [m.stage, `${m.httpMethod} ${m.path}`, m.authorizationType, ...m.decisions.map(d => SHORT[d.decision])]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const render = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
    lines.push(render(header), render(widths.map(w => '-'.repeat(w))), ...rows.map(render));
  }
  if (report.apis.length === 0) lines.push('', 'No REST API found.');
  lines.push('', LEGEND);
  return `${lines.join('\n')}\n`;
}

/** The same table in Markdown. */
export function formatMarkdown(report: AccessReport): string {
  const lines: string[] = ['# API access report', '', '| caller | what it is |', '| --- | --- |'];
  for (const c of report.callers) lines.push(`| ${escapeMd(c.name)} | ${escapeMd(c.description)} |`);
  for (const api of report.apis) {
    lines.push('', `## ${escapeMd(api.stackName)} / ${escapeMd(api.name)}`, '',
      `${api.endpointType} endpoint, ${api.hasResourcePolicy ? 'with a resource policy' : 'no resource policy'}.`, '');
    lines.push(`| stage | method | auth | ${report.callers.map(c => escapeMd(c.name)).join(' | ')} |`);
    lines.push(`| --- | --- | --- | ${report.callers.map(() => '---').join(' | ')} |`);
    for (const m of api.methods) {
      lines.push(`| ${m.stage} | ${m.httpMethod} ${escapeMd(m.path)} | ${m.authorizationType} | ${m.decisions.map(d => SHORT[d.decision]).join(' | ')} |`);
    }
  }
  if (report.apis.length === 0) lines.push('', 'No REST API found.');
  lines.push('', LEGEND);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON, with every decision's reasons. */
export function formatJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function escapeMd(text: string): string {
  return text.replace(/\|/g, '\\|');
}
