/**
 * Which transaction a call joins, decided the same way in every adapter.
 *
 * @module
 */
import { PolityError } from 'polity';

/** What an adapter knows of a running transaction: whether it still runs. */
export interface JoinableTransaction {
  readonly active: boolean;
}

/**
 * The transaction a call joins: the one its session is bound to (which must still run), else the ambient
 * one of the caller's async context (AsyncLocalStorage) if it still runs, else none.
 *
 * @throws {@link polity!PolityError} `internal` when the bound transaction has finished: a session kept from a
 * transaction was used after it.
 */
export function joinableTransaction<T extends JoinableTransaction>(bound: T | undefined, ambient: T | undefined): T | undefined {
  if (bound !== undefined) {
    if (!bound.active) throw new PolityError('internal', 'the transaction has already finished: use the store, not a session kept from it');
    return bound;
  }
  // A callback scheduled inside a transaction (a timer) may fire after it finished: it then runs on its own.
  return ambient?.active === true ? ambient : undefined;
}
