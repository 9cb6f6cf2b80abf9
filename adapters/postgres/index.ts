/**
 * `polity/adapters/postgres`: the Store on PostgreSQL 15+ or embedded PGlite, its migrations, and
 * `filterToSql`, its filter compiler, for tables of your own. Works with `pg` (a `Pool` or a `Client`) or
 * `@electric-sql/pglite`, optional peer dependencies: install the one you use.
 *
 * @module polity/adapters/postgres
 */
export { postgresStore, defaultSchema, type PostgresStoreOptions } from './postgres-store';
export { filterToSql, type FilterColumn, type FilterColumnType, type FilterTable, type FilterToSqlOptions, type SqlFragment } from './filter-to-sql';
export { migrate, latestSchemaVersion, migrationsTable, type MigrateOptions, type MigrateResult } from './migrate';
export type { RetryOptions } from './pg-engine';
export type { SqlClient, SqlPool, SqlPoolConnection, SqlQueryable, SqlResult } from './sql-client';
