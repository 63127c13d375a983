/**
 * The access map: for every method of every REST API on every stage, every class of request and
 * the decision AWS makes for it, computed by cutting the request space at every distinction the
 * app's policies can make and asking the evaluator once per class (see docs/access-map.md).
 */
import { mergeBranches } from './branches';
import { ANONYMOUS, CallerClass, cognitoCallers, lambdaAuthorizerCallers, signedCallers } from './callers';
import { addressClasses, collectDistinctions, Distinctions, emptyDistinctions, keyClasses, KeyClass, StringKeyDimension } from './dimensions';
import {
  ACCESS_MAP_FORMAT_VERSION, AccessMapApi, AccessMapDocument, AccessMapEntry, AccessMapMethod, AccessMapUndecidedEntry,
} from './document';
import { CellResult, entriesOf, MethodSpace, Outcome, PathClass } from './merge';
import { NetworkNames } from './network-names';
import { endpointOrigins, internetOrigins, Origin } from './origins';
import { scanPolicy, ScannedStatement } from './policy-scan';
import {
  afterPrefix, byStart, compileTemplate, coversAll, literallyDisjoint, matchesEverything, partitionStrings, StringPattern, StringSpaceTooLarge,
} from './string-space';
import { ALLOW_EVERY_INVOKE, boundDocument, Bound, DENY_EVERY_INVOKE, unreadable, Unreadable } from './uncertainty';
import { AccessEvaluator, ApiEndpointType, Decision, MethodAuthorizationType, Scenario, ScenarioCaller } from '../../evaluator';
import { InvalidInputError, parsePathTemplate, REQUEST_VERBS, selectMethod } from '../../evaluator/internal';
import { AccessModel, ApiModel, apiKeyProblem, MethodModel, ModelProblem, PolicyDocument, PrincipalModel, statementsOf } from '../template/access-model';
import { StackEnvironment } from '../template/intrinsics';

/** How the map is computed. */
export interface AccessMapOptions {
  /**
   * The time to decide `aws:CurrentTime` / `aws:EpochTime` conditions at; entries of methods whose
   * policies test the time then say so in `note`. Without it, those conditions make entries undecided.
   */
  readonly now?: Date;
  /** The most classes of request (evaluations) one method on one stage may need. Default 20,000. */
  readonly maxCellsPerMethod?: number;
  /** The most automaton states one string dimension may explore. Default 20,000. */
  readonly maxStringStates?: number;
  /**
   * Map only the caller classes this accepts (e.g. the rules ask only about `anonymous` and
   * `any-account`); each method's `callers` then lists only those. Default: every class.
   */
  readonly callers?: (caller: string) => boolean;
  /**
   * Map each model only in the way its conditions go in it, not its `variants` too (the rules run
   * on each variant on their own). Default false.
   */
  readonly branchOnly?: boolean;
}

/** The map, and what kept parts of it from being decided (each also an `undecided` entry where it applies). */
export interface AccessMapResult {
  readonly document: AccessMapDocument;
  readonly problems: ModelProblem[];
}

/** A stage name for APIs the template deploys nowhere (same as the checks). */
export const UNDEPLOYED_STAGE = 'undeployed';

/** How the map names a stage whose name cannot be read: the template path of the name, in angle brackets. */
export function unreadStageLabel(path: string): string {
  return `<${path}>`;
}

const DEFAULT_MAX_CELLS = 20000;
const DEFAULT_MAX_STATES = 20000;

/**
 * Builds the map of every API in `models`. Callers are the principals of every model and of their
 * peers (a role of one stack may call an API of another). A model whose access depends on
 * CloudFormation conditions is mapped in each of its `variants` too, and the maps merged: access of
 * only some ways the conditions go is noted `when <condition>` (see branches.ts).
 */
export function buildAccessMap(models: readonly AccessModel[], options: AccessMapOptions = {}): AccessMapResult {
  const branching = options.branchOnly ? [] : models.filter(m => (m.variants?.length ?? 0) > 0);
  if (branching.length === 0) return mapModels(models, options);
  const plain = mapModels(models.filter(m => !branching.includes(m)), options);
  const apis = [...plain.document.apis];
  const problems = [...plain.problems];
  for (const model of branching) {
    const branches = [model, ...model.variants!].map(branch => ({ condition: branch.condition ?? '', result: mapModels([branch], options) }));
    apis.push(...mergeBranches(branches.map(b => ({ condition: b.condition, apis: b.result.document.apis }))));
    problems.push(...mergeProblems(branches.map(b => ({ condition: b.condition, problems: b.result.problems }))));
  }
  apis.sort((a, b) => compare(a.stack, b.stack) || compare(a.logicalId, b.logicalId)
    || compare(a.name, b.name) || compare(a.endpointType, b.endpointType));
  return { document: { formatVersion: ACCESS_MAP_FORMAT_VERSION, apis }, problems };
}

/** The problems of every branch, once each; one of only some branches says under which. */
function mergeProblems(branches: ReadonlyArray<{ condition: string; problems: readonly ModelProblem[] }>): ModelProblem[] {
  const seen = new Map<string, { problem: ModelProblem; conditions: string[] }>();
  for (const { condition, problems } of branches) {
    for (const problem of problems) {
      const key = `${problem.logicalId}\n${problem.what}`;
      let entry = seen.get(key);
      if (!entry) seen.set(key, entry = { problem, conditions: [] });
      if (!entry.conditions.includes(condition)) entry.conditions.push(condition);
    }
  }
  return [...seen.values()].map(({ problem, conditions }) => (conditions.length === branches.length ? problem
    : { ...problem, what: `${problem.what.replace(/\.$/, '')} (when ${conditions.join(', or when ')})` }));
}

