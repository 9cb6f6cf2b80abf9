// Platform staff (MB-6, MB-10): an account whose role is held at platform scope belongs to no organisation.
import { describe, expect, it } from 'vitest';
import { profiles, where } from 'polity';
import { activate, makeWorld, rejects, seedOrganisation, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function megalis(target: StoreTarget) {
  const world = await makeWorld(target, profiles.megalis);
  const { user: operator } = await world.polity.bootstrapPlatformAdmin({ email: 'ops@megalis.test', givenName: 'Yann', familyName: 'Le Gall' });
  const rennes = await seedOrganisation(world.store, 'Rennes');
  await world.polity.as(operator.id).licences.allocate({ organisationId: rennes.id, allocated: 5 });
  return { world, operator: world.polity.as(operator.id), rennes };
}

for (const target of storeTargets) {
  describe(`${target.name}: platform staff`, () => {
    it('MB-6: the operator appoints a concierge, who belongs to no organisation and holds no licence; once active, the concierge acts in every organisation (MB-10)', async () => {
      const { world, operator, rennes } = await megalis(target);
      const { user, assignment } = await operator.users.add({ role: 'concierge', email: 'camille@capvisio.test', givenName: 'Camille', familyName: 'Support' });
      expect(user).toMatchObject({ organisationId: null, emailConfirmedAt: null });
      expect(assignment).toMatchObject({ role: 'concierge', scopeType: 'platform', organisationId: null });
      expect(await world.store.licenceSeats.count(where.eq('userId', user.id))).toBe(0);
      const trail = await world.store.audit.list({ where: where.eq('targetId', user.id) });
      expect(trail.items.map((event) => event.summary)).toContain('added camille@capvisio.test to the platform staff as concierge; activation e-mail sent');

      const conciergeId = await activate(world, 'camille@capvisio.test');
      const concierge = world.polity.as(conciergeId);
      expect(await concierge.licences.summary({ organisationId: rennes.id })).toEqual({ allocated: 5, used: 0, reserved: 0, free: 5 });
      const { user: anne } = await concierge.users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne@rennes.test', givenName: 'Anne', familyName: 'Admin' });
      expect(anne.organisationId).toBe(rennes.id);
    });

    it('MB-6: an administrator does not appoint a concierge, and nothing is written', async () => {
      const { world, operator, rennes } = await megalis(target);
      await operator.users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne@rennes.test', givenName: 'Anne', familyName: 'Admin' });
      const anne = world.polity.as(await activate(world, 'anne@rennes.test'));
      const before = await snapshot(world.store);
      await rejects(anne.users.add({ role: 'concierge', email: 'x@capvisio.test', givenName: 'X', familyName: 'Y' }), 'forbidden');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('a role held in organisations needs the organisation, and a unit or product needs it too (invalid_input before anything is read)', async () => {
      const { world, operator } = await megalis(target);
      const before = await snapshot(world.store);
      const missing = await rejects(operator.users.add({ role: 'user', email: 'jean@rennes.test', givenName: 'Jean', familyName: 'Dupont' }), 'invalid_input');
      expect(missing.details?.issues).toEqual([expect.objectContaining({ path: 'organisationId', code: 'required' })]);
      const unknown = await rejects(operator.users.add({ role: 'janitor', email: 'jean@rennes.test', givenName: 'Jean', familyName: 'Dupont' }), 'invalid_input');
      expect(unknown.details?.issues).toEqual([expect.objectContaining({ path: 'role', code: 'unknown_role' })]);
      const shared = await rejects(operator.users.add({ role: 'concierge', email: 'info@capvisio.test', givenName: 'Info', familyName: 'Desk' }), 'invalid_input');
      expect(shared.details?.issues).toEqual([expect.objectContaining({ path: 'email', code: 'generic_mailbox' })]);
      const unit = await rejects(operator.users.add({ role: 'concierge', unitId: 'unit_1', email: 'jean@rennes.test', givenName: 'Jean', familyName: 'Dupont' }), 'invalid_input');
      expect(unit.details?.issues).toEqual([expect.objectContaining({ path: 'organisationId' })]);
      expect(await snapshot(world.store)).toEqual(before);
    });
  });
}
