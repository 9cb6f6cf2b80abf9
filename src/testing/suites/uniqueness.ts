/**
 * Conformance topic `uniqueness`: the unique constraints of the collection catalogue, with their
 * case-insensitive fields, partial conditions and SQL's rule that a `null` is never a duplicate.
 *
 * @module
 */
import { expect } from 'vitest';
import { where } from 'polity';
import {
  fixtureAt,
  fixtureIds,
  makeGroup,
  makeOrganisation,
  makeOutboxMessage,
  makeParticipant,
  makeProduct,
  makeRoleChangeRequest,
  makeRoom,
  makeRoomAlias,
  makeUser,
  seedFixtureWorld,
} from '../fixtures';
import { expectPolityError } from './expectations';
import { storeTest, type StoreSuite } from './store-suite';

/** The `uniqueness` topic. */
export const uniquenessSuite: StoreSuite = {
  topic: 'uniqueness',
  tests: [
    storeTest('users.email: an address in use is refused whatever its case', async (store) => {
      await store.users.insert(makeUser({ email: 'Ada.Lovelace@Example.test' }));
      await expectPolityError(store.users.insert(makeUser({ email: 'ada.lovelace@example.TEST' })), 'conflict', 'users.email');
      expect(await store.users.count(where.eq('familyName', 'Lovelace'))).toBe(1);
    }),

    storeTest('users.email: the address is free again once its account is deleted', async (store) => {
      const first = await store.users.insert(makeUser({ email: 'reused@example.test' }));
      await store.users.update(first.id, { deletedAt: fixtureAt(10) });
      const second = await store.users.insert(makeUser({ email: 'REUSED@example.test' }));
      await store.users.update(second.id, { deletedAt: fixtureAt(20) });
      // Two deleted accounts may share it, and a live one may take it once more.
      await store.users.insert(makeUser({ email: 'reused@example.test' }));
      expect(await store.users.count(where.isNull('deletedAt'))).toBe(1);
      // Undeleting an account whose address is taken again is a conflict.
      await expectPolityError(store.users.update(first.id, { deletedAt: null }), 'conflict', 'users.email');
    }),

    storeTest('users.email: changing to an address in use is refused; keeping one’s own is accepted', async (store) => {
      const ada = await store.users.insert(makeUser({ email: 'ada@example.test' }));
      const grace = await store.users.insert(makeUser({ email: 'grace@example.test' }));
      await expectPolityError(store.users.update(grace.id, { email: 'ADA@example.test' }), 'conflict', 'users.email');
      expect((await store.users.get(grace.id))?.email).toBe('grace@example.test');
      expect((await store.users.update(ada.id, { email: 'Ada@Example.test' })).email).toBe('Ada@Example.test');
    }),

    storeTest('groups.name: unique per organisation and product among groups not deleted, case-insensitively', async (store) => {
      await seedFixtureWorld(store);
      const otherProduct = await store.products.insert(makeProduct());
      const editors = await store.groups.insert(makeGroup({ name: 'Editors' }));
      await expectPolityError(store.groups.insert(makeGroup({ name: 'EDITORS' })), 'conflict', 'groups.name');
      // The same name on another product of the organisation is another group.
      await store.groups.insert(makeGroup({ name: 'Editors', productId: otherProduct.id }));
      // Once deleted, the name may be used again, and deleted groups may share it.
      await store.groups.update(editors.id, { status: 'deleted' });
      const again = await store.groups.insert(makeGroup({ name: 'editors' }));
      await store.groups.update(again.id, { status: 'deleted' });
      await store.groups.insert(makeGroup({ name: 'Editors' }));
      expect(await store.groups.count(where.eq('productId', fixtureIds.product))).toBe(3);
      // A suspended group still holds its name.
      const suspended = await store.groups.insert(makeGroup({ name: 'Reviewers', status: 'suspended' }));
      await expectPolityError(store.groups.insert(makeGroup({ name: 'reviewers' })), 'conflict', 'groups.name');
      expect(await store.groups.get(suspended.id)).toEqual(suspended);
    }),

    storeTest('roomAliases.alias: unique on the platform, case-insensitively', async (store) => {
      await seedFixtureWorld(store);
      const otherRoom = await store.rooms.insert(makeRoom());
      await store.roomAliases.insert(makeRoomAlias({ alias: 'Council.Chamber' }));
      await expectPolityError(store.roomAliases.insert(makeRoomAlias({ roomId: otherRoom.id, alias: 'council.chamber' })), 'conflict', 'roomAliases.alias');
      await store.roomAliases.insert(makeRoomAlias({ roomId: otherRoom.id, alias: 'council-chamber' }));
      expect(await store.roomAliases.count()).toBe(2);
    }),

    storeTest('roleChangeRequests.open: one open request per requester; decided ones do not count', async (store) => {
      await seedFixtureWorld(store);
      const other = await store.users.insert(makeUser());
      const first = await store.roleChangeRequests.insert(makeRoleChangeRequest());
      await expectPolityError(store.roleChangeRequests.insert(makeRoleChangeRequest()), 'conflict', 'roleChangeRequests.open');
      await store.roleChangeRequests.insert(makeRoleChangeRequest({ requesterId: other.id }));
      await store.roleChangeRequests.update(first.id, { status: 'rejected', decidedById: other.id, decidedAt: fixtureAt(5) });
      const second = await store.roleChangeRequests.insert(makeRoleChangeRequest());
      await store.roleChangeRequests.update(second.id, { status: 'approved', decidedById: other.id, decidedAt: fixtureAt(6) });
      await store.roleChangeRequests.insert(makeRoleChangeRequest());
      expect(await store.roleChangeRequests.count(where.eq('requesterId', fixtureIds.user))).toBe(3);
      // Reopening a decided request while another is open is a conflict.
      await expectPolityError(store.roleChangeRequests.update(first.id, { status: 'new' }), 'conflict', 'roleChangeRequests.open');
    }),

    storeTest('outbox.idempotencyKey: a key in use is refused, through enqueue and insert alike', async (store) => {
      await store.enqueue(makeOutboxMessage({ idempotencyKey: 'activation:user_1' }));
      await expectPolityError(store.enqueue(makeOutboxMessage({ idempotencyKey: 'activation:user_1' })), 'conflict', 'outbox.idempotencyKey');
      await expectPolityError(store.outbox.insert(makeOutboxMessage({ idempotencyKey: 'activation:user_1' })), 'conflict', 'outbox.idempotencyKey');
      // Keys are compared exactly: another case is another key.
      await store.enqueue(makeOutboxMessage({ idempotencyKey: 'ACTIVATION:user_1' }));
      expect(await store.outbox.count()).toBe(2);
    }),

    storeTest('participants.member: a person is in a meeting once', async (store) => {
      await seedFixtureWorld(store);
      await store.participants.insert(makeParticipant());
      await expectPolityError(store.participants.insert(makeParticipant()), 'conflict', 'participants.member');
      expect(await store.participants.count()).toBe(1);
    }),

    storeTest('a null in a unique field is never a duplicate; values compare case-insensitively where declared', async (store) => {
      await store.organisations.insert(makeOrganisation({ code: null }));
      await store.organisations.insert(makeOrganisation({ code: null }));
      await store.organisations.insert(makeOrganisation({ code: 'c_h501' }));
      await expectPolityError(store.organisations.insert(makeOrganisation({ code: 'C_H501' })), 'conflict', 'organisations.code');
      expect(await store.organisations.count()).toBe(3);
    }),

    storeTest('a constraint over several fields refuses only a repeat of all of them', async (store) => {
      await seedFixtureWorld(store);
      const other = await store.organisations.insert(makeOrganisation());
      await store.products.insert(makeProduct({ code: 'prod-io' }));
      await store.products.insert(makeProduct({ organisationId: other.id, code: 'prod-io' }));
      await expectPolityError(store.products.insert(makeProduct({ code: 'prod-io' })), 'conflict', 'products.code');
      expect(await store.products.count(where.eq('code', 'prod-io'))).toBe(2);
    }),

    storeTest('a refused write leaves the indexes intact, and a deleted record frees its values', async (store) => {
      const ada = await store.users.insert(makeUser({ email: 'ada@example.test' }));
      await expectPolityError(store.users.insert(makeUser({ email: 'ADA@example.test' })), 'conflict', 'users.email');
      // The refused record took nothing: the original still holds the address.
      await expectPolityError(store.users.insert(makeUser({ email: 'ada@example.test' })), 'conflict', 'users.email');
      expect(await store.users.delete(ada.id)).toBe(true);
      await store.users.insert(makeUser({ email: 'Ada@example.test' }));
      expect(await store.users.count()).toBe(1);
    }),

    storeTest('guardedUpdate that would create a duplicate is refused and changes nothing', async (store) => {
      await seedFixtureWorld(store);
      const editors = await store.groups.insert(makeGroup({ name: 'Editors' }));
      const readers = await store.groups.insert(makeGroup({ name: 'Readers' }));
      const writers = await store.groups.insert(makeGroup({ name: 'Writers' }));
      await expectPolityError(store.groups.guardedUpdate({ where: where.eq('id', readers.id), set: { name: 'editors' } }), 'conflict', 'groups.name');
      // Two matched records given the same name clash with each other: neither changes.
      await expectPolityError(
        store.groups.guardedUpdate({ where: where.in('id', [readers.id, writers.id]), set: { name: 'Authors' } }),
        'conflict',
        'groups.name',
      );
      expect([await store.groups.get(editors.id), await store.groups.get(readers.id), await store.groups.get(writers.id)]).toEqual([
        editors,
        readers,
        writers,
      ]);
    }),
  ],
};
