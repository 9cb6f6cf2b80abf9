/**
 * Issue #7, item 7: concurrency invariants on the real PostgreSQL server (`DATABASE_URL`), at the Store
 * level (the services that will call these primitives do not exist yet): guarded writes for licence seats
 * and meeting capacity, the unique index for e-mail addresses. Every caller is fired at once into a
 * `pg.Pool` of {@link POOL_SIZE} connections, which queues them. Without `DATABASE_URL` (a local run without
 * a server) they are skipped, visibly; `.ci/run` always sets it, and fails on any skipped test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PolityError, isPolityError, where, type Store } from 'polity';
import { fixtureIds, makeAuditEvent, makeLicencePool, makeMeeting, makeOutboxMessage, makeParticipant, makeUser, seedFixtureWorld } from 'polity/testing';
import { databaseUrl, storeInFreshSchema } from '../conformance/pg-targets';
import { tally } from '../../src/testing/suites/expectations';

/** Connections of the pool the concurrent callers share. */
const POOL_SIZE = 20;

const seatFree = (poolId: string) => where.and(where.eq('id', poolId), where.lt('used', where.field('allocated')));


describe.skipIf(databaseUrl === undefined)('postgres: concurrency on the real server', () => {
  let pool: pg.Pool;
  let store: Store;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
    store = await storeInFreshSchema(pool);
    await seedFixtureWorld(store);
  });

  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  it('1,000 concurrent licence activations (guardedUpdate) on a pool of 100 seats: exactly 100 granted, used = 100', async () => {
    const licences = await store.licencePools.insert(makeLicencePool({ allocated: 100 }));
    const claims = Array.from({ length: 1000 }, () => store.licencePools.guardedUpdate({ where: seatFree(licences.id), increment: { used: 1 } }));
    const { fulfilled, rejected } = tally(await Promise.allSettled(claims));
    expect(rejected).toEqual([]);
    const granted = fulfilled.filter((changed) => changed.length === 1);
    expect(granted).toHaveLength(100);
    expect(new Set(granted.map(([seat]) => seat?.used)).size, 'each grant saw its own seat number').toBe(100);
    expect((await store.licencePools.get(licences.id))?.used).toBe(100);
  }, 60_000);

  it('1,000 concurrent activations as transactions (seat, then audit event and outbox message): 100 granted, 100 audited, 100 queued', async () => {
    await store.licencePools.deleteWhere(where.always());
    const licences = await store.licencePools.insert(makeLicencePool({ allocated: 100 }));
    const activate = (n: number) =>
      store.transaction(async (tx) => {
        const [seat] = await tx.licencePools.guardedUpdate({ where: seatFree(licences.id), increment: { used: 1 } });
        if (seat === undefined) throw new PolityError('limit_exceeded', 'no licence left', { details: { limit: 'licences', max: 100 } });
        await tx.audit.insert(makeAuditEvent({ action: 'licence.activate', targetType: 'licencePool', targetId: licences.id, summary: `Seat ${String(seat.used)}.` }));
        await tx.enqueue(makeOutboxMessage({ idempotencyKey: `activation:${String(n)}` }));
      });
    const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: 1000 }, (_, n) => activate(n))));
    expect(fulfilled).toHaveLength(100);
    expect(rejected.every((error) => isPolityError(error, 'limit_exceeded')), String(rejected.find((error) => !isPolityError(error, 'limit_exceeded')))).toBe(true);
    expect((await store.licencePools.get(licences.id))?.used).toBe(100);
    expect(await store.audit.count(where.eq('action', 'licence.activate'))).toBe(100);
    expect(await store.outbox.count(where.eq('kind', 'account.activation'))).toBe(100);
  }, 120_000);

  it('500 concurrent joins of a meeting capped at 300: exactly 300 admitted, each with its participant record', async () => {
    const meeting = await store.meetings.insert(makeMeeting({ participantCount: 1, participantLimit: 300 }));
    const people = Array.from({ length: 500 }, () => makeUser());
    await store.transaction(async (tx) => {
      for (const person of people) await tx.users.insert(person);
    });
    const roomLeft = where.and(where.eq('id', meeting.id), where.lt('participantCount', where.field('participantLimit')));
    const join = (userId: string) =>
      store.transaction(async (tx) => {
        const [admitted] = await tx.meetings.guardedUpdate({ where: roomLeft, increment: { participantCount: 1 } });
        if (admitted === undefined) throw new PolityError('limit_exceeded', 'the meeting is full', { details: { limit: 'participants', max: 300 } });
        await tx.participants.insert(makeParticipant({ meetingId: meeting.id, userId }));
      });
    const { fulfilled, rejected } = tally(await Promise.allSettled(people.map((person) => join(person.id))));
    // The organiser is already in: 299 more fit.
    expect(fulfilled).toHaveLength(299);
    expect(rejected.every((error) => isPolityError(error, 'limit_exceeded'))).toBe(true);
    expect((await store.meetings.get(meeting.id))?.participantCount).toBe(300);
    expect(await store.participants.count(where.eq('meetingId', meeting.id))).toBe(299);
  }, 120_000);

  it('500 concurrent single-call joins (guardedUpdate) of a meeting capped at 300: exactly 300 in', async () => {
    const meeting = await store.meetings.insert(makeMeeting({ participantCount: 0 + 1, participantLimit: 300 }));
    const roomLeft = where.and(where.eq('id', meeting.id), where.lt('participantCount', where.field('participantLimit')));
    const joins = await Promise.all(Array.from({ length: 500 }, () => store.meetings.guardedUpdate({ where: roomLeft, increment: { participantCount: 1 } })));
    expect(joins.filter((changed) => changed.length === 1)).toHaveLength(299);
    expect((await store.meetings.get(meeting.id))?.participantCount).toBe(300);
  }, 60_000);

  it('two concurrent inserts of one e-mail address, differing in case: one account', async () => {
    for (let round = 0; round < 20; round += 1) {
      const address = `twice.${String(round)}@example.test`;
      const { fulfilled, rejected } = tally(
        await Promise.allSettled([store.users.insert(makeUser({ email: address })), store.users.insert(makeUser({ email: address.toUpperCase() }))]),
      );
      expect(fulfilled).toHaveLength(1);
      expect(isPolityError(rejected[0], 'conflict') && rejected[0].details?.constraint).toBe('users.email');
    }
    expect(await store.users.count(where.eq('familyName', 'Lovelace'))).toBeGreaterThanOrEqual(20);
  }, 60_000);

  it('two concurrent invitations of one e-mail address (account, then outbox message, in a transaction): one account, one message', async () => {
    const before = await store.outbox.count();
    const invite = (email: string) =>
      store.transaction(async (tx) => {
        const user = await tx.users.insert(makeUser({ email }));
        await tx.enqueue(makeOutboxMessage({ recipientUserId: user.id, recipientEmail: email }));
        return user;
      });
    const { fulfilled, rejected } = tally(await Promise.allSettled([invite('Invited@Example.test'), invite('invited@example.TEST')]));
    expect(fulfilled).toHaveLength(1);
    expect(isPolityError(rejected[0], 'conflict') && rejected[0].details?.constraint).toBe('users.email');
    expect(await store.users.count(where.eq('email', fulfilled[0]?.email ?? ''))).toBe(1);
    expect(await store.outbox.count()).toBe(before + 1);
  });

  it('concurrent read-check-write transactions (count then insert) on a hot meeting: never more than the capacity', async () => {
    const people = Array.from({ length: 60 }, () => makeUser());
    await store.transaction(async (tx) => {
      for (const person of people) await tx.users.insert(person);
    });
    const capacity = 25;
    const admit = (userId: string) =>
      store.transaction(async (tx) => {
        const present = await tx.participants.count(where.eq('meetingId', fixtureIds.meeting));
        if (present >= capacity) throw new PolityError('limit_exceeded', 'full', { details: { limit: 'participants', max: capacity } });
        await tx.participants.insert(makeParticipant({ userId }));
      });
    const { fulfilled, rejected } = tally(await Promise.allSettled(people.map((person) => admit(person.id))));
    expect(fulfilled).toHaveLength(capacity);
    expect(rejected.every((error) => isPolityError(error, 'limit_exceeded'))).toBe(true);
    expect(await store.participants.count(where.eq('meetingId', fixtureIds.meeting))).toBe(capacity);
  }, 120_000);
});
