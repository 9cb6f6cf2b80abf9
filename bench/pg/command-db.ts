/**
 * The database the command benches share: a schema of its own (migrated by polity's `migrate`, dropped at
 * the end), one `pg.Pool` whose statements are counted ({@link countingPool}), and a Postgres store on it.
 * polity's store and the hand-written transactions use the very same pool, so both sides queue for the same
 * connections; hand-written SQL names tables unqualified (the pool's `search_path` is the schema).
 *
 * @module
 */
import pg from 'pg';
import type { Store } from 'polity';
import { migrate, postgresStore } from '../../adapters/postgres/index';
import { countingPool, type CountingPool } from './counting-pool';

/** One schema, one counted pool, one store. */
export interface CommandDb {
  readonly url: string;
  readonly schema: string;
  /** The pool, every statement counted: hand both polity's store and the hand-written SQL this one. */
  readonly pool: pg.Pool;
  readonly counted: CountingPool;
  readonly store: Store;
  /** Closes the store and the pool (the schema stays). */
  close(): Promise<void>;
}

/** Connection settings for a schema: its tables first on the search path. */
export const connectionFor = (url: string, schema: string): pg.PoolConfig => ({ connectionString: url, options: `-c search_path=${schema}` });

/** Opens a pool of `connections` on `schema` (which must exist) with a store on it, statements counted. */
export function openCommandDb(url: string, schema: string, connections: number): CommandDb {
  const raw = new pg.Pool({ ...connectionFor(url, schema), max: connections });
  const counted = countingPool(raw);
  const store = postgresStore(counted.pool, { schema });
  return {
    url,
    schema,
    pool: counted.pool,
    counted,
    store,
    async close() {
      await store.close();
      await raw.end();
    },
  };
}

/** Drops `schema` if it is there and creates it again with polity's migrations. */
export async function freshSchema(url: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await migrate(pool, { schema });
  } finally {
    await pool.end();
  }
}

/** Drops a schema this bench created. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}
