/**
 * `npm run bench:pg`: polity's Postgres adapter against the hand-written SQL of ../shared/bench/pg, side by
 * side in one run, on the server at `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test) and
 * on PGlite, in polity's own schema (created by `migrate`, loaded with generate_series, dropped at the end).
 *
 *   1. filtering: first page of 50 "meetings I may manage" for a unit coordinator, an organisation
 *      coordinator and multi-scope principals (polity: the policy plan's filter to `store.meetings.list`;
 *      hand: prepared statements), keyset next page, count, and load-then-filter;
 *   2. seat claims: 1,000 concurrent activations of a pool of 100 seats over 20 connections, hand-written
 *      (guarded UPDATE, CTE, whole command) and through the Store (guardedUpdate, in a transaction with the
 *      holder row, whole activation command);
 *   3. the command lines of issue #12 (command-lines.ts), through polity's public API: (k) `users.add` and
 *      `meetings.schedule` against one hand-written transaction, (h) their cost against the actor's history,
 *      (s) 1,000 concurrent licensed `users.add` against plain guarded seat claims.
 *
 * Writes the `pg` section of bench/RESULTS.md and bench/pg/results.json; with WRITE_BASELINE=1 also
 * bench/pg/baseline.json (the "before" every later report shows beside its own figures).
 *
 * Env: DATABASE_URL, MEETINGS (1000000), PGLITE_MEETINGS (= MEETINGS), RUNS (2000), SEAT_REPEATS (5), CLAIMS
 * (1000), SEATS (100), COMMAND_RUNS (300), HISTORY_SIZES (0,1000,10000,30000), HISTORY_RUNS (100),
 * SEAT_COMMAND_REPEATS (3), SEAT_COMMAND_TIMEOUT_S (900); SKIP_FILTERING=1 (parts 1 and 2), SKIP_PGLITE=1,
 * SKIP_SEATS=1, SKIP_COMMANDS=1 (k), SKIP_HISTORY=1 (h), SKIP_SEAT_COMMANDS=1 (s); KEEP_SCHEMA=1, NO_WRITE=1
 * (print only), RENDER_ONLY=1 (rewrite the section from bench/pg/results.json without measuring),
 * WRITE_BASELINE=1; BENCH_SMOKE=1 (the CI smoke size: tiny sizes, per-process schemas, nothing written).
 * Exits non-zero when a check fails (an error) or a run is not exact.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Store } from 'polity';
import { orderKeys } from 'polity/store-kit';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { pageStatement } from '../../adapters/postgres/list-sql';
import { tableSpecs } from '../../adapters/postgres/tables';
import { WRITE_BASELINE, measuredCommit, readBaseline, writeBaseline } from '../lib/baseline';
import { fmt, fullGc, loadAverage, machine, pkgVersion } from '../lib/env';
import { writeResultsSection } from '../lib/results-section';
import { NO_WRITE, SMOKE, envNumber, envNumbers, schemaName, skipped } from '../lib/smoke';
import { commandLines } from './command-lines';
import { ORPHANS_SQL, draws, loadStatements, type Draws } from './data';
import { interleaved, spinMs, type Summary, type Task } from './measure';
import { B_NEXT_SQL, CASES, COUNT_SQL, C_OR_SQL, LOAD_ALL_SQL, type QueryCase, type Scopes } from './queries';
import { renderReport, type BenchResults, type PgBaselineFigures } from './report';
import { commandFigures } from './report-commands';
import { runClaims, strategies, type RunResult, type SeatContext } from './seats';

const SCHEMA = schemaName('polity_bench');
const URL_ = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
// Smoke sizes: three organisations (the multi-scope draws need three), a handful of calls, small claims.
const MEETINGS = envNumber('MEETINGS', 1_000_000, 3000);
const PGLITE_MEETINGS = envNumber('PGLITE_MEETINGS', MEETINGS, MEETINGS);
const RUNS = envNumber('RUNS', 2000, 20);
const WARMUP = Math.min(200, RUNS);
const SEAT_REPEATS = envNumber('SEAT_REPEATS', 5, 1);
const CLAIMS = envNumber('CLAIMS', 1000, 100);
const SEATS = envNumber('SEATS', 100, 10);
const SEAT_CONNECTIONS = 20;
const COMMAND_RUNS = envNumber('COMMAND_RUNS', 300, 10);
const HISTORY_SIZES = envNumbers('HISTORY_SIZES', [0, 1000, 10_000, 30_000], [0, 200]);
const HISTORY_RUNS = envNumber('HISTORY_RUNS', 100, 3);
const SEAT_COMMAND_REPEATS = envNumber('SEAT_COMMAND_REPEATS', 3, 1);
const SEAT_COMMAND_TIMEOUT_MS = envNumber('SEAT_COMMAND_TIMEOUT_S', 900, 120) * 1000;
const KEEP_SCHEMA = skipped('KEEP_SCHEMA');

const started = performance.now();
const log = (...parts: unknown[]) => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`, ...parts);

/** Something that runs a statement: a pool or PGlite. */
type Exec = (text: string, values: unknown[], name?: string) => Promise<Record<string, unknown>[]>;

