/**
 * Small helpers every benchmark uses: the machine, installed package versions, forced GC, formatting.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

/** CPU model, cores, memory, Node and V8 version, OS, as one line for RESULTS.md. */
export function machine(): { cpu: string; cores: number; memGiB: number; node: string; v8: string; os: string; line: string } {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() || 'unknown CPU';
  const cores = os.availableParallelism?.() ?? cpus.length;
  const memGiB = os.totalmem() / 2 ** 30;
  const node = process.version;
  const v8v = process.versions.v8;
  const osName = `${os.platform()} ${os.release()} ${os.arch()}`;
  const line = `${cpu}, ${cores} cores, ${memGiB.toFixed(0)} GiB RAM; Node ${node} (V8 ${v8v}) on ${osName}`;
  return { cpu, cores, memGiB, node, v8: v8v, os: osName, line };
}

/** Installed version of a dependency, found by walking up from its entry point (some packages do not export ./package.json). */
export function pkgVersion(name: string, entry: string = name): string {
  let dir = dirname(require.resolve(entry));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep walking up
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

let gcFn: (() => void) | undefined;
/** A full, forced garbage collection (works without `--expose-gc` on the command line). */
export function fullGc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFn();
  gcFn();
}

/** Heap used and off-heap memory (ArrayBuffers, wasm linear memory) in bytes. */
export function memory(): { heapUsed: number; external: number } {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external };
}

/** A number for a table: 3 significant digits below 1,000, thousands separators above. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x == null || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return '∞';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toString();
}

/** Bytes as MB with one decimal. */
export const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/** The p-quantile (0…1) of numbers, interpolated; sorts a copy. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = s[lo] ?? Number.NaN;
  const b = s[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** The 1, 5 and 15 minute load averages, two decimals: how busy the shared machine was. */
export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [Number(a.toFixed(2)), Number(b.toFixed(2)), Number(c.toFixed(2))];
}

/** Load averages as "3.53 / 3.35 / 3.35". */
export const loadText = (load: readonly number[]) => load.map((x) => x.toFixed(2)).join(' / ');
