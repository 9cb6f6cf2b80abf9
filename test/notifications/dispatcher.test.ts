// The dispatcher over the memory store: claims, marks, retries with backoff, parks, leases, loop. Each test
// runs twice: through the memory store's own outbox queue, and through the generic fallback over its outbox
// repository (what a store without the capability gets).
import { describe, expect, it } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import { testClock } from 'polity/testing';
import { where, type Notification, type Notifier, type Store } from 'polity';
import { backoffDelay, createDispatcher, purgeOutbox, redactedValue, type DispatcherOptions, type OutboxStore } from '../../src/notifications/index';
import { memoryNotifier } from '../../adapters/notifiers/index';
import { pendingMessage, seedOutbox, start } from './outbox-fixtures';

const backoff = { baseMs: 1000, maxMs: 8000 };

/** What the dispatchers of a test are given: the store itself, or only its outbox repository. */
type Via = (store: Store) => OutboxStore;

const modes: readonly { readonly name: string; readonly via: Via }[] = [
  { name: "the memory store's outbox queue", via: (store) => store },
  { name: 'the fallback over list + guardedUpdate', via: (store) => ({ outbox: store.outbox }) },
];

function setup(via: Via, overrides: Partial<DispatcherOptions> = {}) {
  const store = memoryStore();
  const target = via(store);
  const clock = testClock(start);
  const notifier = memoryNotifier();
  const dispatcher = createDispatcher({ store: target, notifier, clock, batchSize: 10, leaseMs: 30_000, maxAttempts: 3, backoff, onError: () => {}, ...overrides });
  return { store, target, clock, notifier, dispatcher };
}

