/**
 * `npm run bench:outbox`: messages per second through several concurrent dispatchers on the PostgreSQL
 * server at `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test) to the memory notifier, with a
 * duplicate count, in polity's own schema (`migrate` into `polity_bench_outbox`, dropped at the end).
 *
 * Each run: TRUNCATE the outbox, enqueue MESSAGES pending messages through `store.enqueue` (1,000 per call),
 * VACUUM (ANALYZE), then DISPATCHERS dispatchers, each with its own `pg.Pool` of CONNECTIONS connections and
 * its own store (as separate processes would), drain it to one shared memory notifier; the run ends when
 * every dispatcher's claim comes back empty. Afterwards: rows `sent` = MESSAGES, one send per idempotency key.
 * Modes (polity through the store's outbox queue, polity through the generic fallback, hand-written SQL)
 * and batch sizes take turns repeat by repeat, so drift of the shared machine hits them alike.
 *
 * Writes the `outbox` section of bench/RESULTS.md and bench/outbox/results.json; with WRITE_BASELINE=1 also
 * bench/outbox/baseline.json (the "before" every later report shows beside its own figures). Exits non-zero
 * when a run is not exact (duplicates, or messages not sent).
 *
 * Env: DATABASE_URL, MESSAGES (20000), DISPATCHERS (4), CONNECTIONS (2), BATCH_SIZES (50,200), REPEATS (5),
 * MODES (queue,fallback,hand), OUTBOX_FILLFACTOR (an experiment: the outbox table's fillfactor, polity's
 * migration leaves the default 100), KEEP_SCHEMA=1, NO_WRITE=1 (print only), RENDER_ONLY=1 (rewrite the section from
 * bench/outbox/results.json without measuring), WRITE_BASELINE=1; BENCH_SMOKE=1 (the CI smoke size: 500
 * messages, one repeat, batch size 50, a per-process schema, nothing written).
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { WRITE_BASELINE, measuredCommit, readBaseline, writeBaseline, type Baseline } from '../lib/baseline';
import { loadAverage, machine, pkgVersion } from '../lib/env';
import { writeResultsSection } from '../lib/results-section';
import { NO_WRITE, SMOKE, envNumber, envNumbers, schemaName, skipped } from '../lib/smoke';
import { spinMs } from '../pg/measure';
import { baselineFigures, renderReport, type OutboxBaselineFigures, type OutboxBenchResults } from './report';
import { MODES, benchMessage, drain, type ModeKey, type RunResult } from './workload';

const SCHEMA = schemaName('polity_bench_outbox');
const URL_ = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const MESSAGES = envNumber('MESSAGES', 20_000, 500);
const DISPATCHERS = envNumber('DISPATCHERS', 4, 4);
const CONNECTIONS = envNumber('CONNECTIONS', 2, 2);
const BATCH_SIZES = envNumbers('BATCH_SIZES', [50, 200], [50]);
const REPEATS = envNumber('REPEATS', 5, 1);
const MODE_KEYS = (process.env['MODES'] ?? 'queue,fallback,hand').split(',') as ModeKey[];
const ENQUEUE_CHUNK = 1000;
/** An experiment, not polity's schema: `ALTER TABLE outbox SET (fillfactor = n)` after migrating. */
const FILLFACTOR = process.env['OUTBOX_FILLFACTOR'] === undefined ? null : Number(process.env['OUTBOX_FILLFACTOR']);

const started = performance.now();
const log = (...parts: unknown[]) => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`, ...parts);

/** Empties the outbox and fills it with `count` pending messages due now; returns the enqueue time in ms. */
async function refill(admin: pg.Pool, count: number): Promise<number> {
  await admin.query(`TRUNCATE ${SCHEMA}.outbox`);
  const store = postgresStore(admin, { schema: SCHEMA });
  const at = new Date();
  const t0 = performance.now();
  for (let from = 0; from < count; from += ENQUEUE_CHUNK) {
    await store.enqueue(Array.from({ length: Math.min(ENQUEUE_CHUNK, count - from) }, (_, i) => benchMessage(from + i, at)));
  }
  const ms = performance.now() - t0;
  await store.close();
  await admin.query(`VACUUM (ANALYZE) ${SCHEMA}.outbox`);
  return ms;
}

const sentRows = async (pool: pg.Pool): Promise<number> => Number((await pool.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE status = 'sent'`)).rows[0]?.n ?? -1);

