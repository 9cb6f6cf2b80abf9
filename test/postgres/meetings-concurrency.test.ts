/**
 * EP-2 under concurrency, through the public API: many invitations fired at once at a meeting with a few
 * free places admit exactly those places; every other call is `limit_exceeded` and writes nothing. Run on
 * the memory store (which serialises transactions) and on the real PostgreSQL server (`DATABASE_URL`; the
 * invitations run SERIALIZABLE and are retried, see docs/adapters.md). Concurrent invitations of one person
 * add them once; a loser is told so by name. Without `DATABASE_URL` the server target is skipped, visibly;
 * `.ci/run` always sets it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import { sequentialIds, testClock } from 'polity/testing';
import { createPolity, extendProfile, isPolityError, profiles, where, type Store } from 'polity';
import { databaseUrl, endSharedClients, serverStore } from '../conformance/pg-targets';
import { addMember, slot } from '../services/meeting-world';
import { activationBase, ePresenceOrganisation, seedUser, type World } from '../services/world';

/** e:Presence with room for ten: small enough to fill, the same guarded write as at 300. */
const capped = extendProfile(profiles.ePresence, { id: 'capped-presence', limits: { meetingMaxMinutes: 720, meetingMaxParticipants: 10, durationExemptRoles: ['platform_admin'] } });

const targets: { name: string; make: () => Promise<Store>; skip: boolean }[] = [
  { name: 'memory', make: async () => memoryStore(), skip: false },
  { name: 'postgres', make: serverStore, skip: databaseUrl === undefined },
];

afterAll(endSharedClients);

/** A meeting of a unit coordinator, 5 of its 10 places taken, and 40 people not yet invited. */
async function fiveFree(store: Store) {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  const polity = createPolity({ store, profile: capped, clock, ids: sequentialIds(), activationUrl: (token) => `${activationBase}${encodeURIComponent(token)}` });
  const world: World = { polity, store, clock };
  const { coordinatorId, organisation, unit } = await ePresenceOrganisation(world, 'c');
  const unitCoordinatorId = await addMember(world, coordinatorId, organisation.id, 'uc.c@gov.test', 'unit_coordinator', unit.id);
  const organiser = polity.as(unitCoordinatorId).meetings;
  const meeting = await organiser.schedule({ title: 'Popular', unitId: unit.id, ...slot(1) });
  await organiser.invite({ meetingId: meeting.id, invitees: [1, 2, 3, 4].map((i) => ({ email: `early${i}@elsewhere.test` })) });
  const people: string[] = [];
  for (let i = 0; i < 40; i += 1) people.push((await seedUser(store, { email: `crowd${i}.${store.adapter}@elsewhere.test` })).id);
  return { organiser, meeting, people, polity, clock };
}

function settle<T>(results: readonly PromiseSettledResult<T>[]) {
  const fulfilled = results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  return { fulfilled, rejected };
}