/** The map of the models as they are (each in the one way its conditions go that it was built for). */
function mapModels(models: readonly AccessModel[], options: AccessMapOptions): AccessMapResult {
  const allModels = new Set<AccessModel>();
  for (const m of models) {
    allModels.add(m);
    for (const peer of m.peers) allModels.add(peer);
  }
  const principals = new Map<string, { principal: PrincipalModel; model: AccessModel }>();
  for (const model of allModels) {
    for (const p of model.principals) if (!principals.has(p.arn)) principals.set(p.arn, { principal: p, model });
  }
  const problems: ModelProblem[] = [];
  const apis: AccessMapApi[] = [];
  const names = NetworkNames.of(models);
  for (const model of models) {
    for (const api of model.apis) {
      apis.push(mapApi(model, api, [...principals.values()], options, problems, names));
    }
  }
  apis.sort((a, b) => compare(a.stack, b.stack) || compare(a.logicalId, b.logicalId));
  return { document: { formatVersion: ACCESS_MAP_FORMAT_VERSION, apis }, problems };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface AppPrincipal {
  readonly principal: PrincipalModel;
  readonly model: AccessModel;
}

function mapApi(model: AccessModel, api: ApiModel, principals: readonly AppPrincipal[], options: AccessMapOptions,
  problems: ModelProblem[], names: NetworkNames): AccessMapApi {
  const methods: AccessMapMethod[] = [];
  const unread = api.unreadStages ?? [];
  const stages = api.stages.length > 0 ? [...api.stages].sort() : unread.length > 0 ? [] : [UNDEPLOYED_STAGE];
  const answers: AnswerCache = new Map();
  for (const method of api.methods) {
    for (const stage of stages) {
      const mapped = new MethodMapper(model, api, method, stage, principals, options, problems, answers).map();
      // Names change the entries' text, so their order: sort them again (only when the app has any).
      const named = names.empty ? mapped : names.nameMethod(mapped, model.stackName);
      methods.push(names.empty ? mapped : { ...named, allowed: sortEntries([...named.allowed]), undecided: sortEntries([...named.undecided]) });
    }
    // A stage whose name cannot be read: policies may name it or not, so nothing is decided there.
    for (const path of unread) {
      methods.push({
        stage: unreadStageLabel(path),
        httpMethod: method.httpMethod,
        path: method.path,
        authorizationType: method.authorizationType,
        allowed: [],
        undecided: [{
          caller: '*',
          from: api.endpointType === 'PRIVATE' ? { vpcEndpoints: ['*'] } : { internet: ['0.0.0.0/0', '::/0'] },
          because: `${path} cannot be resolved before deployment, so the API may be deployed on a stage whose name is unknown here; who may call it there is not decided`,
        }],
      });
    }
  }
  methods.sort((a, b) => compare(a.path, b.path) || compare(a.httpMethod, b.httpMethod) || compare(a.stage, b.stage));
  return { stack: model.stackName, name: api.name, logicalId: api.logicalId, endpointType: api.endpointType, methods };
}

/** A statement and its Resource patterns after the request ARN's prefix up to the path. */
interface Projected {
  readonly statement: ScannedStatement;
  /** Patterns over the path (without its leading slash); undefined when the Resource is unreadable. */
  readonly paths?: readonly StringPattern[];
}

/** One combination of the dimensions beyond caller, origin, verb and path. */
interface Extra {
  readonly orgId?: string;
  readonly tags: Record<string, string>;
  readonly context: Record<string, string>;
  readonly notes: readonly string[];
}

/** The evaluator's answer for one class of request, before it is said for a method. */
type Answer =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny' }
  /** Bounded: allowed at the optimistic extreme only. */
  | { readonly kind: 'between' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Answers of one API's evaluations, by everything a decision depends on (see MethodMapper.answerKey):
 * methods whose requests the same statements treat alike share them, so an API of many methods
 * granted alike costs a few evaluations, not one per method.
 */
type AnswerCache = Map<string, Answer>;

let statementIds = 0;
const statementId = new WeakMap<ScannedStatement, number>();
function idOfStatement(statement: ScannedStatement): number {
  let id = statementId.get(statement);
  if (id === undefined) statementId.set(statement, id = ++statementIds);
  return id;
}

class MethodMapper {
  /** Per verb group: each relevant statement's path patterns (undefined: unreadable Resource). */
  private readonly projectionsByGroup: Array<Map<ScannedStatement, readonly StringPattern[] | undefined>> = [];
  private readonly env: StackEnvironment;
  private readonly arnPrefix: string;
  private readonly signed: boolean;
  private readonly maxStates: number;

  constructor(
    private readonly model: AccessModel,
    private readonly api: ApiModel,
    private readonly method: MethodModel,
    private readonly stage: string,
    private readonly principals: readonly AppPrincipal[],
    private readonly options: AccessMapOptions,
    private readonly problems: ModelProblem[],
    private readonly answers: AnswerCache,
  ) {
    this.env = model.env;
    this.arnPrefix = `arn:${this.env.partition}:execute-api:${this.env.region}:${this.env.account}:${api.id}`;
    this.signed = method.authorizationType === 'AWS_IAM';
    this.maxStates = options.maxStringStates ?? DEFAULT_MAX_STATES;
  }

  public map(): AccessMapMethod {
    const base = {
      stage: this.stage,
      httpMethod: this.method.httpMethod,
      path: this.method.path,
      authorizationType: this.method.authorizationType,
    };
    if (this.api.undecided !== undefined) {
      // Where calls come from depends on the API's endpoint type, known only at deploy time: every
      // request, from the internet or through any VPC endpoint, is undecided.
      return {
        ...base,
        allowed: [],
        undecided: [
          { caller: '*', from: { internet: ['0.0.0.0/0', '::/0'] }, because: this.api.undecided },
          { caller: '*', from: { vpcEndpoints: ['*'] }, because: this.api.undecided },
        ],
      };
    }
    if (this.method.undecided !== undefined) {
      // Who may call it depends on a value only known at deploy time: every request is undecided.
      return { ...base, allowed: [], undecided: [this.everything(this.method.undecided)] };
    }
    try {
      const decided = this.decide();
      return { ...base, callers: decided.callers, allowed: decided.allowed, undecided: decided.undecided };
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      this.problems.push({ logicalId: this.method.logicalId, what: `the access map of ${this.describe()} ${e.message}` });
      return { ...base, allowed: [], undecided: [this.everything(`${e.message}: not decided`)] };
    }
  }

  private describe(): string {
    return `${this.method.httpMethod} ${this.method.path} on stage ${this.stage}`;
  }

  /** One undecided entry for every request of the method. */
  private everything(because: string): AccessMapUndecidedEntry {
    const from = this.api.endpointType === 'PRIVATE' ? { vpcEndpoints: ['*'] } : { internet: ['0.0.0.0/0', '::/0'] };
    return { caller: '*', from, because };
  }

  private decide(): { callers: string[]; allowed: AccessMapEntry[]; undecided: AccessMapUndecidedEntry[] } {
    const privateApi = this.api.endpointType === 'PRIVATE';
    const verbs = this.verbs();
    if (verbs.length === 0) return { callers: [], allowed: [], undecided: [] }; // every verb has a method of its own

    // The policies that can decide a call to this method.
    const resourcePolicy = this.api.resourcePolicy ? scanPolicy(this.api.resourcePolicy, this.arnPrefix) : undefined;
    // Only the principals mapped: another's identity policies decide nothing for the callers asked about.
    const wanted = this.options.callers;
    const mapped = wanted ? this.principals.filter(p => wanted(p.principal.arn)) : this.principals;
    const principalPolicies = this.signed
      ? mapped.map(({ principal }) => [
        ...principal.policies.map(p => scanPolicy(p.document)),
        ...(principal.mayHavePolicies ?? []).map(m => scanPolicy(m.policy.document)),
        ...(principal.permissionsBoundary ? [scanPolicy(principal.permissionsBoundary.document)] : []),
      ])
      : [];
    const allStatements = [
      ...(resourcePolicy?.statements ?? []),
      ...principalPolicies.flat().flatMap(p => p.statements),
    ];

    // Verbs: those whose request ARNs every Resource reads alike form one group.
    const projections = new Map<string, Projected[]>();
    const verbKey = new Map<string, string[]>();
    const indexOf = new Map(allStatements.map((statement, i) => [statement, i]));
    for (const verb of verbs) {
      const projected = this.project(allStatements, verb);
      const key = verbs.length === 1 ? '' : projected.map(p =>
        `${indexOf.get(p.statement)}:${p.paths?.map(q => `${q.label}@${q.start.join('.')}`).join(';') ?? '?'}`).join('|');
      let group = verbKey.get(key);
      if (!group) {
        verbKey.set(key, group = []);
        projections.set(key, projected);
      }
      group.push(verb);
    }
    const verbGroups = [...verbKey.values()];
    const groupProjections = [...verbKey.keys()].map(k => projections.get(k)!);
    for (const projected of groupProjections) this.projectionsByGroup.push(new Map(projected.map(p => [p.statement, p.paths])));
    const relevant = new Set(groupProjections.flat().map(p => p.statement));
    const unreadableResources = groupProjections.flat().some(p => p.paths === undefined);

    // What the relevant statements tell apart.
    const d = emptyDistinctions();
    collectDistinctions(d, [...relevant], { signed: this.signed, privateApi, timeKnown: this.options.now !== undefined });

    // Paths: the classes the Resource patterns and the routing tell apart, per verb group. A class
    // of paths is the same in every verb group only if the patterns are; so the path dimension is
    // computed on the union of the groups' patterns.
    // A pattern the request ARN's prefix may leave at several positions (a `*` spans `/`) is the
    // union of one pattern per position: each is said as one path pattern.
    const pathPatterns: StringPattern[] = [];
    for (const p of groupProjections.flat()) {
      for (const q of (p.paths ?? []).flatMap(byStart)) {
        if (matchesEverything(q)) continue;
        if (!pathPatterns.some(r => pathLabel(r) === pathLabel(q))) pathPatterns.push(q);
      }
    }
    const pathClasses = this.pathClasses(pathPatterns, verbGroups[0][0]);
    const pathLabels = pathPatterns.map(pathLabel);

    // Origins.
    const origins: Origin[] = privateApi
      ? endpointOrigins(d.vpcEndpoints, d.vpcs, addressClasses(d.vpcSourceIp))
      : internetOrigins(addressClasses(d.sourceIp));

    // Callers and the other dimensions.
    const callers = wanted ? this.callers(d).filter(c => wanted(c.caller)) : this.callers(d);
    const extras = this.extras(d);
    const cells = callers.length * extras.length * verbGroups.length * pathClasses.length * origins.length;
    const max = this.options.maxCellsPerMethod ?? DEFAULT_MAX_CELLS;
    if (cells > max) {
      throw new TooLarge(`needs ${cells} classes of request (${callers.length} callers x ${extras.length} key values x `
        + `${verbGroups.length} verb groups x ${pathClasses.length} path classes x ${origins.length} origins), more than the budget of ${max}`);
    }

    const space: MethodSpace = { verbGroups, pathClasses, pathLabels, origins };
    const problemOf = this.problemsByCaller();
    const timeNote = d.timeDependent && this.options.now
      ? `as of ${this.options.now.toISOString()} (the policies test aws:CurrentTime; the answer changes with time)` : undefined;
    const allowed: AccessMapEntry[] = [];
    const undecided: AccessMapUndecidedEntry[] = [];
    // Principals of the app that no relevant statement tells apart get the same answers: ask once.
    const relevantPolicies = new Set<PolicyDocument>();
    for (const statement of relevant) relevantPolicies.add(statement.policy);
    const principalOf = new Map(this.principals.map(p => [p.principal.arn, p.principal]));
    const sameAsOthers = (caller: CallerClass): string | undefined => {
      const principal = caller.principal ? principalOf.get(caller.principal) : undefined;
      if (!principal || caller.caller !== principal.arn || caller.unknownIdentity || problemOf(caller)) return undefined;
      if (d.principalArns.has(principal.arn) || d.principalArnPatterns.length > 0 || d.classUnreadableKeys.size > 0 || unreadableResources) {
        return undefined; // the policies may tell this principal apart by its ARN
      }
      const documents = principal.policies.map(p => p.document);
      if (principal.permissionsBoundary) documents.push(principal.permissionsBoundary.document);
      if (documents.some(doc => relevantPolicies.has(doc))) return undefined;
      return `${principal.kind} without relevant policies in ${/::(\d{12}):/.exec(principal.arn)?.[1]}`;
    };
    const keyUnknown = this.method.apiKeyUnread === undefined ? undefined
      : `${this.method.apiKeyUnread}, so whether a call needs an API key as well is unknown (with a key of a usage plan of the API, this is allowed either way)`;
    const answered = new Map<string, CellResult[][]>();
    const answersOf: Array<{ caller: CallerClass; perExtra: CellResult[][] }> = [];
    for (const caller of callers) {
      const keys = new Set(d.unreadableKeys);
      if (caller.isClass) for (const k of d.classUnreadableKeys) keys.add(k);
      const what = unreadable(keys);
      const needsBounds = keys.size > 0 || unreadableResources || caller.unknownIdentity !== undefined;
      const because = this.becauseOf(d, keys, unreadableResources, caller);
      const problem = problemOf(caller);
      const shared = sameAsOthers(caller);
      const perExtra: CellResult[][] = (shared !== undefined ? answered.get(shared) : undefined) ?? extras.map(extra => {
        const results: CellResult[] = [];
        verbGroups.forEach((group, verbGroup) => {
          pathClasses.forEach((pathClass, path) => {
            origins.forEach((origin, originIndex) => {
              const bounds = needsBounds ? what : undefined;
              let outcome = this.outcome(caller, extra, verbGroup, group[0], pathClass.representative, origin, bounds, because);
              // Where an authorizer that admitted them would let them in, whether it does is its own answer.
              if (caller.authorizerDecides && outcome.kind === 'allow') outcome = { kind: 'undecided', because: caller.authorizerDecides };
              if (problem && outcome.kind !== 'allow') outcome = { kind: 'undecided', because: problem };
              // A key may be needed as well: allowed without one only if none is required.
              if (keyUnknown && outcome.kind === 'allow') outcome = { kind: 'undecided', because: keyUnknown };
              results.push({ verbGroup, path, origin: originIndex, outcome });
            });
          });
        });
        return results;
      });
      if (shared !== undefined) answered.set(shared, perExtra);
      answersOf.push({ caller, perExtra });
    }
    // The classes of an account's principals that the aws:PrincipalArn patterns cut apart: said once,
    // without the patterns, when they get the same answers.
    const alike = new Set<string>();
    for (const group of new Set(answersOf.map(r => r.caller.arnClass?.group).filter((g): g is string => g !== undefined))) {
      const members = answersOf.filter(r => r.caller.arnClass?.group === group);
      if (members.every(m => m.perExtra.every((r, i) => sameOutcomes(r, members[0].perExtra[i])))) alike.add(group);
    }
    for (const { caller: asked, perExtra } of answersOf) {
      let caller = asked;
      if (caller.arnClass && alike.has(caller.arnClass.group)) {
        if (answersOf.find(r => r.caller.arnClass?.group === caller.arnClass!.group)!.caller !== caller) continue;
        caller = { ...caller, arnClass: undefined };
      }
      // When the extra dimensions change nothing for this caller, say nothing of them.
      const uniform = perExtra.every(r => sameOutcomes(r, perExtra[0]));
      const groups: Array<{ extra?: Extra; results: CellResult[] }> = uniform
        ? [{ results: perExtra[0] }]
        : extras.map((extra, i) => ({ extra, results: perExtra[i] }));
      for (const { extra, results } of groups) {
        const label = extra?.orgId !== undefined && caller.anyAccount ? `org:${extra.orgId}` : caller.caller;
        const notes = [
          ...(caller.note ? [caller.note] : []),
          ...(caller.arnClass ? [caller.arnClass.note] : []),
          ...(this.method.apiKeyRequired ? ['with an API key of a usage plan'] : []),
          ...(extra?.notes ?? []),
          ...(extra?.orgId !== undefined && !caller.anyAccount ? [`if its account is in organization ${extra.orgId}`] : []),
          ...(extra && extra.orgId === undefined && d.orgs.size > 0 && !uniform ? ['if its account is in none of the organizations the policies name'] : []),
          ...(timeNote ? [timeNote] : []),
        ];
        const entries = entriesOf(label, notes.length > 0 ? notes.join('; ') : undefined, results, space);
        allowed.push(...entries.allowed);
        undecided.push(...entries.undecided);
      }
    }
    return { callers: [...new Set(callers.map(c => c.caller))].sort(), allowed: sortEntries(allowed), undecided: sortEntries(undecided) };
  }

  /** The verbs a request to this method may use: its own, or for ANY those no sibling method takes. */
  private verbs(): string[] {
    if (this.method.httpMethod !== 'ANY') return [this.method.httpMethod];
    const taken = new Set(this.api.methods.filter(m => m.path === this.method.path).map(m => m.httpMethod));
    return REQUEST_VERBS.filter(v => !taken.has(v));
  }

  /** The statements whose Resource can match a request to this method with `verb`, and their path patterns. */
  private project(statements: readonly ScannedStatement[], verb: string): Projected[] {
    const prefix = `${this.arnPrefix}/${this.stage}/${verb}/`;
    const out: Projected[] = [];
    for (const statement of statements) {
      const projected = projectStatement(statement, prefix);
      if (projected) out.push(projected);
    }
    return out;
  }

  /** The path classes of this method: those the patterns tell apart, among the paths routed to it. */
  private pathClasses(patterns: readonly StringPattern[], verb: string): PathClass[] {
    const template = this.method.path;
    if (!template.includes('{')) {
      const text = template === '/' ? '' : template.slice(1);
      return [{ matched: patterns.map(p => p.start.length > 0 && patternAccepts(p, text)), representative: text }];
    }
    const siblings = siblingsOf(this.api, template);
    const siblingPaths = [...new Set(siblings.map(m => m.path))].sort();
    const options = { domain: compileTemplate(template), forbidden: '?#', maxStates: this.maxStates, nonEmptySegments: true };
    if (siblingPaths.length === 0 && patterns.every(p => literallyDisjoint(p, options.domain) || coversAll(p, options.domain))) {
      // Each pattern matches all of the method's paths or none (`/r0/*` for `/r0/{id}`): one class.
      return [{ matched: patterns.map(p => !literallyDisjoint(p, options.domain)), representative: sampleOf(template) }];
    }
    let classes;
    try {
      // A pattern no path of the method matches tells nothing apart here: leave it out of the product.
      const live = patterns.map(p => !literallyDisjoint(p, options.domain) && partitionStrings([p], options).some(c => c.matched[0]));
      const kept = patterns.filter((_p, i) => live[i]);
      const keptClasses = partitionStrings([...kept, ...siblingPaths.map(compileTemplate)], options);
      classes = keptClasses.map(c => {
        let k = 0;
        return { ...c, matched: [...patterns.map((_p, i) => (live[i] ? c.matched[k++] : false)), ...c.matched.slice(kept.length)] };
      });
    } catch (e) {
      if (e instanceof StringSpaceTooLarge) throw new TooLarge(`has paths that the policies cut into too many classes (${e.message})`);
      throw e;
    }
    const routed = [this.method, ...siblings].map(m => ({
      httpMethod: m.httpMethod, path: m.path, template: parsePathTemplate(m.path, 'path'),
    }));
    const out: PathClass[] = [];
    const seen = new Set<string>();
    for (const c of classes) {
      const segments = c.representative === '' ? [] : c.representative.split('/');
      const target = selectMethod(routed, verb === 'ANY' ? 'GET' : verb, segments);
      // Requests routed to another resource are that method's: they are mapped there.
      if (target === undefined || target.path !== template) continue;
      const matched = c.matched.slice(0, patterns.length);
      const key = matched.map(m => (m ? 1 : 0)).join('');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ matched, representative: c.representative });
    }
    return out;
  }

  private callers(d: Distinctions): CallerClass[] {
    switch (this.method.authorizationType) {
      case 'AWS_IAM':
        try {
          return [ANONYMOUS, ...signedCallers(this.env.partition, this.env.account, this.principals.map(p => p.principal), d, this.maxStates)];
        } catch (e) {
          if (e instanceof StringSpaceTooLarge) throw new TooLarge(`has principal ARNs that the aws:PrincipalArn patterns cut into too many classes (${e.message})`);
          throw e;
        }
      case 'CUSTOM':
        return lambdaAuthorizerCallers(this.method);
      case 'COGNITO_USER_POOLS':
        return cognitoCallers(this.method);
      default:
        return [ANONYMOUS];
    }
  }

  /** Every combination of organization, principal tags and free keys the policies tell apart. */
  private extras(d: Distinctions): Extra[] {
    let combos: Extra[] = [{ tags: {}, context: {}, notes: [] }];
    const times: Record<string, string> = {};
    if (d.timeDependent && this.options.now) {
      times['aws:CurrentTime'] = this.options.now.toISOString();
      times['aws:EpochTime'] = String(Math.floor(this.options.now.getTime() / 1000));
      combos = [{ tags: {}, context: times, notes: [] }];
    }
    if (this.signed && d.orgs.size > 0) {
      const orgs = [undefined, ...[...d.orgs].filter(o => /^o-[a-z0-9]{10,32}$/.test(o)).sort()];
      combos = combos.flatMap(c => orgs.map(orgId => ({ ...c, orgId })));
    }
    const dimension = (dim: StringKeyDimension, apply: (c: Extra, k: KeyClass) => Extra) => {
      const classes = keyClasses(dim, this.maxStates);
      if (classes instanceof StringSpaceTooLarge) throw new TooLarge(`has values of ${dim.keyText} that the policies cut into too many classes`);
      combos = combos.flatMap(c => classes.map(k => apply(c, k)));
    };
    for (const dim of [...d.tags.values()].sort((a, b) => compare(a.key, b.key))) {
      const tag = dim.keyText.slice('aws:PrincipalTag/'.length);
      dimension(dim, (c, k) => ({
        ...c,
        tags: k.value === undefined ? c.tags : { ...c.tags, [tag]: k.value },
        notes: [...c.notes, describeKeyClass(`principal tag ${tag}`, dim, k)],
      }));
    }
    for (const dim of [...d.freeKeys.values()].sort((a, b) => compare(a.key, b.key))) {
      dimension(dim, (c, k) => ({
        ...c,
        context: k.value === undefined ? c.context : { ...c.context, [dim.keyText]: k.value },
        notes: [...c.notes, describeKeyClass(dim.keyText, dim, k, true)],
      }));
    }
    return combos;
  }

  private becauseOf(d: Distinctions, keys: ReadonlySet<string>, unreadableResources: boolean, caller: CallerClass): string {
    const reasons = [...keys].sort().map(k => d.why.get(k) ?? k);
    if (unreadableResources) reasons.push('a Resource uses a policy variable, so the paths it names cannot be split');
    if (caller.unknownIdentity) reasons.push(caller.unknownIdentity);
    return reasons.join('; ');
  }

  /** Problems of the model on the API, this method or a principal: the affected cells are never denied. */
  private problemsByCaller(): (caller: CallerClass) => string | undefined {
    const about = (model: AccessModel, logicalId: string) => problemsOf(model).get(logicalId) ?? [];
    // An unread ApiKeyRequired can only narrow access: it makes undecided what is allowed (see decide), not what is denied.
    const keyProblem = this.method.apiKeyUnread === undefined ? undefined : `${this.method.logicalId}: ${apiKeyProblem(this.method.apiKeyUnread)}`;
    const onMethod = [...about(this.model, this.api.logicalId), ...about(this.model, this.method.logicalId).filter(p => p !== keyProblem)];
    const byArn = new Map(this.principals.map(p => [p.principal.arn, about(p.model, p.principal.logicalId)]));
    // API Gateway refuses an unsigned call to an AWS_IAM method before it reads any policy (developer
    // guide, "Control access to a REST API with IAM permissions": callers sign with SigV4; unsigned,
    // 403 "Missing Authentication Token"), so no value the app could not read changes that answer.
    const unsignedRefused = this.method.authorizationType === 'AWS_IAM';
    return caller => {
      if (caller.anonymous && unsignedRefused) return undefined;
      const list = [...onMethod, ...(caller.principal ? byArn.get(caller.principal) ?? [] : [])];
      return list.length > 0 ? `the app could not be read completely: ${list.join('; ')}` : undefined;
    };
  }

  private outcome(caller: CallerClass, extra: Extra, verbGroup: number, verb: string, path: string, origin: Origin,
    what: Unreadable | undefined, because: string): Outcome {
    const key = this.answerKey(caller, extra, verbGroup, path, origin, what);
    let answer = key === undefined ? undefined : this.answers.get(key);
    if (answer === undefined) {
      answer = this.answer(caller, extra, verb, path, origin, what);
      if (key !== undefined) this.answers.set(key, answer);
    }
    switch (answer.kind) {
      case 'between': return { kind: 'undecided', because };
      case 'error': return { kind: 'undecided', because: answer.message };
      default: return answer;
    }
  }

  private answer(caller: CallerClass, extra: Extra, verb: string, path: string, origin: Origin, what: Unreadable | undefined): Answer {
    if (!what) {
      const d = this.evaluate(this.scenario(caller, extra, verb, path, origin));
      return d.error !== undefined ? { kind: 'error', message: d.error } : { kind: d.decision === Decision.ALLOW ? 'allow' : 'deny' };
    }
    const pessimistic = this.evaluate(this.scenario(caller, extra, verb, path, origin, what, 'pessimistic'));
    if (pessimistic.decision === Decision.ALLOW) return { kind: 'allow' };
    const optimistic = this.evaluate(this.scenario(caller, extra, verb, path, origin, what, 'optimistic'));
    if (optimistic.error !== undefined) return { kind: 'error', message: optimistic.error };
    if (optimistic.decision !== Decision.ALLOW) return { kind: 'deny' };
    return { kind: 'between' };
  }

  /**
   * Everything the decision of a request depends on: the method's authorization type, the caller,
   * the origin and other keys, the unreadable parts, and for each statement the evaluator consults
   * for this caller (the resource policy's, the caller's own) whether its Resource matches the
   * request. The stage, verb and path enter a decision only through that match (they make up the
   * request ARN), so two requests with the same key get the same decision. Undefined (no sharing)
   * when a Resource cannot be read.
   */
  private answerKey(caller: CallerClass, extra: Extra, verbGroup: number, path: string, origin: Origin,
    what: Unreadable | undefined): string | undefined {
    const projections = this.projectionsByGroup[verbGroup];
    const consulted: ScannedStatement[] = [];
    if (this.api.resourcePolicy) consulted.push(...scanPolicy(this.api.resourcePolicy, this.arnPrefix).statements);
    for (const doc of [...caller.identityPolicies ?? [], ...caller.maybePolicies ?? []]) consulted.push(...scanPolicy(doc).statements);
    if (caller.permissionsBoundary) consulted.push(...scanPolicy(caller.permissionsBoundary).statements);
    const bits: string[] = [];
    for (const statement of consulted) {
      if (!projections.has(statement)) continue; // matches no request of the method
      const patterns = projections.get(statement);
      if (patterns === undefined) return undefined;
      bits.push(`${idOfStatement(statement)}${patterns.some(p => patternAccepts(p, path)) ? '+' : '-'}`);
    }
    const from = origin.kind === 'internet' ? origin.address.representative : `${origin.endpointId}/${origin.vpcId}/${origin.address.representative}`;
    return [
      this.method.authorizationType, caller.caller, caller.principal ?? '', caller.anonymous ? 'a' : '',
      caller.lambdaAuthorizer ? 'l' : '', caller.cognito ? 'c' : '', caller.unknownIdentity ? 'u' : '',
      what?.id ?? '', from, JSON.stringify(extra), bits.join(','),
    ].join('|');
  }

  /** The evaluator's decision, or why it could not decide. */
  private evaluate(scenario: Scenario): { decision?: Decision; error?: string } {
    try {
      return { decision: AccessEvaluator.evaluate(scenario).decision };
    } catch (e) {
      if (e instanceof InvalidInputError) return { error: `the evaluator cannot read the policies: ${e.message}` };
      throw e;
    }
  }

  private scenario(caller: CallerClass, extra: Extra, verb: string, path: string, origin: Origin,
    what?: Unreadable, bound?: Bound): Scenario {
    const doc = (d: PolicyDocument) => (what && bound ? boundDocument(d, what, bound) : d);
    const resourcePolicy = this.api.resourcePolicy ? doc(this.api.resourcePolicy) : undefined;
    const identityPolicies = caller.identityPolicies?.map(doc) ?? [];
    if (caller.unknownPolicies && bound) identityPolicies.push(bound === 'optimistic' ? ALLOW_EVERY_INVOKE : DENY_EVERY_INVOKE);
    // A policy it may have: its Allow statements count at the optimistic extreme, its Deny ones at the pessimistic.
    for (const maybe of bound ? caller.maybePolicies ?? [] : []) {
      const part = onlyEffect(doc(maybe), bound === 'optimistic' ? 'Allow' : 'Deny');
      if (statementsOf(part).length > 0) identityPolicies.push(part);
    }
    const scenarioCaller: { -readonly [K in keyof ScenarioCaller]: ScenarioCaller[K] } = {};
    if (caller.principal) {
      scenarioCaller.principal = caller.principal;
      scenarioCaller.identityPolicies = identityPolicies;
      if (caller.permissionsBoundary) scenarioCaller.permissionsBoundary = doc(caller.permissionsBoundary);
      if (Object.keys(extra.tags).length > 0) scenarioCaller.principalTags = extra.tags;
      if (extra.orgId !== undefined) scenarioCaller.principalOrgId = extra.orgId;
    }
    if (caller.lambdaAuthorizer) scenarioCaller.lambdaAuthorizer = { result: 'POLICY' as never, policy: ALLOW_EVERY_INVOKE };
    if (caller.cognito) scenarioCaller.cognito = { token: 'VALID' as never };
    const request = origin.kind === 'internet'
      ? { sourceIp: origin.address.representative }
      : { sourceIp: origin.address.representative, vpcEndpoint: { id: origin.endpointId, vpcId: origin.vpcId } };
    return {
      api: {
        id: this.api.id,
        account: this.env.account,
        region: this.env.region,
        partition: this.env.partition,
        endpointType: this.api.endpointType as ApiEndpointType,
        ...(resourcePolicy ? { resourcePolicy } : {}),
        methods: [{
          httpMethod: this.method.httpMethod,
          path: this.method.path,
          authorizationType: this.method.authorizationType as MethodAuthorizationType,
        }],
      },
      caller: scenarioCaller,
      request: {
        stage: this.stage,
        httpMethod: verb,
        path: `/${path}`,
        ...request,
        ...(Object.keys(extra.context).length > 0 ? { context: extra.context } : {}),
      },
    };
  }
}

