// Issue #8's dispatcher guarantees on every store target (memory, PGlite, the real server): several
// dispatchers at once never send one message twice; no row lock is held while a mail server is talked to; a
// dispatcher that dies between sending and marking causes at most one re-send, with the same Message-ID. On
// the server each dispatcher has its own store and pool, as separate processes would.
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { where, type Notifier, type Store } from 'polity';
import { testClock } from 'polity/testing';
import { createDispatcher, type OutboxStore } from '../../src/notifications/index';
import { memoryNotifier } from '../../adapters/notifiers/index';
import { smtpNotifier } from '../../adapters/notifiers/smtp';
import { useStoreTargets } from '../targets';
import { seedOutbox, start } from './outbox-fixtures';
import { smtpPeer, type SmtpPeer } from './smtp-peer';
import { notificationTargets, type SharedOutbox } from './store-targets';

let peer: SmtpPeer | undefined;
let shared: SharedOutbox | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
  await shared?.close();
  shared = undefined;
});
useStoreTargets(notificationTargets);

const ways: readonly { readonly name: string; readonly via: (store: Store) => OutboxStore }[] = [
  { name: "the store's outbox queue", via: (store) => store },
  { name: 'the fallback over list + guardedUpdate', via: (store) => ({ outbox: store.outbox }) },
];

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `promise`, or a failure naming `what` if it has not settled within `ms` (a write blocked by a lock never would). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${String(ms)} ms: something holds a lock`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

for (const target of notificationTargets) {
  describe(`${target.name}: concurrent dispatchers`, { timeout: 60_000 }, () => {
    for (const way of ways) {
      it(`4 dispatchers racing over 400 messages send each exactly once, through ${way.name}`, async () => {
        shared = await target.shared(4);
        const [first] = shared.stores;
        if (first === undefined) throw new Error('no store');
        await seedOutbox(first, 400);
        const clock = testClock(start);
        const received = memoryNotifier();
        // Yield before accepting, so the dispatchers' claims and marks interleave as with a real mail server.
        const notifier: Notifier = { send: async (n) => { await new Promise((resolve) => setImmediate(resolve)); await received.send(n); } };
        const dispatchers = shared.stores.map((store, i) => createDispatcher({ store: way.via(store), notifier, clock, batchSize: 20, owner: `w${String(i)}` }));
        const reports = await Promise.all(dispatchers.map((d) => d.runUntilIdle()));

        expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(400);
        expect(reports.filter((r) => r.claimed > 0).length, 'more than one dispatcher took part').toBeGreaterThan(1);
        expect(received.duplicates()).toBe(0);
        expect(new Set(received.sent.map((n) => n.idempotencyKey)).size).toBe(400);
        expect(await first.outbox.count(where.eq('status', 'sent'))).toBe(400);
        expect(await first.outbox.count(where.not(where.isNull('leaseUntil')))).toBe(0);
      });
    }

    it('no row lock is held while the notifier talks to the mail server', async () => {
      shared = await target.shared(2);
      const [a, b] = shared.stores;
      if (a === undefined || b === undefined) throw new Error('no store');
      await seedOutbox(a, 10);
      const clock = testClock(start);
      const received = memoryNotifier();
      let entered = 0;
      let open = (): void => {};
      const gate = new Promise<void>((resolve) => { open = resolve; });
      const stuck: Notifier = { send: async (n) => { entered += 1; await gate; await received.send(n); } };
      const slow = createDispatcher({ store: a, notifier: stuck, clock, batchSize: 5 });
      const slowRun = slow.runOnce();
      await waitFor(() => entered === 5, 'the first batch to reach the mail server');

      const leased = (await b.outbox.list({ where: where.not(where.isNull('leaseUntil')), limit: 10 })).items;
      expect(leased).toHaveLength(5);
      // A write to a leased row from another connection goes through at once: no transaction holds its lock.
      const probe = b.outbox.guardedUpdate({ where: where.eq('id', leased[0]?.id ?? ''), increment: { attempts: 0 } });
      expect(await within(probe, 5000, 'a write to a leased message')).toHaveLength(1);
      // Another dispatcher takes and sends the rest meanwhile, without waiting for the first.
      const other = createDispatcher({ store: b, notifier: received, clock, batchSize: 5 });
      expect(await within(other.runUntilIdle(), 10_000, 'a second dispatcher')).toEqual({ claimed: 5, sent: 5, retried: 0, failed: 0 });

      open();
      expect(await slowRun).toEqual({ claimed: 5, sent: 5, retried: 0, failed: 0 });
      expect(received.duplicates()).toBe(0);
      expect(await a.outbox.count(where.eq('status', 'sent'))).toBe(10);
    });

    it('a dispatcher that dies between sending and marking causes one re-send with the same Message-ID, after its lease', async () => {
      shared = await target.shared(2);
      const [a, b] = shared.stores;
      if (a === undefined || b === undefined) throw new Error('no store');
      await seedOutbox(a, 3);
      const clock = testClock(start);
      peer = await smtpPeer();
      const transport = createTransport({ host: '127.0.0.1', port: peer.port, secure: false, ignoreTLS: true });
      const smtp = smtpNotifier({ transport, from: '"e:Presence" <no-reply@presence.example.gov>' });
      // Hands each mail to the server, then never returns: the process died before marking anything.
      const dying: Notifier = { send: async (n) => { await smtp.send(n); await new Promise<never>(() => {}); } };
      void createDispatcher({ store: a, notifier: dying, clock, leaseMs: 30_000 }).runOnce();
      await waitFor(() => peer?.received.length === 3, 'the first dispatcher to send');

      const second = createDispatcher({ store: b, notifier: smtp, clock, leaseMs: 30_000 });
      expect((await second.runOnce()).claimed, 'still leased by the dead dispatcher').toBe(0);
      clock.advance(30_001);
      expect(await second.runUntilIdle()).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
      expect(await b.outbox.count(where.eq('status', 'sent'))).toBe(3);

      const counts = peer.countsByMessageId();
      expect(counts.size, 'one Message-ID per message').toBe(3);
      expect([...counts.values()], 'each sent exactly twice: once by the dead dispatcher, once again').toEqual([2, 2, 2]);
      clock.advance(3_600_000);
      expect((await second.runUntilIdle()).claimed).toBe(0);
      transport.close();
    });
  });
}