describe.each(modes)('dispatcher, through $name', ({ via }) => {
  it('sends what is due, marks it sent, and claims nothing more', async () => {
    const { store, notifier, dispatcher } = setup(via);
    await seedOutbox(store, 3);
    await store.enqueue(pendingMessage(4, { availableAt: new Date(start.getTime() + 60_000) }));
    expect(await dispatcher.runOnce()).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
    expect(notifier.sent.map((n) => n.to.email)).toEqual(['person1@gov.test', 'person2@gov.test', 'person3@gov.test']);
    expect(notifier.sent[0]?.idempotencyKey).toBe('coordinators.message:msg_00001');
    const sent = await store.outbox.get('msg_00001');
    expect(sent).toMatchObject({ status: 'sent', sentAt: start, leaseUntil: null, attempts: 0 });
    expect(await dispatcher.runOnce()).toEqual({ claimed: 0, sent: 0, retried: 0, failed: 0 });
    expect((await store.outbox.get('msg_00004'))?.status).toBe('pending');
  });

  it('claims the longest due first, then in id order, batchSize at a time', async () => {
    const { store, notifier, dispatcher } = setup(via, { batchSize: 4 });
    await seedOutbox(store, 10);
    await store.enqueue(pendingMessage(11, { availableAt: new Date(start.getTime() - 1000) }));
    expect((await dispatcher.runOnce()).claimed).toBe(4);
    expect(notifier.sent.map((n) => n.idempotencyKey.slice(-5))).toEqual(['00011', '00001', '00002', '00003']);
    expect(await dispatcher.runUntilIdle()).toEqual({ claimed: 7, sent: 7, retried: 0, failed: 0 });
  });

  it('retries with exponential backoff and keeps the reason, then parks the message as failed', async () => {
    const { store, clock, notifier, dispatcher } = setup(via);
    await seedOutbox(store, 1);
    notifier.failNext(3, new Error('421 try later'));
    expect(await dispatcher.runOnce()).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });
    let m = await store.outbox.get('msg_00001');
    expect(m).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null, lastError: '421 try later' });
    expect(m?.availableAt.getTime()).toBe(start.getTime() + 1000);
    expect((await dispatcher.runOnce()).claimed).toBe(0); // not due yet
    clock.advance(1000);
    expect(await dispatcher.runOnce()).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });
    m = await store.outbox.get('msg_00001');
    expect(m?.availableAt.getTime()).toBe(clock.now().getTime() + 2000);
    clock.advance(2000);
    expect(await dispatcher.runOnce()).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 1 });
    m = await store.outbox.get('msg_00001');
    expect(m).toMatchObject({ status: 'failed', attempts: 3, leaseUntil: null });
    expect(m?.lastError).toBe('gave up after 3 attempts: 421 try later');
    clock.advance(60_000);
    expect((await dispatcher.runOnce()).claimed).toBe(0);
    expect(notifier.sent).toHaveLength(0);
  });

  it('computes backoff as base · 2^(failures − 1), capped', () => {
    expect([1, 2, 3, 4, 5, 60].map((n) => backoffDelay(n, backoff))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('parks a poison message at once with the reason, and sends the others', async () => {
    const { store, notifier, dispatcher } = setup(via, { owner: 'worker-1' });
    await store.enqueue(pendingMessage(1, { kind: 'no.such_kind' }));
    await store.enqueue(pendingMessage(2, { payload: { nonsense: true } }));
    await seedOutbox(store, 3, 3);
    expect(await dispatcher.runOnce()).toEqual({ claimed: 5, sent: 3, retried: 0, failed: 2 });
    expect(await store.outbox.get('msg_00001')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'worker-1: poison message: no template for the notification kind "no.such_kind"' });
    expect((await store.outbox.get('msg_00002'))?.lastError).toMatch(/poison message: "coordinators.message" cannot be rendered: the payload .* does not fit/);
    expect(notifier.sent).toHaveLength(3);
  });

  it('redacts the activation link once the message is sent', async () => {
    const { store, notifier, dispatcher } = setup(via);
    const payload = { purpose: 'activation', givenName: 'Maria', link: 'https://portal.test/activate?token=secret_1', expiresAt: '2026-01-12T09:00:00.000Z' };
    await store.enqueue(pendingMessage(1, { kind: 'account.activation', payload }));
    await dispatcher.runOnce();
    expect(notifier.sent[0]?.text).toContain('token=secret_1');
    const stored = await store.outbox.get('msg_00001');
    expect(stored?.status).toBe('sent');
    expect(stored?.payload).toEqual({ ...payload, link: redactedValue });
  });

  it('a dispatcher that dies between sending and marking causes one re-send with the same key, after the lease', async () => {
    const { store, target, clock, notifier } = setup(via);
    await seedOutbox(store, 1);
    const seen: Notification[] = [];
    // The first dispatcher hands the mail over, then never comes back (its process died).
    const dying: Notifier = { send: (n) => { seen.push(n); return new Promise(() => {}); } };
    const first = createDispatcher({ store: target, notifier: dying, clock, leaseMs: 30_000, backoff });
    void first.runOnce();
    await vi_waitFor(() => seen.length === 1);
    const second = createDispatcher({ store: target, notifier, clock, leaseMs: 30_000, backoff });
    expect((await second.runOnce()).claimed).toBe(0); // still leased
    clock.advance(30_001);
    expect(await second.runOnce()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(notifier.sent[0]?.idempotencyKey).toBe(seen[0]?.idempotencyKey);
    expect((await store.outbox.get('msg_00001'))?.status).toBe('sent');
  });

  it('a late outcome from a dispatcher whose lease was taken over changes nothing', async () => {
    const { store, target, clock, notifier } = setup(via);
    await seedOutbox(store, 1);
    let release: (() => void) | undefined;
    const slow: Notifier = { send: () => new Promise<void>((resolve, reject) => { release = () => reject(new Error('too late')); }) };
    const first = createDispatcher({ store: target, notifier: slow, clock, leaseMs: 30_000, backoff });
    const late = first.runOnce();
    await vi_waitFor(() => release !== undefined);
    clock.advance(30_001);
    await createDispatcher({ store: target, notifier, clock, leaseMs: 30_000, backoff }).runOnce();
    release?.();
    expect(await late).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 0 });
    expect(await store.outbox.get('msg_00001')).toMatchObject({ status: 'sent', attempts: 0, lastError: null });
  });

  it('4 concurrent dispatchers over 500 messages send each exactly once', async () => {
    const { store, target, clock, notifier } = setup(via);
    await seedOutbox(store, 500);
    const dispatchers = Array.from({ length: 4 }, (_, i) => createDispatcher({ store: target, notifier, clock, batchSize: 25, owner: `w${i}` }));
    const reports = await Promise.all(dispatchers.map((d) => d.runUntilIdle()));
    expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(500);
    expect(reports.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);
    expect(notifier.sent).toHaveLength(500);
    expect(notifier.duplicates()).toBe(0);
    expect(await store.outbox.count(where.eq('status', 'sent'))).toBe(500);
  });

  it('loops until stopped, and stop() finishes the batch in flight', async () => {
    const { store, target, clock } = setup(via);
    await seedOutbox(store, 3);
    const notifier = memoryNotifier();
    let entered = 0;
    let open = (): void => {};
    const gate = new Promise<void>((resolve) => { open = resolve; });
    const slow: Notifier = { send: async (n) => { entered += 1; await gate; await notifier.send(n); } };
    const dispatcher = createDispatcher({ store: target, notifier: slow, clock, pollIntervalMs: 5, backoff });
    dispatcher.start();
    dispatcher.start(); // idempotent
    expect(dispatcher.running).toBe(true);
    await vi_waitFor(() => entered === 3);
    const stopped = dispatcher.stop();
    await store.enqueue(pendingMessage(9)); // arrives after stop was asked: not claimed
    open();
    await stopped;
    expect(dispatcher.running).toBe(false);
    expect(notifier.sent).toHaveLength(3);
    expect(await store.outbox.count(where.eq('status', 'sent'))).toBe(3);
    expect((await store.outbox.get('msg_00009'))?.status).toBe('pending');
  });

  it('the loop picks up new messages and survives a store error', async () => {
    const { store, clock, notifier } = setup(via);
    const errors: unknown[] = [];
    let broken = true;
    const flaky = { outbox: new Proxy(store.outbox, { get: (target, key) => {
      if (key === 'list' && broken) return () => Promise.reject(new Error('store down'));
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    } }) };
    const dispatcher = createDispatcher({ store: flaky, notifier, clock, pollIntervalMs: 5, onError: (e) => errors.push(e) });
    dispatcher.start();
    await vi_waitFor(() => errors.length > 0);
    broken = false;
    await seedOutbox(store, 2);
    await vi_waitFor(() => notifier.sent.length === 2);
    await dispatcher.stop();
    expect(String(errors[0])).toContain('store down');
  });

  it('refuses nonsense options', () => {
    const store = memoryStore();
    expect(() => createDispatcher({ store, notifier: memoryNotifier(), batchSize: 0 })).toThrow(/batchSize/);
    expect(() => createDispatcher({ store, notifier: memoryNotifier(), leaseMs: 1.5 })).toThrow(/leaseMs/);
  });
});

