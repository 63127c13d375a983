/**
 * Wildcard patterns and policy variables: the matching behind Action, Resource, StringLike,
 * StringEquals and the Arn operators. Patterns are compiled once; matching never builds a regex.
 *
 * - Wildcards (IAM User Guide, "IAM JSON policy elements: Action" and "Resource"): `*` matches any
 *   run of characters, `?` exactly one.
 * - ARN patterns (IAM User Guide, "IAM JSON policy elements: Resource", "Using wildcards in resource
 *   ARNs"; and "Condition operators", ARN condition operators): the six colon-separated segments are
 *   matched separately, so in partition, service, region and account a wildcard does not cross a `:`,
 *   except a `*` that ends its segment, which "can expand to match beyond colon boundaries". In the
 *   resource part (after the fifth colon) wildcards match anything, `/` and `:` included.
 * - Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): `${key}` is replaced
 *   by the request's value for the key, only when the policy's Version is 2012-10-17 (otherwise the
 *   text is literal). `${*}`, `${?}` and `${$}` stand for the literal characters. `${key, 'default'}`
 *   gives a default for a missing key. The replaced text is literal: a `*` in a user name is not a
 *   wildcard. A key that is missing (without default) or multivalued makes the pattern not match
 *   ("you cannot use multivalued context keys as policy variables").
 */
import { InvalidInputError, quote } from '../errors';
import { COLON, GreedyMatcher, Matcher, UNIT_CHAR, UNIT_ONE, UNIT_STAR } from './glob';

/** Lower-cased condition key -> values, as in RequestContext.keys. */
export type KeyValues = ReadonlyMap<string, readonly string[]>;

/** How `*` and `?` behave. */
export enum WildcardMode {
  /** No wildcards: `*` and `?` are literal (StringEquals). */
  NONE = 'none',
  /** Wildcards match any characters (Action, StringLike). */
  TEXT = 'text',
  /** ARN segment rules (Resource, ArnLike, ArnEquals). */
  ARN = 'arn',
}

const enum TokenKind {
  LITERAL,
  STAR,
  ONE,
  VARIABLE,
}

interface Token {
  readonly kind: TokenKind;
  /** LITERAL: the text. VARIABLE: the lower-cased key. */
  readonly text: string;
  /** STAR and ONE: whether the wildcard may match a `:`. */
  readonly crossesColon: boolean;
  /** VARIABLE: the default value, if any. */
  readonly fallback?: string;
}

/** A compiled pattern. */
export interface Pattern {
  /** The text as written in the policy. */
  readonly source: string;
  /** Whether the pattern uses policy variables (then it needs the request's keys). */
  readonly hasVariables: boolean;
  /** Whether the subject matches; `keys` supplies policy variables. */
  matches(subject: string, keys: KeyValues): boolean;
  /** Whether every policy variable has a value (or a default) in the request. */
  resolves(keys: KeyValues): boolean;
}

const SPECIAL_VARIABLES: Record<string, string> = { '*': '*', '?': '?', '$': '$' };
const VARIABLE_BODY = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/;

interface RawToken {
  kind: TokenKind;
  text: string;
  fallback?: string;
}

/** Splits pattern text into literal runs, wildcards and variables. */
function tokenize(text: string, wildcards: boolean, variables: boolean, field: string): RawToken[] {
  const tokens: RawToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') {
      tokens.push({ kind: TokenKind.LITERAL, text: literal });
      literal = '';
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (variables && c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) {
        throw new InvalidInputError(field, `policy variable ${quote(text.slice(i))} has no closing '}'`);
      }
      const body = text.slice(i + 2, end);
      i = end;
      if (body in SPECIAL_VARIABLES) {
        literal += SPECIAL_VARIABLES[body];
        continue;
      }
      const parsed = VARIABLE_BODY.exec(body);
      if (!parsed) {
        throw new InvalidInputError(field, `${quote(`${'$'}{${body}}`)} is not a policy variable (expected \${key} or \${key, 'default'})`);
      }
      flush();
      tokens.push({ kind: TokenKind.VARIABLE, text: parsed[1].toLowerCase(), fallback: parsed[2] });
    } else if (wildcards && (c === '*' || c === '?')) {
      flush();
      tokens.push({ kind: c === '*' ? TokenKind.STAR : TokenKind.ONE, text: c });
    } else {
      literal += c;
    }
  }
  flush();
  return tokens;
}

