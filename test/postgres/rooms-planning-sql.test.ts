/**
 * Rooms, planning and statistics (MB-9, MB-10, MB-11) on the Postgres adapter: the same answers as on the
 * memory store, so the filters these services build (overlaps, nullable reported times, plans, `in` lists)
 * mean the same in SQL, and the foreign keys let a room be deleted with its aliases and past meetings.
 * Runs on PGlite always and on the real server with `DATABASE_URL` (skipped visibly without it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPolity, isPolityError, profiles, type Meeting, type Store } from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { sequentialIds, testClock } from 'polity/testing';
import { databaseUrl, endSharedClients, pgliteStore, serverStore } from '../conformance/pg-targets';
import { seedAssignment, seedOrganisation, seedUser } from '../services/world';

const t = (iso: string) => new Date(iso);
const february = { from: t('2026-02-01T00:00:00Z'), to: t('2026-03-01T00:00:00Z') };

const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await endSharedClients();
});

/** Everything the scenario reads back, to compare across adapters. */
async function scenario(store: Store) {
  stores.push(store);
  const polity = createPolity({ store, profile: profiles.megalis, clock: testClock('2026-02-15T12:00:00.000Z'), ids: sequentialIds() });
  const a = await seedOrganisation(store, 'Vannes Agglo');
  const b = await seedOrganisation(store, 'Lorient Agglo');
  const person = async (email: string, role: string, organisationId: string | null) => {
    const user = await seedUser(store, { email, organisationId, timeZone: 'Europe/Paris' });
    await seedAssignment(store, { userId: user.id, role, scopeType: organisationId === null ? 'platform' : 'organisation', organisationId });
    return user.id;
  };
  const conciergeId = await person(`concierge.${a.id}@capvisio.test`, 'concierge', null);
  const adminId = await person(`admin.${a.id}@vannes.test`, 'administrator', a.id);
  const userId = await person(`agent.${a.id}@vannes.test`, 'user', a.id);
  const concierge = polity.as(conciergeId);
  const room = await concierge.rooms.create({ organisationId: a.id, name: 'Salle', aliases: [`Salle-${a.id}`, `bis-${a.id}`], participantLimit: 20 });

  let n = 0;
  const meeting = async (organisationId: string, startsAt: string, endsAt: string, fields: Partial<Meeting> = {}) => {
    n += 1;
    return store.meetings.insert({
      id: `${a.id}_m${n}`, organisationId, unitId: null, organiserId: adminId, createdById: adminId, roomId: null, title: `M${n}`, description: null,
      startsAt: t(startsAt), endsAt: t(endsAt), timeZone: 'Europe/Paris', status: 'scheduled', participantCount: 1, participantLimit: 300,
      startedAt: null, endedAt: null, createdAt: t(startsAt), updatedAt: t(startsAt), ...fields,
    });
  };
  // The participant, and the attendance (one stay) the host reported.
  const attend = async (m: Meeting, who: string, joinedAt: string, leftAt: string | null) => {
    await store.participants.insert({ id: `${m.id}_${who}`, meetingId: m.id, organisationId: m.organisationId, userId: who, role: 'participant', invitedAt: m.createdAt, joinedAt: t(joinedAt), leftAt: leftAt === null ? null : t(leftAt) });
    await store.attendances.insert({ id: `${m.id}_${who}_1`, meetingId: m.id, organisationId: m.organisationId, userId: who, joinedAt: t(joinedAt), leftAt: leftAt === null ? null : t(leftAt) });
  };

  const m1 = await meeting(a.id, '2026-02-10T09:00:00Z', '2026-02-10T11:00:00Z', { status: 'ended', startedAt: t('2026-02-10T09:00:00Z'), endedAt: t('2026-02-10T11:00:00Z'), roomId: room.id });
  await attend(m1, userId, '2026-02-10T09:00:00Z', '2026-02-10T10:30:00Z');
  await attend(m1, adminId, '2026-02-10T09:10:00Z', null);
  const m2 = await meeting(a.id, '2026-01-31T23:00:00Z', '2026-02-01T01:00:00Z', { status: 'ended', startedAt: t('2026-01-31T23:00:00Z'), endedAt: t('2026-02-01T01:00:00Z') });
  await attend(m2, userId, '2026-01-31T23:00:00Z', '2026-02-01T00:30:00Z');
  await meeting(a.id, '2026-02-20T09:00:00Z', '2026-02-20T10:00:00Z', { status: 'cancelled' });
  await meeting(a.id, '2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z');
  await meeting(b.id, '2026-02-11T09:00:00Z', '2026-02-11T10:00:00Z');
  await store.licencePools.insert({ id: `${a.id}_pool`, organisationId: a.id, allocated: 5, used: 2, reserved: 0, updatedAt: t('2026-01-01T00:00:00Z') });

  const planning = (await polity.as(adminId).planning.list({ organisationId: a.id, ...february, includeCancelled: true })).items.map((e) => [e.title, e.cancelled, e.local.startsAt]);
  const allPlanning = (await concierge.planning.list(february)).items.map((e) => [e.title, e.organisationId === a.id ? 'a' : 'b']);
  const dst = (await polity.as(adminId).planning.list({ organisationId: a.id, from: t('2026-03-29T00:00:00+01:00'), to: t('2026-03-30T00:00:00+02:00') })).items.map((e) => [e.local.startsAt, e.local.endsAt]);
  const { organisationId: _a, from: _f, to: _t, ...statistics } = await polity.as(adminId).statistics.get({ organisationId: a.id, ...february });
  const byOrganisation = (await concierge.statistics.byOrganisation(february)).items.map((s) => [s.organisationId === a.id ? 'a' : 'b', s.meetingsHeld, s.participantHours]);
  const found = (await polity.as(userId).rooms.findByAlias({ alias: `SALLE-${a.id}` })).id === room.id;
  let inUse: unknown = null;
  await meeting(a.id, '2026-02-16T09:00:00Z', '2026-02-16T10:00:00Z', { roomId: room.id, title: 'upcoming' });
  try {
    await concierge.rooms.delete({ roomId: room.id });
  } catch (error) {
    inUse = isPolityError(error, 'conflict') ? error.details?.constraint : error;
  }
  await store.meetings.update(`${a.id}_m6`, { status: 'cancelled' });
  const deleted = (await concierge.rooms.delete({ roomId: room.id })).aliases.length;
  const afterDelete = { rooms: await store.rooms.count(), m1Room: (await store.meetings.get(m1.id))?.roomId };
  return { planning, allPlanning, dst, statistics, byOrganisation, found, inUse, deleted, afterDelete };
}

