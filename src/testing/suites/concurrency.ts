/**
 * Conformance topic `concurrency`: limits that races could break hold under many concurrent callers,
 * through guarded updates, unique constraints, and serialised read-check-write transactions.
 *
 * @module
 */
import { expect } from 'vitest';
import { PolityError, isPolityError, where } from 'polity';
import {
  fixtureIds,
  makeAuditEvent,
  makeLicencePool,
  makeMeeting,
  makeOutboxMessage,
  makeParticipant,
  makeUser,
  seedFixtureWorld,
} from '../fixtures';
import { pause, tally } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/** A guard that takes a seat of a pool only while one is free. */
const seatFree = (poolId: string) => where.and(where.eq('id', poolId), where.lt('used', where.field('allocated')));

/** The `concurrency` topic. */
export const concurrencySuite: StoreSuite = {
  topic: 'concurrency',
  tests: [
    storeTest('200 concurrent guardedUpdate seat claims on a pool of 50: exactly 50 succeed and used is 50', async (store) => {
      await seedFixtureWorld(store);
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 50 }));
      const claims = Array.from({ length: 200 }, () => store.licencePools.guardedUpdate({ where: seatFree(pool.id), increment: { used: 1 } }));
      const { fulfilled, rejected } = tally(await Promise.allSettled(claims));
      expect(rejected, 'a refused claim returns [], it does not throw').toEqual([]);
      expect(fulfilled.filter((changed) => changed.length === 1)).toHaveLength(50);
      expect(fulfilled.filter((changed) => changed.length === 0)).toHaveLength(150);
      expect(new Set(fulfilled.flat().map((p) => p.used)).size, 'each success saw its own seat number').toBe(50);
      expect((await store.licencePools.get(pool.id))?.used).toBe(50);
    }),

    storeTest('60 concurrent guarded releases of 50 used seats: exactly 50 succeed and used is 0', async (store) => {
      await seedFixtureWorld(store);
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 50, used: 50 }));
      const seatUsed = where.and(where.eq('id', pool.id), where.gt('used', 0));
      const releases = Array.from({ length: 60 }, () => store.licencePools.guardedUpdate({ where: seatUsed, increment: { used: -1 } }));
      const results = await Promise.all(releases);
      expect(results.filter((changed) => changed.length === 1)).toHaveLength(50);
      expect((await store.licencePools.get(pool.id))?.used).toBe(0);
    }),

    storeTest('30 concurrent joins of a meeting for 10 (1 present): exactly 9 are admitted', async (store) => {
      await seedFixtureWorld(store);
      const meeting = await store.meetings.insert(makeMeeting({ participantCount: 1, participantLimit: 10 }));
      const roomLeft = where.and(where.eq('id', meeting.id), where.lt('participantCount', where.field('participantLimit')));
      const joins = Array.from({ length: 30 }, () => store.meetings.guardedUpdate({ where: roomLeft, increment: { participantCount: 1 } }));
      const results = await Promise.all(joins);
      expect(results.filter((changed) => changed.length === 1)).toHaveLength(9);
      expect((await store.meetings.get(meeting.id))?.participantCount).toBe(10);
    }),

    storeTest('100 concurrent unguarded increments lose no update', async (store) => {
      const message = await store.outbox.insert(makeOutboxMessage());
      await Promise.all(
        Array.from({ length: 100 }, () => store.outbox.guardedUpdate({ where: where.eq('id', message.id), increment: { attempts: 1 } })),
      );
      expect((await store.outbox.get(message.id))?.attempts).toBe(100);
    }),

    storeTest('100 concurrent inserts of distinct records all land', async (store) => {
      const users = Array.from({ length: 100 }, () => makeUser());
      await Promise.all(users.map((user) => store.users.insert(user)));
      expect(await store.users.count()).toBe(100);
    }),

    storeTest('2 concurrent transactions inserting users whose e-mails differ only in case: exactly one commits', async (store) => {
      const attempt = (email: string) =>
        store.transaction(async (tx) => {
          const user = await tx.users.insert(makeUser({ email }));
          await pause(20);
          await tx.enqueue(makeOutboxMessage({ recipientUserId: null, recipientEmail: email }));
          return user;
        });
      const { fulfilled, rejected } = tally(await Promise.allSettled([attempt('Race@Example.test'), attempt('race@example.TEST')]));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(isPolityError(rejected[0], 'conflict') && rejected[0].details?.constraint).toBe('users.email');
      expect(await store.users.count()).toBe(1);
      // The loser's outbox message went with it.
      expect(await store.outbox.count()).toBe(1);
    }),

    storeTest('concurrent read-check-write transactions (count then insert) are serialised: the invariant holds', async (store) => {
      await seedFixtureWorld(store);
      const people = Array.from({ length: 10 }, () => makeUser());
      for (const person of people) await store.users.insert(person);
      const capacity = 3;
      const admit = (userId: string) =>
        store.transaction(async (tx) => {
          const present = await tx.participants.count(where.eq('meetingId', fixtureIds.meeting));
          // Give a racing transaction every chance to read the same count before this one writes.
          await pause(2);
          if (present >= capacity) throw new PolityError('limit_exceeded', 'the meeting is full', { details: { limit: 'participants', max: capacity } });
          await tx.participants.insert(makeParticipant({ userId }));
        });
      const { fulfilled, rejected } = tally(await Promise.allSettled(people.map((person) => admit(person.id))));
      expect(fulfilled).toHaveLength(capacity);
      expect(rejected.every((error) => isPolityError(error, 'limit_exceeded'))).toBe(true);
      expect(await store.participants.count()).toBe(capacity);
    }),

    storeTest('40 concurrent transactions claiming a seat and auditing it: audit events match the 15 seats granted', async (store) => {
      await seedFixtureWorld(store);
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 15 }));
      const claim = () =>
        store.transaction(async (tx) => {
          const [taken] = await tx.licencePools.guardedUpdate({ where: seatFree(pool.id), increment: { used: 1 } });
          if (taken === undefined) throw new PolityError('limit_exceeded', 'no seat left', { details: { limit: 'licences', max: 15 } });
          await pause(1);
          await tx.audit.insert(makeAuditEvent({ action: 'licence.claim', targetType: 'licencePool', targetId: pool.id }));
        });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: 40 }, claim)));
      expect(fulfilled).toHaveLength(15);
      expect(rejected.every((error) => isPolityError(error, 'limit_exceeded'))).toBe(true);
      expect((await store.licencePools.get(pool.id))?.used).toBe(15);
      expect(await store.audit.count(where.eq('action', 'licence.claim'))).toBe(15);
    }),
  ],
};
