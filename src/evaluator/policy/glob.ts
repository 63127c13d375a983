/* eslint-disable no-bitwise -- the Shift-And search keeps pattern positions as bits of 32-bit words */
/**
 * Glob matching of whole subjects for patterns whose every `*` may match any characters, in time
 * about linear in the subject (see GreedyMatcher). The pattern arrives flattened into units: one per
 * literal character (UNIT_CHAR with its code), `?` (UNIT_ONE, code 1 when it may match a colon) or
 * `*` (UNIT_STAR).
 */

export const UNIT_CHAR = 0;
export const UNIT_ONE = 1;
export const UNIT_STAR = 2;
export const COLON = 58;

/** Matches a whole subject. */
export interface Matcher {
  matches(subject: string): boolean;
}

/** One run of a pattern between free `*`: literal characters and `?` (UNIT_CHAR / UNIT_ONE units). */
class Piece {
  public readonly length: number;
  /** The piece as text when it has no `?`, for indexOf. */
  private readonly text?: string;
  /** Bit-parallel (Shift-And) tables, for pieces with `?`. */
  private readonly words: number;
  private readonly anyMask?: Uint32Array;
  private readonly colonMask?: Uint32Array;
  private readonly charMasks?: Map<number, Uint32Array>;
  private state?: Uint32Array;

  constructor(private readonly kinds: readonly number[], private readonly codes: readonly number[]) {
    this.length = kinds.length;
    this.words = Math.ceil(this.length / 32);
    if (kinds.every(k => k === UNIT_CHAR)) {
      this.text = codesToString(codes);
      return;
    }
    // Bit j of the mask for character c: position j of the piece accepts c.
    const any = new Uint32Array(this.words);
    const colon = new Uint32Array(this.words);
    const chars = new Map<number, Uint32Array>();
    for (let j = 0; j < this.length; j++) {
      const bit = 1 << (j & 31);
      const word = j >> 5;
      if (kinds[j] === UNIT_ONE) {
        any[word] |= bit;
        if (codes[j] === 1) {
          colon[word] |= bit;
        }
      }
    }
    for (let j = 0; j < this.length; j++) {
      if (kinds[j] === UNIT_CHAR && !chars.has(codes[j])) {
        chars.set(codes[j], Uint32Array.from(codes[j] === COLON ? colon : any));
      }
    }
    for (let j = 0; j < this.length; j++) {
      if (kinds[j] === UNIT_CHAR) {
        chars.get(codes[j])![j >> 5] |= 1 << (j & 31);
      }
    }
    this.anyMask = any;
    this.colonMask = colon;
    this.charMasks = chars;
    this.state = new Uint32Array(this.words);
  }

  /** Whether the piece matches `subject` at `start`. */
  public at(subject: string, start: number): boolean {
    if (start < 0 || start + this.length > subject.length) {
      return false;
    }
    if (this.text !== undefined) {
      return subject.startsWith(this.text, start);
    }
    for (let j = 0; j < this.length; j++) {
      const c = subject.charCodeAt(start + j);
      if (this.kinds[j] === UNIT_CHAR ? this.codes[j] !== c : this.codes[j] !== 1 && c === COLON) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first start >= from where the piece matches and ends by `end`, or -1. Pieces without `?`
   * use indexOf; pieces with `?` scan once with Shift-And (time: subject length times the piece
   * length / 32), so no subject and pattern make this quadratic.
   */
  public find(subject: string, from: number, end: number): number {
    if (this.text !== undefined) {
      const at = subject.indexOf(this.text, from);
      return at >= 0 && at + this.length <= end ? at : -1;
    }
    const { words, anyMask, colonMask, charMasks } = this;
    const state = this.state!;
    state.fill(0);
    const lastWord = (this.length - 1) >> 5;
    const lastBit = 1 << ((this.length - 1) & 31);
    for (let i = from; i < end; i++) {
      const c = subject.charCodeAt(i);
      const mask = charMasks!.get(c) ?? (c === COLON ? colonMask! : anyMask!);
      let carry = 1;
      for (let w = 0; w < words; w++) {
        const v = state[w];
        state[w] = ((v << 1) | carry) & mask[w];
        carry = v >>> 31;
      }
      if ((state[lastWord] & lastBit) !== 0) {
        return i - this.length + 1;
      }
    }
    return -1;
  }
}

function codesToString(codes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 4096) {
    text += String.fromCharCode(...codes.slice(i, i + 4096));
  }
  return text;
}

/**
 * Patterns whose every `*` may match anything (Action, StringLike, the resource part of an ARN):
 * the classic greedy glob match. The first piece must match at the start and the last at the end;
 * each piece between is placed at its leftmost match after the previous one, which is never worse
 * for the pieces that follow because a `*` absorbs whatever lies between. Each piece is searched
 * once from left to right: time is about the subject's length (times piece length / 32 for pieces
 * with `?`), whatever the number of `*`. (An automaton over every pattern position took 63 s for a
 * 4 KB pattern of many `*` against a 1 MB subject.)
 */
export class GreedyMatcher implements Matcher {
  private readonly pieces: Piece[];

  constructor(kinds: readonly number[], codes: readonly number[]) {
    this.pieces = [];
    let pieceKinds: number[] = [];
    let pieceCodes: number[] = [];
    for (let j = 0; j <= kinds.length; j++) {
      if (j === kinds.length || kinds[j] === UNIT_STAR) {
        this.pieces.push(new Piece(pieceKinds, pieceCodes));
        pieceKinds = [];
        pieceCodes = [];
      } else {
        pieceKinds.push(kinds[j]);
        pieceCodes.push(codes[j]);
      }
    }
  }

  public matches(subject: string): boolean {
    const pieces = this.pieces;
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    if (pieces.length === 1) {
      return first.length === subject.length && first.at(subject, 0);
    }
    if (!first.at(subject, 0)) {
      return false;
    }
    const end = subject.length - last.length;
    if (end < first.length || !last.at(subject, end)) {
      return false;
    }
    let position = first.length;
    for (let k = 1; k < pieces.length - 1; k++) {
      const piece = pieces[k];
      if (piece.length === 0) {
        continue;
      }
      const at = piece.find(subject, position, end);
      if (at < 0) {
        return false;
      }
      position = at + piece.length;
    }
    return true;
  }
}