/** Decides which wildcards may cross a colon (see the module comment). */
function finish(raw: RawToken[], mode: WildcardMode): Token[] {
  let colons = 0;
  return raw.map((token, i) => {
    const inResourcePart = mode !== WildcardMode.ARN || colons >= 5;
    if (token.kind === TokenKind.LITERAL) {
      for (const c of token.text) {
        if (c === ':') {
          colons++;
        }
      }
    }
    let crossesColon = inResourcePart;
    if (!crossesColon && token.kind === TokenKind.STAR) {
      const next = raw[i + 1];
      crossesColon = next === undefined || (next.kind === TokenKind.LITERAL && next.text.startsWith(':'));
    }
    return { kind: token.kind, text: token.text, crossesColon, fallback: token.fallback };
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class AnyPattern implements Pattern {
  public readonly hasVariables = false;
  constructor(public readonly source: string) {}
  public resolves(): boolean {
    return true;
  }
  public matches(): boolean {
    return true;
  }
}

class ExactPattern implements Pattern {
  public readonly hasVariables = false;
  constructor(public readonly source: string, private readonly text: string) {}
  public resolves(): boolean {
    return true;
  }
  public matches(subject: string): boolean {
    return subject === this.text;
  }
}

/**
 * Patterns with wildcards run as a regex built once. Before it, a guard compares a few characters
 * the subject must have (its length, the first and last characters of the leading literal, the
 * last character of a trailing literal): most statements of a policy differ from the request
 * there, and two character reads cost a fraction of a regex run, which matters on the hot path.
 */
class Guard {
  private readonly minLength: number;
  private readonly headEnd: number;
  private readonly headFirst: number;
  private readonly headLast: number;
  private readonly tailLast: number;

  constructor(tokens: readonly Token[]) {
    this.minLength = tokens.reduce((n, t) => n + (t.kind === TokenKind.LITERAL ? t.text.length : t.kind === TokenKind.ONE ? 1 : 0), 0);
    const head = tokens[0]?.kind === TokenKind.LITERAL ? tokens[0].text : '';
    this.headEnd = head.length - 1;
    this.headFirst = head.length > 0 ? head.charCodeAt(0) : -1;
    this.headLast = head.length > 0 ? head.charCodeAt(head.length - 1) : -1;
    const last = tokens[tokens.length - 1];
    this.tailLast = tokens.length > 1 && last?.kind === TokenKind.LITERAL ? last.text.charCodeAt(last.text.length - 1) : -1;
  }

  public admits(subject: string): boolean {
    const length = subject.length;
    if (length < this.minLength) {
      return false;
    }
    if (this.headFirst >= 0
      && (subject.charCodeAt(0) !== this.headFirst || subject.charCodeAt(this.headEnd) !== this.headLast)) {
      return false;
    }
    return this.tailLast < 0 || subject.charCodeAt(length - 1) === this.tailLast;
  }
}

/** `literal*`: an anchored regex (V8 runs it faster than String.prototype.startsWith on long ARNs). */
class PrefixPattern implements Pattern {
  public readonly hasVariables = false;
  private readonly regex: RegExp;
  constructor(public readonly source: string, prefix: string, private readonly guard: Guard) {
    this.regex = new RegExp(`^${escapeRegex(prefix)}`);
  }
  public resolves(): boolean {
    return true;
  }
  public matches(subject: string): boolean {
    return this.guard.admits(subject) && this.regex.test(subject);
  }
}

class RegexPattern implements Pattern {
  public readonly hasVariables = false;
  constructor(public readonly source: string, private readonly regex: RegExp, private readonly guard: Guard) {}
  public resolves(): boolean {
    return true;
  }
  public matches(subject: string): boolean {
    return this.guard.admits(subject) && this.regex.test(subject);
  }
}

/** A pattern with policy variables: resolved per request, then matched by the automaton. */
class VariablePattern implements Pattern {
  public readonly hasVariables = true;
  constructor(public readonly source: string, private readonly tokens: readonly Token[], private readonly lowerCase: boolean) {}

  public matches(subject: string, keys: KeyValues): boolean {
    const values: string[] = new Array(this.tokens.length);
    for (let i = 0; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.kind === TokenKind.VARIABLE) {
        const value = resolveVariable(token, keys);
        if (value === undefined) {
          return false;
        }
        values[i] = this.lowerCase ? value.toLowerCase() : value;
      }
    }
    return matcherOf(this.tokens, values).matches(subject);
  }

  public resolves(keys: KeyValues): boolean {
    return this.tokens.every((t) => t.kind !== TokenKind.VARIABLE || resolveVariable(t, keys) !== undefined);
  }
}

function resolveVariable(token: Token, keys: KeyValues): string | undefined {
  const present = keys.get(token.text);
  if (present !== undefined && present.length === 1) {
    return present[0];
  }
  if (present !== undefined && present.length > 1) {
    return undefined;
  }
  return token.fallback;
}


/**
 * A pattern flattened into one unit per character or wildcard, matched by an automaton: a set of
 * live pattern positions advanced one subject character at a time. Time grows with the subject's
 * length times the number of live positions (at most the pattern's length), never exponentially,
 * whatever a policy's wildcards and a request's path look like (a backtracking regex with several
 * `*` can take minutes on a crafted path). The live set is kept as a list, not a bitmap over every
 * position, because it rarely holds more than a few positions: this is the evaluator's hot path.
 */
class Units {
  /** UNIT_CHAR, UNIT_ONE or UNIT_STAR per position. */
  private readonly kinds: Uint8Array;
  /** The character code (UNIT_CHAR), or 1 when the wildcard may match a colon. */
  private readonly codes: Int32Array;
  private readonly length: number;
  // Scratch space reused across calls (matching is synchronous and never re-entered).
  private live: Int32Array;
  private next: Int32Array;
  private readonly seen: Int32Array;
  private generation = 0;

  constructor(kinds: readonly number[], codes: readonly number[]) {
    this.kinds = Uint8Array.from(kinds);
    this.codes = Int32Array.from(codes);
    this.length = kinds.length;
    this.live = new Int32Array(this.length + 1);
    this.next = new Int32Array(this.length + 1);
    this.seen = new Int32Array(this.length + 1);
  }

  public matches(subject: string): boolean {
    const { kinds, codes, length } = this;
    let liveCount = this.add(this.live, 0, 0, this.nextGeneration());
    for (let i = 0; i < subject.length; i++) {
      const c = subject.charCodeAt(i);
      const generation = this.nextGeneration();
      let nextCount = 0;
      for (let k = 0; k < liveCount; k++) {
        const j = this.live[k];
        if (j === length) {
          continue;
        }
        const kind = kinds[j];
        if (kind === UNIT_STAR) {
          if (codes[j] === 1 || c !== COLON) {
            nextCount = this.add(this.next, nextCount, j, generation);
          }
        } else if (kind === UNIT_ONE ? codes[j] === 1 || c !== COLON : codes[j] === c) {
          nextCount = this.add(this.next, nextCount, j + 1, generation);
        }
      }
      if (nextCount === 0) {
        return false;
      }
      [this.live, this.next] = [this.next, this.live];
      liveCount = nextCount;
    }
    for (let k = 0; k < liveCount; k++) {
      if (this.live[k] === length) {
        return true;
      }
    }
    return false;
  }

  /** Adds position `j` to a live list, and the positions after each `*` it reaches (a `*` may match nothing). */
  private add(list: Int32Array, count: number, j: number, generation: number): number {
    for (let p = j; p <= this.length; p++) {
      if (this.seen[p] === generation) {
        return count;
      }
      this.seen[p] = generation;
      list[count++] = p;
      if (p === this.length || this.kinds[p] !== UNIT_STAR) {
        return count;
      }
    }
    return count;
  }

  private nextGeneration(): number {
    if (++this.generation === 0x7fffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}

/** The greedy matcher when every `*` may match anything, else the automaton. */
function matcherOf(tokens: readonly Token[], values?: readonly string[]): Matcher {
  const freeStars = tokens.every(t => t.kind !== TokenKind.STAR || t.crossesColon);
  if (!freeStars) {
    return unitsOf(tokens, values);
  }
  const { kinds, codes } = flatten(tokens, values);
  return new GreedyMatcher(kinds, codes);
}

function flatten(tokens: readonly Token[], values?: readonly string[]): { kinds: number[]; codes: number[] } {
  const kinds: number[] = [];
  const codes: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === TokenKind.STAR || token.kind === TokenKind.ONE) {
      kinds.push(token.kind === TokenKind.STAR ? UNIT_STAR : UNIT_ONE);
      codes.push(token.crossesColon ? 1 : 0);
      return;
    }
    const text = token.kind === TokenKind.LITERAL ? token.text : values![i];
    for (let k = 0; k < text.length; k++) {
      kinds.push(UNIT_CHAR);
      codes.push(text.charCodeAt(k));
    }
  });
  return { kinds, codes };
}

function unitsOf(tokens: readonly Token[], values?: readonly string[]): Units {
  const kinds: number[] = [];
  const codes: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === TokenKind.STAR || token.kind === TokenKind.ONE) {
      kinds.push(token.kind === TokenKind.STAR ? UNIT_STAR : UNIT_ONE);
      codes.push(token.crossesColon ? 1 : 0);
      return;
    }
    const text = token.kind === TokenKind.LITERAL ? token.text : values![i];
    for (let k = 0; k < text.length; k++) {
      kinds.push(UNIT_CHAR);
      codes.push(text.charCodeAt(k));
    }
  });
  return new Units(kinds, codes);
}

