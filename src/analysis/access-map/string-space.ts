/**
 * Classes of strings that a set of wildcard patterns cannot tell apart.
 *
 * A policy distinguishes request paths, principal ARNs and header values only through the patterns
 * it writes (Resource, StringLike, ArnLike, ...), and a method's path template restricts what a
 * request may send. Two strings that every pattern treats alike (each matches both or neither) get
 * the same decision, so the strings fall into finitely many classes: one per combination of
 * patterns that some string matches. This module finds every such combination and a shortest
 * string of each, exactly: it explores the product of the patterns' automata over an alphabet of
 * the characters the patterns name plus one character none of them names (every other character
 * behaves like that one).
 *
 * Wildcard semantics follow the evaluator (IAM User Guide, "IAM JSON policy elements: Resource",
 * "Condition operators"): `*` any run of characters, `?` exactly one; in the first five segments of
 * an ARN pattern a wildcard does not cross a `:` unless it is a `*` that ends its segment.
 */

/** One element of a pattern's automaton. */
interface Element {
  /** A literal character (already lower-cased when `fold`), or undefined for a wildcard. */
  readonly char?: string;
  /** Wildcards: whether it repeats (`*`) or takes exactly one character (`?`). */
  readonly repeats: boolean;
  /** Wildcards: a character it never takes (`:` in an ARN segment, `/` in a path parameter). */
  readonly excludes?: string;
}

/** A compiled pattern: a sequence of elements; positions 0..n, n accepts. */
export interface StringPattern {
  /** How the pattern reads in answers (e.g. `/files/public/*`). */
  readonly label: string;
  readonly elements: readonly Element[];
  /** Case-insensitive (StringEqualsIgnoreCase, ...): literals are lower-cased, input is folded. */
  readonly fold: boolean;
  /** Positions the automaton starts in (0, or what remains after a fixed prefix was read). */
  readonly start: readonly number[];
}

/** How `*` and `?` read. */
export const enum WildcardKind {
  /** No wildcards: StringEquals. */
  NONE,
  /** `*` and `?` match anything: StringLike, the resource part of an ARN. */
  TEXT,
  /** ARN segments: see the module comment. */
  ARN,
}

/** Compiles pattern text. */
export function compileStringPattern(text: string, wildcards: WildcardKind, fold = false, label = text): StringPattern {
  const elements: Element[] = [];
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (wildcards !== WildcardKind.NONE && (c === '*' || c === '?')) {
      let excludes: string | undefined;
      if (wildcards === WildcardKind.ARN && colons < 5) {
        const endsSegment = c === '*' && (i === text.length - 1 || text[i + 1] === ':');
        if (!endsSegment) excludes = ':';
      }
      elements.push({ repeats: c === '*', excludes });
    } else {
      if (c === ':') colons++;
      elements.push({ char: fold ? c.toLowerCase() : c, repeats: false });
    }
  }
  return { label, elements, fold, start: closure(elements, [0]) };
}

/**
 * A method's path template as a pattern over the request path without its leading slash:
 * `{name}` is one or more characters other than `/`, a final `{name+}` one or more of any.
 */
export function compileTemplate(template: string): StringPattern {
  const elements: Element[] = [];
  const parts = template === '/' ? [] : template.slice(1).split('/');
  parts.forEach((part, i) => {
    if (i > 0) elements.push({ char: '/', repeats: false });
    const parameter = /^\{[^}]+?(\+?)\}$/.exec(part);
    if (parameter) {
      const excludes = parameter[1] === '+' ? undefined : '/';
      elements.push({ repeats: false, excludes }, { repeats: true, excludes });
    } else {
      for (const c of part) elements.push({ char: c, repeats: false });
    }
  });
  return { label: template, elements, fold: false, start: closure(elements, [0]) };
}

const afterPrefixes = new WeakMap<StringPattern, Map<string, StringPattern | undefined>>();

/**
 * The same pattern, started after reading `prefix`; undefined when no string with that prefix
 * matches. Remembered per pattern and prefix: every method on a stage with a verb shares the prefix.
 */
export function afterPrefix(pattern: StringPattern, prefix: string): StringPattern | undefined {
  let known = afterPrefixes.get(pattern);
  if (!known) afterPrefixes.set(pattern, known = new Map());
  if (known.has(prefix)) return known.get(prefix);
  const result = readPrefix(pattern, prefix);
  known.set(prefix, result);
  return result;
}

function readPrefix(pattern: StringPattern, prefix: string): StringPattern | undefined {
  let positions = pattern.start;
  for (const c of prefix) {
    positions = step(pattern, positions, pattern.fold ? c.toLowerCase() : c);
    if (positions.length === 0) return undefined;
  }
  return { ...pattern, start: positions };
}

const byStarts = new WeakMap<StringPattern, StringPattern[]>();

