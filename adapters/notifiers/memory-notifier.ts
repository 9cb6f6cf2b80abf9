/**
 * A notifier that keeps what it was given, for tests.
 *
 * @module
 */
import type { Notification, Notifier } from 'polity';

/** Options of {@link memoryNotifier}. */
export interface MemoryNotifierOptions {
  /**
   * Decides, per attempt, whether a send fails: return an `Error` (or `true`) to reject, anything else to
   * accept. `attempt` counts every call of `send`, from 1.
   */
  readonly fail?: (notification: Notification, attempt: number) => Error | boolean | undefined;
}

/** A {@link Notifier} that records what it accepted. */
export interface MemoryNotifier extends Notifier {
  /** Every notification accepted, in order; a re-send appears again. */
  readonly sent: readonly Notification[];
  /** Every call of `send`, accepted or not. */
  readonly attempts: number;
  /** Makes the next `count` sends reject (with `error`, or a generic one). @defaultValue 1 */
  failNext(count?: number, error?: Error): void;
  /** Sends beyond the first per idempotency key: 0 when nothing was sent twice. */
  duplicates(): number;
  /** The accepted notifications to one address. */
  sentTo(email: string): Notification[];
  /** Forgets what was sent and any programmed failure. */
  clear(): void;
}

/**
 * Creates a {@link MemoryNotifier}.
 *
 * @param options - See {@link MemoryNotifierOptions}.
 * @example
 * ```ts
 * import { memoryNotifier } from 'polity/adapters/notifiers';
 *
 * const notifier = memoryNotifier();
 * notifier.failNext(2); // the next two sends reject: the dispatcher retries them
 * // … run the dispatcher …
 * console.log(notifier.sent.length, notifier.duplicates());
 * ```
 */
export function memoryNotifier(options: MemoryNotifierOptions = {}): MemoryNotifier {
  const sent: Notification[] = [];
  let attempts = 0;
  let failures: { count: number; error: Error | undefined } = { count: 0, error: undefined };
  return {
    sent,
    get attempts() {
      return attempts;
    },
    async send(notification) {
      attempts += 1;
      if (failures.count > 0) {
        failures.count -= 1;
        throw failures.error ?? new Error('memory notifier: programmed failure');
      }
      const verdict = options.fail?.(notification, attempts);
      if (verdict instanceof Error) throw verdict;
      if (verdict === true) throw new Error('memory notifier: programmed failure');
      sent.push(notification);
    },
    failNext(count = 1, error) {
      failures = { count, error };
    },
    duplicates() {
      return sent.length - new Set(sent.map((n) => n.idempotencyKey)).size;
    },
    sentTo(email) {
      return sent.filter((n) => n.to.email.toLowerCase() === email.toLowerCase());
    },
    clear() {
      sent.length = 0;
      attempts = 0;
      failures = { count: 0, error: undefined };
    },
  };
}
