/**
 * How the memory store runs work atomically: one async lock serialises top-level transactions, each with
 * its own {@link UndoLog}; work started from inside a running transaction's async context joins it; a
 * nested transaction or a single operation inside a transaction is a savepoint.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PolityError, invalidInput, internal, type TransactionOptions } from 'polity';
import { Mutex, joinableTransaction } from 'polity/store-kit';
import { UndoLog } from './undo-log';

/** A running (or finished) top-level transaction. */
export interface TransactionContext {
  readonly undo: UndoLog;
  /** `false` once the transaction has committed or rolled back; its sessions then refuse work. */
  active: boolean;
  /** A read-only transaction refuses writes. */
  readonly readOnly: boolean;
}

/** What an operation does: a write is refused in a read-only transaction. */
export type OperationKind = 'read' | 'write';

/**
 * A unit of work on the tables. It MUST be synchronous: that is what makes it atomic, since no other work
 * can interleave with it on the event loop.
 */
export type Operation<R> = (undo: UndoLog) => R;

/** The transaction machinery of one memory store. */
export class MemoryEngine {
  readonly #lock = new Mutex();
  // One per store, so a transaction of one store never captures calls made to another.
  readonly #ambient = new AsyncLocalStorage<TransactionContext>();
  #closed = false;

  /** Makes every later call reject with `internal` "store is closed". Idempotent. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Runs an operation atomically. With `bound` (a transaction session's own transaction) or inside a
   * running transaction's async context, it joins that transaction as a savepoint: if it throws, its own
   * writes are reverted and the transaction goes on. Otherwise it is a one-operation transaction under the
   * lock, so it never reads another transaction's uncommitted writes.
   *
   * @throws {@link PolityError} `internal` when the store is closed or `bound` has finished; whatever the
   *   operation throws, after reverting its writes.
   */
  async operate<R>(operation: Operation<R>, bound?: TransactionContext, kind: OperationKind = 'read'): Promise<R> {
    const joined = this.#joinable(bound);
    if (joined !== undefined) {
      if (kind === 'write' && joined.readOnly) throw internal('a read-only transaction cannot write');
      return this.#atSavepoint(joined, operation);
    }
    return this.#lock.run(async () => {
      this.#assertOpen();
      return this.#atSavepoint({ undo: new UndoLog(), active: true, readOnly: false }, operation);
    });
  }

  /**
   * Refuses a locking read outside a transaction (the lock would end at once). Inside one it never waits:
   * transactions run one at a time, so nobody else holds a lock.
   *
   * @throws {@link PolityError} `invalid_input` (`lock_outside_transaction`) outside a transaction, or for an unknown lock.
   */
  assertLockable(lock: unknown, bound?: TransactionContext): void {
    if (lock === undefined) return;
    if (lock !== 'update' && lock !== 'share') throw invalidInput('lock', 'a lock is "update" or "share"', 'invalid_value');
    if (this.#joinable(bound) === undefined) throw invalidInput('lock', 'a record is locked only inside a transaction', 'lock_outside_transaction');
  }

  /**
   * Runs `body` in a transaction. With `bound`, or inside a running transaction's async context, it joins
   * that transaction: its writes are visible to the rest of it and commit with it; if `body` throws, only
   * the writes made since it started are reverted (a savepoint, as `SAVEPOINT`/`ROLLBACK TO` in
   * PostgreSQL) and the error is rethrown. Otherwise it waits for the lock, then every write of `body`
   * commits when it resolves, or all are reverted when it throws.
   *
   * Joined bodies share one undo log, like savepoints on one connection: nested transactions of one
   * transaction should be awaited one after the other, since rolling one back also reverts what a sibling
   * running alongside it wrote after it started.
   */
  async transaction<R>(body: (context: TransactionContext) => Promise<R>, bound?: TransactionContext, options: TransactionOptions = {}): Promise<R> {
    const joined = this.#joinable(bound);
    if (joined !== undefined) {
      const savepoint = joined.undo.mark();
      try {
        return await this.#ambient.run(joined, () => body(joined));
      } catch (error) {
        joined.undo.rollbackTo(savepoint);
        throw error;
      }
    }
    return this.#lock.run(async () => {
      this.#assertOpen();
      // Every isolation level holds: transactions run one at a time.
      const context: TransactionContext = { undo: new UndoLog(), active: true, readOnly: options.readOnly === true };
      try {
        return await this.#ambient.run(context, () => body(context));
      } catch (error) {
        context.undo.rollbackTo(0);
        throw error;
      } finally {
        // Work still running on a leaked session must not write after commit or rollback.
        context.active = false;
      }
    });
  }

  /** The transaction to join: the bound one (which must still run), else the ambient one if still running. */
  #joinable(bound: TransactionContext | undefined): TransactionContext | undefined {
    this.#assertOpen();
    return joinableTransaction(bound, this.#ambient.getStore());
  }

  #atSavepoint<R>(context: TransactionContext, operation: Operation<R>): R {
    const savepoint = context.undo.mark();
    try {
      return operation(context.undo);
    } catch (error) {
      context.undo.rollbackTo(savepoint);
      throw error;
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new PolityError('internal', 'store is closed');
  }
}
