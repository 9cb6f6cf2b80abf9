/**
 * Conformance topic `unique lookup`: `Repository.findUnique` finds the record holding a unique key exactly
 * as the constraint compares keys (case-insensitive fields lower-cased by JavaScript, partial constraints
 * only among the records they cover), and refuses keys that do not fit the constraint.
 *
 * @module
 */
import { expect } from 'vitest';
import { collectionNames, collections, matchesFilter, where, type UniqueConstraint } from 'polity';
import {
  fixtureAt,
  fixtureBuilders,
  fixtureIds,
  makeGroup,
  makeOutboxMessage,
  makeProduct,
  makeRoleChangeRequest,
  makeUser,
  seedFixtureWorld,
} from '../fixtures';
import { expectPolityError } from './expectations';
import { anyRepository, storeTest, type AnyRecord, type StoreSuite } from './store-suite';

/** The key a record holds under a constraint, with its case-insensitive texts in upper case; `null` if a field is null. */
function shoutedKeyOf(record: AnyRecord, unique: UniqueConstraint): Record<string, unknown> | null {
  const key: Record<string, unknown> = {};
  for (const field of unique.fields) {
    const value = record[field];
    if (value === null || value === undefined) return null;
    key[field] = typeof value === 'string' && (unique.caseInsensitive ?? []).includes(field) ? value.toUpperCase() : value;
  }
  return key;
}