describe.each(targets)('EP-2: concurrent invitations at capacity ($name)', ({ make, skip }) => {
  it.skipIf(skip)('EP-2: 40 concurrent single invitations to a meeting with 5 free places: exactly 5 in, 35 limit_exceeded', async () => {
    const store = await make();
    try {
      const { organiser, meeting, people } = await fiveFree(store);
      const { fulfilled, rejected } = settle(await Promise.allSettled(people.map((userId) => organiser.invite({ meetingId: meeting.id, invitees: [{ userId }] }))));
      expect(fulfilled).toHaveLength(5);
      expect(rejected.every((error) => isPolityError(error, 'limit_exceeded')), String(rejected.find((error) => !isPolityError(error, 'limit_exceeded')))).toBe(true);
      expect(rejected).toHaveLength(35);
      expect(rejected.every((error) => isPolityError(error, 'limit_exceeded') && error.details?.limit === 'participants' && error.details.max === 10)).toBe(true);
      expect((await store.meetings.get(meeting.id))?.participantCount).toBe(10);
      expect(await store.participants.count(where.eq('meetingId', meeting.id))).toBe(10);
      // One audit event and one invitation e-mail per admitted person, none for the refused.
      expect(await store.audit.count(where.and(where.eq('targetId', meeting.id), where.eq('action', 'meeting.invite')))).toBe(1 + 5);
      expect(await store.outbox.count(where.and(where.eq('kind', 'meeting.invitation'), where.in('recipientUserId', people)))).toBe(5);
    } finally {
      await store.close();
    }
  }, 120_000);

  it.skipIf(skip)('EP-5: 12 concurrent invitations of the same person: one adds them; the others report them already invited or answer a conflict naming them (participants.member)', async () => {
    const store = await make();
    try {
      const { organiser, meeting, people } = await fiveFree(store);
      const person = people[0] ?? '';
      const { fulfilled, rejected } = settle(await Promise.allSettled(Array.from({ length: 12 }, () => organiser.invite({ meetingId: meeting.id, invitees: [{ userId: person }] }))));
      expect(fulfilled.filter((result) => result.added.length === 1)).toHaveLength(1);
      expect(fulfilled.filter((result) => result.added.length === 0).every((result) => result.alreadyInvited.includes(person))).toBe(true);
      for (const error of rejected) {
        expect(isPolityError(error, 'conflict'), String(error)).toBe(true);
        if (!isPolityError(error, 'conflict')) continue;
        expect(error.details).toMatchObject({ constraint: 'participants.member', userId: person, meetingId: meeting.id });
        expect(error.message).toContain('was invited');
      }
      expect((await store.meetings.get(meeting.id))?.participantCount).toBe(6);
      expect(await store.participants.count(where.and(where.eq('meetingId', meeting.id), where.eq('userId', person)))).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it.skipIf(skip)('MB-9: 10 concurrent join reports of the same person: one attendance opens, the others are invalid_transition (joins_in_order)', async () => {
    const store = await make();
    try {
      const { organiser, meeting, people, polity, clock } = await fiveFree(store);
      const person = people[1] ?? '';
      await organiser.invite({ meetingId: meeting.id, invitees: [{ userId: person }] });
      clock.set('2026-02-02T08:30:00.000Z');
      await polity.meetingEvents.started({ meetingId: meeting.id, at: new Date('2026-02-02T08:00:00.000Z') });
      const { fulfilled, rejected } = settle(await Promise.allSettled(Array.from({ length: 10 }, (_, i) => polity.meetingEvents.joined({ meetingId: meeting.id, userId: person, at: new Date(Date.UTC(2026, 1, 2, 8, 10 + i)) }))));
      expect(fulfilled).toHaveLength(1);
      expect(rejected.every((error) => isPolityError(error, 'invalid_transition') && error.details?.guard === 'joins_in_order'), String(rejected[0])).toBe(true);
      expect(await store.attendances.count(where.and(where.eq('meetingId', meeting.id), where.eq('userId', person)))).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it.skipIf(skip)('EP-2: 10 concurrent invitations of two people each, 5 places free: two calls fit, no call is half applied', async () => {
    const store = await make();
    try {
      const { organiser, meeting, people } = await fiveFree(store);
      const pairs = Array.from({ length: 10 }, (_, i) => [people[2 * i] ?? '', people[2 * i + 1] ?? '']);
      const { fulfilled, rejected } = settle(await Promise.allSettled(pairs.map((pair) => organiser.invite({ meetingId: meeting.id, invitees: pair.map((userId) => ({ userId })) }))));
      expect(fulfilled).toHaveLength(2);
      expect(rejected.every((error) => isPolityError(error, 'limit_exceeded'))).toBe(true);
      expect((await store.meetings.get(meeting.id))?.participantCount).toBe(9);
      const invited = (await store.participants.list({ where: where.and(where.eq('meetingId', meeting.id), where.in('userId', people)), limit: 100 })).items.map((p) => p.userId);
      // Whole pairs only.
      expect(invited).toHaveLength(4);
      for (const pair of pairs) expect(pair.filter((id) => invited.includes(id)).length % 2).toBe(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
