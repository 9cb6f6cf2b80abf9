/**
 * Outbox retention: sent and failed messages are deleted after configurable ages by a housekeeping call.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { OutboxMessage } from '../domain/outbox-message';
import { PolityError } from '../errors';
import type { Clock } from '../ports/clock';
import type { Repository } from '../ports/store';
import { systemClock } from '../runtime/system-clock';

/** Options of {@link purgeOutbox}. */
export interface PurgeOutboxOptions {
  /** Delete messages sent more than this long ago, in milliseconds (by `sentAt`). */
  readonly sentOlderThanMs: number;
  /**
   * Delete messages parked as failed more than this long ago, in milliseconds (by `availableAt`, which the
   * dispatcher sets to the time it parked them). Keep it long enough for someone to look at them.
   */
  readonly failedOlderThanMs: number;
  /**
   * Where the time comes from.
   * @defaultValue the system clock
   */
  readonly clock?: Clock;
}

/** How many messages {@link purgeOutbox} deleted. */
export interface PurgeOutboxReport {
  readonly sent: number;
  readonly failed: number;
}

function age(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    const message = `${name} must be a non-negative number of milliseconds`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: name, message, code: 'too_small' }] } });
  }
  return value;
}

/**
 * Deletes sent and failed outbox messages older than the given ages. Pending messages are never touched.
 * Safe to run while dispatchers run: a message being sent is pending.
 *
 * @throws {@link PolityError} `invalid_input` for a negative or non-finite age.
 * @example
 * ```ts
 * import { purgeOutbox } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const day = 24 * 60 * 60 * 1000;
 * const report = await purgeOutbox(memoryStore(), { sentOlderThanMs: 30 * day, failedOlderThanMs: 90 * day });
 * console.log(report); // { sent: 0, failed: 0 }
 * ```
 */
export async function purgeOutbox(store: { readonly outbox: Repository<OutboxMessage> }, options: PurgeOutboxOptions): Promise<PurgeOutboxReport> {
  const now = (options.clock ?? systemClock()).now().getTime();
  const sentBefore = new Date(now - age(options.sentOlderThanMs, 'sentOlderThanMs'));
  const failedBefore = new Date(now - age(options.failedOlderThanMs, 'failedOlderThanMs'));
  const sent = await store.outbox.deleteWhere(where.and(where.eq('status', 'sent'), where.lt('sentAt', sentBefore)));
  const failed = await store.outbox.deleteWhere(where.and(where.eq('status', 'failed'), where.lt('availableAt', failedBefore)));
  return { sent, failed };
}
