/**
 * The undo log of one memory-store transaction: writes apply in place and push the step that reverts them,
 * so a rollback replays the steps backwards. A savepoint is a position in the log.
 *
 * @module
 */

/** A position in an {@link UndoLog}, as returned by {@link UndoLog.mark}. */
export type Savepoint = number & { readonly __savepoint: true };

/** Reverting steps of one transaction, newest last. */
export class UndoLog {
  readonly #steps: (() => void)[] = [];

  /** Records how to revert a write that was just applied. */
  record(step: () => void): void {
    this.#steps.push(step);
  }

  /** The current position: rolling back to it reverts every write recorded after this call. */
  mark(): Savepoint {
    return this.#steps.length as Savepoint;
  }

  /**
   * Reverts, newest first, every write recorded since `savepoint` (since the start when `0`), and forgets
   * them, so the log can go on from there.
   */
  rollbackTo(savepoint: Savepoint | 0): void {
    while (this.#steps.length > savepoint) this.#steps.pop()?.();
  }
}