/** The `unique lookup` topic. */
export const uniqueLookupSuite: StoreSuite = {
  topic: 'unique lookup',
  tests: [
    storeTest('users.email: finds the account whatever the case the address is written in', async (store) => {
      const eleni = await store.users.insert(makeUser({ email: 'Eleni.Petrou@Gov.gr' }));
      await store.users.insert(makeUser({ email: 'eleni.petrou@gov.cy' }));
      for (const email of ['eleni.petrou@gov.gr', 'ELENI.PETROU@GOV.GR', 'Eleni.Petrou@Gov.gr', '  eleni.petrou@gov.gr ']) {
        expect(await store.users.findUnique('users.email', { email }), email).toEqual(eleni);
      }
      expect(await store.users.findUnique('users.email', { email: 'eleni.petrou@gov.it' })).toBeNull();
      // What comes back is a copy, as with get.
      const found = await store.users.findUnique('users.email', { email: 'eleni.petrou@gov.gr' });
      if (found !== null) found.givenName = 'Changed';
      expect(await store.users.get(eleni.id)).toEqual(eleni);
    }),

    storeTest('users.email: a deleted account no longer holds its address, a live one that took it again does', async (store) => {
      const deleted = await store.users.insert(makeUser({ email: 'moved@example.test' }));
      await store.users.update(deleted.id, { deletedAt: fixtureAt(10) });
      expect(await store.users.findUnique('users.email', { email: 'moved@example.test' })).toBeNull();
      const live = await store.users.insert(makeUser({ email: 'MOVED@example.test' }));
      expect(await store.users.findUnique('users.email', { email: 'moved@example.test' })).toEqual(live);
    }),

    storeTest('partial constraints find only the records they cover: a deleted group, a decided request are not found', async (store) => {
      await seedFixtureWorld(store);
      const deleted = await store.groups.insert(makeGroup({ name: 'Editors', status: 'deleted' }));
      const key = { organisationId: fixtureIds.organisation, productId: fixtureIds.product, name: 'editors' };
      expect(await store.groups.findUnique('groups.name', key)).toBeNull();
      const suspended = await store.groups.insert(makeGroup({ name: 'EDITORS', status: 'suspended' }));
      expect(await store.groups.findUnique('groups.name', key)).toEqual(suspended);
      expect(await store.groups.get(deleted.id)).toEqual(deleted);

      const decided = await store.roleChangeRequests.insert(makeRoleChangeRequest());
      await store.roleChangeRequests.update(decided.id, { status: 'rejected', decidedById: fixtureIds.manager, decidedAt: fixtureAt(5) });
      expect(await store.roleChangeRequests.findUnique('roleChangeRequests.open', { requesterId: fixtureIds.user })).toBeNull();
      const open = await store.roleChangeRequests.insert(makeRoleChangeRequest());
      expect(await store.roleChangeRequests.findUnique('roleChangeRequests.open', { requesterId: fixtureIds.user })).toEqual(open);
    }),

    storeTest('a key over several fields needs all of them to match; undeclared fields compare exactly', async (store) => {
      await seedFixtureWorld(store);
      const otherProduct = await store.products.insert(makeProduct());
      const editors = await store.groups.insert(makeGroup({ name: 'Editors' }));
      const key = { organisationId: fixtureIds.organisation, productId: fixtureIds.product, name: 'EDITORS' };
      expect(await store.groups.findUnique('groups.name', key)).toEqual(editors);
      expect(await store.groups.findUnique('groups.name', { ...key, productId: otherProduct.id })).toBeNull();
      // Ids are not case-insensitive in groups.name: another case is another product.
      expect(await store.groups.findUnique('groups.name', { ...key, productId: fixtureIds.product.toUpperCase() })).toBeNull();

      const product = await store.products.insert(makeProduct({ code: 'prod-io' }));
      expect(await store.products.findUnique('products.code', { organisationId: fixtureIds.organisation, code: 'prod-io' })).toEqual(product);
      expect(await store.products.findUnique('products.code', { organisationId: 'org_other', code: 'prod-io' })).toBeNull();

      const message = makeOutboxMessage({ idempotencyKey: 'activation:user_1' });
      await store.enqueue(message);
      expect((await store.outbox.findUnique('outbox.idempotencyKey', { idempotencyKey: 'activation:user_1' }))?.id).toBe(message.id);
      expect(await store.outbox.findUnique('outbox.idempotencyKey', { idempotencyKey: 'ACTIVATION:user_1' })).toBeNull();
    }),

    storeTest('case-insensitive fields compare as JavaScript lower-cases them, beyond ASCII (a final sigma stays ς)', async (store) => {
      await seedFixtureWorld(store);
      // "ΟΔΟΣ".toLowerCase() is "οδος": the final Σ becomes ς, which SQL's lower() may make σ.
      const group = await store.groups.insert(makeGroup({ name: 'ΟΔΟΣ' }));
      const key = (name: string) => ({ organisationId: fixtureIds.organisation, productId: fixtureIds.product, name });
      expect(await store.groups.findUnique('groups.name', key('Οδος'))).toEqual(group);
      expect(await store.groups.findUnique('groups.name', key('οδος'))).toEqual(group);
      expect(await store.groups.findUnique('groups.name', key('οδοσ'))).toBeNull();
    }),

    storeTest('sees its transaction’s own writes, forgets rolled-back ones, and follows a changed or deleted key', async (store) => {
      const rollback = new Error('roll back');
      await expect(
        store.transaction(async (tx) => {
          const inserted = await tx.users.insert(makeUser({ email: 'Pending@Example.test' }));
          expect(await tx.users.findUnique('users.email', { email: 'pending@example.test' })).toEqual(inserted);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      expect(await store.users.findUnique('users.email', { email: 'pending@example.test' })).toBeNull();

      const user = await store.users.insert(makeUser({ email: 'old@example.test' }));
      const changed = await store.users.update(user.id, { email: 'New@Example.test' });
      expect(await store.users.findUnique('users.email', { email: 'old@example.test' })).toBeNull();
      expect(await store.users.findUnique('users.email', { email: 'new@example.test' })).toEqual(changed);
      expect(await store.users.delete(user.id)).toBe(true);
      expect(await store.users.findUnique('users.email', { email: 'new@example.test' })).toBeNull();
    }),

    storeTest('every unique constraint of the catalogue finds the fixture record holding its key', async (store) => {
      await seedFixtureWorld(store);
      let checked = 0;
      for (const name of collectionNames) {
        const repository = anyRepository(store, name);
        const record = await repository.insert(fixtureBuilders[name]() as AnyRecord);
        for (const unique of collections[name].uniques as readonly UniqueConstraint[]) {
          const key = shoutedKeyOf(record, unique);
          if (key === null) continue;
          const covered = unique.where === undefined || matchesFilter(unique.where, record);
          expect(await repository.findUnique(unique.name, key), unique.name).toEqual(covered ? record : null);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(0);
    }),

    storeTest('refuses an unknown constraint, a key with missing, extra or null fields, and values of the wrong type', async (store) => {
      await store.users.insert(makeUser({ email: 'ada@example.test' }));
      const users = anyRepository(store, 'users');
      const issue = async (call: Promise<unknown>, path: string, code: string): Promise<void> => {
        const error = await expectPolityError(call, 'invalid_input');
        expect(error.details, `${path} ${code}`).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path, code })]) });
      };
      await issue(users.findUnique('users.name', { email: 'ada@example.test' }), 'constraint', 'unknown_constraint');
      // Another collection's constraint is not this one's.
      await issue(users.findUnique('groups.name', { email: 'ada@example.test' }), 'constraint', 'unknown_constraint');
      await issue(users.findUnique('users.email', {}), 'key.email', 'missing_field');
      await issue(users.findUnique('users.email', { email: 'ada@example.test', familyName: 'Lovelace' }), 'key.familyName', 'unknown_field');
      await issue(users.findUnique('users.email', { email: null }), 'key.email', 'null_key');
      await expectPolityError(users.findUnique('users.email', { email: 42 }), 'invalid_input');
      await expectPolityError(users.findUnique('users.email', { email: 'not an address' }), 'invalid_input');
      await issue(users.findUnique('users.email', null as never), 'key', 'invalid_type');
      await issue(users.findUnique('users.email', ['ada@example.test'] as never), 'key', 'invalid_type');
      await issue(anyRepository(store, 'products').findUnique('products.code', { code: 'prod-io' }), 'key.organisationId', 'missing_field');
      await issue(anyRepository(store, 'audit').findUnique('audit.id', { id: 'x' }), 'constraint', 'unknown_constraint');
      // The refused calls changed nothing, and a good key still finds the account.
      expect((await store.users.findUnique('users.email', { email: 'ADA@example.test' }))?.email).toBe('ada@example.test');
      expect(await store.users.count(where.always())).toBe(1);
    }),
  ],
};
