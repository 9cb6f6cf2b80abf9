/**
 * What the optional `OutboxQueue` capability of a Store means, in one place, so every adapter that offers
 * it (and the dispatcher's generic fallback) claims and settles exactly alike: which messages are
 * claimable, the checks on a claim request, and the fields each settlement writes.
 *
 * @module
 */
import { where, type Filter } from '../domain/filter';
import { outboxMessageSchema, type OutboxMessage } from '../domain/outbox-message';
import { parseWith } from '../domain/validate';
import { invalidInput, type InputIssueCode, type PolityError } from '../errors';
import type { OutboxClaimRequest, OutboxSettlement } from '../ports/store';
import { maxPageLimit } from '../store-kit/page-limit';

/**
 * The messages a claim may take at `now`: pending, due (`availableAt <= now`), and not leased, or leased
 * until before `now`. An adapter's own claim statement must select exactly these.
 *
 * @example
 * ```ts
 * import { outboxClaimableAt } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const due = await memoryStore().outbox.count(outboxClaimableAt(new Date()));
 * ```
 */
export function outboxClaimableAt(now: Date): Filter {
  return where.and(where.eq('status', 'pending'), where.lte('availableAt', now), where.or(where.isNull('leaseUntil'), where.lt('leaseUntil', now)));
}

function invalid(path: string, message: string, code: InputIssueCode): PolityError<'invalid_input'> {
  return invalidInput(path, message, code);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * Checks a claim request as every `OutboxQueue.claim` must: real dates, a lease that ends after `now`
 * (one that does not would be claimable again at once), and a limit of 1–1000.
 *
 * @throws {@link PolityError} `invalid_input` naming the offending field.
 * @example
 * ```ts
 * import { checkOutboxClaim } from 'polity';
 *
 * const now = new Date();
 * checkOutboxClaim({ now, leaseUntil: new Date(now.getTime() + 60_000), limit: 50 }); // passes
 * ```
 */
export function checkOutboxClaim(request: OutboxClaimRequest): OutboxClaimRequest {
  if (!isValidDate(request.now)) throw invalid('now', 'now must be a valid Date', 'invalid_date');
  if (!isValidDate(request.leaseUntil)) throw invalid('leaseUntil', 'leaseUntil must be a valid Date', 'invalid_date');
  if (request.leaseUntil.getTime() <= request.now.getTime()) throw invalid('leaseUntil', 'leaseUntil must be later than now', 'lease_not_in_future');
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > maxPageLimit) {
    throw invalid('limit', `a claim takes 1 to ${String(maxPageLimit)} messages, got ${String(request.limit)}`, 'out_of_range');
  }
  return request;
}

/**
 * Checks the lease a settlement names, as every `OutboxQueue.settle` must: a valid Date.
 *
 * @throws {@link PolityError} `invalid_input` (path `leaseUntil`) otherwise.
 * @example
 * ```ts
 * import { checkOutboxLease } from 'polity';
 *
 * checkOutboxLease(new Date()); // passes
 * ```
 */
export function checkOutboxLease(leaseUntil: Date): Date {
  if (!isValidDate(leaseUntil)) throw invalid('leaseUntil', 'leaseUntil must be a valid Date', 'invalid_date');
  return leaseUntil;
}

/** The fields one settlement writes, as {@link outboxSettlementChange} returns them. */
export interface OutboxSettlementChange {
  /** Fields set, the lease (`leaseUntil: null`) included. */
  readonly set: Partial<Omit<OutboxMessage, 'id'>>;
  /** What to add to `attempts`: 1 for a failed delivery, 0 for a sent one. */
  readonly attempts: 0 | 1;
}

/** The fields a settlement may write, each checked with the outbox schema's own rule for it. */
const settlementFields = outboxMessageSchema.pick({ status: true, sentAt: true, availableAt: true, lastError: true, payload: true, leaseUntil: true }).partial().strict();

/**
 * The change a settlement makes to its message (what `OutboxSettlement` documents), its values checked
 * against the outbox schema, so an adapter can check a whole batch before writing any of it.
 *
 * @throws {@link PolityError} `invalid_input` for a settlement of no known type or without an id, or a value
 *   the outbox schema refuses (an error over 2,000 characters, a payload that is not a JSON object …).
 * @example
 * ```ts
 * import { outboxSettlementChange } from 'polity';
 *
 * outboxSettlementChange({ type: 'retry', id: 'msg_1', availableAt: new Date(), error: '421 try later' });
 * // { set: { availableAt, lastError: '421 try later', leaseUntil: null }, attempts: 1 }
 * ```
 */
export function outboxSettlementChange(settlement: OutboxSettlement): OutboxSettlementChange {
  if (typeof settlement.id !== 'string' || settlement.id === '') throw invalid('id', 'a settlement names the message it settles', 'missing_id');
  const change = changeOf(settlement);
  return { set: parseWith(settlementFields, change.set, 'outbox settlement') as OutboxSettlementChange['set'], attempts: change.attempts };
}

function changeOf(settlement: OutboxSettlement): OutboxSettlementChange {
  switch (settlement.type) {
    case 'sent':
      return {
        set: settlement.payload === undefined
          ? { status: 'sent', sentAt: settlement.at, leaseUntil: null }
          : { status: 'sent', sentAt: settlement.at, leaseUntil: null, payload: settlement.payload },
        attempts: 0,
      };
    case 'retry':
      return { set: { availableAt: settlement.availableAt, lastError: settlement.error, leaseUntil: null }, attempts: 1 };
    case 'failed':
      return { set: { status: 'failed', availableAt: settlement.at, lastError: settlement.error, leaseUntil: null }, attempts: 1 };
    default: {
      const type = (settlement as { type?: unknown }).type;
      throw invalid('type', `a settlement is "sent", "retry" or "failed", got ${JSON.stringify(type) ?? String(type)}`, 'invalid_settlement');
    }
  }
}
