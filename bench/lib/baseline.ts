/**
 * A benchmark's baseline: the figures of one run of an earlier commit (issue #12: HEAD ce1ce6e, before the
 * refactor), kept in `bench/<name>/baseline.json` so that every later report shows them beside its own in a
 * "before" column, and every ratio afterwards is read against a measured "before".
 *
 * Written only on request (`WRITE_BASELINE=1`), from the run being made; read by every run.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Where and when a baseline was measured. */
export interface BaselineMeta {
  /** The short commit measured, e.g. `ce1ce6e`. */
  readonly commit: string;
  readonly date: string;
  readonly machine: string;
  /** Load averages (1 / 5 / 15 min) at the start and the end of the run. */
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
}

/** A baseline: its meta and the benchmark's own figures. */
export type Baseline<F> = BaselineMeta & { readonly figures: F };

/** The baseline at `file`, or `null` when there is none (yet). */
export function readBaseline<F>(file: string): Baseline<F> | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Baseline<F>;
}

/** Whether this run should record itself as the baseline. */
export const WRITE_BASELINE = process.env['WRITE_BASELINE'] === '1';

/** Writes a baseline file. */
export function writeBaseline<F>(file: string, baseline: Baseline<F>): void {
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/**
 * The code being measured: the last commit that changed src/ or adapters/ (bench-only commits on top do not
 * change what is measured), short, with a mark when either has uncommitted changes.
 */
export function measuredCommit(): string {
  try {
    const sha = execFileSync('git', ['log', '-1', '--format=%h', '--abbrev=7', '--', 'src', 'adapters'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'adapters'], { encoding: 'utf8' }).trim();
    return dirty === '' ? sha : `${sha}+changes`;
  } catch {
    return 'unknown';
  }
}

/** The column header of the baseline's figures, e.g. "before (HEAD ce1ce6e)". */
export const beforeHeader = (baseline: BaselineMeta | null): string => (baseline === null ? 'before' : `before (HEAD ${baseline.commit})`);
