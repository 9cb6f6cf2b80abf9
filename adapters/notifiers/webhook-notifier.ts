/**
 * A notifier that POSTs each notification as JSON to an HTTP endpoint, signed with HMAC-SHA256.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Notification, Notifier } from 'polity';

/** The `fetch` the webhook notifier needs (the global one fits). */
export type WebhookFetch = (url: string, init: WebhookRequestInit) => Promise<WebhookResponse>;

/** What the webhook notifier passes to {@link WebhookFetch}: a JSON POST that can be aborted on timeout. */
export interface WebhookRequestInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** The part of a `fetch` response the webhook notifier reads. */
export interface WebhookResponse {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  readonly status: number;
  /** The response body, read so the connection can be reused and a refusal explained. */
  text(): Promise<string>;
}

/** Options of {@link webhookNotifier}. */
export interface WebhookNotifierOptions {
  /** The receiving endpoint. */
  readonly url: string;
  /** The shared secret the body is signed with; the receiver checks `X-Polity-Signature` with {@link verifyWebhookSignature}. */
  readonly secret: string;
  /**
   * How long to wait for a response, in milliseconds; a slower one counts as a failure (retried).
   * @defaultValue 10 000
   */
  readonly timeoutMs?: number;
  /**
   * The fetch implementation.
   * @defaultValue the global `fetch`
   */
  readonly fetch?: WebhookFetch;
  /** Extra headers (an API key …). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The JSON body of a webhook delivery. */
export interface WebhookBody {
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly to: Notification['to'];
  readonly language: Notification['language'];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly data: Notification['data'];
}

/** A delivery the receiver did not accept (non-2xx status) or did not answer in time. */
export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  /** The HTTP status, or `null` for a timeout or a network error. */
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** The `X-Polity-Signature` value of a body: `sha256=` and the hex HMAC-SHA256 of the raw body under the secret. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Checks an `X-Polity-Signature` header against the raw request body, in constant time. Receivers call it
 * before trusting a delivery.
 *
 * @example
 * ```ts
 * import { verifyWebhookSignature } from 'polity/adapters/notifiers';
 *
 * const ok = verifyWebhookSignature('{"kind":"x"}', 'sha256=00', 'shared secret'); // false
 * ```
 */
export function verifyWebhookSignature(body: string, header: string | null | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(webhookSignature(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Creates a {@link Notifier} that POSTs a {@link WebhookBody} with the headers `Content-Type:
 * application/json`, `X-Polity-Signature: sha256=<hmac>`, `Idempotency-Key` (the same on every re-send of a
 * message, so the receiver can drop duplicates) and `X-Polity-Kind`. Any status outside 200–299, a network
 * error or a timeout rejects with {@link WebhookDeliveryError}, so the dispatcher retries.
 *
 * @param options - See {@link WebhookNotifierOptions}.
 * @example
 * ```ts
 * import { webhookNotifier } from 'polity/adapters/notifiers';
 *
 * const notifier = webhookNotifier({ url: 'https://hooks.example.gov/polity', secret: 'a long shared secret', timeoutMs: 5000 });
 * ```
 */
export function webhookNotifier(options: WebhookNotifierOptions): Notifier {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch: WebhookFetch = options.fetch ?? ((url, init) => fetch(url, init));
  return {
    async send(notification) {
      const payload: WebhookBody = {
        idempotencyKey: notification.idempotencyKey,
        kind: notification.kind,
        to: notification.to,
        language: notification.language,
        subject: notification.subject,
        text: notification.text,
        html: notification.html ?? null,
        data: notification.data,
      };
      const body = JSON.stringify(payload);
      let response: Awaited<ReturnType<WebhookFetch>>;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: {
            ...options.headers,
            'content-type': 'application/json',
            'x-polity-signature': webhookSignature(body, options.secret),
            'idempotency-key': notification.idempotencyKey,
            'x-polity-kind': notification.kind,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new WebhookDeliveryError(timedOut ? `webhook gave no answer within ${timeoutMs} ms` : `webhook unreachable: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
      }
      // Read the body either way, so the connection can be reused; its text helps explain a refusal.
      const answer = await response.text().catch(() => '');
      if (!response.ok) throw new WebhookDeliveryError(`webhook answered ${response.status}${answer === '' ? '' : `: ${answer.slice(0, 200)}`}`, response.status);
    },
  };
}
