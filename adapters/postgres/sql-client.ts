/**
 * The driver shape the Postgres adapter needs, declared structurally so it depends on no driver: a
 * `pg.Pool`, a `pg.Client` and a PGlite instance all fit {@link SqlClient}. Driver quirks live in tiny
 * wrappers ({@link connectionSource} here for node-postgres-like clients, `pglite-client.ts` for PGlite);
 * every SQL string lives in the adapter's one base.
 *
 * @module
 */
import { Mutex } from 'polity/store-kit';
import { createHash } from 'node:crypto';
import { isPGliteLike, pgliteConnection } from './pglite-client';

/** What a statement returns, in the shape node-postgres and PGlite share. */
export interface SqlResult {
  /** The rows, as objects keyed by column name (the adapter aliases columns to field names). */
  readonly rows: unknown[];
  /** Rows written by INSERT / UPDATE / DELETE (node-postgres; PGlite also reports `affectedRows`). */
  readonly rowCount?: number | null;
  /** The command tag's verb, e.g. `COMMIT`, or `ROLLBACK` when COMMIT ended a failed transaction. */
  readonly command?: string;
}

/** Anything that runs one parameterised statement: `pg.Pool`, `pg.Client`, a `pg.PoolClient`, PGlite. */
export interface SqlQueryable {
  /**
   * Runs one statement with `$1 … $n` parameters (or, without parameters, several statements: node-postgres'
   * simple protocol; PGlite's `exec` is used for those instead).
   */
  query(text: string, params?: unknown[]): Promise<SqlResult>;
}

/** A connection checked out of a {@link SqlPool} (`pg.PoolClient`). */
export interface SqlPoolConnection extends SqlQueryable {
  /** Returns the connection to its pool; with an error or `true`, the pool destroys it instead. */
  release(destroy?: boolean | Error): void;
}

/**
 * A pool of connections (`pg.Pool`). The adapter runs each transaction on one connection it checks out,
 * never `BEGIN` through `query`, which may use a different connection for every statement.
 */
export interface SqlPool extends SqlQueryable {
  /** Checks out a connection, which the adapter holds for one transaction and then releases. */
  connect(): Promise<SqlPoolConnection>;
  /** node-postgres' pools expose it; the adapter uses it to tell a pool from a single connection. */
  readonly totalCount: number;
}

/**
 * The client the adapter is given: a pool (`pg.Pool`, one connection per transaction), or a single
 * connection (`pg.Client`, PGlite), on which the adapter serialises transactions in process so one caller
 * never joins another's.
 */
export type SqlClient = SqlPool | SqlQueryable;

/** A statement's outcome, normalised across drivers. */
export interface StatementResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
  readonly command: string;
}