const results: BenchResults = {
  date: new Date().toISOString(),
  machine: machine().line,
  versions: { node: process.version, pg: pkgVersion('pg'), pglite: pkgVersion('@electric-sql/pglite') },
  loadAverage: { start: loadAverage(), end: [] },
  config: {
    meetings: MEETINGS,
    pgliteMeetings: PGLITE_MEETINGS,
    runs: RUNS,
    warmup: WARMUP,
    seatRepeats: SEAT_REPEATS,
    claims: CLAIMS,
    seats: SEATS,
    connections: SEAT_CONNECTIONS,
    commandRuns: COMMAND_RUNS,
    historySizes: HISTORY_SIZES,
    historyRuns: HISTORY_RUNS,
    seatCommandRepeats: SEAT_COMMAND_REPEATS,
  },
  spinMs: { start: spinMs(), end: 0 },
  server: null,
  pglite: null,
  commandLines: null,
  totalSeconds: 0,
};

// ------------------------------------------------------------------------------------------------ loading

/** The foreign keys that reference `meetings (id)` (adapters/postgres/migrations), dropped and re-added around the load. */
const MEETING_FKS = [
  { table: 'participants', name: 'participants.meetingId.ref' },
  { table: 'attendances', name: 'attendances.meetingId.ref' },
] as const;

/** Loads the data into a migrated schema: meetings without their indexes and primary key, then rebuilt. */
async function load(exec: (sql: string) => Promise<unknown>, query: Exec, meetings: number, who: string): Promise<Record<string, number>> {
  const steps: Record<string, number> = {};
  const step = async (name: string, sql: string | string[]) => {
    const t0 = performance.now();
    for (const statement of Array.isArray(sql) ? sql : [sql]) await exec(statement);
    steps[name] = performance.now() - t0;
    log(who, name, `${(steps[name] / 1000).toFixed(1)} s`);
  };
  const indexes = (await query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'meetings' AND indexname <> 'meetings.id'`,
    [SCHEMA],
  )) as { indexname: string; indexdef: string }[];
  await exec(`SET search_path TO ${SCHEMA}`);
  await exec("SET work_mem = '256MB'");
  await exec("SET maintenance_work_mem = '512MB'");
  // Foreign-key triggers off for the bulk load (the data is consistent by construction: checked below).
  await exec('SET session_replication_role = replica');
  for (const index of indexes) await exec(`DROP INDEX ${SCHEMA}."${index.indexname}"`);
  // Every foreign key onto meetings depends on its primary key's index, so they go (and come back) with it:
  // participants' (migration 0001) and attendances' (migration 0002).
  for (const fk of MEETING_FKS) await exec(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`);
  await exec('ALTER TABLE meetings DROP CONSTRAINT "meetings.id"');
  for (const statement of loadStatements(meetings)) await step(statement.name, statement.sql);
  await step('indexes', [
    'ALTER TABLE meetings ADD CONSTRAINT "meetings.id" PRIMARY KEY (id)',
    ...indexes.map((index) => index.indexdef),
    ...MEETING_FKS.map((fk) => `ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" FOREIGN KEY (meeting_id) REFERENCES meetings (id)`),
  ]);
  await exec('SET session_replication_role = origin');
  const orphans = Number(((await query(ORPHANS_SQL, [])) as { n: string | number }[])[0]?.n ?? -1);
  if (orphans !== 0) throw new Error(`${who}: ${String(orphans)} meetings reference missing records`);
  await step('vacuum analyze', 'VACUUM (ANALYZE)');
  await exec('RESET work_mem');
  await exec('RESET maintenance_work_mem');
  return steps;
}