/** The pattern once per start position (their union is the pattern); the same objects for the same pattern. */
export function byStart(pattern: StringPattern): StringPattern[] {
  let parts = byStarts.get(pattern);
  if (!parts) {
    parts = pattern.start.length === 1 ? [pattern] : pattern.start.map(p => ({ ...pattern, start: closure(pattern.elements, [p]) }));
    byStarts.set(pattern, parts);
  }
  return parts;
}

/**
 * Whether the two patterns can be seen to match no common string from their literal starts alone
 * (a cheap test before exploring their product: `r4/*` and `r0/{id}` differ at the second character).
 */
export function literallyDisjoint(a: StringPattern, b: StringPattern): boolean {
  return a.start.every(i => b.start.every(j => {
    for (let x = i, y = j; ; x++, y++) {
      const e = a.elements[x];
      const f = b.elements[y];
      if (e === undefined || f === undefined) return (e === undefined) !== (f === undefined) && (e ?? f)!.char !== undefined;
      if (e.char === undefined || f.char === undefined) return false;
      if (a.fold || b.fold ? e.char.toLowerCase() !== f.char.toLowerCase() : e.char !== f.char) return true;
    }
  }));
}

/**
 * Whether the pattern matches every string of the domain, seen cheaply: the pattern is a literal
 * prefix of the domain's literal start followed by a final `*` (`r0/*` over `r0/{id}`).
 */
export function coversAll(pattern: StringPattern, domain: StringPattern): boolean {
  if (pattern.start.length !== 1 || domain.start.length !== 1 || pattern.fold) return false;
  const elements = pattern.elements;
  const last = elements[elements.length - 1];
  if (last === undefined || last.char !== undefined || !last.repeats || last.excludes !== undefined) return false;
  for (let i = pattern.start[0], j = domain.start[0]; i < elements.length - 1; i++, j++) {
    const e = elements[i];
    const f = domain.elements[j];
    if (e.char === undefined || f === undefined || f.char !== e.char) return false;
  }
  return true;
}

/** Whether the pattern matches the whole text. */
export function patternMatches(pattern: StringPattern, text: string): boolean {
  let positions = pattern.start;
  for (const c of text) {
    positions = step(pattern, positions, pattern.fold ? c.toLowerCase() : c);
    if (positions.length === 0) return false;
  }
  return positions.includes(pattern.elements.length);
}

/**
 * Whether the pattern matches every string (so it tells nothing apart): from a start position, only
 * unrestricted `*` remain, at least one (a pattern read to its end matches only the empty string).
 */
export function matchesEverything(pattern: StringPattern): boolean {
  return pattern.start.some(p => p < pattern.elements.length
    && pattern.elements.slice(p).every(e => e.char === undefined && e.repeats && e.excludes === undefined));
}

/**
 * The positions with every run of `*` after them skipped. Linear in the positions (a mark per
 * position, not a search of the output), because a pattern like `*a*a*a...` keeps a position per
 * `*` alive at once: searching made a 2 KB StringLike pattern (within API Gateway's 8,192-character
 * policy quota) take 35 s to map.
 */
function closure(elements: readonly Element[], positions: readonly number[]): number[] {
  const seen = new Uint8Array(elements.length + 1);
  const out: number[] = [];
  for (let p of positions) {
    while (seen[p] === 0) {
      seen[p] = 1;
      out.push(p);
      const e = elements[p];
      if (e !== undefined && e.char === undefined && e.repeats) p++;
      else break;
    }
  }
  return out.sort((a, b) => a - b);
}

function step(pattern: StringPattern, positions: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const e = pattern.elements[p];
    if (e === undefined) continue;
    if (e.char !== undefined) {
      if (e.char === c) next.push(p + 1);
    } else if (e.excludes !== c) {
      next.push(e.repeats ? p : p + 1);
    }
  }
  return next.length === 0 ? next : closure(pattern.elements, next);
}

/** One class of strings: which patterns match them, and a shortest string of the class. */
export interface StringClass {
  /** `matched[i]`: whether the strings of the class match `patterns[i]`. */
  readonly matched: readonly boolean[];
  readonly representative: string;
}

/** The exploration gave up: too many automaton states. */
export class StringSpaceTooLarge extends Error {}

export interface PartitionOptions {
  /** Strings outside this pattern are not part of the space (e.g. a method's path template). */
  readonly domain?: StringPattern;
  /** Characters a string of the space never holds (`?` and `#` in a path). */
  readonly forbidden?: string;
  /** Characters to prefer for the one unnamed character, in order. */
  readonly freshCandidates?: string;
  /** The most automaton states to explore. */
  readonly maxStates?: number;
  /** Strings are `/`-separated segments, none empty (a request path without its leading slash). */
  readonly nonEmptySegments?: boolean;
}

/**
 * Every class of strings the patterns tell apart (within the domain), with a shortest
 * representative each, in a deterministic order (shortest representatives first). Throws
 * StringSpaceTooLarge beyond `maxStates`.
 */
