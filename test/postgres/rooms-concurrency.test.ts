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
import { createPolity, extendProfile, isPolityError, profiles, type Polity, type Store } from 'polity';
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

