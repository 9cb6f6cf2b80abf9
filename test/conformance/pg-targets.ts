/**
 * Postgres stores for the per-store suites (the conformance suite, the services suite, the notification
 * tests): one schema per test (migrated, then dropped when the store closes), on one PGlite instance per test
 * file, or on one small `pg.Pool` per test file against `DATABASE_URL`. Pools stay small (see
 * {@link SERVER_POOL_SIZE}) so every test worker together stays far below the server's 100 connections.
 *
 * A fresh schema is the costly part of a short test on Postgres (a migration creates some 25 tables with
 * their indexes and constraints), so {@link pgliteStore} and {@link serverStore} keep a few migrated, never
 * used schemas ready ({@link SPARE_SCHEMAS}), made in the background while a test runs, and drop a closed
 * store's schema in the background too; {@link endSharedClients} waits for both. Every store still gets a
 * schema of its own, freshly migrated and empty: no schema is ever handed out twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { collectionNames, type Store } from 'polity';
import { migrate, migrationsTable, postgresStore, type PostgresStoreOptions } from '../../adapters/postgres/index';
import { connectionSource } from '../../adapters/postgres/sql-client';
import { tableSpecs } from '../../adapters/postgres/tables';

/** Connections per test file on the real server. */
export const SERVER_POOL_SIZE = 6;

/** Migrated schemas {@link pgliteStore} and {@link serverStore} keep ready, per client. */
export const SPARE_SCHEMAS = 2;

/** The server to test against, or `undefined` when the server target is left out. */
export const databaseUrl: string | undefined = process.env['DATABASE_URL'] === '' ? undefined : process.env['DATABASE_URL'];

let schemaCounter = 0;

