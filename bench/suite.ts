/**
 * The bench's building blocks: a suite is a named measurement that reports lines and results;
 * the helpers time code with process.hrtime.bigint and take the median of several runs, so one
 * slow run (a GC pause, another process on the 2 cores) does not decide the figure.
 */

/** One figure a suite measured, with its target when it has one. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target, and whether a higher or a lower value is better. */
  readonly target?: { readonly value: number; readonly better: 'higher' | 'lower' };
}

/** A suite of measurements, listed in bench/main.ts and run in order. */
export interface BenchSuite {
  readonly name: string;
  /** One line: what the suite measures and why. */
  readonly description: string;
  /** Runs the measurements; `log` prints a detail line under the suite. */
  run(log: (line: string) => void): BenchResult[] | Promise<BenchResult[]>;
}

/** Whether a result meets its target (a result without a target always does). */
export function meetsTarget(result: BenchResult): boolean {
  if (!result.target) return true;
  return result.target.better === 'higher' ? result.value >= result.target.value : result.value <= result.target.value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface RateOptions {
  /** Time spent calling `op` before measuring (JIT warm-up). */
  readonly warmupMs?: number;
  /** How many measured runs; the median is reported. */
  readonly runs?: number;
  /** Minimum duration of each run. */
  readonly runMs?: number;
}

/**
 * Calls of `op` per second: the median of `runs` runs of at least `runMs` each, after warming up.
 * `op` does one unit of work per call; batches of calls keep the clock out of the loop.
 */
export function medianRate(op: () => void, options: RateOptions = {}): RateResult {
  const warmupMs = options.warmupMs ?? 1000;
  const runs = options.runs ?? 7;
  const runMs = options.runMs ?? 400;
  runFor(op, warmupMs);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const { calls, ns } = runFor(op, runMs);
    const cpu = process.cpuUsage(cpuBefore);
    rates.push(calls / (Number(ns) / 1e9));
    cpuRates.push(calls / ((cpu.user + cpu.system) / 1e6));
  }
  return { perSecond: median(rates), runs: rates, perCpuSecond: median(cpuRates) };
}

export interface RateResult {
  /** Median calls per second of wall time (process.hrtime.bigint): the figure that counts. */
  readonly perSecond: number;
  readonly runs: number[];
  /**
   * Median calls per second of this process's CPU time: on a machine shared with other work the
   * wall-clock figure falls with the load, this one much less, so the two together tell a slow
   * evaluator from a busy machine.
   */
  readonly perCpuSecond: number;
}

/** The 1-minute load average and the number of CPUs, to print beside timings. */
export function machineLoad(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('os') as typeof import('os');
  return `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`;
}

function runFor(op: () => void, ms: number): { calls: number; ns: bigint } {
  const budget = BigInt(Math.round(ms * 1e6));
  const batch = 256;
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < batch; i++) op();
    calls += batch;
    elapsed = process.hrtime.bigint() - start;
  }
  return { calls, ns: elapsed };
}

/** Median wall time in milliseconds of `runs` calls of `op` (for slow operations such as a synth). */
export async function medianMs(op: () => unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
