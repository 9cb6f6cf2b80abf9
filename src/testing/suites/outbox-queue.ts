/**
 * Conformance topic `outbox queue`: the Store's optional `OutboxQueue` capability, what the dispatcher
 * claims and records outcomes through. Every test runs twice: on the queue as the dispatcher gets it
 * (`outboxQueueOf(store)`: the adapter's own capability when it offers one) and on the generic fallback
 * over the same store's outbox repository (`list` + `guardedUpdate`), so both paths keep the same promises
 * on every adapter, and an adapter that leaves the capability out is still tested through the fallback.
 *
 * @module
 */
import { expect } from 'vitest';
import { outboxQueueOf, type OutboxMessage, type OutboxQueue, type Store } from 'polity';
import { fixtureAt, makeOutboxMessage } from '../fixtures';
import { expectPolityError, sortedIds } from './expectations';
import { storeTest, type StoreSuite, type StoreTest } from './store-suite';

/** One test body, given the queue under test and the store it works on. */
type QueueTest = (queue: OutboxQueue, store: Store) => Promise<void>;

/** The two ways a dispatcher may reach the outbox queue of a store. */
const variants: readonly { readonly label: string; readonly queueOf: (store: Store) => OutboxQueue }[] = [
  { label: 'as offered', queueOf: (store) => outboxQueueOf(store) },
  { label: 'fallback', queueOf: (store) => outboxQueueOf({ outbox: store.outbox }) },
];

/** Declares a test once per variant, titled `<title> [as offered]` and `<title> [fallback]`. */
function queueTests(title: string, run: QueueTest, timeout?: number): StoreTest[] {
  return variants.map((variant) => storeTest(`${title} [${variant.label}]`, (store) => run(variant.queueOf(store), store), timeout));
}

const minute = 60_000;
const at = (minutes: number): Date => fixtureAt(minutes);
const leaseFrom = (now: Date, minutes = 1): Date => new Date(now.getTime() + minutes * minute);

/** Pending messages with ids `oq_01` … (id order = number order), due at the fixture time unless told. */
function messages(count: number, overrides: (n: number) => Partial<OutboxMessage> = () => ({})): OutboxMessage[] {
  return Array.from({ length: count }, (_, i) => makeOutboxMessage({ id: `oq_${String(i + 1).padStart(3, '0')}`, availableAt: at(0), ...overrides(i + 1) }));
}