describe('dispatcher, recording a batch', () => {
  it("records a batch's outcomes together: one settle call through a queue, one guarded update per distinct change without", async () => {
    const store = memoryStore();
    const queue = store.outboxQueue;
    if (queue === undefined) throw new Error('the memory store offers an outbox queue');
    const settles: number[] = [];
    const counted = { outbox: store.outbox, outboxQueue: { claim: queue.claim, settle: (lease: Date, s: Parameters<typeof queue.settle>[1]) => { settles.push(s.length); return queue.settle(lease, s); } } };
    const updates: number[] = [];
    const fallback = { outbox: new Proxy(store.outbox, { get: (target, key) => {
      const value: unknown = Reflect.get(target, key);
      if (key === 'guardedUpdate') return (change: Parameters<typeof target.guardedUpdate>[0]) => { updates.push(1); return target.guardedUpdate(change); };
      return typeof value === 'function' ? value.bind(target) : value;
    } }) };
    const clock = testClock(start);
    const fail = (n: Notification) => (n.to.email.startsWith('person1') ? new Error('421 try later') : undefined);
    const notifier = memoryNotifier({ fail });
    const link = { purpose: 'activation', givenName: 'Maria', expiresAt: '2026-01-12T09:00:00.000Z' };
    const seed = async () => {
      await seedOutbox(store, 19, 1); // person1, person10 … person19 fail: 11 retries with one error
      await store.enqueue(pendingMessage(20, { kind: 'account.activation', payload: { ...link, link: 'https://portal.test/activate?token=a' } }));
      await store.enqueue(pendingMessage(21, { kind: 'account.activation', payload: { ...link, givenName: 'Nikos', link: 'https://portal.test/activate?token=b' } }));
    };
    await seed();
    expect(await createDispatcher({ store: counted, notifier, clock, batchSize: 50 }).runOnce()).toEqual({ claimed: 21, sent: 10, retried: 11, failed: 0 });
    expect(settles).toEqual([21]);

    await store.outbox.deleteWhere(where.always());
    await seed();
    expect(await createDispatcher({ store: fallback, notifier, clock, batchSize: 50 }).runOnce()).toEqual({ claimed: 21, sent: 10, retried: 11, failed: 0 });
    // 1 to lease, then: the 8 plain sends, the 11 retries, and each redacted activation mail (to Maria, to
    // Nikos: payloads differ).
    expect(updates).toHaveLength(1 + 1 + 1 + 2);
  });
});

describe('purgeOutbox', () => {
  it('deletes sent and failed messages past their ages, never pending ones', async () => {
    const store = memoryStore();
    const clock = testClock(start);
    const day = 86_400_000;
    const old = new Date(start.getTime() - 40 * day);
    const recent = new Date(start.getTime() - 5 * day);
    await store.enqueue([
      pendingMessage(1, { status: 'sent', sentAt: old }),
      pendingMessage(2, { status: 'sent', sentAt: recent }),
      pendingMessage(3, { status: 'failed', availableAt: new Date(start.getTime() - 100 * day) }),
      pendingMessage(4, { status: 'failed', availableAt: old }),
      pendingMessage(5, { createdAt: new Date(start.getTime() - 400 * day), availableAt: new Date(start.getTime() - 400 * day) }),
    ]);
    expect(await purgeOutbox(store, { sentOlderThanMs: 30 * day, failedOlderThanMs: 90 * day, clock })).toEqual({ sent: 1, failed: 1 });
    expect((await store.outbox.list()).items.map((m) => m.id)).toEqual(['msg_00002', 'msg_00004', 'msg_00005']);
    await expect(purgeOutbox(store, { sentOlderThanMs: -1, failedOlderThanMs: 0 })).rejects.toThrow(/sentOlderThanMs/);
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