/** A schema name unique to this process and test: `polity_t_<pid>_<n>_<random>`. */
export function testSchemaName(prefix = 'polity_t'): string {
  schemaCounter += 1;
  return `${prefix}_${String(process.pid)}_${String(schemaCounter)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A client one test file shares between its tests, created on first use and ended by {@link endSharedClients}. */
interface Shared<C> {
  get(): Promise<C>;
  end(): Promise<void>;
}

function shared<C>(make: () => Promise<C>, end: (client: C) => Promise<void>): Shared<C> {
  let client: Promise<C> | null = null;
  return {
    get: () => (client ??= make()),
    async end() {
      if (client === null) return;
      const made = await client;
      client = null;
      await end(made);
    },
  };
}

/**
 * Where a freshly initialised PGlite cluster is kept between test files: starting PGlite runs `initdb`, most
 * of its start-up (seconds on a busy machine, in every test file, each its own process). The first file to
 * start one saves the new, untouched cluster (`dumpDataDir`) under the OS's temporary directory, named after
 * the PGlite build; later files start from that copy. Only a cluster nothing has run on is saved.
 */
function pgliteClusterCache(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let root = dirname(entry);
  while (!root.endsWith('pglite') && dirname(root) !== root) root = dirname(root);
  const build = readFileSync(join(root, 'package.json'), 'utf8');
  return join(tmpdir(), `polity-test-pglite-${createHash('sha1').update(root).update(build).digest('hex').slice(0, 16)}.tar`);
}

async function startPGlite(): Promise<PGlite> {
  const cache = pgliteClusterCache();
  const saved = await readFile(cache).catch(() => null);
  if (saved !== null) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([saved]) });
    } catch {
      // An unusable copy (another build, a torn write): start afresh, and save a new one below.
    }
  }
  const db = await PGlite.create();
  const cluster = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
  const partial = `${cache}.${String(process.pid)}.partial`;
  // Written aside, then renamed: a file starting meanwhile reads the old copy or the new, never half of one.
  await writeFile(partial, cluster).then(() => rename(partial, cache)).catch(() => undefined);
  return db;
}

const pglite = shared(startPGlite, (db) => db.close());

/**
 * The file's pool on the server. Its sessions commit without waiting for the WAL to reach the disk
 * (`synchronous_commit=off`, a setting of these sessions only: nobody else's change). On a slow disk every
 * commit otherwise waits milliseconds for its flush, three times in each migration. What a transaction sees,
 * its isolation, and when its commit becomes visible to other sessions are unchanged; only a crash of the
 * server could lose the last commits, which a test's throw-away schema does not mind.
 */
const pool = shared(
  async () => new pg.Pool({ connectionString: databaseUrl, max: SERVER_POOL_SIZE, options: '-c synchronous_commit=off' }),
  (made) => made.end(),
);

/** The test file's PGlite instance. */
export const sharedPGlite = (): Promise<PGlite> => pglite.get();

/** The test file's server pool (only with `DATABASE_URL`). */
export const sharedPool = (): Promise<pg.Pool> => pool.get();

type Client = pg.Pool | pg.Client | PGlite;

/**
 * Runs SQL (no parameters; several statements allowed) on a client, taking turns with the stores on it as
 * the adapter does: on PGlite or a `pg.Client` (one connection) SQL sent outside the adapter's turn could
 * land inside another store's transaction.
 */
async function execOn(client: Client, sql: string): Promise<void> {
  await connectionSource(client, { preparedStatements: false }).withConnection((connection) => connection.exec(sql));
}

/** The rows a query returns on a client, taking turns as {@link execOn} does. */
async function rowsOn<R>(client: Client, sql: string): Promise<R[]> {
  return connectionSource(client, { preparedStatements: false }).withConnection(async (connection) => (await connection.query<R>(sql)).rows);
}

/**
 * Drops a test schema and everything in it, straight away: on one connection (PGlite, a `pg.Client`) even
 * while a store's transaction holds it, as a test closing a store in the middle of one needs.
 */
export async function dropSchema(client: Client, schema: string): Promise<void> {
  // A union of client types has no single callable `query`: narrow by what PGlite alone has.
  if (client instanceof PGlite) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  else await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Drops a test schema in the background: taking turns with the stores on the client (see {@link execOn}). */
async function dropSchemaInTurn(client: Client, schema: string): Promise<void> {
  await execOn(client, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Where a store made here keeps its tables, and how to make another fresh store beside it. */
interface Placement {
  readonly client: Client;
  readonly schema: string;
  readonly sibling: () => Promise<Store>;
}

const placements = new WeakMap<Store, Placement>();

/** The store on `schema`, whose `close` also drops the schema (with `drop`); `close` stays idempotent. */
function droppingStore(placement: Placement, options: Omit<PostgresStoreOptions, 'schema'>, drop: () => Promise<void>): Store {
  const store = postgresStore(placement.client, { ...options, schema: placement.schema });
  let closing: Promise<void> | null = null;
  const wrapped = Object.assign(Object.create(null) as object, store, {
    close: (): Promise<void> => {
      closing ??= store.close().then(drop);
      return closing;
    },
  }) as Store;
  placements.set(wrapped, placement);
  return wrapped;
}

/**
 * A migrated store in a fresh schema on `client`; closing it drops the schema (`close` resolves once it is
 * dropped, so the client may be ended right after). `close` stays idempotent.
 */
export async function storeInFreshSchema(client: Client, options: Omit<PostgresStoreOptions, 'schema'> = {}): Promise<Store> {
  const schema = testSchemaName();
  await migrate(client, { schema });
  return droppingStore({ client, schema, sibling: () => storeInFreshSchema(client, options) }, options, () => dropSchema(client, schema));
}

/**
 * Fresh schemas on one shared client: each migrated ahead of time in the background and handed out once,
 * then dropped in the background when its store closes. `settle` drops the spares nobody took and waits for
 * every migration and drop under way.
 */
function schemaSupply(client: () => Promise<Client>) {
  const spares: Promise<string>[] = [];
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<unknown>): void => {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
  };
  const spare = (): Promise<string> => {
    const schema = testSchemaName();
    const made = client().then((db) => migrate(db, { schema })).then(() => schema);
    track(made);
    // A failed migration is reported to the test that takes the schema, not as an unhandled rejection now.
    made.catch(() => undefined);
    return made;
  };
  return {
    take(): Promise<string> {
      const next = spares.shift() ?? spare();
      while (spares.length < SPARE_SCHEMAS) spares.push(spare());
      return next;
    },
    drop(schema: string): Promise<void> {
      track(client().then((db) => dropSchemaInTurn(db, schema)));
      return Promise.resolve();
    },
    async settle(): Promise<void> {
      for (const made of await Promise.allSettled(spares.splice(0))) if (made.status === 'fulfilled') void this.drop(made.value);
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

const pgliteSchemas = schemaSupply(sharedPGlite);
const serverSchemas = schemaSupply(sharedPool);

/** Ends the clients this file created (call in `afterAll`), once every schema made on them is dropped. */
export async function endSharedClients(): Promise<void> {
  await Promise.all([pgliteSchemas.settle(), serverSchemas.settle()]);
  await Promise.all([pglite.end(), pool.end()]);
}

/** A fresh store on the file's PGlite instance. */
export async function pgliteStore(): Promise<Store> {
  const schema = await pgliteSchemas.take();
  return droppingStore({ client: await sharedPGlite(), schema, sibling: pgliteStore }, { name: 'pglite' }, () => pgliteSchemas.drop(schema));
}

/** A fresh store on the file's server pool. */
export async function serverStore(): Promise<Store> {
  const schema = await serverSchemas.take();
  return droppingStore({ client: await sharedPool(), schema, sibling: serverStore }, { name: 'postgres' }, () => serverSchemas.drop(schema));
}

/** The tables of a migrated schema, each after the tables its foreign keys reference (itself excepted). */
async function tablesInReferenceOrder(client: Client, schema: string): Promise<string[]> {
  const tables = await rowsOn<{ name: string }>(client, `SELECT tablename AS name FROM pg_tables WHERE schemaname = '${schema}' AND tablename <> '${migrationsTable}' ORDER BY tablename`);
  const references = await rowsOn<{ source: string; target: string }>(
    client,
    `SELECT source.relname AS source, target.relname AS target
       FROM pg_constraint c JOIN pg_class source ON source.oid = c.conrelid JOIN pg_class target ON target.oid = c.confrelid
      WHERE c.contype = 'f' AND c.connamespace = '${schema}'::regnamespace AND c.conrelid <> c.confrelid`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: readonly string[]): void => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`the foreign keys form a cycle: ${[...path, table].join(' → ')}`);
    for (const reference of references) if (reference.source === table) visit(reference.target, [...path, table]);
    ordered.push(table);
  };
  for (const { name } of tables) visit(name, []);
  return ordered;
}

/**
 * A fresh store holding a copy of every record of `source` (a store made here: {@link pgliteStore},
 * {@link serverStore}, {@link storeInFreshSchema}): a new, migrated schema on the same client, filled table by
 * table in one transaction (`INSERT … SELECT`, referenced tables first; a table referencing itself is copied
 * in one statement, which its foreign key checks at the statement's end). Closing it drops the copy only.
 */
export async function copyOfStore(source: Store): Promise<Store> {
  const origin = placements.get(source);
  if (origin === undefined) throw new Error('copyOfStore: the source is not a store made by test/conformance/pg-targets');
  const copy = await origin.sibling();
  const target = placements.get(copy)?.schema ?? '';
  try {
    const tables = await tablesInReferenceOrder(origin.client, origin.schema);
    const inserts = tables.map((table) => `INSERT INTO "${target}"."${table}" SELECT * FROM "${origin.schema}"."${table}";`);
    await connectionSource(origin.client, { preparedStatements: false }).withConnection(async (connection) => {
      await connection.exec('BEGIN');
      try {
        await connection.exec(inserts.join('\n'));
        await connection.exec('COMMIT');
      } catch (error) {
        await connection.exec('ROLLBACK');
        throw error;
      }
    });
    return copy;
  } catch (error) {
    await copy.close();
    throw error;
  }
}

/**
 * Every row of every table of a store made here, by collection, each table in id order, read in one
 * statement (one consistent read, one round trip instead of a list per collection): the rows as the table
 * holds them, hidden columns included (`email_lower` …), not as the Store returns records. For "nothing
 * changed" checks, comparing two such snapshots of one store. `undefined` for a store not made here.
 */
export async function tableSnapshot(store: Store): Promise<Record<string, unknown[]> | undefined> {
  const placement = placements.get(store);
  if (placement === undefined) return undefined;
  const tables = tableSpecs(placement.schema);
  const parts = collectionNames.map((name) => `'${name}', (SELECT coalesce(json_agg(t ORDER BY t.id), '[]'::json) FROM ${tables.get(name)?.qualified ?? ''} t)`);
  const [row] = await rowsOn<{ all: Record<string, unknown[]> }>(placement.client, `SELECT json_build_object(${parts.join(', ')}) AS "all"`);
  return row?.all;
}