/** The `outbox queue` topic. */
export const outboxQueueSuite: StoreSuite = {
  topic: 'outbox queue',
  tests: [
    ...queueTests('claim leases the longest-due claimable messages up to the limit, and only those', async (queue, store) => {
      const now = at(10);
      await store.enqueue([
        makeOutboxMessage({ id: 'oq_due_late', availableAt: at(5) }),
        makeOutboxMessage({ id: 'oq_due_b', availableAt: at(1) }),
        makeOutboxMessage({ id: 'oq_due_a', availableAt: at(1) }),
        makeOutboxMessage({ id: 'oq_due_now', availableAt: now }),
        makeOutboxMessage({ id: 'oq_lease_over', availableAt: at(0), leaseUntil: at(9) }),
        makeOutboxMessage({ id: 'oq_future', availableAt: at(11) }),
        makeOutboxMessage({ id: 'oq_leased', availableAt: at(0), leaseUntil: at(12) }),
        makeOutboxMessage({ id: 'oq_lease_ends_now', availableAt: at(0), leaseUntil: now }),
        makeOutboxMessage({ id: 'oq_sent', availableAt: at(0), status: 'sent', sentAt: at(2) }),
        makeOutboxMessage({ id: 'oq_failed', availableAt: at(0), status: 'failed', attempts: 8, lastError: 'gave up' }),
      ]);
      const lease = leaseFrom(now);
      const first = await queue.claim({ now, leaseUntil: lease, limit: 3 });
      expect(first.map((m) => m.id), 'the longest due first, then by id').toEqual(['oq_lease_over', 'oq_due_a', 'oq_due_b']);
      expect(first.every((m) => m.leaseUntil?.getTime() === lease.getTime() && m.status === 'pending')).toBe(true);
      expect((await store.outbox.get('oq_due_a'))?.leaseUntil).toEqual(lease);
      const rest = await queue.claim({ now, leaseUntil: lease, limit: 100 });
      expect(rest.map((m) => m.id), 'a lease ending exactly now still holds').toEqual(['oq_due_late', 'oq_due_now']);
      expect(await queue.claim({ now, leaseUntil: lease, limit: 100 })).toEqual([]);
      expect((await store.outbox.get('oq_leased'))?.leaseUntil).toEqual(at(12));
    }),

    ...queueTests('a leased message is claimable again only once its lease has ended', async (queue, store) => {
      await store.enqueue(messages(2));
      const now = at(0);
      const lease = leaseFrom(now, 5);
      expect(sortedIds(await queue.claim({ now, leaseUntil: lease, limit: 10 }))).toEqual(['oq_001', 'oq_002']);
      expect(await queue.claim({ now: at(5), leaseUntil: leaseFrom(at(5)), limit: 10 })).toEqual([]);
      const again = await queue.claim({ now: at(6), leaseUntil: leaseFrom(at(6)), limit: 10 });
      expect(sortedIds(again)).toEqual(['oq_001', 'oq_002']);
      expect(again[0]?.leaseUntil).toEqual(leaseFrom(at(6)));
    }),

    ...queueTests('8 concurrent claimers over 150 messages lease disjoint sets that cover them all', async (queue, store) => {
      await store.enqueue(messages(150));
      const now = at(0);
      const claimer = async (worker: number): Promise<string[]> => {
        const mine: string[] = [];
        for (;;) {
          const leased = await queue.claim({ now, leaseUntil: new Date(leaseFrom(now).getTime() + worker), limit: 10 });
          if (leased.length === 0) return mine;
          mine.push(...leased.map((m) => m.id));
        }
      };
      const sets = await Promise.all(Array.from({ length: 8 }, (_, worker) => claimer(worker)));
      const all = sets.flat();
      expect(all, 'no message leased twice').toHaveLength(new Set(all).size);
      expect(all.sort()).toEqual(messages(150).map((m) => m.id));
    }, 60_000),

    ...queueTests('settle records sent, retry and failed outcomes under the lease, all together', async (queue, store) => {
      const seeded = messages(4, (n) => ({ attempts: n === 3 ? 2 : 0, lastError: n === 4 ? 'earlier failure' : null }));
      await store.enqueue(seeded);
      const now = at(0);
      const lease = leaseFrom(now);
      await queue.claim({ now, leaseUntil: lease, limit: 10 });
      const recorded = await queue.settle(lease, [
        { type: 'sent', id: 'oq_004', at: at(1) },
        { type: 'sent', id: 'oq_001', at: at(1), payload: { link: '[redacted]' } },
        { type: 'retry', id: 'oq_002', availableAt: at(3), error: '421 try later' },
        { type: 'failed', id: 'oq_003', at: at(1), error: 'gave up after 3 attempts: 550 no such user' },
      ]);
      expect(recorded).toEqual(['oq_001', 'oq_002', 'oq_003', 'oq_004']);
      expect(await store.outbox.get('oq_001')).toMatchObject({ status: 'sent', sentAt: at(1), leaseUntil: null, attempts: 0, payload: { link: '[redacted]' }, lastError: null });
      expect(await store.outbox.get('oq_004'), 'an earlier error stays for the record').toMatchObject({ status: 'sent', sentAt: at(1), leaseUntil: null, lastError: 'earlier failure' });
      expect((await store.outbox.get('oq_004'))?.payload).toEqual(seeded[3]?.payload);
      expect(await store.outbox.get('oq_002')).toMatchObject({ status: 'pending', attempts: 1, availableAt: at(3), leaseUntil: null, lastError: '421 try later', sentAt: null });
      expect(await store.outbox.get('oq_003')).toMatchObject({ status: 'failed', attempts: 3, availableAt: at(1), leaseUntil: null, lastError: 'gave up after 3 attempts: 550 no such user' });
      expect(await queue.settle(lease, [{ type: 'sent', id: 'oq_002', at: at(2) }]), 'the lease is gone once settled').toEqual([]);
      expect(await queue.settle(lease, [])).toEqual([]);
    }),

    ...queueTests('a late outcome under a lease that ran out and was taken over changes nothing', async (queue, store) => {
      await store.enqueue(messages(1));
      const first = leaseFrom(at(0));
      await queue.claim({ now: at(0), leaseUntil: first, limit: 1 });
      const second = leaseFrom(at(2));
      expect((await queue.claim({ now: at(2), leaseUntil: second, limit: 1 })).map((m) => m.id)).toEqual(['oq_001']);
      expect(await queue.settle(first, [{ type: 'retry', id: 'oq_001', availableAt: at(9), error: 'too late' }])).toEqual([]);
      expect(await store.outbox.get('oq_001')).toMatchObject({ status: 'pending', attempts: 0, leaseUntil: second, lastError: null });
      expect(await queue.settle(second, [{ type: 'sent', id: 'oq_001', at: at(2) }])).toEqual(['oq_001']);
      expect(await store.outbox.get('oq_001')).toMatchObject({ status: 'sent', leaseUntil: null });
    }),

    ...queueTests('bad requests and settlements are refused with invalid_input, and a refused batch records nothing', async (queue, store) => {
      await store.enqueue(messages(2));
      const now = at(0);
      await expectPolityError(queue.claim({ now, leaseUntil: leaseFrom(now), limit: 0 }), 'invalid_input');
      await expectPolityError(queue.claim({ now, leaseUntil: leaseFrom(now), limit: 1001 }), 'invalid_input');
      await expectPolityError(queue.claim({ now, leaseUntil: now, limit: 10 }), 'invalid_input');
      const lease = leaseFrom(now);
      expect(await queue.claim({ now, leaseUntil: lease, limit: 10 })).toHaveLength(2);
      await expectPolityError(
        queue.settle(lease, [
          { type: 'sent', id: 'oq_001', at: now },
          { type: 'retry', id: 'oq_002', availableAt: now, error: 'x'.repeat(2001) },
        ]),
        'invalid_input',
      );
      await expectPolityError(queue.settle(lease, [{ type: 'bounced', id: 'oq_001' } as never]), 'invalid_input');
      await expectPolityError(queue.settle(new Date(Number.NaN), [{ type: 'sent', id: 'oq_001', at: now }]), 'invalid_input');
      expect(await store.outbox.get('oq_001')).toMatchObject({ status: 'pending', leaseUntil: lease });
      expect(await store.outbox.get('oq_002')).toMatchObject({ status: 'pending', leaseUntil: lease, attempts: 0 });
    }),
  ],
};
