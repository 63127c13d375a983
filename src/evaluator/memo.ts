/**
 * Bounded memo tables for the values a scenario repeats on every evaluation (method paths,
 * principal ARNs, condition-key names, addresses). Keys are strings, which cannot change, so a
 * memoised answer is always the answer; only successful parses are kept (a throw stores nothing).
 * When a table is full it starts over: the bound keeps memory flat for callers that feed endless
 * distinct values.
 */
export class Memo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly limit = 4096) {}

  public get(key: string, make: (key: string) => V): V {
    const known = this.values.get(key);
    if (known !== undefined) {
      return known;
    }
    const value = make(key);
    if (this.values.size >= this.limit) {
      this.values.clear();
    }
    this.values.set(key, value);
    return value;
  }
}