async function measure(): Promise<OutboxBenchResults> {
  const loadAtStart = loadAverage();
  const admin = new pg.Pool({ connectionString: URL_, max: 1 });
  const version = String((await admin.query('SHOW server_version')).rows[0]?.server_version);
  const settings = (await admin.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'max_connections', 'synchronous_commit', 'fsync', 'jit')`)).rows as { name: string; setting: string; unit: string | null }[];
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await migrate(admin, { schema: SCHEMA });
  if (FILLFACTOR !== null) await admin.query(`ALTER TABLE ${SCHEMA}.outbox SET (fillfactor = ${String(Math.trunc(FILLFACTOR))})`);
  const context = { url: URL_, schema: SCHEMA, dispatchers: DISPATCHERS, connections: CONNECTIONS };
  const modes = MODES.filter((mode) => MODE_KEYS.includes(mode.key));
  const spinStart = spinMs();

  // Warm-up, untimed: statements prepared, code paths compiled.
  for (const mode of modes) {
    await refill(admin, Math.min(MESSAGES, 2000));
    await drain(context, mode.key, BATCH_SIZES[0] ?? 50, Math.min(MESSAGES, 2000), sentRows);
  }
  log('warm-up done');

  const runs: RunResult[] = [];
  const enqueueMs: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const batchSize of BATCH_SIZES) {
      const order = repeat % 2 === 0 ? modes : [...modes].reverse();
      for (const mode of order) {
        enqueueMs.push(await refill(admin, MESSAGES));
        const run = await drain(context, mode.key, batchSize, MESSAGES, sentRows);
        runs.push(run);
        const ok = run.sentRows === MESSAGES && run.distinct === MESSAGES && run.duplicates === 0;
        log(`#${String(repeat + 1)} ${mode.key} batch ${String(batchSize)}: ${run.perSecond.toFixed(0)} msg/s, ${String(run.duplicates)} duplicates, sent rows ${String(run.sentRows)}, batches ${run.batches.join('/')}${ok ? '' : ' **NOT EXACT**'}`);
      }
    }
  }
  const spinEnd = spinMs();
  if (!skipped('KEEP_SCHEMA')) await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await admin.end();
  return {
    date: new Date().toISOString(),
    machine: machine().line,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    versions: { node: process.version, pg: pkgVersion('pg'), server: version },
    settings,
    config: { messages: MESSAGES, dispatchers: DISPATCHERS, connections: CONNECTIONS, batchSizes: BATCH_SIZES, repeats: REPEATS, enqueueChunk: ENQUEUE_CHUNK, fillfactor: FILLFACTOR },
    spinMs: { start: spinStart, end: spinEnd },
    enqueueMs,
    runs,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const baselineFile = fileURLToPath(new URL('./baseline.json', import.meta.url));
const renderOnly = process.env['RENDER_ONLY'] !== undefined;
let results: OutboxBenchResults;
if (renderOnly) results = JSON.parse(readFileSync(resultsFile, 'utf8')) as OutboxBenchResults;
else {
  try {
    results = await measure();
  } finally {
    // A smoke run's schema is its own (per process): never left behind, even by a failed run.
    if (SMOKE && !skipped('KEEP_SCHEMA')) {
      const cleanup = new pg.Pool({ connectionString: URL_, max: 1 });
      await cleanup.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await cleanup.end();
    }
  }
}
// A run recording the baseline (WRITE_BASELINE=1) reports against itself, so its section shows the "before" figures.
const writingBaseline = WRITE_BASELINE && !NO_WRITE && !renderOnly;
const baseline: Baseline<OutboxBaselineFigures> | null = writingBaseline
  ? { commit: measuredCommit(), date: results.date, machine: results.machine, loadAverage: results.loadAverage ?? { start: [], end: [] }, figures: baselineFigures(results) }
  : readBaseline<OutboxBaselineFigures>(baselineFile);
const markdown = renderReport(results, baseline);
if (!NO_WRITE) {
  if (!renderOnly) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeResultsSection('outbox', markdown);
  if (writingBaseline && baseline !== null) {
    writeBaseline(baselineFile, baseline);
    log('wrote bench/outbox/baseline.json');
  }
  log(!renderOnly ? `done in ${results.totalSeconds.toFixed(0)} s; wrote the outbox section of bench/RESULTS.md and bench/outbox/results.json` : 'rewrote the outbox section of bench/RESULTS.md from bench/outbox/results.json');
} else if (SMOKE) {
  log(`smoke run done in ${results.totalSeconds.toFixed(0)} s; report rendered (${String(markdown.split('\n').length)} lines), nothing written`);
} else {
  console.log(markdown);
}
const inexact = results.runs.filter((run) => !(run.duplicates === 0 && run.distinct === run.messages && run.sentRows === run.messages));
if (inexact.length > 0) {
  log(`${String(inexact.length)} run(s) not exact (duplicates, or messages not sent): see the report`);
  process.exitCode = 1;
}