// ---------------------------------------------------------------------------------------------- filtering

function scopesFor(key: string, draw: Draws): Scopes {
  switch (key) {
    case 'a':
      return { kind: 'organiser', organiser: draw.organiser() };
    case 'b':
      return { kind: 'organisation', organisation: draw.organisation() };
    case 'c': {
      const m = draw.mixed();
      return { kind: 'mixed', organisations: m.organisations, organiser: m.organiser };
    }
    default:
      return { kind: 'multi', ...draw.multi() };
  }
}

const orderByStart = [{ field: 'startsAt' as const }];
const ids = (rows: readonly { id?: unknown }[]) => rows.map((row) => String(row.id)).join(',');

/** Checks that polity and the hand-written SQL return the same pages (and keyset pages), before timing. */
async function checkEquivalence(store: Store, exec: Exec, meetings: number, sets: number): Promise<number> {
  let checked = 0;
  for (const testCase of CASES) {
    const draw = draws(meetings, 0xc0ffee + testCase.key.charCodeAt(0));
    for (let i = 0; i < sets; i += 1) {
      const scopes = scopesFor(testCase.key, draw);
      const mine = await store.meetings.list({ where: testCase.plan(scopes), orderBy: orderByStart, limit: 50 });
      const theirs = await exec(testCase.sql, testCase.params(scopes), `hand_${testCase.key}`);
      if (ids(mine.items) !== ids(theirs)) throw new Error(`${testCase.key}: polity and hand-written SQL disagree for ${JSON.stringify(scopes)}`);
      checked += 1;
    }
  }
  // (b) walked with keyset pages visits exactly the organisation's meetings.
  const draw = draws(meetings, 0xb2);
  const organisation = draw.organisation();
  const plan = CASES[1]?.plan({ kind: 'organisation', organisation });
  if (plan === undefined) throw new Error('no case b');
  let after: string | null = null;
  let seen = 0;
  do {
    const page = await store.meetings.list({ where: plan, orderBy: orderByStart, limit: 50, after });
    seen += page.items.length;
    after = page.nextCursor;
  } while (after !== null);
  const count = await store.meetings.count(plan);
  if (seen !== count || count !== 1000) throw new Error(`keyset walk saw ${String(seen)}, count ${String(count)}`);
  return checked;
}

interface Side {
  readonly name: string;
  readonly store: Store;
  readonly exec: Exec;
  readonly meetings: number;
}

