/**
 * A first-come, first-served async lock, shared by the adapters: the memory store serialises its top-level
 * transactions with one; the Postgres adapter serialises work on a single-connection client (a `pg.Client`,
 * PGlite) and the statements of one transaction with others.
 *
 * @module
 */

const settle = (): void => undefined;

/** An async mutex. Callers get the lock in the order they asked for it; a failing holder still releases it. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /**
   * Runs `fn` once every earlier holder has finished, and holds the lock until `fn` settles.
   *
   * @returns what `fn` returns, or rejects with what it throws.
   */
  run<R>(fn: () => Promise<R>): Promise<R> {
    const result = this.#tail.then(fn);
    // The next holder waits for this one to settle, whether it succeeds or fails.
    this.#tail = result.then(settle, settle);
    return result;
  }
}
