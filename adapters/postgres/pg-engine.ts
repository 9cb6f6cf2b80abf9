/**
 * How the Postgres store runs work.
 *
 * - **Single calls** are autocommit statements at READ COMMITTED, each atomic: a guarded
 *   `UPDATE … WHERE guard` re-checks its guard on the newest row version under the row lock (PostgreSQL's
 *   EvalPlanQual), so concurrent seat claims queue on the row and never oversubscribe, with no retry.
 * - **Transactions with an isolation level** (`transaction(fn, { isolation })`) begin at that level (READ
 *   ONLY with `readOnly`) and stay there, whatever they read: the caller holds its invariants with guarded
 *   writes, unique constraints and locking reads (`FOR NO KEY UPDATE` / `FOR SHARE`). They run again only
 *   after a deadlock or, at SERIALIZABLE, a serialization failure. polity's commands and queries say the
 *   level they need (docs/adapters.md).
 * - **Transactions without options** run on one connection. Their isolation follows what they do: while a transaction has
 *   only written records it names by id (insert, update, delete, a guarded update pinned to ids, enqueue),
 *   it runs at READ COMMITTED, where each such write locks its row until commit; its first read (get,
 *   findOne, findUnique, list, count) or predicate write (deleteWhere, a guarded update over a condition) needs
 *   SERIALIZABLE: it starts so when nothing ran yet, otherwise the transaction rolls back and runs again from
 *   the start at SERIALIZABLE. A serialization failure or deadlock also runs it again, after a short random
 *   pause. So a transaction body may run more than once. Why: docs/adapters.md.
 * - **Nested transactions** are savepoints; store calls made inside a running transaction's async context
 *   join it, as in the memory store.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PolityError, isPolityError, type IsolationLevel, type TransactionOptions } from 'polity';
import { Mutex, joinableTransaction } from 'polity/store-kit';
import { isRetryable, toPolityError, type Operation } from './pg-errors';
import { markBroken, type Connection, type ConnectionSource, type StatementResult } from './sql-client';

/**
 * What an operation does, which decides the isolation it needs: `point` writes name their records by id
 * and lock them; `read`s (and writes over a condition) need SERIALIZABLE to stay true until commit.
 */
export type Access = 'point' | 'read';

/** The isolation a transaction began with. */
type Level = IsolationLevel;

/** A running (or finished) top-level transaction on its one connection. */
export interface TransactionContext {
  readonly connection: Connection;
  /** `false` once the transaction has committed or rolled back: its sessions then refuse work. */
  active: boolean;
  /** One operation's statements at a time on the connection. */
  readonly lock: Mutex;
  /** The isolation it began with; `null` until its first statement (BEGIN is sent with it). */
  level: Level | null;
  /** Begin at SERIALIZABLE whatever the first operation is (an earlier attempt read). */
  readonly serializable: boolean;
  /** The level the caller asked for: begin there and never move (`null`: follow what the transaction does). */
  readonly explicit: Level | null;
  /** `READ ONLY`: PostgreSQL refuses writes. */
  readonly readOnly: boolean;
  /** Open savepoints, outermost first. */
  readonly savepoints: string[];
  nextSavepoint: number;
  /**
   * A statement failed outside any savepoint still open, so PostgreSQL aborted the transaction: every later
   * statement fails, and the transaction can only roll back (to before `depth` savepoints, or entirely).
   */
  failure: { readonly error: PolityError; readonly depth: number } | null;
  /** Run the transaction again: a serialization failure or deadlock happened. */
  retry: boolean;
  /** Run the transaction again at SERIALIZABLE: it read after writing at READ COMMITTED. */
  upgrade: boolean;
}

/** Statement options. */
export interface StatementOptions {
  /** Prepare the statement once per connection (node-postgres). Only for texts whose shape is bounded. */
  readonly named?: boolean;
}

/** What one repository operation works with. */
export interface OperationContext {
  /** Whether the operation joined a transaction. */
  readonly inTransaction: boolean;
  /** Runs one statement; a driver error is rethrown as is (the engine maps it once the operation fails). */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: StatementOptions): Promise<StatementResult<R>>;
  /**
   * Runs several statements as one unit. Outside a transaction: a transaction of their own at READ COMMITTED,
   * on one connection. Inside one: behind a savepoint when `savepoint` is set (so a refused write leaves the
   * transaction usable), directly otherwise.
   */
  atomic<R>(fn: (context: OperationContext) => Promise<R>, savepoint: boolean): Promise<R>;
}

