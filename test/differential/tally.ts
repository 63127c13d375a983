/**
 * Counts what a differential run did with each generated scenario, so a run reports how much it
 * really compared and how much each known difference kept out (nothing is dropped silently).
 */
import * as fs from 'fs';
import * as path from 'path';
import { KnownDifference } from './exclusions';

export class Tally {
  public compared = 0;
  public readonly decisions: Record<string, number> = {};
  public readonly outOfScope: Record<string, number> = {};
  public readonly notCompared: Record<string, number> = {};

  public recordCompared(decision: string): void {
    this.compared++;
    this.decisions[decision] = (this.decisions[decision] ?? 0) + 1;
  }

  public recordOutOfScope(rule: string): void {
    this.outOfScope[rule] = (this.outOfScope[rule] ?? 0) + 1;
  }

  public recordNotCompared(differences: readonly KnownDifference[]): void {
    for (const d of differences) this.notCompared[d.id] = (this.notCompared[d.id] ?? 0) + 1;
  }

  /** Writes the tally to test-reports/ (for the README figures) and returns it as one line. */
  public report(name: string): string {
    const summary = {
      compared: this.compared,
      decisions: this.decisions,
      outOfScope: this.outOfScope,
      notCompared: this.notCompared,
    };
    const dir = path.join(__dirname, '..', '..', 'test-reports');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    return JSON.stringify(summary);
  }
}
