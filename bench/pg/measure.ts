/**
 * Timing helpers: samples of wall-clock milliseconds around awaited calls, interleaved between modes so that
 * drift of the shared two-core machine hits every mode alike.
 *
 * @module
 */
import { quantile } from '../lib/env';

/** A latency summary in milliseconds. */
export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

/** p50 / p90 / p99 / mean of samples. */
export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((total, x) => total + x, 0) / samples.length;
  return { n: samples.length, p50: quantile(samples, 0.5), p90: quantile(samples, 0.9), p99: quantile(samples, 0.99), mean };
}

/** One timed call: returns the rows it got (for a sanity check) and, optionally, its own timed span. */
export type Task = () => Promise<{ readonly rows: number; readonly timed?: number }>;

/**
 * Runs each mode's task `warmup` times untimed, then `runs` times timed, alternating call by call (modes in
 * turn, the order reversed every other round), so that a burst of load from other processes on the shared
 * machine falls on every mode alike rather than on one mode's slice.
 */
export async function interleaved(
  modes: readonly { readonly name: string; readonly task: Task; readonly warm: Task }[],
  runs: number,
  warmup: number,
): Promise<Map<string, Summary & { readonly rowsAvg: number }>> {
  for (const mode of modes) for (let i = 0; i < warmup; i += 1) await mode.warm();
  const samples = modes.map(() => [] as number[]);
  const rows = modes.map(() => 0);
  for (let i = 0; i < runs; i += 1) {
    for (let k = 0; k < modes.length; k += 1) {
      const index = i % 2 === 0 ? k : modes.length - 1 - k;
      const mode = modes[index];
      if (mode === undefined) continue;
      const t0 = performance.now();
      const result = await mode.task();
      const t1 = performance.now();
      samples[index]?.push(result.timed ?? t1 - t0);
      rows[index] = (rows[index] ?? 0) + result.rows;
    }
  }
  return new Map(
    modes.map((mode, index) => {
      const list = samples[index] ?? [];
      return [mode.name, { ...summarize(list), rowsAvg: (rows[index] ?? 0) / list.length }];
    }),
  );
}

/** Fixed CPU work (ms), to compare the machine's speed between runs (the shared bench's probe). */
export function spinMs(): number {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i += 1) x += i % 7;
  if (x < 0) console.log(x);
  return performance.now() - t0;
}