class TooLarge extends Error {}

const byEffect = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

/** The statements of a document with one effect (the same object again for the same question). */
function onlyEffect(document: PolicyDocument, effect: 'Allow' | 'Deny'): PolicyDocument {
  let known = byEffect.get(document);
  if (!known) byEffect.set(document, known = new Map());
  let result = known.get(effect);
  if (!result) {
    const statements = statementsOf(document).filter(s => (s.Effect === 'Deny') === (effect === 'Deny'));
    known.set(effect, result = { ...document, Statement: statements });
  }
  return result;
}

const projections = new WeakMap<ScannedStatement, Map<string, Projected | null>>();

/**
 * A statement as it reads the requests whose ARN starts with `prefix` (an API, stage and verb), or
 * null when its Resource matches none of them. Remembered: every method with that stage and verb asks.
 */
function projectStatement(statement: ScannedStatement, prefix: string): Projected | null {
  let known = projections.get(statement);
  if (!known) projections.set(statement, known = new Map());
  let projected = known.get(prefix);
  if (projected === undefined) {
    projected = null;
    if (statement.resources === undefined) {
      projected = { statement };
    } else {
      const paths = statement.resources.map(r => afterPrefix(r, prefix)).filter((p): p is StringPattern => p !== undefined);
      // A NotResource that matches every request excludes them all; a Resource that matches none applies to none.
      const applies = statement.negatedResources ? !paths.some(matchesEverything) : paths.length > 0;
      if (applies) projected = { statement, paths };
    }
    known.set(prefix, projected);
  }
  return projected;
}

