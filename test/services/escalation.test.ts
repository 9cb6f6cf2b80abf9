// No escalation: nobody grants, by adding a user, a role at or above their own (unless a profile rule
// says so, MB-6); an unknown role is invalid_input, never a silent "no".
import { describe, expect, it } from 'vitest';
import { where } from 'polity';
import { ePresenceOrganisation, makeWorld, rejects, snapshot } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

for (const target of storeTargets) {
  describe(`${target.name}: no escalation`, () => {
    it('an organisation coordinator cannot make an organisation coordinator, nor a platform admin', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const before = await snapshot(world.store);
      const same = await rejects(coordinator.users.add({ organisationId: organisation.id, role: 'organisation_coordinator', email: 'peer@gov.test', givenName: 'P', familyName: 'Eer' }), 'forbidden');
      expect(same.details?.action).toBe('role.grant');
      expect(same.details?.explanation).toMatchObject({ allowed: false });
      const above = await rejects(coordinator.users.add({ organisationId: organisation.id, role: 'platform_admin', email: 'boss@gov.test', givenName: 'B', familyName: 'Oss' }), 'invalid_input');
      expect(above.details?.issues[0]?.code).toBe('not_assignable');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('a platform admin grants organisation coordinator only through a role-change request (EP-6)', async () => {
      const world = await makeWorld(target);
      const { organisation, adminId } = await ePresenceOrganisation(world);
      const error = await rejects(world.polity.as(adminId).users.add({ organisationId: organisation.id, role: 'organisation_coordinator', email: 'direct@gov.test', givenName: 'D', familyName: 'Irect' }), 'forbidden');
      expect(error.message).toMatch(/given only through its workflow/);
      expect(await world.store.users.count(where.eq('email', 'direct@gov.test'))).toBe(0);
    });

    it('an unknown role is invalid_input, before anything is read or written', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId } = await ePresenceOrganisation(world);
      const before = await snapshot(world.store);
      const error = await rejects(world.polity.as(coordinatorId).users.add({ organisationId: organisation.id, role: 'super_user', email: 'x@gov.test', givenName: 'X', familyName: 'Y' }), 'invalid_input');
      expect(error.details?.issues).toEqual([expect.objectContaining({ path: 'role', code: 'unknown_role' })]);
      // Even for an actor who could not add anyone: input is checked first.
      await rejects(world.polity.as('nobody_at_all').users.add({ organisationId: organisation.id, role: 'super_user', email: 'x@gov.test', givenName: 'X', familyName: 'Y' }), 'invalid_input');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('nobody adds users to another organisation', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      await rejects(world.polity.as(a.coordinatorId).users.add({ organisationId: b.organisation.id, role: 'user', email: 'spy@gov.test', givenName: 'S', familyName: 'Py' }), 'forbidden');
      await rejects(world.polity.as(a.coordinatorId).users.add({ organisationId: b.organisation.id, unitId: b.unit.id, role: 'unit_coordinator', email: 'spy@gov.test', givenName: 'S', familyName: 'Py' }), 'forbidden');
      expect(await world.store.users.count(where.eq('email', 'spy@gov.test'))).toBe(0);
    });
  });
}
