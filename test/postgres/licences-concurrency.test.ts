/**
 * Issue #6, licence accounting under concurrent calls (MB-3, MB-12), through the public API: N invitations
 * to a licensed role fired at once at an organisation with K free licences leave exactly K invited and the
 * rest `limit_exceeded`; the same for reactivations. On the memory store (which serialises transactions) and
 * on the real PostgreSQL server (`DATABASE_URL`; guarded increments on the pool row, SERIALIZABLE retries, the
 * check constraint as a backstop). Without `DATABASE_URL` the server half is skipped, visibly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import { makeLicencePool, sequentialIds, testClock } from 'polity/testing';
import { createPolity, isPolityError, profiles, where, type Store } from 'polity';
import { databaseUrl, endSharedClients, serverStore } from '../conformance/pg-targets';
import { isOversubscribed } from '../../src/services/licences/pool';
import { activate, activationBase, bootstrapAdmin, seedOrganisation, type World } from '../services/world';
import { tally } from '../../src/testing/suites/expectations';


/** A Mégalis platform on a store: the operator, Rennes with `allocated` licences and its active administrator. */
async function megalisOn(store: Store, allocated: number) {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  const polity = createPolity({ store, profile: profiles.megalis, clock, ids: sequentialIds(), activationUrl: (token) => `${activationBase}${encodeURIComponent(token)}` });
  const world: World = { store, clock, polity };
  const operatorId = await bootstrapAdmin(world, 'ops@megalis.test');
  const rennes = await seedOrganisation(store, 'Rennes');
  const operator = polity.as(operatorId);
  await operator.licences.allocate({ organisationId: rennes.id, allocated });
  await operator.users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne@rennes.test', givenName: 'Anne', familyName: 'Admin' });
  const adminId = await activate(world, 'anne@rennes.test');
  return { world, polity, operator, admin: polity.as(adminId), organisationId: rennes.id };
}

function onEachStore(name: string, makeStore: () => Promise<Store>) {
  it(`${name}: the backstop (the pool schema, the check constraint licencePools.allocated.licences_oversubscribed) refuses what the guard lets through, and the services read that refusal as no licence free`, async () => {
    const store = await makeStore();
    try {
      const organisation = await seedOrganisation(store, 'Quimper');
      // Two seats reserved of two: the guard "used < allocated" passes, the sum would pass the cap.
      const pool = await store.licencePools.insert(makeLicencePool({ organisationId: organisation.id, allocated: 2, used: 0, reserved: 2 }));
      const refused = await store.licencePools
        .guardedUpdate({ where: where.and(where.eq('id', pool.id), where.lt('used', where.field('allocated'))), increment: { used: 1 } })
        .then(() => null, (error: unknown) => error);
      expect(isOversubscribed(refused)).toBe(true);
      expect(await store.licencePools.get(pool.id)).toMatchObject({ used: 0, reserved: 2 });
    } finally {
      await store.close();
    }
  });

  it(`${name}: 30 concurrent invitations to a licensed role with 10 licences free: exactly 10 invited, 20 limit_exceeded, the pool full and never oversubscribed`, async () => {
    const store = await makeStore();
    try {
      const m = await megalisOn(store, 11);
      const invite = (n: number) => m.admin.users.add({ organisationId: m.organisationId, role: 'user', email: `person.${String(n)}@rennes.test`, givenName: 'Per', familyName: `Son ${String(n)}` });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: 30 }, (_, n) => invite(n))));
      expect(rejected.filter((error) => !isPolityError(error, 'limit_exceeded')), 'only limit_exceeded').toEqual([]);
      expect(fulfilled).toHaveLength(10);
      expect(rejected).toHaveLength(20);
      expect(await m.admin.licences.summary({ organisationId: m.organisationId })).toEqual({ allocated: 11, used: 1, reserved: 10, free: 0 });
      expect(await store.licenceSeats.count(where.eq('status', 'reserved'))).toBe(10);
      // A refused invitation left no account behind.
      expect(await store.users.count(where.eq('organisationId', m.organisationId))).toBe(11);
    } finally {
      await store.close();
    }
  }, 120_000);

  it(`${name}: MB-3: 10 concurrent invitations with the pool full of expired reservations: each take lapses them on the way, exactly 4 invited, the pool matches its seats`, async () => {
    const store = await makeStore();
    try {
      const m = await megalisOn(store, 5);
      for (let n = 0; n < 4; n += 1) {
        await m.admin.users.add({ organisationId: m.organisationId, role: 'user', email: `early.${String(n)}@rennes.test`, givenName: 'Early', familyName: String(n) });
      }
      // Every activation link has expired; no housekeeping has run.
      m.world.clock.advance(8 * 24 * 60 * 60 * 1000);
      const invite = (n: number) => m.admin.users.add({ organisationId: m.organisationId, role: 'user', email: `late.${String(n)}@rennes.test`, givenName: 'Late', familyName: String(n) });
      const { fulfilled, rejected } = tally(await Promise.allSettled(Array.from({ length: 10 }, (_, n) => invite(n))));
      expect(rejected.filter((error) => !isPolityError(error, 'limit_exceeded')), 'only limit_exceeded').toEqual([]);
      expect(fulfilled).toHaveLength(4);
      expect(await m.admin.licences.summary({ organisationId: m.organisationId })).toEqual({ allocated: 5, used: 1, reserved: 4, free: 0 });
      expect(await store.licenceSeats.count(where.eq('status', 'reserved'))).toBe(4);
      expect(await store.audit.count(where.eq('action', 'licence.lapse'))).toBe(4);
    } finally {
      await store.close();
    }
  }, 120_000);

  it(`${name}: 12 concurrent reactivations with 5 licences free: exactly 5 reactivated, 7 limit_exceeded`, async () => {
    const store = await makeStore();
    try {
      const m = await megalisOn(store, 13);
      const ids: string[] = [];
      for (let n = 0; n < 12; n += 1) {
        const { user } = await m.admin.users.add({ organisationId: m.organisationId, role: 'delegated_organiser', email: `back.${String(n)}@rennes.test`, givenName: 'Back', familyName: String(n) });
        await activate(m.world, `back.${String(n)}@rennes.test`);
        await m.admin.users.deactivate({ userId: user.id });
        ids.push(user.id);
      }
      await m.operator.licences.allocate({ organisationId: m.organisationId, allocated: 6 });
      const { fulfilled, rejected } = tally(await Promise.allSettled(ids.map((userId) => m.admin.users.reactivate({ userId }))));
      expect(rejected.filter((error) => !isPolityError(error, 'limit_exceeded')), 'only limit_exceeded').toEqual([]);
      expect(fulfilled).toHaveLength(5);
      expect(await m.admin.licences.summary({ organisationId: m.organisationId })).toEqual({ allocated: 6, used: 6, reserved: 0, free: 0 });
      expect(await store.users.count(where.and(where.eq('organisationId', m.organisationId), where.eq('active', true)))).toBe(6);
      expect(await store.licenceSeats.count(where.eq('status', 'held'))).toBe(6);
    } finally {
      await store.close();
    }
  }, 120_000);
}

describe('licences under concurrent calls: memory store', () => {
  onEachStore('memory', async () => memoryStore());
});

describe.skipIf(databaseUrl === undefined)('licences under concurrent calls: the real PostgreSQL server', () => {
  afterAll(endSharedClients);
  onEachStore('postgres', serverStore);
});
