/**
 * Smoke size: `BENCH_SMOKE=1` runs a benchmark at a size of seconds, every check and assertion included, and
 * writes nothing (no RESULTS.md section, no results.json, no baseline), so that `.ci/run` can run every
 * benchmark and none can rot. A failed check or a thrown error still exits non-zero.
 *
 *   const runs = envNumber('RUNS', 2000, 20); // RUNS from the environment, else 2000, or 20 at smoke size
 *
 * @module
 */

/** Whether this is a smoke run. */
export const SMOKE = process.env['BENCH_SMOKE'] === '1';

/** Whether to print instead of writing: a smoke run, or `NO_WRITE`. */
export const NO_WRITE = SMOKE || process.env['NO_WRITE'] !== undefined;

/** A number from the environment, else `full`, or `smoke` at smoke size. */
export function envNumber(name: string, full: number, smoke: number): number {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') {
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
    return value;
  }
  return SMOKE ? smoke : full;
}

/** A comma-separated list of numbers from the environment, else `full`, or `smoke` at smoke size. */
export function envNumbers(name: string, full: readonly number[], smoke: readonly number[]): number[] {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') return raw.split(',').map((x) => Number(x.trim()));
  return [...(SMOKE ? smoke : full)];
}

/** Whether a `SKIP_*` switch is set. */
export const skipped = (name: string): boolean => process.env[name] !== undefined && process.env[name] !== '' && process.env[name] !== '0';

/**
 * A schema name for this run: `name` for a measured run, a per-process one at smoke size, so a CI smoke run
 * never drops the schema of a full run going on beside it on the shared server.
 */
export const schemaName = (name: string): string => (SMOKE ? `${name}_smoke_${String(process.pid)}` : name);