/** How transactions run again after a serialization failure or deadlock. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included. Under heavy contention on one row a SERIALIZABLE transaction that
   * read before writing may need many: each commit of a competitor fails the others once.
   * @defaultValue 100
   */
  readonly attempts?: number;
  /**
   * The longest pause between attempts, in milliseconds (each pause is random, up to min(2^attempt, this)).
   * @defaultValue 16
   */
  readonly maxDelayMs?: number;
}

/** Counters a store keeps about its transactions (for benchmarks and diagnostics). */
export interface TransactionStats {
  /** Transaction bodies started, retries and upgrades included. */
  attempts: number;
  /** Runs after a serialization failure or deadlock. */
  retries: number;
  /** Runs again at SERIALIZABLE after reading at READ COMMITTED. */
  upgrades: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function closedError(): PolityError<'internal'> {
  return new PolityError('internal', 'store is closed');
}

/** Thrown into a READ COMMITTED transaction's body when it reads: it will run again at SERIALIZABLE. */
function upgradeSignal(): PolityError<'conflict'> {
  return new PolityError('conflict', 'the transaction read after writing at READ COMMITTED: it runs again at SERIALIZABLE', {
    details: { constraint: 'serialization', retryable: true },
  });
}

/** The transaction machinery of one Postgres store. */
export class PgEngine {
  readonly #source: ConnectionSource;
  // One per store, so a transaction of one store never captures calls made to another.
  readonly #ambient = new AsyncLocalStorage<TransactionContext>();
  readonly #attempts: number;
  readonly #maxDelayMs: number;
  #closed = false;
  /** See {@link TransactionStats}. */
  readonly stats: TransactionStats = { attempts: 0, retries: 0, upgrades: 0 };

  constructor(source: ConnectionSource, retry: RetryOptions = {}) {
    this.#source = source;
    this.#attempts = Math.max(1, Math.trunc(retry.attempts ?? 100));
    this.#maxDelayMs = Math.max(0, retry.maxDelayMs ?? 16);
  }

  /** Makes every later call reject with `internal` "store is closed". Idempotent. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Runs one repository operation. With `bound` (a transaction session's own transaction), or inside a
   * running transaction's async context, it joins that transaction; otherwise it runs on its own, its
   * statements autocommitting (or in a transaction of their own, through `atomic`), and runs again after a
   * deadlock.
   *
   * @param access - What the operation does inside a transaction (see {@link Access}).
   * @param table - Named in mapped errors.
   * @param operation - Decides what a foreign-key violation means (see {@link toPolityError}).
   * @throws {@link PolityError}: whatever `fn` throws, driver errors mapped.
   */
  async operate<R>(
    bound: TransactionContext | undefined,
    access: Access,
    table: string,
    operation: Operation,
    fn: (context: OperationContext) => Promise<R>,
  ): Promise<R> {
    const joined = this.#joinable(bound);
    if (joined !== undefined) {
      return joined.lock.run(async () => {
        this.#assertActive(joined);
        await this.#begin(joined, access);
        try {
          return await fn(this.#transactionOps(joined, table, operation));
        } catch (error) {
          throw toPolityError(error, table, operation);
        }
      });
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fn(this.#standaloneOps());
      } catch (error) {
        if (isRetryable(error) && attempt < this.#attempts && !this.#closed) {
          await this.#backoff(attempt);
          continue;
        }
        throw toPolityError(error, table, operation);
      }
    }
  }

  /**
   * Runs `body` in a transaction. Joined (with `bound`, or inside a running transaction's async context), it
   * is a savepoint: when `body` throws, only what it did is rolled back and the error rethrown. Otherwise it
   * checks out a connection (or waits for the single one), begins with the first statement (at the isolation
   * the module documentation describes), runs the body and commits; it runs the body again after a
   * serialization failure or deadlock anywhere in it (after a random pause), or when it must move to
   * SERIALIZABLE. A body must therefore keep its effects inside the store.
   *
   * @throws whatever `body` throws; {@link PolityError} `conflict` when the transaction still conflicted
   *   after every attempt; `internal` when the store is closed.
   */
  async transaction<R>(bound: TransactionContext | undefined, body: (context: TransactionContext) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    const joined = this.#joinable(bound);
    if (joined !== undefined) return this.#nested(joined, body);
    const explicit = options.isolation ?? null;
    const readOnly = options.readOnly === true;
    let serializable = false;
    for (let attempt = 1; ; attempt += 1) {
      this.#assertOpen();
      let context: TransactionContext | undefined;
      try {
        return await this.#source.withConnection(async (connection) => {
          // A transaction queued behind others finds the store closed when its turn comes.
          this.#assertOpen();
          const started: TransactionContext = {
            connection,
            active: true,
            lock: new Mutex(),
            level: null,
            serializable,
            explicit,
            readOnly,
            savepoints: [],
            nextSavepoint: 0,
            failure: null,
            retry: false,
            upgrade: false,
          };
          context = started;
          this.stats.attempts += 1;
          try {
            const result = await this.#ambient.run(started, () => body(started));
            // Operations the body started without awaiting finish before the commit.
            await started.lock.run(async () => undefined);
            if (started.upgrade || started.retry) throw upgradeSignal();
            if (started.failure !== null) throw started.failure.error;
            this.#assertOpen();
            if (started.level !== null) {
              const commit = await control(connection, 'COMMIT');
              if (commit.command === 'ROLLBACK') throw new PolityError('internal', 'COMMIT rolled the transaction back: a statement in it had failed');
            }
            return result;
          } catch (error) {
            if (started.level !== null) await this.#rollback(connection, error);
            throw error;
          } finally {
            started.active = false;
          }
        });
      } catch (error) {
        if (context?.upgrade === true && !this.#closed) {
          // Not a conflict: run again at once, at SERIALIZABLE.
          this.stats.upgrades += 1;
          serializable = true;
          continue;
        }
        const retry = context?.retry === true || isRetryable(error);
        if (retry && attempt < this.#attempts && !this.#closed) {
          this.stats.retries += 1;
          if (context?.level === 'serializable') serializable = true;
          await this.#backoff(attempt);
          continue;
        }
        if (retry) {
          throw new PolityError('conflict', `the transaction kept conflicting with concurrent ones (${String(attempt)} attempts)`, {
            details: { constraint: 'serialization' },
            cause: error,
          });
        }
        // No context: the connection could not even be checked out (refused, pool timeout): a driver error, mapped.
        if (context === undefined) throw toPolityError(error, 'transaction', 'read');
        // The body's own errors pass through unchanged (BEGIN and COMMIT failures are already PolityErrors).
        throw error;
      }
    }
  }

