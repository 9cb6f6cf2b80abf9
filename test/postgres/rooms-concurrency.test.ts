/**
 * Permanent rooms under concurrent calls (MB-10), through the public API, on the memory store and on the real
 * PostgreSQL server (`DATABASE_URL`): an alias stays unique on the platform, the optional cap on rooms per
 * organisation is never passed, and a room keeps at least one alias. The memory store runs transactions one
 * at a time; on the server they really overlap in a pool, and the cap's count-then-insert holds because the
 * transaction runs at SERIALIZABLE and is retried (docs/adapters.md). Without `DATABASE_URL` the server
 * target is skipped, visibly, as in concurrency.test.ts; `.ci/run` always sets it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPolity, extendProfile, isPolityError, profiles, where, type Polity, type Store } from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { sequentialIds, testClock } from 'polity/testing';
import { databaseUrl, storeInFreshSchema } from '../conformance/pg-targets';
import { seedAssignment, seedOrganisation, seedUser } from '../services/world';
import { tally } from '../../src/testing/suites/expectations';

/** Connections of the pool the concurrent callers share on the server (kept small: the server is shared). */
const POOL_SIZE = 8;
/** Concurrent callers in each race. */
const CALLERS = 12;
/** The profile's cap on rooms per organisation. */
const CAP = 3;

const capped = extendProfile(profiles.megalis, { id: 'megalis-rooms-capped', limits: { maxRoomsPerOrganisation: CAP } });


/** A polity on the store with the capped Mégalis profile, an organisation and a concierge. */
async function world(store: Store): Promise<{ store: Store; polity: Polity; organisationId: string; conciergeId: string }> {
  const polity = createPolity({ store, profile: capped, clock: testClock('2026-03-01T09:00:00.000Z'), ids: sequentialIds() });
  const organisation = await seedOrganisation(store, 'Quimper Bretagne Occidentale');
  const concierge = await seedUser(store, { email: `concierge.${organisation.id}@capvisio.test` });
  await seedAssignment(store, { userId: concierge.id, role: 'concierge', scopeType: 'platform' });
  return { store, polity, organisationId: organisation.id, conciergeId: concierge.id };
}

/** Takes one place in a meeting with the write the meetings service makes (meeting-limits.ts, takePlaces); whether it got one. */
async function placeIn(store: Store, meetingId: string): Promise<boolean> {
  const [updated] = await store.meetings.guardedUpdate({
    where: where.and(where.eq('id', meetingId), where.in('status', ['scheduled', 'live']), where.lt('participantCount', where.field('participantLimit'))),
    increment: { participantCount: 1 },
  });
  return updated !== undefined;
}

const pools: pg.Pool[] = [];
const stores: Store[] = [];

const targets: { name: string; skip: boolean; make: () => Promise<Store> }[] = [
  { name: 'memory', skip: false, make: async () => memoryStore() },
  {
    name: 'postgres server',
    skip: databaseUrl === undefined,
    make: async () => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
      pools.push(pool);
      return storeInFreshSchema(pool);
    },
  },
];

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const pool of pools) await pool.end();
});