const expected = {
  planning: [
    ['M2', false, '2026-02-01T00:00:00+01:00'],
    ['M1', false, '2026-02-10T10:00:00+01:00'],
    ['M3', true, '2026-02-20T10:00:00+01:00'],
  ],
  allPlanning: [
    ['M2', 'a'],
    ['M1', 'a'],
    ['M5', 'b'],
  ],
  dst: [['2026-03-29T01:30:00+01:00', '2026-03-29T04:30:00+02:00']],
  statistics: { meetingsHeld: 1, participants: 2, participantHours: 2, attendances: 2, openAttendances: 1, licences: { allocated: 5, used: 2, reserved: 0 } },
  byOrganisation: [
    ['b', 0, 0],
    ['a', 1, 2],
  ],
  found: true,
  inUse: 'room.in_use',
  deleted: 2,
  afterDelete: { rooms: 0, m1Room: null },
};

describe('rooms, planning and statistics agree across adapters (MB-9, MB-10, MB-11)', () => {
  it('memory: the reference answers', async () => {
    expect(await scenario(memoryStore())).toEqual(expected);
  });

  it('PGlite: the same answers in SQL', async () => {
    expect(await scenario(await pgliteStore())).toEqual(expected);
  }, 60_000);

  it.skipIf(databaseUrl === undefined)('PostgreSQL server: the same answers', async () => {
    expect(await scenario(await serverStore())).toEqual(expected);
  }, 60_000);
});
