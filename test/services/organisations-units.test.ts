// Organisations and units through the public API (EP-4, KA-1, KA-2, KA-13), and units over time.
import { describe, expect, it } from 'vitest';
import { profiles, where } from 'polity';
import { activate, bootstrapAdmin, ePresenceOrganisation, makeWorld, outboxOf, rejects, seedMeetingParticipation, snapshot, sourcesOf } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

for (const target of storeTargets) {
  describe(`${target.name}: organisations and units (e:Presence)`, () => {
    it('EP-4: an organisation coordinator creates units in their own organisation, never in another', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      const coordinator = world.polity.as(a.coordinatorId);
      const unit = await coordinator.units.create({ organisationId: a.organisation.id, name: 'Press Office', parentId: a.unit.id });
      expect(unit).toMatchObject({ organisationId: a.organisation.id, parentId: a.unit.id, name: 'Press Office' });
      const error = await rejects(coordinator.units.create({ organisationId: b.organisation.id, name: 'Intruder' }), 'forbidden');
      expect(error.details?.action).toBe('unit.create');
      expect(await world.store.units.count(where.eq('name', 'Intruder'))).toBe(0);
    });

    it('EP-4: an organisation coordinator appoints a unit coordinator, who is invited to activate their account', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world);
      const { user, assignment, activationSentTo } = await world.polity.as(coordinatorId).users.add({
        organisationId: organisation.id,
        unitId: unit.id,
        role: 'unit_coordinator',
        email: 'nikos@gov.test',
        givenName: 'Nikos',
        familyName: 'Georgiou',
      });
      expect(assignment).toMatchObject({ role: 'unit_coordinator', scopeType: 'unit', unitId: unit.id, status: 'active', grantedById: coordinatorId });
      expect(user.emailConfirmedAt).toBeNull();
      expect(activationSentTo).toBe('nikos@gov.test');
      const [mail] = await outboxOf(world.store, 'account.activation', 'nikos@gov.test');
      expect(mail?.payload).toMatchObject({ role: 'unit_coordinator', organisationName: organisation.name });
      await activate(world, 'nikos@gov.test');
      expect((await world.store.users.get(user.id))?.emailConfirmedAt).not.toBeNull();
    });

    it('EP-4: a unit coordinator neither creates nor changes units', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world);
      await world.polity.as(coordinatorId).users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'nikos@gov.test', givenName: 'Nikos', familyName: 'G' });
      const nikos = world.polity.as(await activate(world, 'nikos@gov.test'));
      await rejects(nikos.units.create({ organisationId: organisation.id, name: 'Sub-unit', parentId: unit.id }), 'forbidden');
      await rejects(nikos.units.rename({ unitId: unit.id, name: 'Mine now' }), 'forbidden');
    });

    it('units over time: rename, move (never under themselves), delete once empty', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const child = await coordinator.units.create({ organisationId: organisation.id, name: 'Child', parentId: unit.id });
      expect((await coordinator.units.rename({ unitId: child.id, name: 'Renamed' })).name).toBe('Renamed');

      const cycle = await rejects(coordinator.units.move({ unitId: unit.id, parentId: child.id }), 'invalid_input');
      expect(cycle.details?.issues).toEqual([expect.objectContaining({ path: 'parentId', code: 'unit_cycle' })]);
      expect((await world.store.units.get(unit.id))?.parentId).toBeNull();

      const notEmpty = await rejects(coordinator.units.delete({ unitId: unit.id }), 'conflict');
      expect(notEmpty.details).toMatchObject({ constraint: 'unit.not_empty', subunits: 1 });
      expect((await coordinator.units.move({ unitId: child.id, parentId: null })).parentId).toBeNull();
      expect((await coordinator.units.delete({ unitId: unit.id })).id).toBe(unit.id);
      expect(await world.store.units.get(unit.id)).toBeNull();
      const page = await coordinator.units.list({ organisationId: organisation.id });
      expect(page.items.map((u) => u.name)).toEqual(['Renamed']);
    });

    it('units over time: a unit with coordinators or meetings is not deleted; a move never leaves the organisation', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      const coordinator = world.polity.as(a.coordinatorId);
      await coordinator.users.add({ organisationId: a.organisation.id, unitId: a.unit.id, role: 'unit_coordinator', email: 'uc@gov.test', givenName: 'U', familyName: 'C' });
      expect((await rejects(coordinator.units.delete({ unitId: a.unit.id }), 'conflict')).details).toMatchObject({ coordinators: 1 });
      const meetingUnit = await coordinator.units.create({ organisationId: a.organisation.id, name: 'With meetings' });
      await seedMeetingParticipation(world.store, a.coordinatorId, a.organisation.id, a.coordinatorId, meetingUnit.id);
      expect((await rejects(coordinator.units.delete({ unitId: meetingUnit.id }), 'conflict')).details).toMatchObject({ meetings: 1 });
      expect((await rejects(coordinator.units.move({ unitId: meetingUnit.id, parentId: b.unit.id }), 'invalid_input')).details?.issues[0]?.code).toBe('foreign_parent');
      await rejects(coordinator.units.move({ unitId: b.unit.id, parentId: null }), 'forbidden');
      expect((await world.store.units.get(meetingUnit.id))?.parentId).toBeNull();
    });

    it('a suspended organisation: its members cannot act, nothing is added, nothing is deleted; resuming restores it', async () => {
      const world = await makeWorld(target);
      const { adminId, organisation, coordinatorId } = await ePresenceOrganisation(world);
      const admin = world.polity.as(adminId);
      const before = await snapshot(world.store);
      const suspended = await admin.organisations.suspend({ organisationId: organisation.id, reason: 'audit' });
      expect(suspended.status).toBe('suspended');
      const after = await snapshot(world.store);
      expect(after['users']).toEqual(before['users']);
      expect(after['units']).toEqual(before['units']);
      expect(after['assignments']).toEqual(before['assignments']);
      const refused = await rejects(world.polity.as(coordinatorId).units.list({ organisationId: organisation.id }), 'forbidden');
      expect(refused.details?.explanation).toMatchObject({ reason: 'organisation_suspended' });
      await rejects(admin.users.add({ organisationId: organisation.id, role: 'user', email: 'late@gov.test', givenName: 'L', familyName: 'Late' }), 'conflict');
      await rejects(admin.organisations.suspend({ organisationId: organisation.id }), 'invalid_transition');
      await admin.organisations.resume({ organisationId: organisation.id });
      expect((await world.polity.as(coordinatorId).units.list({ organisationId: organisation.id })).items).toHaveLength(1);
    });

    it('only platform admins create and rename organisations', async () => {
      const world = await makeWorld(target);
      const { adminId, organisation, coordinatorId } = await ePresenceOrganisation(world);
      const error = await rejects(world.polity.as(coordinatorId).organisations.create({ name: 'Shadow ministry' }), 'forbidden');
      expect(sourcesOf(error)).toEqual([]);
      expect((await world.polity.as(adminId).organisations.update({ organisationId: organisation.id, name: 'Ministry of Interior' })).name).toBe('Ministry of Interior');
      await rejects(world.polity.as(adminId).organisations.create({ name: 'Twin', code: organisation.code }), 'conflict');
    });
  });

  describe(`${target.name}: organisations with a founder (1KA)`, () => {
    it('KA-1: the person responsible becomes the first manager automatically and gets an activation e-mail, never a password', async () => {
      const world = await makeWorld(target, profiles.oneKa);
      const adminId = await bootstrapAdmin(world);
      const { organisation, responsible } = await world.polity.as(adminId).organisations.create({
        name: 'University of Ljubljana',
        responsible: { email: 'ana.novak@uni.test', givenName: 'Ana', familyName: 'Novak' },
      });
      expect(responsible).toMatchObject({ organisationId: organisation.id, emailConfirmedAt: null, active: true });
      const roles = await world.store.assignments.list({ where: where.eq('userId', responsible?.id ?? '') });
      expect(roles.items).toEqual([expect.objectContaining({ role: 'manager', scopeType: 'organisation', organisationId: organisation.id, status: 'active' })]);
      const mails = await outboxOf(world.store, 'account.activation', 'ana.novak@uni.test');
      expect(mails).toHaveLength(1);
      expect(Object.keys(mails[0]?.payload ?? {}).some((key) => /password/i.test(key))).toBe(false);
      expect(String(mails[0]?.payload['link'])).toMatch(/^https:\/\/portal\.test\/activate\?token=/);
    });

    it('KA-1: a 1KA organisation is created with its responsible person; e:Presence refuses one', async () => {
      const world = await makeWorld(target, profiles.oneKa);
      const adminId = await bootstrapAdmin(world);
      const error = await rejects(world.polity.as(adminId).organisations.create({ name: 'Nobody in charge' }), 'invalid_input');
      expect(error.details?.issues).toEqual([expect.objectContaining({ path: 'responsible', code: 'required' })]);
      const presence = await makeWorld(target);
      const presenceAdmin = await bootstrapAdmin(presence);
      const refused = await rejects(
        presence.polity.as(presenceAdmin).organisations.create({ name: 'X', responsible: { email: 'x@gov.test', givenName: 'X', familyName: 'Y' } }),
        'invalid_input',
      );
      expect(refused.details?.issues[0]?.code).toBe('no_founder_role');
    });

    it('KA-2: further managers are created only by a platform admin; a manager cannot make a manager', async () => {
      const world = await makeWorld(target, profiles.oneKa);
      const adminId = await bootstrapAdmin(world);
      const { organisation } = await world.polity.as(adminId).organisations.create({ name: 'Uni', responsible: { email: 'ana@uni.test', givenName: 'Ana', familyName: 'Novak' } });
      const managerId = await activate(world, 'ana@uni.test');
      const manager = world.polity.as(managerId);
      const error = await rejects(manager.users.add({ organisationId: organisation.id, role: 'manager', email: 'second@uni.test', givenName: 'Second', familyName: 'Manager' }), 'forbidden');
      expect(error.details?.action).toBe('role.grant');
      expect(await world.store.users.count(where.eq('email', 'second@uni.test'))).toBe(0);
      const { assignment } = await world.polity.as(adminId).users.add({ organisationId: organisation.id, role: 'manager', email: 'second@uni.test', givenName: 'Second', familyName: 'Manager' });
      expect(assignment.role).toBe('manager');
    });

    it('KA-13: a manager account may use a generic mailbox where the profile allows it; e:Presence refuses one', async () => {
      const world = await makeWorld(target, profiles.oneKa);
      const adminId = await bootstrapAdmin(world);
      const { responsible } = await world.polity.as(adminId).organisations.create({ name: 'Municipality', responsible: { email: 'info@obcina.test', givenName: 'Info', familyName: 'Desk' } });
      expect(responsible?.email).toBe('info@obcina.test');

      const presence = await makeWorld(target);
      const { organisation, coordinatorId } = await ePresenceOrganisation(presence);
      const error = await rejects(
        presence.polity.as(coordinatorId).users.add({ organisationId: organisation.id, role: 'user', email: 'info@ministry.test', givenName: 'Info', familyName: 'Desk' }),
        'invalid_input',
      );
      expect(error.details?.issues).toEqual([expect.objectContaining({ path: 'email', code: 'generic_mailbox' })]);
    });
  });
}
