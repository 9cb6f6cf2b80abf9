/**
 * PGlite's quirks, kept out of the adapter's SQL: its `query()` runs one statement (the extended
 * protocol) and reports written rows as `affectedRows`; several statements go through `exec()`. It has no
 * named-statement cache, so statements always run unnamed.
 *
 * @module
 */
import type { Connection, SqlQueryable, SqlResult, StatementResult } from './sql-client';

/** The part of PGlite's API the adapter uses. */
export interface PGliteLike extends SqlQueryable {
  exec(sql: string): Promise<unknown>;
  /** PGlite's own transaction helper: the adapter does not use it, but its presence tells PGlite apart. */
  transaction(callback: (tx: unknown) => Promise<unknown>): Promise<unknown>;
}

/** Whether a client is a PGlite instance (or shaped like one: `query`, `exec` and `transaction`). */
export function isPGliteLike(client: unknown): client is PGliteLike {
  const candidate = client as Partial<PGliteLike> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.query === 'function' &&
    typeof candidate.exec === 'function' &&
    typeof candidate.transaction === 'function'
  );
}

/** PGlite as the adapter's one {@link Connection}. */
export function pgliteConnection(db: PGliteLike): Connection {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<StatementResult<R>> {
      const result = (await db.query(text, [...params])) as SqlResult & { affectedRows?: number };
      return {
        rows: result.rows as R[],
        rowCount: result.rowCount ?? result.affectedRows ?? 0,
        command: typeof result.command === 'string' ? result.command.toUpperCase() : '',
      };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}