const labels = new WeakMap<StringPattern, string>();

/** A pattern started at one position, as the path pattern it stands for. */
function pathLabel(pattern: StringPattern): string {
  let label = labels.get(pattern);
  if (label === undefined) labels.set(pattern, label = `/${pattern.label.slice(pattern.start[0])}`);
  return label;
}

function patternAccepts(pattern: StringPattern, text: string): boolean {
  const after = afterPrefix(pattern, text);
  return after !== undefined && after.start.includes(pattern.elements.length);
}

const problemsByModel = new WeakMap<AccessModel, Map<string, string[]>>();

/** A model's problems by the logical id they are about, as `id: what`. */
function problemsOf(model: AccessModel): Map<string, string[]> {
  let byId = problemsByModel.get(model);
  if (!byId) {
    problemsByModel.set(model, byId = new Map());
    for (const p of model.problems) {
      let list = byId.get(p.logicalId);
      if (!list) byId.set(p.logicalId, list = []);
      list.push(`${p.logicalId}: ${p.what}`);
    }
  }
  return byId;
}

/** A path of the template (each parameter `x`), without its leading slash. */
function sampleOf(template: string): string {
  return template.slice(1).replace(/\{[^}]+\}/g, 'x');
}

const overlapping = new WeakMap<ApiModel, Map<string, MethodModel[]>>();