for (const target of targets) {
  describe.skipIf(target.skip)(`rooms under concurrent calls (${target.name})`, () => {
    const fresh = async () => {
      const store = await target.make();
      stores.push(store);
      return world(store);
    };

    it(`MB-10: ${CALLERS} concurrent creates with one alias (in any case): exactly one room, the others conflict roomAliases.alias`, async () => {
      const { polity, organisationId, conciergeId } = await fresh();
      const spellings = ['salle.conseil', 'SALLE.CONSEIL', 'Salle.Conseil'];
      const create = (n: number) =>
        polity.as(conciergeId).rooms.create({ organisationId, name: `Salle ${n}`, aliases: [`own-${n}`, spellings[n % spellings.length]!] });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: CALLERS }, (_, n) => create(n))));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(CALLERS - 1);
      for (const error of rejected) expect(isPolityError(error, 'conflict') && error.details).toMatchObject({ constraint: 'roomAliases.alias', alias: 'salle.conseil' });
      const winner = fulfilled[0]!;
      const rooms = await polity.as(conciergeId).rooms.list({ organisationId });
      expect(rooms.items.map((r) => [r.id, r.aliases])).toEqual([[winner.id, winner.aliases]]);
    }, 120_000);

    it(`MB-10: ${CALLERS} concurrent creates with the organisation holding 1 room under a cap of ${CAP}: exactly the free places succeed`, async () => {
      const { polity, organisationId, conciergeId } = await fresh();
      const concierge = polity.as(conciergeId);
      await concierge.rooms.create({ organisationId, name: 'Déjà là', aliases: ['deja-la'] });
      const free = CAP - 1;
      const create = (n: number) => concierge.rooms.create({ organisationId, name: `Salle ${n}`, aliases: [`salle-${n}`] });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: CALLERS }, (_, n) => create(n))));
      expect(fulfilled).toHaveLength(free);
      expect(rejected).toHaveLength(CALLERS - free);
      for (const error of rejected) expect(isPolityError(error, 'limit_exceeded') && error.details).toMatchObject({ limit: 'rooms', max: CAP, actual: CAP });
      const rooms = await concierge.rooms.list({ organisationId });
      expect(rooms.items).toHaveLength(CAP);
      // Each refused create left nothing behind: no stray alias.
      expect(rooms.items.flatMap((r) => r.aliases).sort()).toEqual(['deja-la', ...fulfilled.flatMap((r) => r.aliases)].sort());
    }, 120_000);

    it(`MB-10: ${CALLERS} concurrent addAlias calls on a room with 18 aliases: exactly 2 succeed, the others limit_exceeded aliases (max 20)`, async () => {
      const { store, polity, conciergeId } = await fresh();
      const concierge = polity.as(conciergeId);
      const organisation = await seedOrganisation(store, 'Morlaix Communauté');
      const room = await concierge.rooms.create({ organisationId: organisation.id, name: 'Salle', aliases: Array.from({ length: 18 }, (_, n) => `morlaix-${n}`) });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: CALLERS }, (_, n) => concierge.rooms.addAlias({ roomId: room.id, alias: `extra-${n}` }))));
      expect(fulfilled).toHaveLength(2);
      for (const error of rejected) expect(isPolityError(error, 'limit_exceeded') && error.details).toMatchObject({ limit: 'aliases', max: 20, actual: 20 });
      expect((await concierge.rooms.findByAlias({ alias: 'morlaix-0' })).aliases).toHaveLength(20);
    }, 120_000);

    it(`MB-10: lowering a room's limit while ${CALLERS} places are taken in its meeting at once: the meeting never ends above its limit, and a refused lowering changes nothing`, async () => {
      const { store, polity, conciergeId } = await fresh();
      const concierge = polity.as(conciergeId);
      for (let round = 0; round < 3; round += 1) {
        const organisation = await seedOrganisation(store, `Commune ${round}`);
        const room = await concierge.rooms.create({ organisationId: organisation.id, name: `Salle ${round}`, aliases: [`limite-${round}`], participantLimit: 40 });
        const organiser = await seedUser(store, { email: `organiser.${round}@commune.test`, organisationId: organisation.id });
        const at = new Date('2026-03-02T09:00:00.000Z');
        const meeting = await store.meetings.insert({
          id: `meeting_race_${round}`, organisationId: organisation.id, unitId: null, organiserId: organiser.id, createdById: organiser.id, roomId: room.id,
          title: 'Conseil', description: null, startsAt: at, endsAt: new Date(at.getTime() + 3_600_000), timeZone: 'Europe/Paris', status: 'scheduled',
          participantCount: 1, participantLimit: 40, startedAt: null, endedAt: null, createdAt: at, updatedAt: at,
        });
        const lower = concierge.rooms.update({ roomId: room.id, participantLimit: 6 });
        const places = Array.from({ length: CALLERS }, () => placeIn(store, meeting.id));
        const [lowered, ...taken] = await Promise.allSettled([lower, ...places]);
        const after = await store.meetings.get(meeting.id);
        expect(after!.participantCount).toBeLessThanOrEqual(after!.participantLimit);
        expect(after!.participantCount).toBe(1 + taken.filter((r) => r.status === 'fulfilled' && r.value).length);
        if (lowered!.status === 'fulfilled') {
          expect(after!.participantLimit).toBe(6);
        } else {
          expect(isPolityError(lowered!.reason, 'conflict') && lowered!.reason.details).toMatchObject({ constraint: 'room.meeting_over_limit', meetingId: meeting.id, participantLimit: 6 });
          expect(after!.participantLimit).toBe(40);
          expect((await store.rooms.get(room.id))!.participantLimit).toBe(40);
        }
      }
    }, 120_000);

    it('MB-10: two concurrent removals of the last two aliases of a room: one succeeds, the other is conflict room.last_alias', async () => {
      const { store, polity, conciergeId } = await fresh();
      const concierge = polity.as(conciergeId);
      for (let round = 0; round < 5; round += 1) {
        // An organisation per round, so the cap never interferes with the race on aliases.
        const organisation = await seedOrganisation(store, `Commune ${round}`);
        const room = await concierge.rooms.create({ organisationId: organisation.id, name: `Salle ${round}`, aliases: [`a-${round}`, `b-${round}`] });
        const { fulfilled, rejected } = tally(
          await Promise.allSettled([concierge.rooms.removeAlias({ roomId: room.id, alias: `a-${round}` }), concierge.rooms.removeAlias({ roomId: room.id, alias: `b-${round}` })]),
        );
        expect(fulfilled).toHaveLength(1);
        expect(isPolityError(rejected[0], 'conflict') && rejected[0].details).toMatchObject({ constraint: 'room.last_alias' });
        expect((await concierge.rooms.findByAlias({ alias: fulfilled[0]!.aliases[0]! })).aliases).toHaveLength(1);
      }
    }, 120_000);
  });
}

