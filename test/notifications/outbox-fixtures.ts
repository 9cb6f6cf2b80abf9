// Outbox messages written straight into a store, for dispatcher tests that need no service around them.
import type { OutboxMessage, Store } from 'polity';

export const start = new Date('2026-01-05T09:00:00.000Z');

/** A pending `coordinators.message` (renders with no profile), numbered so id order is numeric order. */
export function pendingMessage(n: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  const id = `msg_${String(n).padStart(5, '0')}`;
  return {
    id,
    organisationId: null,
    kind: 'coordinators.message',
    recipientUserId: null,
    recipientEmail: `person${n}@gov.test`,
    language: 'en',
    payload: { organisationName: 'Ministry A', subject: `Note ${n}`, body: 'Hello', from: 'Ada Admin' },
    idempotencyKey: `coordinators.message:${id}`,
    status: 'pending',
    attempts: 0,
    availableAt: start,
    leaseUntil: null,
    lastError: null,
    createdAt: start,
    sentAt: null,
    ...overrides,
  };
}

/** Writes `count` pending messages numbered from `from`. */
export async function seedOutbox(store: Store, count: number, from = 1): Promise<OutboxMessage[]> {
  const messages = Array.from({ length: count }, (_, i) => pendingMessage(from + i));
  await store.enqueue(messages);
  return messages;
}
