// Coordinators of an organisation (EP-10).
import { describe, expect, it } from 'vitest';
import { where } from 'polity';
import { ePresenceOrganisation, makeOrganisationCoordinator, makeWorld, outboxOf, rejects } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function organisationWithCoordinators(target: StoreTarget) {
  const world = await makeWorld(target);
  const setup = await ePresenceOrganisation(world, 'a');
  const other = await ePresenceOrganisation(world, 'b');
  const coordinator = world.polity.as(setup.coordinatorId);
  const names = [
    ['Nikos', 'Georgiou'],
    ['Eleni', 'Papadaki'],
    ['Giorgos', 'Papadopoulos'],
    ['Sofia', 'Antoniou'],
  ] as const;
  const ids: string[] = [];
  for (const [given, family] of names) {
    const { user } = await coordinator.users.add({ organisationId: setup.organisation.id, unitId: setup.unit.id, role: 'unit_coordinator', email: `${given.toLowerCase()}@gov.test`, givenName: given, familyName: family, phone: '+30 210 3333333' });
    ids.push(user.id);
  }
  await coordinator.users.add({ organisationId: setup.organisation.id, role: 'user', email: 'plain@gov.test', givenName: 'Plain', familyName: 'User' });
  return { world, ...setup, other, coordinator, ids };
}

for (const target of storeTargets) {
  describe(`${target.name}: coordinators (EP-10)`, () => {
    it('EP-10: an organisation coordinator lists the coordinators of their organisation, paged, with what EP-14 lets them see', async () => {
      const { coordinator, organisation } = await organisationWithCoordinators(target);
      const first = await coordinator.coordinators.list({ organisationId: organisation.id, limit: 2 });
      expect(first.items.map((c) => c.familyName)).toEqual(['Antoniou', 'Coordinator']);
      expect(first.nextCursor).not.toBeNull();
      const second = await coordinator.coordinators.list({ organisationId: organisation.id, limit: 2, after: first.nextCursor });
      const third = await coordinator.coordinators.list({ organisationId: organisation.id, limit: 2, after: second.nextCursor });
      expect([...second.items, ...third.items].map((c) => c.familyName)).toEqual(['Georgiou', 'Papadaki', 'Papadopoulos']);
      expect(third.nextCursor).toBeNull();
      const nikos = second.items[0];
      expect(nikos).toEqual({
        id: expect.any(String),
        givenName: 'Nikos',
        familyName: 'Georgiou',
        email: 'nikos@gov.test',
        phone: '+30 210 3333333',
        emailConfirmed: false,
        active: true,
        roles: [{ role: 'unit_coordinator', unitId: expect.any(String), status: 'active' }],
      });
    });

    it('EP-10: searches names and addresses, ignoring case, and never lists plain users', async () => {
      const { coordinator, organisation } = await organisationWithCoordinators(target);
      const found = await coordinator.coordinators.list({ organisationId: organisation.id, search: 'PAPAD' });
      expect(found.items.map((c) => c.givenName)).toEqual(['Eleni', 'Giorgos']);
      expect(found.nextCursor).toBeNull();
      expect((await coordinator.coordinators.list({ organisationId: organisation.id, search: 'plain' })).items).toEqual([]);
    });

    it('EP-10: sends one informational message to all of them, and not to another organisation', async () => {
      const { world, coordinator, organisation, ids, other, adminId } = await organisationWithCoordinators(target);
      const second = await makeOrganisationCoordinator(world, adminId, organisation.id, 'second.a@gov.test', 'Second');
      const { recipients } = await coordinator.coordinators.message({ organisationId: organisation.id, subject: 'Meeting policy', body: 'Please book rooms a day ahead.' });
      expect(recipients).toBe(ids.length + 1);
      const messages = await outboxOf(world.store, 'coordinators.message');
      expect(messages.map((m) => m.recipientUserId).sort()).toEqual([...ids, second].sort());
      expect(messages[0]?.payload).toMatchObject({ subject: 'Meeting policy', body: 'Please book rooms a day ahead.' });
      await rejects(world.polity.as(other.coordinatorId).coordinators.message({ organisationId: organisation.id, subject: 'x', body: 'y' }), 'forbidden');
      await rejects(world.polity.as(other.coordinatorId).coordinators.list({ organisationId: organisation.id }), 'forbidden');
      expect(await world.store.audit.count(where.eq('action', 'coordinators.message'))).toBe(1);
    });

    it('EP-10: a unit coordinator neither lists nor messages the coordinators', async () => {
      const { world, organisation, ids } = await organisationWithCoordinators(target);
      const { activate } = await import('./world');
      await activate(world, 'nikos@gov.test');
      const nikos = world.polity.as(ids[0] ?? '');
      await rejects(nikos.coordinators.list({ organisationId: organisation.id }), 'forbidden');
      await rejects(nikos.coordinators.message({ organisationId: organisation.id, subject: 'x', body: 'y' }), 'forbidden');
    });
  });
}
