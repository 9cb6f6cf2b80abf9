// Issue #8's faults on every store target (memory, PGlite, the real server), through the real services and
// a real SMTP server on 127.0.0.1: a mail server down loses nothing and sends each mail once when back, a
// rolled-back command sends nothing, a poison message does not block the others.
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { where, type Store } from 'polity';
import { makeOutboxMessage } from 'polity/testing';
import { createDispatcher, redactedValue } from '../../src/notifications/index';
import { smtpNotifier } from '../../adapters/notifiers/smtp';
import { useStoreTargets } from '../targets';
import { bootstrapAdmin, rejects, type World } from '../services/world';
import { pendingMessage } from './outbox-fixtures';
import { smtpPeer, type SmtpPeer } from './smtp-peer';
import { notificationTargets, worldOn } from './store-targets';

let peer: SmtpPeer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
  await store?.close();
  store = undefined;
});
useStoreTargets(notificationTargets);

async function setUpOrganisation(world: World) {
  const adminId = await bootstrapAdmin(world);
  const admin = world.polity.as(adminId);
  const { organisation } = await admin.organisations.create({ name: 'Ministry of Digital Governance', code: 'MDG' });
  return { admin, organisation };
}

function smtpDispatcher(world: World, port: number) {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
  const notifier = smtpNotifier({ transport, from: '"e:Presence" <no-reply@presence.example.gov>' });
  return createDispatcher({ store: world.store, notifier, clock: world.clock, profile: world.polity.profile, batchSize: 10, maxAttempts: 5, backoff: { baseMs: 1000, maxMs: 60_000 } });
}

for (const target of notificationTargets) {
  describe(`${target.name}: notification faults (real SMTP server)`, { timeout: 60_000 }, () => {
    const makeWorld = async (): Promise<World> => {
      store = await target.create();
      return worldOn(store);
    };

    it('invitations made while the SMTP server is down commit, and each mail goes out exactly once when it is back', async () => {
      const world = await makeWorld();
      const { admin, organisation } = await setUpOrganisation(world);
      peer = await smtpPeer();
      const port = peer.port;
      await peer.stop();

      const emails = ['a.one@gov.test', 'b.two@gov.test', 'c.three@gov.test', 'd.four@gov.test'];
      for (const email of emails) await admin.users.add({ organisationId: organisation.id, email, givenName: 'New', familyName: 'Colleague', role: 'user' });
      expect(await world.store.users.count(where.in('email', emails))).toBe(4);
      const pending = await world.store.outbox.count(where.eq('status', 'pending'));
      expect(pending).toBeGreaterThanOrEqual(4);

      const dispatcher = smtpDispatcher(world, port);
      expect(await dispatcher.runOnce()).toEqual({ claimed: pending, sent: 0, retried: pending, failed: 0 });
      const afterFailure = (await world.store.outbox.list({ limit: 100 })).items;
      expect(afterFailure.every((m) => m.status === 'pending' && m.attempts === 1 && m.lastError !== null)).toBe(true);
      expect((await dispatcher.runOnce()).claimed).toBe(0); // backing off

      world.clock.advance(1000);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: pending, retried: pending }); // still down
      world.clock.advance(2000);

      await peer.start(); // back, on the same port
      expect(await dispatcher.runUntilIdle()).toEqual({ claimed: pending, sent: pending, retried: 0, failed: 0 });
      world.clock.advance(3_600_000);
      expect((await dispatcher.runUntilIdle()).claimed).toBe(0);

      const counts = peer.countsByMessageId();
      expect(counts.size).toBe(pending);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(peer.received.flatMap((m) => m.to).filter((to) => emails.includes(to)).sort()).toEqual([...emails].sort());
      const sent = (await world.store.outbox.list({ where: where.eq('kind', 'account.activation'), limit: 100 })).items;
      expect(sent.every((m) => m.status === 'sent' && m.payload['link'] === redactedValue)).toBe(true);
    });

    it('a command that rolls back sends nothing', async () => {
      const world = await makeWorld();
      const { admin, organisation } = await setUpOrganisation(world);
      await admin.users.add({ organisationId: organisation.id, email: 'taken@gov.test', givenName: 'First', familyName: 'One', role: 'user' });
      const before = await world.store.outbox.count();
      await rejects(admin.users.add({ organisationId: organisation.id, email: 'taken@gov.test', givenName: 'Second', familyName: 'One', role: 'user' }), 'conflict');
      // A transaction that wrote its notification and then failed leaves nothing behind either.
      await expect(
        world.store.transaction(async (tx) => {
          await tx.enqueue(makeOutboxMessage({ id: 'msg_rolled_back', idempotencyKey: 'rolled-back', kind: 'coordinators.message', organisationId: organisation.id, recipientUserId: null, recipientEmail: 'x@gov.test', payload: { organisationName: 'M', subject: 's', body: 'b', from: 'f' } }));
          throw new Error('later step failed');
        }),
      ).rejects.toThrow('later step failed');
      expect(await world.store.outbox.count()).toBe(before);

      peer = await smtpPeer();
      const dispatcher = smtpDispatcher(world, peer.port);
      expect((await dispatcher.runUntilIdle()).sent).toBe(before);
      expect(peer.received.flatMap((m) => m.to)).not.toContain('x@gov.test');
      expect(peer.received.flatMap((m) => m.to).filter((to) => to === 'taken@gov.test')).toHaveLength(1);
    });

    it('a poison message is parked with its reason and does not block the others', async () => {
      const world = await makeWorld();
      const { admin, organisation } = await setUpOrganisation(world);
      await world.store.enqueue(pendingMessage(0, { id: 'msg_0', kind: 'meeting.teleport', availableAt: world.clock.now(), createdAt: world.clock.now() }));
      await admin.users.add({ organisationId: organisation.id, email: 'after.poison@gov.test', givenName: 'After', familyName: 'Poison', role: 'user' });
      peer = await smtpPeer();
      const report = await smtpDispatcher(world, peer.port).runUntilIdle();
      expect(report.failed).toBe(1);
      expect(report.sent).toBeGreaterThanOrEqual(1);
      expect(await world.store.outbox.get('msg_0')).toMatchObject({ status: 'failed', lastError: 'poison message: no template for the notification kind "meeting.teleport"' });
      expect(peer.received.flatMap((m) => m.to)).toContain('after.poison@gov.test');
    });
  });
}
