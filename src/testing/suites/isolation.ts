/**
 * Conformance topic `isolation`: transactions that say the isolation they need (`transaction(fn, {
 * isolation, readOnly })`) and locking reads (`get`/`findOne`/`findUnique` with `{ lock }`): what polity's
 * commands and queries rely on once they stop running every read at SERIALIZABLE.
 *
 * @module
 */
import { expect } from 'vitest';
import { isPolityError, where, type IsolationLevel, type Store } from 'polity';
import { fixtureIds, makeLicencePool, makeOrganisation, makeResource, seedFixtureWorld } from '../fixtures';
import { expectPolityError, pause } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

const levels: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

/** A pool with nothing used, in a fresh organisation of its own. */
async function freshPool(store: Store) {
  const organisation = await store.organisations.insert(makeOrganisation());
  return store.licencePools.insert(makeLicencePool({ organisationId: organisation.id, allocated: 100 }));
}

/** Reads a pool's `used` (locked or not) and writes it back plus one: a read-modify-write a lock must serialise. */
async function readModifyWrite(store: Store, poolId: string, lock: boolean): Promise<void> {
  await store.transaction(
    async (tx) => {
      const pool = await tx.licencePools.get(poolId, lock ? { lock: 'update' } : undefined);
      if (pool === null) throw new Error('pool vanished');
      // Long enough for the other transaction to read the same version, were it not locked out.
      await pause(30);
      await tx.licencePools.update(poolId, { used: pool.used + 1 });
    },
    { isolation: 'read committed' },
  );
}

/** The `isolation` topic. */
export const isolationSuite: StoreSuite = {
  topic: 'isolation',
  tests: [
    ...levels.map((isolation) =>
      storeTest(`a ${isolation} transaction commits all its writes, and rolls all back when its body throws`, async (store) => {
        const organisation = makeOrganisation();
        await store.transaction(async (tx) => {
          await tx.organisations.insert(organisation);
        }, { isolation });
        expect(await store.organisations.get(organisation.id)).toEqual(organisation);
        const other = makeOrganisation();
        const failed = store.transaction(async (tx) => {
          await tx.organisations.insert(other);
          throw new Error('boom');
        }, { isolation });
        await expect(failed).rejects.toThrow('boom');
        expect(await store.organisations.get(other.id)).toBeNull();
      }),
    ),

    storeTest('a read-only transaction reads, and refuses a write (internal) leaving nothing behind', async (store) => {
      const organisation = await store.organisations.insert(makeOrganisation());
      const read = await store.transaction((tx) => tx.organisations.get(organisation.id), { isolation: 'repeatable read', readOnly: true });
      expect(read).toEqual(organisation);
      const write = store.transaction((tx) => tx.organisations.insert(makeOrganisation()), { readOnly: true, isolation: 'repeatable read' });
      await expectPolityError(write, 'internal');
      expect(await store.organisations.count()).toBe(1);
    }),

    storeTest('a repeatable read transaction reads one snapshot: a change committed meanwhile is not seen until it ends', async (store) => {
      const organisation = await store.organisations.insert(makeOrganisation({ name: 'Before' }));
      let firstRead: () => void = () => undefined;
      const readOnce = new Promise<void>((resolve) => {
        firstRead = resolve;
      });
      const reading = store.transaction(async (tx) => {
        const first = (await tx.organisations.get(organisation.id))?.name;
        firstRead();
        await pause(50);
        const second = (await tx.organisations.get(organisation.id))?.name;
        return [first, second];
      }, { isolation: 'repeatable read', readOnly: true });
      // From outside the transaction (a store that runs one transaction at a time makes it wait until the end).
      await readOnce;
      await Promise.all([store.organisations.update(organisation.id, { name: 'After' }), reading]);
      const names = await reading;
      expect(names).toEqual(['Before', 'Before']);
      expect((await store.organisations.get(organisation.id))?.name).toBe('After');
    }),

    storeTest('lock: "update" serialises two read-modify-write transactions at read committed: no update is lost', async (store) => {
      const pool = await freshPool(store);
      await Promise.all([readModifyWrite(store, pool.id, true), readModifyWrite(store, pool.id, true), readModifyWrite(store, pool.id, true)]);
      expect((await store.licencePools.get(pool.id))?.used).toBe(3);
    }),

    storeTest('findOne and findUnique lock the record they return, the same way', async (store) => {
      const pool = await freshPool(store);
      const bump = (how: 'findOne' | 'findUnique') =>
        store.transaction(async (tx) => {
          const found =
            how === 'findOne'
              ? await tx.licencePools.findOne(where.eq('organisationId', pool.organisationId), { lock: 'update' })
              : await tx.licencePools.findUnique('licencePools.organisation', { organisationId: pool.organisationId }, { lock: 'update' });
          if (found === null) throw new Error('pool vanished');
          await pause(30);
          await tx.licencePools.update(found.id, { used: found.used + 1 });
        }, { isolation: 'read committed' });
      await Promise.all([bump('findOne'), bump('findUnique'), bump('findOne')]);
      expect((await store.licencePools.get(pool.id))?.used).toBe(3);
    }),

    storeTest('lock: "share" readers proceed together and still see a committed value', async (store) => {
      const pool = await freshPool(store);
      const read = () => store.transaction((tx) => tx.licencePools.get(pool.id, { lock: 'share' }), { isolation: 'read committed' });
      const [a, b] = await Promise.all([read(), read()]);
      expect(a).toEqual(pool);
      expect(b).toEqual(pool);
    }),

    storeTest('a lock asked outside a transaction, or an unknown lock, is invalid_input', async (store) => {
      const pool = await freshPool(store);
      const outside = await expectPolityError(store.licencePools.get(pool.id, { lock: 'update' }), 'invalid_input');
      expect(outside.details).toMatchObject({ issues: [{ path: 'lock', code: 'lock_outside_transaction' }] });
      await expectPolityError(store.licencePools.findOne(where.eq('id', pool.id), { lock: 'share' }), 'invalid_input');
      const unknown = store.transaction((tx) => tx.licencePools.get(pool.id, { lock: 'exclusive' as never }), { isolation: 'read committed' });
      const error = await expectPolityError(unknown, 'invalid_input');
      expect(error.details).toMatchObject({ issues: [{ path: 'lock', code: 'invalid_value' }] });
    }),

    storeTest('serializable holds a predicate over records nobody locks: concurrent "count, then insert below a cap" never pass the cap', async (store) => {
      await seedFixtureWorld(store);
      const capped = async (title: string) => {
        try {
          await store.transaction(async (tx) => {
            const held = await tx.resources.count(where.and(where.eq('organisationId', fixtureIds.organisation), where.eq('kind', 'capped')));
            await pause(20);
            if (held >= 2) return;
            await tx.resources.insert(makeResource({ kind: 'capped', title }));
          }, { isolation: 'serializable' });
        } catch (error) {
          // A store may give up after its retries; what matters is that the cap holds.
          if (!isPolityError(error, 'conflict')) throw error;
        }
      };
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map(capped));
      expect(await store.resources.count(where.eq('kind', 'capped'))).toBe(2);
    }),

    storeTest('a nested transaction joins its parent whatever options it is given', async (store) => {
      const organisation = makeOrganisation();
      await store.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await inner.organisations.insert(organisation);
        }, { isolation: 'serializable', readOnly: true });
        expect(await tx.organisations.get(organisation.id)).toEqual(organisation);
      }, { isolation: 'read committed' });
      expect(await store.organisations.get(organisation.id)).toEqual(organisation);
    }),
  ],
};
