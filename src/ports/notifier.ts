/**
 * The Notifier port: how a rendered notification leaves polity (e-mail, webhook, console, memory).
 * Services never call it: they write to the outbox, and a dispatcher calls the notifier.
 *
 * @module
 */
import type { Language } from '../domain/primitives';

/** A notification ready to deliver. */
export interface Notification {
  /** Stable across re-sends of the same outbox message; receivers use it to drop duplicates. */
  readonly idempotencyKey: string;
  /** The notification kind, e.g. `account.activation`. */
  readonly kind: string;
  readonly to: { readonly email: string; readonly name?: string; readonly userId?: string };
  readonly language: Language;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** The data the notification was rendered from. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Delivers notifications. */
export interface Notifier {
  /**
   * Delivers one notification. Resolves once the receiving side has accepted it; rejects when it did not,
   * so the dispatcher retries. MUST pass `idempotencyKey` on (Message-ID, a header …).
   */
  send(notification: Notification): Promise<void>;
}