  /**
   * Sends BEGIN with a transaction's first operation, at the isolation that operation needs; a read in a
   * transaction that began at READ COMMITTED marks it for a run at SERIALIZABLE and stops it.
   */
  async #begin(context: TransactionContext, access: Access): Promise<void> {
    if (context.level === null) {
      const level: Level = context.explicit ?? (context.serializable || access === 'read' ? 'serializable' : 'read committed');
      await control(context.connection, `BEGIN ISOLATION LEVEL ${level.toUpperCase()}${context.readOnly ? ' READ ONLY' : ''}`);
      context.level = level;
      return;
    }
    if (access === 'read' && context.level === 'read committed' && context.explicit === null) {
      context.upgrade = true;
      throw upgradeSignal();
    }
  }

  async #nested<R>(context: TransactionContext, body: (context: TransactionContext) => Promise<R>): Promise<R> {
    context.nextSavepoint += 1;
    const name = `polity_sp_${String(context.nextSavepoint)}`;
    await context.lock.run(async () => {
      this.#assertActive(context);
      await this.#begin(context, 'point');
      await this.#statement(context, `SAVEPOINT ${name}`);
      context.savepoints.push(name);
    });
    const depth = context.savepoints.length;
    try {
      const result = await this.#ambient.run(context, () => body(context));
      await context.lock.run(async () => {
        // A statement of the body failed and the body went on: the savepoint rolls back, the failure surfaces.
        if (context.failure !== null && context.failure.depth >= depth) throw context.failure.error;
        if (context.upgrade) throw upgradeSignal();
        await this.#statement(context, `RELEASE SAVEPOINT ${name}`);
        this.#popSavepoint(context, name);
      });
      return result;
    } catch (error) {
      await context.lock.run(() => this.#rollbackTo(context, name, depth));
      throw error;
    }
  }

  async #rollbackTo(context: TransactionContext, name: string, depth: number): Promise<void> {
    if (!context.active || !context.savepoints.includes(name)) return;
    await context.connection.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await context.connection.query(`RELEASE SAVEPOINT ${name}`);
    this.#popSavepoint(context, name);
    if (context.failure !== null && context.failure.depth >= depth) context.failure = null;
  }

  #popSavepoint(context: TransactionContext, name: string): void {
    const index = context.savepoints.lastIndexOf(name);
    // Releasing or rolling back to a savepoint also ends every savepoint opened after it.
    if (index !== -1) context.savepoints.splice(index);
  }

  /** A statement of the transaction itself (savepoints), recording failures like any other. */
  async #statement(context: TransactionContext, text: string): Promise<void> {
    try {
      await context.connection.query(text);
    } catch (error) {
      const mapped = toPolityError(error, 'transaction', 'write');
      this.#recordFailure(context, mapped);
      throw mapped;
    }
  }

  #recordFailure(context: TransactionContext, error: PolityError): void {
    if (isRetryable(error)) context.retry = true;
    if (context.failure === null) context.failure = { error, depth: context.savepoints.length };
  }

  #transactionOps(context: TransactionContext, table: string, operation: Operation): OperationContext {
    const ops: OperationContext = {
      inTransaction: true,
      query: async (text, values = [], options = {}) => {
        this.#assertActive(context);
        try {
          return await context.connection.query(text, values, options.named === true);
        } catch (error) {
          if (!isPolityError(error) && error instanceof Error) this.#recordFailure(context, toPolityError(error, table, operation));
          throw error;
        }
      },
      atomic: async (fn, savepoint) => {
        if (!savepoint) return fn(ops);
        context.nextSavepoint += 1;
        const name = `polity_op_${String(context.nextSavepoint)}`;
        await ops.query(`SAVEPOINT ${name}`);
        context.savepoints.push(name);
        const depth = context.savepoints.length;
        try {
          const result = await fn(ops);
          await ops.query(`RELEASE SAVEPOINT ${name}`);
          this.#popSavepoint(context, name);
          return result;
        } catch (error) {
          await this.#rollbackTo(context, name, depth);
          throw error;
        }
      },
    };
    return ops;
  }

  #standaloneOps(): OperationContext {
    const ops: OperationContext = {
      inTransaction: false,
      query: async (text, values = [], options = {}) => {
        this.#assertOpen();
        return this.#source.query(text, values, options.named === true);
      },
      atomic: (fn) =>
        this.#source.withConnection(async (connection) => {
          this.#assertOpen();
          const inner: OperationContext = {
            inTransaction: true,
            query: async (text, values = [], options = {}) => {
              this.#assertOpen();
              return connection.query(text, values, options.named === true);
            },
            atomic: (nested) => nested(inner),
          };
          await connection.query('BEGIN ISOLATION LEVEL READ COMMITTED');
          try {
            const result = await fn(inner);
            const commit = await connection.query('COMMIT');
            if (commit.command === 'ROLLBACK') throw new PolityError('internal', 'COMMIT rolled the operation back: a statement in it had failed');
            return result;
          } catch (error) {
            await this.#rollback(connection, error);
            throw error;
          }
        }),
    };
    return ops;
  }

  /** Rolls back; a connection that cannot even roll back is broken and must not return to its pool. */
  async #rollback(connection: Connection, cause: unknown): Promise<void> {
    try {
      await connection.query('ROLLBACK');
    } catch (error) {
      const message = `ROLLBACK failed (${error instanceof Error ? error.message : String(error)}) after: ${cause instanceof Error ? cause.message : String(cause)}`;
      throw markBroken(new PolityError('internal', message, { cause: error }));
    }
  }

  /** The transaction to join: the bound one (which must still run), else the ambient one if still running. */
  #joinable(bound: TransactionContext | undefined): TransactionContext | undefined {
    this.#assertOpen();
    return joinableTransaction(bound, this.#ambient.getStore());
  }

  #assertActive(context: TransactionContext): void {
    this.#assertOpen();
    if (!context.active) throw new PolityError('internal', 'the transaction has already finished: use the store, not a session kept from it');
    // Once marked to run again, the rest of this run is moot: stop the body as soon as it calls the store.
    if (context.upgrade) throw upgradeSignal();
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }

  async #backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(2 ** attempt, this.#maxDelayMs);
    await sleep(Math.random() * ceiling);
  }
}

/** Runs BEGIN or COMMIT, as a {@link PolityError} when it fails (COMMIT may fail with a serialization failure). */
async function control(connection: Connection, text: string): Promise<StatementResult<Record<string, unknown>>> {
  try {
    return await connection.query(text);
  } catch (error) {
    throw toPolityError(error, 'transaction', 'write');
  }
}
