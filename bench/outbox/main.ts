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
 * Writes the `outbox` section of bench/RESULTS.md and bench/outbox/results.json.
 *
 * Env: DATABASE_URL, MESSAGES (20000), DISPATCHERS (4), CONNECTIONS (2), BATCH_SIZES (50,200), REPEATS (5),
 * MODES (queue,fallback,hand), OUTBOX_FILLFACTOR (an experiment: the outbox table's fillfactor, polity's
 * migration leaves the default 100), KEEP_SCHEMA=1, NO_WRITE=1 (print only), RENDER_ONLY=1 (rewrite the section from
 * bench/outbox/results.json without measuring).
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { machine, pkgVersion } from '../lib/env';
import { writeResultsSection } from '../lib/results-section';
import { spinMs } from '../pg/measure';
import { renderReport, type OutboxBenchResults } from './report';
import { MODES, benchMessage, drain, type ModeKey, type RunResult } from './workload';

const SCHEMA = 'polity_bench_outbox';
const URL_ = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const MESSAGES = Number(process.env['MESSAGES'] ?? 20_000);
const DISPATCHERS = Number(process.env['DISPATCHERS'] ?? 4);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 2);
const BATCH_SIZES = (process.env['BATCH_SIZES'] ?? '50,200').split(',').map(Number);
const REPEATS = Number(process.env['REPEATS'] ?? 5);
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
  if (process.env['KEEP_SCHEMA'] === undefined) await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await admin.end();
  return {
    date: new Date().toISOString(),
    machine: machine().line,
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
const results: OutboxBenchResults = process.env['RENDER_ONLY'] !== undefined ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as OutboxBenchResults) : await measure();
const markdown = renderReport(results);
if (process.env['NO_WRITE'] === undefined) {
  if (process.env['RENDER_ONLY'] === undefined) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeResultsSection('outbox', markdown);
  log(process.env['RENDER_ONLY'] === undefined ? `done in ${results.totalSeconds.toFixed(0)} s; wrote the outbox section of bench/RESULTS.md and bench/outbox/results.json` : 'rewrote the outbox section of bench/RESULTS.md from bench/outbox/results.json');
} else {
  console.log(markdown);
}
