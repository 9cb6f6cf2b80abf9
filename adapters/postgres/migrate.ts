/**
 * The migration runner: applies the adapter's versioned migrations to one schema, once each, safely from
 * several processes at once.
 *
 * @module
 */
import { PolityError } from 'polity';
import { migrations as allMigrations, type Migration } from './migrations/index';
import { defaultSchema } from './postgres-store';
import { connectionSource, type Connection, type SqlClient } from './sql-client';
import { quoteIdent, schemaNamePattern } from './tables';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /**
   * The schema to create (if missing) and migrate: a plain lower-case identifier. Use the same in
   * `postgresStore(client, { schema })`.
   * @defaultValue `'polity'`
   */
  readonly schema?: string;
  /**
   * Apply only up to this version (tests of a later migration start from an earlier one).
   * @defaultValue the latest
   */
  readonly to?: number;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  readonly schema: string;
  /** The versions this call applied, in order; empty when the schema was already up to date. */
  readonly applied: readonly number[];
  /** The schema's version afterwards. */
  readonly version: number;
}

/** The latest schema version this adapter knows. */
export const latestSchemaVersion: number = allMigrations.at(-1)?.version ?? 0;

/** The table recording applied versions, inside the migrated schema. */
export const migrationsTable = 'polity_migrations';

/** The advisory lock's first key ('poli'); the second is the schema name's hash. */
const LOCK_CLASS = 0x706f6c69;

function invalidSchema(schema: string): PolityError<'invalid_input'> {
  const message = `schema must be a lower-case SQL identifier (letters, digits, "_"), got ${JSON.stringify(schema)}`;
  return new PolityError('invalid_input', message, { details: { issues: [{ path: 'schema', message, code: 'invalid_schema' }] } });
}

/**
 * Brings a schema up to the latest version of the adapter's tables. Safe to call on every start-up:
 *
 * - **idempotent**: versions recorded in `<schema>.polity_migrations` are skipped;
 * - **safe from several processes at once**: it holds a session advisory lock (`pg_advisory_lock`, keyed by
 *   the schema) while it reads and applies versions, so concurrent callers wait, then find nothing to do;
 * - **all or nothing per version**: each migration and its record commit in one transaction (PostgreSQL's DDL
 *   is transactional), so a failed migration leaves the schema at the previous version.
 *
 * Runs on PostgreSQL 15 or later and on PGlite. On a pool it uses one connection for the whole run.
 *
 * @param client - A `pg.Pool`, `pg.Client` or PGlite instance.
 * @param options - See {@link MigrateOptions}.
 * @returns the versions applied and the schema's version.
 * @throws `PolityError` `invalid_input` for a bad schema name or target version; `internal` when a
 *   migration fails (with the database error as `cause`) or the schema is newer than this adapter.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate, postgresStore } from 'polity/adapters/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * await migrate(pool, { schema: 'polity' });
 * const store = postgresStore(pool, { schema: 'polity' });
 * ```
 */
export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? defaultSchema;
  if (!schemaNamePattern.test(schema)) throw invalidSchema(schema);
  const target = options.to ?? latestSchemaVersion;
  if (!Number.isInteger(target) || target < 0 || target > latestSchemaVersion) {
    const message = `no migration version ${String(target)}: versions run from 1 to ${String(latestSchemaVersion)}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'to', message, code: 'unknown_version' }] } });
  }
  const source = connectionSource(client, { preparedStatements: false });
  return source.withConnection((connection) => migrateOn(connection, schema, target));
}

async function migrateOn(connection: Connection, schema: string, target: number): Promise<MigrateResult> {
  const lockKey = [LOCK_CLASS, schema] as const;
  await connection.query('SELECT pg_advisory_lock($1::int4, hashtext($2::text))', lockKey);
  try {
    const quoted = quoteIdent(schema);
    const table = `${quoted}.${quoteIdent(migrationsTable)}`;
    await connection.exec(
      `CREATE SCHEMA IF NOT EXISTS ${quoted};
       CREATE TABLE IF NOT EXISTS ${table} (
         version    int4 PRIMARY KEY,
         name       text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await connection.query<{ version: number }>(`SELECT version FROM ${table} ORDER BY version`);
    const done = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...done);
    if (newest > latestSchemaVersion) {
      throw new PolityError('internal', `schema ${schema} is at version ${String(newest)}, newer than this adapter's ${String(latestSchemaVersion)}: upgrade polity`);
    }
    const applied: number[] = [];
    for (const migration of allMigrations) {
      if (migration.version > target || done.has(migration.version)) continue;
      await applyOne(connection, schema, table, migration);
      applied.push(migration.version);
    }
    return { schema, applied, version: Math.max(newest, ...applied) };
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1::int4, hashtext($2::text))', lockKey);
  }
}

async function applyOne(connection: Connection, schema: string, table: string, migration: Migration): Promise<void> {
  await connection.exec('BEGIN');
  try {
    // SET LOCAL ends with the transaction, so a pooled connection goes back with its own search_path.
    await connection.exec(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await connection.exec(migration.sql);
    await connection.query(`INSERT INTO ${table} (version, name) VALUES ($1::int4, $2::text)`, [migration.version, migration.name]);
    await connection.exec('COMMIT');
  } catch (error) {
    await connection.exec('ROLLBACK').catch(() => undefined);
    throw new PolityError('internal', `migration ${String(migration.version)} (${migration.name}) failed on schema ${schema}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