/** Patterns with many `*`: guard, then the automaton (a regex could backtrack for minutes). */
class AutomatonPattern implements Pattern {
  public readonly hasVariables = false;
  private readonly units: Matcher;
  /** `ignoreCase`: the units are lower-case, and so is the subject before matching. */
  constructor(public readonly source: string, tokens: readonly Token[], private readonly guard: Guard,
    private readonly ignoreCase: boolean) {
    this.units = matcherOf(ignoreCase
      ? tokens.map((t) => (t.kind === TokenKind.LITERAL ? { ...t, text: t.text.toLowerCase() } : t))
      : tokens);
  }
  public resolves(): boolean {
    return true;
  }
  public matches(subject: string): boolean {
    return this.guard.admits(subject) && this.units.matches(this.ignoreCase ? subject.toLowerCase() : subject);
  }
}

/**
 * Above this many inner `*`, a regex's backtracking can explode: use the automaton. One inner `*`
 * backtracks linearly; a final `*` that may match anything (`.*$`) never backtracks.
 */
const MAX_REGEX_STARS = 1;

function innerStars(tokens: readonly Token[]): number {
  let stars = tokens.filter((t) => t.kind === TokenKind.STAR).length;
  const last = tokens[tokens.length - 1];
  if (last?.kind === TokenKind.STAR && last.crossesColon) {
    stars--;
  }
  return stars;
}

