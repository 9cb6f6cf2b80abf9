/**
 * Conformance topic `crud`: reading and writing single records, validation, guarded updates, and the
 * store's lifecycle.
 *
 * @module
 */
import { expect } from 'vitest';
import { collectionNames, isPolityError, where, type Filter, type LicencePool } from 'polity';
import {
  fixtureAt,
  fixtureBuilders,
  fixtureIds,
  makeGroup,
  makeLicencePool,
  makeMeeting,
  makeOrganisation,
  makeOutboxMessage,
  makeResource,
  makeUnit,
  makeUser,
  seedFixtureWorld,
} from '../fixtures';
import { expectPolityError, sortedIds } from './expectations';
import { anyRepository, storeTest, type StoreSuite } from './store-suite';

/** The `crud` topic. */
export const crudSuite: StoreSuite = {
  topic: 'crud',
  tests: [
    storeTest('insert then get returns an equal record, for every collection', async (store) => {
      await seedFixtureWorld(store);
      for (const name of collectionNames) {
        const repository = anyRepository(store, name);
        const record = fixtureBuilders[name]() as { id: string };
        expect(await repository.insert(record), name).toEqual(record);
        expect(await repository.get(record.id), name).toEqual(record);
      }
    }),

    storeTest('get returns null for an unknown id', async (store) => {
      expect(await store.users.get('user_missing')).toBeNull();
    }),

    storeTest('insert stores and returns the schema output (trimmed text)', async (store) => {
      await seedFixtureWorld(store);
      const unit = makeUnit({ name: '  Finance  ' });
      const inserted = await store.units.insert(unit);
      expect(inserted.name).toBe('Finance');
      expect((await store.units.get(unit.id))?.name).toBe('Finance');
    }),

    storeTest('insert refuses a record that fails its schema, naming the field, and stores nothing', async (store) => {
      const error = await expectPolityError(store.users.insert(makeUser({ email: 'not an address' })), 'invalid_input');
      expect(error.details).toMatchObject({ issues: [expect.objectContaining({ path: 'email' })] });
      expect(await store.users.count()).toBe(0);
    }),

    storeTest('insert refuses a record that breaks a cross-field rule of its schema', async (store) => {
      await seedFixtureWorld(store);
      const meeting = makeMeeting({ startsAt: fixtureAt(60), endsAt: fixtureAt(30) });
      const error = await expectPolityError(store.meetings.insert(meeting), 'invalid_input');
      expect(error.details).toMatchObject({ issues: [expect.objectContaining({ path: 'endsAt' })] });
      expect(await store.meetings.get(meeting.id)).toBeNull();
    }),

    storeTest('insert refuses a field the entity does not have', async (store) => {
      const user = { ...makeUser(), nickname: 'ada' };
      await expectPolityError(store.users.insert(user), 'invalid_input');
      expect(await store.users.get(user.id)).toBeNull();
    }),

    storeTest('insert refuses an id that is taken (conflict <collection>.id) and keeps the original', async (store) => {
      const original = await store.users.insert(makeUser());
      await expectPolityError(store.users.insert(makeUser({ id: original.id })), 'conflict', 'users.id');
      expect(await store.users.get(original.id)).toEqual(original);
    }),

    storeTest('update changes only the given fields and returns the new version', async (store) => {
      const user = await store.users.insert(makeUser());
      const updated = await store.users.update(user.id, { givenName: 'Grace', updatedAt: fixtureAt(5) });
      expect(updated).toEqual({ ...user, givenName: 'Grace', updatedAt: fixtureAt(5) });
      expect(await store.users.get(user.id)).toEqual(updated);
    }),

    storeTest('update of an unknown id is not_found', async (store) => {
      await expectPolityError(store.users.update('user_missing', { givenName: 'Grace' }), 'not_found');
    }),

    storeTest('update that breaks the schema is refused and leaves the record unchanged', async (store) => {
      await seedFixtureWorld(store);
      const user = await store.users.insert(makeUser());
      await expectPolityError(store.users.update(user.id, { email: 'nope' }), 'invalid_input');
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 2 }));
      await expectPolityError(store.licencePools.update(pool.id, { used: 3 }), 'invalid_input');
      expect(await store.users.get(user.id)).toEqual(user);
      expect(await store.licencePools.get(pool.id)).toEqual(pool);
    }),

    storeTest('update refuses to change the id or to name an unknown field', async (store) => {
      const user = await store.users.insert(makeUser());
      await expectPolityError(store.users.update(user.id, { id: 'user_other' } as never), 'invalid_input');
      await expectPolityError(store.users.update(user.id, { nickname: 'x' } as never), 'invalid_input');
      expect(await store.users.get(user.id)).toEqual(user);
      expect(await store.users.get('user_other')).toBeNull();
    }),

    storeTest('delete removes a record and says whether there was one', async (store) => {
      const user = await store.users.insert(makeUser());
      expect(await store.users.delete(user.id)).toBe(true);
      expect(await store.users.get(user.id)).toBeNull();
      expect(await store.users.delete(user.id)).toBe(false);
    }),

    storeTest('deleteWhere removes exactly the matching records and returns how many', async (store) => {
      await seedFixtureWorld(store);
      const surveys = [makeResource(), makeResource()];
      const dataset = makeResource({ kind: 'dataset' });
      for (const resource of [...surveys, dataset]) await store.resources.insert(resource);
      expect(await store.resources.deleteWhere(where.eq('kind', 'survey'))).toBe(2);
      expect(sortedIds((await store.resources.list()).items)).toEqual([dataset.id]);
      expect(await store.resources.deleteWhere(where.eq('kind', 'survey'))).toBe(0);
    }),

    storeTest('count counts all records, or those matching a filter', async (store) => {
      await store.users.insert(makeUser({ active: true }));
      await store.users.insert(makeUser({ active: false }));
      await store.users.insert(makeUser({ active: false }));
      expect(await store.users.count()).toBe(3);
      expect(await store.users.count(where.eq('active', false))).toBe(2);
      expect(await store.users.count(where.never())).toBe(0);
    }),

    storeTest('findOne returns the first match in id order, or null', async (store) => {
      for (const id of ['user_c', 'user_a', 'user_b']) await store.users.insert(makeUser({ id, familyName: 'Same' }));
      expect((await store.users.findOne(where.eq('familyName', 'Same')))?.id).toBe('user_a');
      expect((await store.users.findOne(where.in('id', ['user_c', 'user_b'])))?.id).toBe('user_b');
      expect(await store.users.findOne(where.eq('familyName', 'Other'))).toBeNull();
    }),

    storeTest('Dates come back as Dates with the same instant; arrays and JSON records round-trip', async (store) => {
      await seedFixtureWorld(store);
      const signedIn = new Date('2025-03-03T10:11:12.345Z');
      const user = await store.users.insert(makeUser({ lastSignInAt: signedIn }));
      const got = await store.users.get(user.id);
      expect(got?.lastSignInAt).toBeInstanceOf(Date);
      expect(got?.lastSignInAt?.getTime()).toBe(signedIn.getTime());
      const group = await store.groups.insert(makeGroup({ memberIds: [fixtureIds.user, user.id] }));
      expect((await store.groups.get(group.id))?.memberIds).toEqual([fixtureIds.user, user.id]);
      const message = await store.outbox.insert(makeOutboxMessage({ payload: { nested: { list: [1, 'two', null], flag: true } } }));
      expect((await store.outbox.get(message.id))?.payload).toEqual({ nested: { list: [1, 'two', null], flag: true } });
    }),

    storeTest('records are copies: changing an inserted or returned object changes nothing stored', async (store) => {
      await seedFixtureWorld(store);
      const group = makeGroup({ memberIds: [fixtureIds.user] });
      const inserted = await store.groups.insert(group);
      group.name = 'Changed by caller';
      group.memberIds.push('user_intruder');
      inserted.memberIds.push('user_intruder');
      const fetched = await store.groups.get(group.id);
      fetched?.memberIds.push('user_intruder');
      fetched?.createdAt.setTime(0);
      const stored = await store.groups.get(group.id);
      expect(stored?.name).not.toBe('Changed by caller');
      expect(stored?.memberIds).toEqual([fixtureIds.user]);
      expect(stored?.createdAt.getTime()).toBe(fixtureAt().getTime());
    }),

    storeTest('guardedUpdate sets and increments every matching record and returns the new versions', async (store) => {
      const organisations = [makeOrganisation(), makeOrganisation(), makeOrganisation()];
      for (const organisation of organisations) await store.organisations.insert(organisation);
      const pools = organisations.map((organisation, index) => makeLicencePool({ organisationId: organisation.id, allocated: 10, used: index * 2 }));
      for (const pool of pools) await store.licencePools.insert(pool);
      const [a, b, c] = pools as [LicencePool, LicencePool, LicencePool];
      const changed = await store.licencePools.guardedUpdate({
        where: where.lt('used', 3),
        set: { updatedAt: fixtureAt(10) },
        increment: { used: 1, reserved: 2 },
      });
      expect(sortedIds(changed)).toEqual(sortedIds([a, b]));
      for (const pool of changed) {
        const before = pool.id === a.id ? a : b;
        expect(pool).toEqual({ ...before, used: before.used + 1, reserved: 2, updatedAt: fixtureAt(10) });
        expect(await store.licencePools.get(pool.id)).toEqual(pool);
      }
      expect(await store.licencePools.get(c.id)).toEqual(c);
    }),

    storeTest('guardedUpdate returns [] and changes nothing when its guard matches nothing', async (store) => {
      await seedFixtureWorld(store);
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 1, used: 1 }));
      const seatFree: Filter = where.and(where.eq('id', pool.id), where.lt('used', where.field('allocated')));
      expect(await store.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } })).toEqual([]);
      expect(await store.licencePools.get(pool.id)).toEqual(pool);
    }),

    storeTest('guardedUpdate takes a seat only while one is free (guard on two fields)', async (store) => {
      await seedFixtureWorld(store);
      const pool = await store.licencePools.insert(makeLicencePool({ allocated: 1 }));
      const seatFree = where.and(where.eq('id', pool.id), where.lt('used', where.field('allocated')));
      const first = await store.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } });
      expect(first.map((p) => p.used)).toEqual([1]);
      expect(await store.licencePools.guardedUpdate({ where: seatFree, increment: { used: 1 } })).toEqual([]);
      expect((await store.licencePools.get(pool.id))?.used).toBe(1);
    }),

    storeTest('guardedUpdate whose result breaks the schema fails as a whole and changes nothing', async (store) => {
      const small = makeOrganisation();
      const large = makeOrganisation();
      await store.organisations.insert(small);
      await store.organisations.insert(large);
      // The pool that breaks the rule comes last in id order, after the other one was changed.
      const largePool = await store.licencePools.insert(makeLicencePool({ id: 'pool_a', organisationId: large.id, allocated: 100 }));
      const smallPool = await store.licencePools.insert(makeLicencePool({ id: 'pool_z', organisationId: small.id, allocated: 3 }));
      await expectPolityError(store.licencePools.guardedUpdate({ where: where.always(), increment: { used: 5 } }), 'invalid_input');
      expect(await store.licencePools.get(smallPool.id)).toEqual(smallPool);
      expect(await store.licencePools.get(largePool.id)).toEqual(largePool);
    }),

    storeTest('filters, orderings and changes naming unknown fields are refused (invalid_input)', async (store) => {
      const user = await store.users.insert(makeUser());
      const unknown = where.eq('nickname', 'ada');
      await expectPolityError(store.users.list({ where: unknown }), 'invalid_input');
      await expectPolityError(store.users.list({ orderBy: [{ field: 'nickname' as never }] }), 'invalid_input');
      await expectPolityError(store.users.count(unknown), 'invalid_input');
      await expectPolityError(store.users.findOne(where.and(where.always(), unknown)), 'invalid_input');
      await expectPolityError(store.users.deleteWhere(where.or(where.eq('id', user.id), unknown)), 'invalid_input');
      await expectPolityError(store.users.guardedUpdate({ where: where.lt('active', where.field('nickname')), set: { active: false } }), 'invalid_input');
      await expectPolityError(store.users.guardedUpdate({ where: where.always(), set: { nickname: 'x' } as never }), 'invalid_input');
      await expectPolityError(store.licencePools.guardedUpdate({ where: where.always(), increment: { seats: 1 } as never }), 'invalid_input');
      expect(await store.users.get(user.id)).toEqual(user);
    }),

    storeTest('close() makes every later call reject with internal, and may be called again', async (store) => {
      const user = await store.users.insert(makeUser());
      await store.close();
      const calls: Promise<unknown>[] = [
        store.users.get(user.id),
        store.users.insert(makeUser()),
        store.users.list(),
        store.users.count(),
        store.enqueue(makeOutboxMessage()),
        store.transaction(async () => 'never'),
      ];
      for (const call of calls) {
        const error = await call.then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(isPolityError(error, 'internal'), String(error)).toBe(true);
      }
      await expect(store.close()).resolves.toBeUndefined();
    }),
  ],
};