/** One connection, exclusively in the adapter's hands for the duration of a call. */
export interface Connection {
  /**
   * Runs one statement. With `named`, node-postgres prepares it once per connection under a name derived
   * from its text (PGlite has no statement cache and ignores it).
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], named?: boolean): Promise<StatementResult<R>>;
  /** Runs several statements separated by `;` without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Where the adapter gets connections from. */
export interface ConnectionSource {
  /** `pool`: a connection per transaction; `single`: one connection, used by one caller at a time. */
  readonly kind: 'pool' | 'single';
  /** Runs `fn` with exclusive use of one connection: checked out of the pool, or the single one under a FIFO lock. */
  withConnection<R>(fn: (connection: Connection) => Promise<R>): Promise<R>;
  /** Runs one statement outside any transaction (autocommit). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], named?: boolean): Promise<StatementResult<R>>;
}

/** Options of {@link connectionSource}. */
export interface ConnectionSourceOptions {
  /**
   * Whether to run the adapter's statements as named (prepared) statements: parsed and planned once per
   * connection instead of on every call. Only node-postgres supports it.
   * @defaultValue `true` for node-postgres clients, `false` otherwise
   */
  readonly preparedStatements?: boolean;
}

/** node-postgres' query config: a named statement is parsed once per connection. */
interface NamedQueryable {
  query(config: { readonly name: string; readonly text: string; readonly values: unknown[] }): Promise<SqlResult>;
}

/** The most distinct statement texts a source names; beyond it statements run unnamed, so memory stays bounded. */
const MAX_NAMED = 2000;

/**
 * One lock per single-connection client, shared by every store and `migrate` call on it: two stores on one
 * PGlite (two schemas) must take turns on its connection too, or one would run inside the other's transaction.
 */
const singleConnectionLocks = new WeakMap<object, Mutex>();

function lockOf(client: object): Mutex {
  let lock = singleConnectionLocks.get(client);
  if (lock === undefined) {
    lock = new Mutex();
    singleConnectionLocks.set(client, lock);
  }
  return lock;
}

/** A statement name derived from its text, so the same text gets the same name in every store and process. */
function statementName(text: string): string {
  return `polity_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
}

function normalise<R>(result: SqlResult & { affectedRows?: number }): StatementResult<R> {
  return {
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.affectedRows ?? 0,
    command: typeof result.command === 'string' ? result.command.toUpperCase() : '',
  };
}

/** Whether a client is a pool (node-postgres' `Pool` and pools shaped like it). */
export function isPool(client: SqlClient): client is SqlPool {
  const candidate = client as Partial<SqlPool>;
  return typeof candidate.connect === 'function' && typeof candidate.totalCount === 'number';
}

/** Whether a client looks like node-postgres (a `Pool`, `Client` or `PoolClient`), which takes named statements. */
function isNodePostgres(client: SqlClient): boolean {
  const candidate = client as { escapeIdentifier?: unknown; totalCount?: unknown };
  return typeof candidate.escapeIdentifier === 'function' || typeof candidate.totalCount === 'number';
}

function makeRunner(target: SqlQueryable, names: Map<string, string> | null) {
  return async <R>(text: string, params: readonly unknown[] = [], named = false): Promise<StatementResult<R>> => {
    if (named && names !== null) {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_NAMED) {
        name = statementName(text);
        names.set(text, name);
      }
      if (name !== undefined) return normalise<R>(await (target as unknown as NamedQueryable).query({ name, text, values: params as unknown[] }));
    }
    return normalise<R>(await target.query(text, params as unknown[]));
  };
}

function plainConnection(target: SqlQueryable, names: Map<string, string> | null): Connection {
  const query = makeRunner(target, names);
  return {
    query,
    // Without parameters node-postgres uses the simple query protocol, which runs several statements.
    exec: async (sql) => {
      await target.query(sql);
    },
  };
}

/**
 * Wraps a client in the adapter's {@link ConnectionSource}: a pool checks out one connection per
 * transaction; a single connection (a `pg.Client`, PGlite) is used by one caller at a time, first come
 * first served.
 *
 * @param client - A `pg.Pool`, a `pg.Client`, a PGlite instance, or anything of the same shape.
 * @param options - See {@link ConnectionSourceOptions}.
 */
export function connectionSource(client: SqlClient, options: ConnectionSourceOptions = {}): ConnectionSource {
  if (isPGliteLike(client)) {
    const connection = pgliteConnection(client);
    const lock = lockOf(client);
    return {
      kind: 'single',
      withConnection: (fn) => lock.run(() => fn(connection)),
      query: (text, params, named) => lock.run(() => connection.query(text, params, named)),
    };
  }
  const names = (options.preparedStatements ?? isNodePostgres(client)) ? new Map<string, string>() : null;
  if (isPool(client)) {
    const pool = client;
    const query = makeRunner(pool, names);
    return {
      kind: 'pool',
      async withConnection(fn) {
        const checkedOut = await pool.connect();
        let broken: Error | undefined;
        try {
          return await fn(plainConnection(checkedOut, names));
        } catch (error) {
          // A connection that could not even roll back may be mid-transaction: never hand it back.
          if (isBroken(error)) broken = error;
          throw error;
        } finally {
          checkedOut.release(broken ?? false);
        }
      },
      query,
    };
  }
  const connection = plainConnection(client, names);
  const lock = lockOf(client);
  return {
    kind: 'single',
    withConnection: (fn) => lock.run(() => fn(connection)),
    query: (text, params, named) => lock.run(() => connection.query(text, params, named)),
  };
}

const brokenMark = Symbol.for('polity.postgres.brokenConnection');

/** Marks an error as leaving its connection unusable, so the pool destroys the connection instead of reusing it. */
export function markBroken<E extends Error>(error: E): E {
  Object.defineProperty(error, brokenMark, { value: true });
  return error;
}

function isBroken(error: unknown): error is Error {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[brokenMark] === true;
}

/** Whether an error came from the server with an SQLSTATE (the connection itself is then still usable). */
export function isServerError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