export interface PatternOptions {
  readonly wildcards: WildcardMode;
  /** Recognise policy variables (Version 2012-10-17 and an element that supports them). */
  readonly variables: boolean;
  /**
   * The caller lower-cases subjects and pattern text (StringEqualsIgnoreCase): resolved variable
   * values are lower-cased too.
   */
  readonly lowerCaseVariables?: boolean;
  /**
   * Match without regard to case (for callers that do not lower-case subjects themselves, such as
   * the synth-time checks). Not combined with variables.
   */
  readonly ignoreCase?: boolean;
  /** For errors. */
  readonly field: string;
}

/** Compiles pattern text once; the result is safe to share between evaluations. */
export function compilePattern(source: string, options: PatternOptions): Pattern {
  const raw = tokenize(source, options.wildcards !== WildcardMode.NONE, options.variables, options.field);
  const tokens = finish(raw, options.wildcards);
  if (tokens.some((t) => t.kind === TokenKind.VARIABLE)) {
    return new VariablePattern(source, tokens, options.lowerCaseVariables === true);
  }
  if (tokens.length === 1 && tokens[0].kind === TokenKind.STAR && tokens[0].crossesColon) {
    return new AnyPattern(source);
  }
  if (!options.ignoreCase) {
    if (tokens.length === 0) {
      return new ExactPattern(source, '');
    }
    if (tokens.length === 1 && tokens[0].kind === TokenKind.LITERAL) {
      return new ExactPattern(source, tokens[0].text);
    }
    if (tokens.length === 2 && tokens[0].kind === TokenKind.LITERAL && tokens[1].kind === TokenKind.STAR && tokens[1].crossesColon) {
      return new PrefixPattern(source, tokens[0].text, new Guard(tokens));
    }
  }
  if (innerStars(tokens) > MAX_REGEX_STARS) {
    // The guard compares characters exactly, so it only serves case-sensitive patterns.
    return new AutomatonPattern(source, tokens, new Guard(options.ignoreCase ? [] : tokens), options.ignoreCase === true);
  }
  const body = tokens.map((t) => {
    switch (t.kind) {
      case TokenKind.STAR:
        return t.crossesColon ? '.*' : '[^:]*';
      case TokenKind.ONE:
        return t.crossesColon ? '.' : '[^:]';
      default:
        return escapeRegex(t.text);
    }
  }).join('');
  // The guard compares characters exactly, so it only serves case-sensitive patterns.
  const guard = new Guard(options.ignoreCase ? [] : tokens);
  return new RegexPattern(source, new RegExp(`^${body}$`, options.ignoreCase ? 'is' : 's'), guard);
}
