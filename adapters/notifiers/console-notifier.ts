/**
 * A notifier that prints notifications, for development and demos.
 *
 * @module
 */
import type { Notifier } from 'polity';

/** Options of {@link consoleNotifier}. */
export interface ConsoleNotifierOptions {
  /**
   * Where lines go.
   * @defaultValue `console.log`
   */
  readonly log?: (line: string) => void;
  /**
   * Print the text body too, not only the headers.
   * @defaultValue true
   */
  readonly body?: boolean;
}

/**
 * Creates a {@link Notifier} that prints each notification (recipient, subject, idempotency key, text) and
 * always accepts it.
 *
 * @param options - See {@link ConsoleNotifierOptions}.
 * @example
 * ```ts
 * import { consoleNotifier } from 'polity/adapters/notifiers';
 *
 * const notifier = consoleNotifier({ body: false });
 * ```
 */
export function consoleNotifier(options: ConsoleNotifierOptions = {}): Notifier {
  const log = options.log ?? ((line: string) => console.log(line));
  const body = options.body ?? true;
  return {
    async send(notification) {
      const head = `[polity ${notification.kind}] to ${notification.to.email} (${notification.language}) · ${notification.subject} · key ${notification.idempotencyKey}`;
      log(body ? `${head}\n${notification.text}` : head);
    },
  };
}