/** The API's methods on other resources that can match a path of `template`. */
function siblingsOf(api: ApiModel, template: string): MethodModel[] {
  let byTemplate = overlapping.get(api);
  if (!byTemplate) overlapping.set(api, byTemplate = new Map());
  let siblings = byTemplate.get(template);
  if (!siblings) byTemplate.set(template, siblings = api.methods.filter(m => m.path !== template && templatesOverlap(m.path, template)));
  return siblings;
}

/** Whether two path templates can match the same request path (segment by segment). */
function templatesOverlap(a: string, b: string): boolean {
  const pa = a === '/' ? [] : a.slice(1).split('/');
  const pb = b === '/' ? [] : b.slice(1).split('/');
  const greedy = (s: string | undefined) => s !== undefined && /^\{.+\+\}$/.test(s);
  const param = (s: string) => s.startsWith('{');
  for (let i = 0; ; i++) {
    const x = pa[i];
    const y = pb[i];
    if (greedy(x) || greedy(y)) return x !== undefined && y !== undefined;
    if (x === undefined || y === undefined) return x === y;
    if (!param(x) && !param(y) && x !== y) return false;
  }
}

function sameOutcomes(a: readonly CellResult[], b: readonly CellResult[]): boolean {
  return a.length === b.length && a.every((c, i) => {
    const o = b[i].outcome;
    return c.outcome.kind === o.kind && (c.outcome.kind !== 'undecided' || (o.kind === 'undecided' && c.outcome.because === o.because));
  });
}

function describeKeyClass(name: string, dim: StringKeyDimension, k: KeyClass, clientSet = false): string {
  const who = clientSet ? 'anyone who sends ' : '';
  if (k.value === undefined) return clientSet ? `without ${name}` : `without ${name}`;
  const matched = dim.patterns.filter((_p, i) => k.matched[i]).map(p => p.label);
  const unmatched = dim.patterns.filter((_p, i) => !k.matched[i]).map(p => p.label);
  if (matched.length === 0) return `${who}${name} matching none of ${unmatched.map(v => JSON.stringify(v)).join(', ')}`;
  const also = unmatched.length > 0 ? ` and none of ${unmatched.map(v => JSON.stringify(v)).join(', ')}` : '';
  return `${who}${name} matching ${matched.map(v => JSON.stringify(v)).join(' and ')}${also}`;
}

/** Entries in a stable order: by caller, then by the rest of the entry as JSON. */
function sortEntries<T extends AccessMapEntry>(entries: T[]): T[] {
  const keyed = entries.map(e => ({ e, k: JSON.stringify(e) }));
  keyed.sort((a, b) => compare(a.e.caller, b.e.caller) || compare(a.k, b.k));
  return keyed.map(x => x.e);
}