/** Times every query on one side (server or PGlite), polity and hand-written interleaved. */
async function timeQueries(side: Side): Promise<Record<string, Record<string, Summary & { rowsAvg: number }>>> {
  const out: Record<string, Record<string, Summary & { rowsAvg: number }>> = {};
  const listTask = (testCase: QueryCase, draw: Draws): Task => async () => {
    const page = await side.store.meetings.list({ where: testCase.plan(scopesFor(testCase.key, draw)), orderBy: orderByStart, limit: 50 });
    return { rows: page.items.length };
  };
  const handTask = (testCase: QueryCase, draw: Draws): Task => async () => ({
    rows: (await side.exec(testCase.sql, testCase.params(scopesFor(testCase.key, draw)), `hand_${testCase.key}`)).length,
  });
  for (const testCase of CASES) {
    const seed = 0x5eed + testCase.key.charCodeAt(0);
    const measured = await interleaved(
      [
        { name: 'polity', task: listTask(testCase, draws(side.meetings, seed)), warm: listTask(testCase, draws(side.meetings, seed + 1000)) },
        { name: 'hand', task: handTask(testCase, draws(side.meetings, seed)), warm: handTask(testCase, draws(side.meetings, seed + 1000)) },
      ],
      RUNS,
      WARMUP,
    );
    out[testCase.key] = Object.fromEntries(measured);
    log(side.name, testCase.key, [...measured].map(([mode, s]) => `${mode} p50 ${fmt(s.p50)} p99 ${fmt(s.p99)} ms`).join(' · '));
  }

  // (b) next page: the untimed first page gives the cursor; the next page is timed.
  const nextPolity = (draw: Draws): Task => async () => {
    const plan = CASES[1]?.plan({ kind: 'organisation', organisation: draw.organisation() });
    const first = await side.store.meetings.list({ ...(plan === undefined ? {} : { where: plan }), orderBy: orderByStart, limit: 50 });
    const t0 = performance.now();
    const next = await side.store.meetings.list({ ...(plan === undefined ? {} : { where: plan }), orderBy: orderByStart, limit: 50, after: first.nextCursor });
    return { rows: next.items.length, timed: performance.now() - t0 };
  };
  const nextHand = (draw: Draws): Task => async () => {
    const organisation = draw.organisation();
    const first = await side.exec(CASES[1]?.sql ?? '', [organisation], 'hand_b');
    const last = first.at(-1) as { starts_at: Date; id: string };
    const t0 = performance.now();
    const next = await side.exec(B_NEXT_SQL, [organisation, last.starts_at, last.id], 'hand_b2');
    return { rows: next.length, timed: performance.now() - t0 };
  };
  const next = await interleaved(
    [
      { name: 'polity', task: nextPolity(draws(side.meetings, 0xb2b2)), warm: nextPolity(draws(side.meetings, 0xb2b3)) },
      { name: 'hand', task: nextHand(draws(side.meetings, 0xb2b2)), warm: nextHand(draws(side.meetings, 0xb2b3)) },
    ],
    Math.min(RUNS, 1000),
    Math.min(WARMUP, 100),
  );
  out['b2'] = Object.fromEntries(next);
  log(side.name, 'b2', [...next].map(([mode, s]) => `${mode} p50 ${fmt(s.p50)} ms`).join(' · '));

  // (d) count of one organisation, and the plain OR of (c) for reference.
  const countPolity = (draw: Draws): Task => async () => {
    const plan = CASES[1]?.plan({ kind: 'organisation', organisation: draw.organisation() });
    return { rows: plan === undefined ? 0 : await side.store.meetings.count(plan) };
  };
  const countHand = (draw: Draws): Task => async () => ({ rows: Number((await side.exec(COUNT_SQL, [draw.organisation()], 'hand_d'))[0]?.['n'] ?? 0) });
  const orHand = (draw: Draws): Task => async () => {
    const m = draw.mixed();
    return { rows: (await side.exec(C_OR_SQL, [[...m.organisations], m.organiser], 'hand_c_or')).length };
  };
  const extra = await interleaved(
    [
      { name: 'polity count', task: countPolity(draws(side.meetings, 0xd)), warm: countPolity(draws(side.meetings, 0xdd)) },
      { name: 'hand count', task: countHand(draws(side.meetings, 0xd)), warm: countHand(draws(side.meetings, 0xdd)) },
      { name: 'hand plain OR', task: orHand(draws(side.meetings, 0x5eed + 99)), warm: orHand(draws(side.meetings, 0x5eed + 1099)) },
    ],
    Math.min(RUNS, 1000),
    Math.min(WARMUP, 100),
  );
  out['d'] = { polity: extra.get('polity count') as Summary & { rowsAvg: number }, hand: extra.get('hand count') as Summary & { rowsAvg: number } };
  out['c_or'] = { hand: extra.get('hand plain OR') as Summary & { rowsAvg: number } };
  log(side.name, 'd / c_or', [...extra].map(([mode, s]) => `${mode} p50 ${fmt(s.p50)} ms`).join(' · '));
  return out;
}

