/**
 * `polity/adapters/postgres`: the Store on PostgreSQL 15+ or embedded PGlite, and its migrations. Works with
 * `pg` (a `Pool` or a `Client`) or `@electric-sql/pglite`, optional peer dependencies: install the one you use.
 *
 * @module
 */
export { postgresStore, defaultSchema, type PostgresStoreOptions } from './postgres-store';
export { migrate, latestSchemaVersion, migrationsTable, type MigrateOptions, type MigrateResult } from './migrate';
export type { RetryOptions } from './pg-engine';
export type { SqlClient, SqlPool, SqlPoolConnection, SqlQueryable, SqlResult } from './sql-client';