export function partitionStrings(patterns: readonly StringPattern[], options: PartitionOptions = {}): StringClass[] {
  const all = options.domain ? [...patterns, options.domain] : [...patterns];
  const forbidden = options.forbidden ?? '';
  const named = new Set<string>();
  for (const p of all) {
    for (const e of p.elements) {
      if (e.char !== undefined) {
        named.add(e.char);
        if (p.fold) named.add(e.char.toUpperCase());
      }
      if (e.excludes !== undefined) named.add(e.excludes);
    }
  }
  const fresh = [...(options.freshCandidates ?? 'xyzqjkw0123456789'), ...'abcdefghilmnoprstuv']
    .find(c => !named.has(c) && !named.has(c.toLowerCase()) && !forbidden.includes(c));
  const alphabet = [...named].filter(c => !forbidden.includes(c)).sort();
  if (fresh !== undefined) alphabet.push(fresh);

  const maxStates = options.maxStates ?? 20000;
  const segments = options.nonEmptySegments ?? false;
  const slash = alphabet.indexOf('/');
  // The states bound how many product states are explored; the positions bound the work of each:
  // a pattern of many `*` (`*a*a*a...`, 2 KB fits a policy) keeps a position per `*` in each of
  // its states, so its automaton alone costs the square of its length. Patterns people write stay
  // below a few hundred positions in all.
  const dfas = all.map(p => new LazyDfa(p, alphabet, maxStates * POSITIONS_PER_STATE));
  const domain = options.domain ? dfas[dfas.length - 1] : undefined;
  // A product state: each pattern's DFA state, and whether the last character read was not a `/`
  // (a `/` may only follow such a character when segments must not be empty).
  const key = (states: readonly number[], inSegment: boolean) => `${inSegment ? 1 : 0}${states.join(',')}`;
  const start = dfas.map(d => d.start);
  const seen = new Set<string>([key(start, false)]);
  const classes = new Map<string, StringClass>();
  let frontier: Array<{ states: readonly number[]; text: string; inSegment: boolean }> = [{ states: start, text: '', inSegment: false }];
  const record = (states: readonly number[], text: string, inSegment: boolean) => {
    if (segments && text !== '' && !inSegment) return;
    if (domain && !domain.accepts(states[states.length - 1])) return;
    const matched = patterns.map((_p, i) => dfas[i].accepts(states[i]));
    const signature = matched.map(m => (m ? '1' : '0')).join('');
    if (!classes.has(signature)) classes.set(signature, { matched, representative: text });
  };
  record(start, '', false);
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { states, text, inSegment } of frontier) {
      for (let c = 0; c < alphabet.length; c++) {
        if (segments && c === slash && !inSegment) continue; // an empty segment
        const moved = states.map((state, i) => dfas[i].next(state, c));
        // A string the domain can no longer accept is outside the space, whatever follows.
        if (domain && domain.dead(moved[moved.length - 1])) continue;
        const nowInSegment = c !== slash;
        const k = key(moved, nowInSegment);
        if (seen.has(k)) continue;
        seen.add(k);
        if (seen.size > maxStates) throw new StringSpaceTooLarge(`more than ${maxStates} automaton states`);
        record(moved, text + alphabet[c], nowInSegment);
        next.push({ states: moved, text: text + alphabet[c], inSegment: nowInSegment });
      }
    }
    frontier = next;
  }
  return [...classes.values()];
}

/** How many automaton positions a pattern's states may hold in all, per product state of the budget. */
const POSITIONS_PER_STATE = 5;

function shortLabel(label: string): string {
  return label.length > 60 ? `${label.slice(0, 57)}...` : label;
}

/** A pattern's automaton made deterministic as far as it is explored: states are sets of positions. */
class LazyDfa {
  public readonly start: number;
  private readonly ids = new Map<string, number>();
  private readonly sets: number[][] = [];
  private readonly transitions: number[] = [];
  /** Positions held by the states made so far: what each new transition costs to find. */
  private size = 0;

  constructor(private readonly pattern: StringPattern, private readonly alphabet: readonly string[], private readonly maxSize: number) {
    this.start = this.idOf(pattern.start as number[]);
  }

  public accepts(state: number): boolean {
    return this.sets[state].includes(this.pattern.elements.length);
  }

  public dead(state: number): boolean {
    return this.sets[state].length === 0;
  }

  public next(state: number, c: number): number {
    const at = state * this.alphabet.length + c;
    let to = this.transitions[at];
    if (to === undefined) {
      const char = this.alphabet[c];
      to = this.idOf(step(this.pattern, this.sets[state], this.pattern.fold ? char.toLowerCase() : char));
      this.transitions[at] = to;
    }
    return to;
  }

  private idOf(positions: number[]): number {
    const k = positions.join(',');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(positions);
      this.ids.set(k, id);
      this.size += positions.length;
      if (this.size > this.maxSize) throw new StringSpaceTooLarge(`a pattern of more than ${this.maxSize} automaton positions (${shortLabel(this.pattern.label)})`);
    }
    return id;
  }
}