/** polity's statement for a case (as the adapter builds it) and its plan. */
async function explainPolity(exec: Exec, key: string, meetings: number): Promise<{ sql: string; plan: string[] }> {
  const testCase = CASES.find((candidate) => candidate.key === key);
  const meetingsTable = tableSpecs(SCHEMA).get('meetings');
  if (testCase === undefined || meetingsTable === undefined) throw new Error(`no case ${key}`);
  const scopes = scopesFor(key, draws(meetings, 0x9a));
  const statement = pageStatement(meetingsTable, { where: testCase.plan(scopes), keys: orderKeys(orderByStart), after: null, fetch: 51 });
  const rows = await exec(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`, statement.values);
  return { sql: statement.text, plan: rows.map((row) => String(row['QUERY PLAN'])) };
}

// ------------------------------------------------------------------------------------------------ server

async function server(): Promise<NonNullable<BenchResults['server']>> {
  const connection = { connectionString: URL_, options: `-c search_path=${SCHEMA}` };
  const pool = new pg.Pool({ ...connection, max: 2 });
  const admin = await pool.connect();
  const version = String((await admin.query('SHOW server_version')).rows[0]?.server_version);
  const settings = (await admin.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit', 'fsync', 'jit', 'random_page_cost')`)).rows as { name: string; setting: string; unit: string | null }[];
  log('server', version);
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  const t0 = performance.now();
  await migrate(pool, { schema: SCHEMA });
  const migrateMs = performance.now() - t0;
  const exec: Exec = async (text, values, name) => (await pool.query(name === undefined ? { text, values } : { name, text, values })).rows as Record<string, unknown>[];
  const steps = await load((sql) => admin.query(sql), (text, values) => admin.query(text, values).then((r) => r.rows as Record<string, unknown>[]), MEETINGS, 'server');
  await admin.query('CHECKPOINT');
  const sizes = (await admin.query(`SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relkind IN ('r', 'i') AND (c.relname LIKE 'meetings%') ORDER BY 2 DESC`, [SCHEMA])).rows.map((row: { name: string; bytes: string }) => ({
    name: row.name,
    mib: Number(row.bytes) / 2 ** 20,
  }));

  const store = postgresStore(pool, { schema: SCHEMA });
  const checked = await checkEquivalence(store, exec, MEETINGS, SMOKE ? 10 : 200);
  log('server: polity and hand-written SQL agree on', checked, 'pages; keyset walk = count');
  const queries = await timeQueries({ name: 'server', store, exec, meetings: MEETINGS });
  const plans = { c: await explainPolity(exec, 'c', MEETINGS), m: await explainPolity(exec, 'm', MEETINGS) };

  // (e) load-then-filter: every meeting into Node, then filter, sort and page in JavaScript.
  const loadThenFilter: { fetchMs: number; filterMs: number; totalMs: number; rows: number; heapMB: number }[] = [];
  const draw = draws(MEETINGS, 0xe);
  for (let run = 0; run < 2; run += 1) {
    fullGc();
    const heap0 = process.memoryUsage().heapUsed;
    const t1 = performance.now();
    let rows = (await pool.query(LOAD_ALL_SQL)).rows as { organisation_id: string; starts_at: Date; id: string }[];
    const t2 = performance.now();
    const heapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    const organisation = draw.organisation();
    const page = rows
      .filter((row) => row.organisation_id === organisation)
      .sort((x, y) => x.starts_at.getTime() - y.starts_at.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .slice(0, 50);
    const t3 = performance.now();
    const expected = await store.meetings.list({ where: CASES[1]?.plan({ kind: 'organisation', organisation }) ?? { kind: 'never' }, orderBy: orderByStart, limit: 50 });
    if (ids(page) !== ids(expected.items)) throw new Error('load-then-filter page differs from polity’s');
    loadThenFilter.push({ fetchMs: t2 - t1, filterMs: t3 - t2, totalMs: t3 - t1, rows: rows.length, heapMB });
    rows = [];
    log('server (e) load-then-filter', `${((t3 - t1) / 1000).toFixed(2)} s`);
  }
  fullGc();

  let seats: NonNullable<BenchResults['server']>['seats'] = null;
  if (!skipped('SKIP_SEATS')) seats = await seatClaims(connection, admin);

  admin.release();
  await store.close();
  if (!KEEP_SCHEMA) await pool.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await pool.end();
  return { version, settings, migrateMs, load: steps, sizes, checked, queries, plans, loadThenFilter, seats };
}

