/**
 * Postgres stores for the conformance suite: one schema per test (migrated, then dropped when the store
 * closes), on one PGlite instance per test file, or on one small `pg.Pool` per test file against
 * `DATABASE_URL`. Pools stay small (see {@link SERVER_POOL_SIZE}) so every test worker together stays far
 * below the server's 100 connections.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Store } from 'polity';
import { migrate, postgresStore, type PostgresStoreOptions } from '../../adapters/postgres/index';

/** Connections per test file on the real server. */
export const SERVER_POOL_SIZE = 6;

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

const pglite = shared(
  () => PGlite.create(),
  (db) => db.close(),
);

const pool = shared(
  async () => new pg.Pool({ connectionString: databaseUrl, max: SERVER_POOL_SIZE }),
  (made) => made.end(),
);

/** The test file's PGlite instance. */
export const sharedPGlite = (): Promise<PGlite> => pglite.get();

/** The test file's server pool (only with `DATABASE_URL`). */
export const sharedPool = (): Promise<pg.Pool> => pool.get();

/** Ends the clients this file created (call in `afterAll`). */
export async function endSharedClients(): Promise<void> {
  await Promise.all([pglite.end(), pool.end()]);
}

/** Drops a test schema and everything in it. */
export async function dropSchema(client: pg.Pool | pg.Client | PGlite, schema: string): Promise<void> {
  // A union of client types has no single callable `query`: narrow by what PGlite alone has.
  if (client instanceof PGlite) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  else await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * A migrated store in a fresh schema on `client`; closing it drops the schema. `close` stays idempotent.
 */
export async function storeInFreshSchema(client: pg.Pool | pg.Client | PGlite, options: Omit<PostgresStoreOptions, 'schema'> = {}): Promise<Store> {
  const schema = testSchemaName();
  await migrate(client, { schema });
  const store = postgresStore(client, { ...options, schema });
  let closing: Promise<void> | null = null;
  return Object.assign(Object.create(null) as object, store, {
    close: (): Promise<void> => {
      closing ??= store.close().then(() => dropSchema(client, schema));
      return closing;
    },
  }) as Store;
}

/** A fresh store on the file's PGlite instance. */
export async function pgliteStore(): Promise<Store> {
  return storeInFreshSchema(await sharedPGlite(), { name: 'pglite' });
}

/** A fresh store on the file's server pool. */
export async function serverStore(): Promise<Store> {
  return storeInFreshSchema(await sharedPool(), { name: 'postgres' });
}
