/**
 * The migration runner: idempotent, stepwise, refusing bad input, and safe when several processes run it at
 * once (on the real server when `DATABASE_URL` is set).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolityError } from 'polity';
import { latestSchemaVersion, migrate } from './migrate';
import { databaseUrl, testSchemaName } from '../../test/conformance/pg-targets';

const lite = PGlite.create();

// Starting PGlite takes seconds on a busy machine: before the first test's clock starts.
beforeAll(() => lite.then(() => undefined), 120_000);

afterAll(async () => {
  await (await lite).close();
});

describe('postgres adapter: migrate', () => {
  it('applies every version once; a second run applies nothing', async () => {
    const db = await lite;
    const schema = testSchemaName('mig');
    expect(await migrate(db, { schema })).toEqual({ schema, applied: [1, 2, 3], version: latestSchemaVersion });
    expect(await migrate(db, { schema })).toEqual({ schema, applied: [], version: latestSchemaVersion });
    const { rows } = await db.query<{ version: number; name: string }>(`SELECT version, name FROM ${schema}.polity_migrations`);
    expect(rows).toEqual([
      { version: 1, name: 'init' },
      { version: 2, name: 'licences-contacts' },
      { version: 3, name: 'relation-indexes' },
    ]);
  });

  it('stops at `to`, and continues from there later', async () => {
    const db = await lite;
    const schema = testSchemaName('mig');
    expect((await migrate(db, { schema, to: 0 })).applied).toEqual([]);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [schema]);
    expect(rows[0]?.n).toBe(1); // only polity_migrations
    expect((await migrate(db, { schema, to: 1 })).applied).toEqual([1]);
    expect((await migrate(db, { schema })).applied).toEqual([2, 3]);
  });

  it('refuses a schema name that is not a plain lower-case identifier, and unknown versions', async () => {
    const db = await lite;
    for (const schema of ['Public', 'a-b', 'x"; DROP SCHEMA public; --', '']) {
      const error = await migrate(db, { schema }).catch((caught: unknown) => caught);
      expect(isPolityError(error, 'invalid_input'), schema).toBe(true);
    }
    expect(isPolityError(await migrate(db, { to: 99 }).catch((caught: unknown) => caught), 'invalid_input')).toBe(true);
  });

  it('a failed migration leaves nothing behind and names the version', async () => {
    const db = await lite;
    const schema = testSchemaName('mig');
    // A table already holding a migration's name makes version 1 fail half-way.
    await db.exec(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.meetings (x int)`);
    const error = await migrate(db, { schema }).catch((caught: unknown) => caught);
    expect(isPolityError(error, 'internal') && error.message).toMatch(/migration 1 \(init\) failed/);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.polity_migrations`);
    expect(rows[0]?.n).toBe(0);
    const organisations = await db.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'organisations'`, [schema]);
    expect(organisations.rows).toEqual([]);
  });

  if (databaseUrl !== undefined) {
    it('postgres: five processes migrating one schema at once: one applies every version, the others wait and find nothing to do', async () => {
      const schema = testSchemaName('mig');
      // Separate pools stand for separate processes: each holds its own session and advisory lock.
      const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: databaseUrl, max: 1 }));
      try {
        const results = await Promise.all(pools.map((pool) => migrate(pool, { schema })));
        expect(results.map((result) => result.applied.length).sort()).toEqual([0, 0, 0, 0, latestSchemaVersion]);
        const { rows } = await (pools[0] as pg.Pool).query(`SELECT version FROM ${schema}.polity_migrations ORDER BY version`);
        expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
      } finally {
        await (pools[0] as pg.Pool).query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await Promise.all(pools.map((pool) => pool.end()));
      }
    });
  }
});