async function seatClaims(connection: pg.PoolConfig, admin: pg.PoolClient): Promise<NonNullable<NonNullable<BenchResults['server']>['seats']>> {
  const organisationId = (await admin.query("SELECT id FROM organisations ORDER BY id LIMIT 1")).rows[0]?.id as string;
  await admin.query(
    `INSERT INTO licence_pools (id, organisation_id, allocated, used, reserved, updated_at) VALUES ('bench_pool', $1, $2, 0, 0, now())`,
    [organisationId, SEATS],
  );
  const users = (await admin.query('SELECT n, substr(md5(\'p\' || n), 1, 21) AS id FROM generate_series(0, $1::int - 1) n', [CLAIMS])).rows as { id: string }[];
  const pool = new pg.Pool({ ...connection, max: SEAT_CONNECTIONS });
  // Open every connection before timing.
  const opened = await Promise.all(Array.from({ length: SEAT_CONNECTIONS }, () => pool.connect()));
  await Promise.all(opened.map((client) => client.query('SELECT 1')));
  for (const client of opened) client.release();
  const store = postgresStore(pool, { schema: SCHEMA });
  const context: SeatContext = {
    pool,
    store,
    poolId: 'bench_pool',
    organisationId,
    userId: (n) => users[n]?.id ?? '',
    invitationId: (n) => `invite_${String(n)}`,
  };
  const list = strategies(context);
  const runs = new Map<string, RunResult[]>(list.map((strategy) => [strategy.key, []]));
  // Strategies take turns repeat by repeat, so machine drift hits them alike.
  for (let repeat = 0; repeat < SEAT_REPEATS; repeat += 1) {
    for (const strategy of list) {
      const result = await runClaims(admin, context, strategy, CLAIMS);
      runs.get(strategy.key)?.push(result);
      log(`seats ${strategy.key} #${String(repeat + 1)}: granted ${String(result.granted)}, used ${String(result.used)}, holders ${String(result.holders)}, ${result.claimsPerSecond.toFixed(0)} claims/s, retries ${String(result.retries)}, errors ${String(result.errors)}${result.firstError === null ? '' : ` (${result.firstError})`}`);
    }
  }
  await store.close();
  await pool.end();
  return list.map((strategy) => ({ key: strategy.key, label: strategy.label, sql: strategy.sql, holder: strategy.holder, runs: runs.get(strategy.key) ?? [] }));
}

// ------------------------------------------------------------------------------------------------ PGlite

