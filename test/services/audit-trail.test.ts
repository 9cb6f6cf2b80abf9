// The audit trail: every command appends an event in its own transaction; the trail of a target is read
// by whoever may read or administer the target.
import { describe, expect, it } from 'vitest';
import { where } from 'polity';
import { activate, ePresenceOrganisation, makeWorld, rejects } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

for (const target of storeTargets) {
  describe(`${target.name}: audit trail`, () => {
    it('every command appends an event (actor, action, target, what changed, time); the trail of a target reads them', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit, adminId } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const { user } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'nikos@gov.test', givenName: 'Nikos', familyName: 'G' });
      world.clock.advance(60_000);
      await activate(world, 'nikos@gov.test');
      world.clock.advance(60_000);
      await coordinator.users.update({ userId: user.id, phone: '+30 210 9999999' });
      world.clock.advance(60_000);
      await coordinator.users.deactivate({ userId: user.id });

      const trail = await coordinator.audit.trail({ targetType: 'user', targetId: user.id });
      expect(trail.items.map((e) => [e.action, e.actorId])).toEqual([
        ['user.add', coordinatorId],
        ['account.confirm', user.id],
        ['user.update', coordinatorId],
        ['user.deactivate', coordinatorId],
      ]);
      const update = trail.items[2];
      expect(update).toMatchObject({ organisationId: organisation.id, targetType: 'user', changes: { phone: '+30 210 9999999' }, at: new Date('2026-01-05T09:02:00.000Z') });
      expect(update?.summary).toMatch(/phone/);
      expect((await world.polity.as(adminId).audit.trail({ targetType: 'organisation', targetId: organisation.id })).items.map((e) => e.action)).toEqual(['organisation.create']);
    });

    it('a refused command leaves no event; another organisation cannot read the trail', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      const before = await world.store.audit.count();
      await rejects(world.polity.as(b.coordinatorId).units.rename({ unitId: a.unit.id, name: 'Taken' }), 'forbidden');
      await rejects(world.polity.as(a.coordinatorId).users.add({ organisationId: a.organisation.id, role: 'user', email: 'coordinator.b@gov.test', givenName: 'X', familyName: 'Y' }), 'conflict');
      expect(await world.store.audit.count()).toBe(before);
      await rejects(world.polity.as(b.coordinatorId).audit.trail({ targetType: 'unit', targetId: a.unit.id }), 'forbidden');
      await rejects(world.polity.as(b.coordinatorId).audit.trail({ targetType: 'nothing' as never, targetId: a.unit.id }), 'invalid_input');
    });

    it('the trail of a deleted unit stays readable by who administers the organisation', async () => {
      const world = await makeWorld(target);
      const { coordinatorId, unit } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      await coordinator.units.delete({ unitId: unit.id });
      const trail = await coordinator.audit.trail({ targetType: 'unit', targetId: unit.id });
      expect(trail.items.map((e) => e.action).sort()).toEqual(['unit.create', 'unit.delete']);
      expect(await world.store.audit.count(where.eq('targetId', unit.id))).toBe(2);
    });
  });
}