async function pglite(): Promise<NonNullable<BenchResults['pglite']>> {
  const db = await PGlite.create();
  const version = String((await db.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v);
  await migrate(db, { schema: SCHEMA });
  const exec: Exec = async (text, values) => (await db.query(text, values)).rows as Record<string, unknown>[];
  const steps = await load((sql) => db.exec(sql), exec, PGLITE_MEETINGS, 'PGlite');
  const store = postgresStore(db, { schema: SCHEMA });
  const checked = await checkEquivalence(store, exec, PGLITE_MEETINGS, SMOKE ? 5 : 50);
  log('PGlite: polity and hand-written SQL agree on', checked, 'pages');
  const queries = await timeQueries({ name: 'PGlite', store, exec, meetings: PGLITE_MEETINGS });
  await store.close();
  await db.close();
  return { version, load: steps, checked, queries };
}

// ------------------------------------------------------------------------------------------------ main

/** The command lines (issue #12), with their switches and sizes. */
function runCommandLines(): ReturnType<typeof commandLines> {
  return commandLines(
    {
      url: URL_,
      schema: schemaName('polity_bench_cmd'),
      keepSchema: KEEP_SCHEMA,
      commands: { skip: skipped('SKIP_COMMANDS'), runs: COMMAND_RUNS, warmup: Math.min(30, COMMAND_RUNS) },
      history: { skip: skipped('SKIP_HISTORY'), sizes: HISTORY_SIZES, runs: HISTORY_RUNS, warmup: Math.min(5, HISTORY_RUNS) },
      seatCommands: { skip: skipped('SKIP_SEAT_COMMANDS'), claims: CLAIMS, seats: SEATS, connections: SEAT_CONNECTIONS, repeats: SEAT_COMMAND_REPEATS, timeoutMs: SEAT_COMMAND_TIMEOUT_MS },
    },
    log,
  );
}

/** Whether every counted outcome was exact (seat claims, licensed adds): a run that is not fails the process. */
function allExact(r: BenchResults): boolean {
  const seatsExact = (r.server?.seats ?? []).every((strategy) =>
    strategy.runs.every((run) => run.granted === r.config.seats && run.used === r.config.seats && run.errors === 0 && (strategy.holder === 'none' || run.holders === r.config.seats)),
  );
  return seatsExact && (r.commandLines?.seatCommands?.runs ?? []).every((run) => run.exact);
}

if (PGLITE_MEETINGS % 1000 !== 0 || MEETINGS % 1000 !== 0) throw new Error('MEETINGS and PGLITE_MEETINGS must be multiples of 1,000');
const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const baselineFile = fileURLToPath(new URL('./baseline.json', import.meta.url));
if (process.env['RENDER_ONLY'] !== undefined) {
  // Re-render the section from the last run's results (after a change to the report), measuring nothing.
  Object.assign(results, JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults);
} else {
  try {
    if (!skipped('SKIP_FILTERING')) results.server = await server();
    if (!skipped('SKIP_FILTERING') && !skipped('SKIP_PGLITE')) results.pglite = await pglite();
    results.commandLines = await runCommandLines();
  } finally {
    // A smoke run's schema is its own (per process): never left behind, even by a failed check.
    if (SMOKE && !KEEP_SCHEMA) {
      const cleanup = new pg.Pool({ connectionString: URL_, max: 1 });
      await cleanup.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await cleanup.end();
    }
  }
  results.spinMs.end = spinMs();
  results.loadAverage = { start: results.loadAverage?.start ?? [], end: loadAverage() };
  results.totalSeconds = (performance.now() - started) / 1000;
}

// A run recording the baseline (WRITE_BASELINE=1) reports against itself, so its section shows the "before"
// columns: rendered once for its targets, then again against the baseline made of them.
const writingBaseline = WRITE_BASELINE && !NO_WRITE && process.env['RENDER_ONLY'] === undefined;
let baseline = readBaseline<PgBaselineFigures>(baselineFile);
if (writingBaseline) {
  baseline = {
    commit: measuredCommit(),
    date: results.date,
    machine: results.machine,
    loadAverage: results.loadAverage ?? { start: [], end: [] },
    figures: {
      targets: Object.fromEntries(renderReport(results, null).targets.map((t) => [t.what, t.measured])),
      commandLines: results.commandLines == null ? null : commandFigures(results.commandLines),
    },
  };
}
const { markdown } = renderReport(results, baseline);
if (!NO_WRITE) {
  if (process.env['RENDER_ONLY'] === undefined) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeResultsSection('pg', markdown);
  if (writingBaseline && baseline !== null) {
    writeBaseline(baselineFile, baseline);
    log('wrote bench/pg/baseline.json');
  }
  log(process.env['RENDER_ONLY'] === undefined ? `done in ${results.totalSeconds.toFixed(0)} s; wrote the pg section of bench/RESULTS.md and bench/pg/results.json` : 'rewrote the pg section of bench/RESULTS.md from bench/pg/results.json');
} else if (SMOKE) {
  log(`smoke run done in ${results.totalSeconds.toFixed(0)} s; report rendered (${String(markdown.split('\n').length)} lines), nothing written`);
} else {
  console.log(markdown);
}
if (!allExact(results)) {
  log('a seat-claim or licensed-add run was not exact: see the report');
  process.exitCode = 1;
}
