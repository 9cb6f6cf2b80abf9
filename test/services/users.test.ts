// Who edits, deactivates and deletes whom (EP-11, EP-12, EP-16, EP-17, MB-1, MB-6, MB-11).
import { describe, expect, it } from 'vitest';
import { profiles, where } from 'polity';
import { activate, ePresenceOrganisation, makeWorld, rejects, seedAssignment, seedMeetingParticipation, seedOrganisation, seedUser, snapshot, sourcesOf, worldOf, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function withUnitCoordinator(on: StoreTarget | World, label = 'a') {
  const world = await worldOf(on);
  const setup = await ePresenceOrganisation(world, label);
  const coordinator = world.polity.as(setup.coordinatorId);
  const { user } = await coordinator.users.add({ organisationId: setup.organisation.id, unitId: setup.unit.id, role: 'unit_coordinator', email: 'nikos@gov.test', givenName: 'Nikos', familyName: 'Georgiou' });
  await activate(world, 'nikos@gov.test');
  return { ...setup, world, coordinator, unitCoordinatorId: user.id };
}

for (const target of storeTargets) {
  describe(`${target.name}: deactivate, reactivate, delete (e:Presence)`, () => {
    it('EP-11: an organisation coordinator edits and deactivates a unit coordinator, who can no longer sign in; and reactivates them', async () => {
      const { world, coordinator, unitCoordinatorId, organisation } = await withUnitCoordinator(target);
      expect((await coordinator.users.update({ userId: unitCoordinatorId, phone: '+30 210 5555555' })).phone).toBe('+30 210 5555555');
      const deactivated = await coordinator.users.deactivate({ userId: unitCoordinatorId });
      expect(deactivated).toMatchObject({ active: false });
      expect(deactivated.emailConfirmedAt).not.toBeNull();
      await rejects(world.polity.signIn({ userId: unitCoordinatorId }), 'unauthenticated');
      await rejects(world.polity.as(unitCoordinatorId).units.list({ organisationId: organisation.id }), 'unauthenticated');
      await rejects(coordinator.users.deactivate({ userId: unitCoordinatorId }), 'invalid_transition');
      expect((await coordinator.users.reactivate({ userId: unitCoordinatorId })).active).toBe(true);
      await world.polity.signIn({ userId: unitCoordinatorId });
    });

    it('EP-11: a deactivated account gets no mail', async () => {
      const { world, coordinator, organisation, unit } = await withUnitCoordinator(target);
      const { user } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'quiet@gov.test', givenName: 'Q', familyName: 'Uiet' });
      await coordinator.users.deactivate({ userId: user.id });
      world.clock.advance(10 * 60_000);
      const admin = world.polity.as((await world.store.users.findOne(where.eq('email', 'admin@platform.test')))?.id ?? '');
      expect((await admin.users.resendActivation({ userId: user.id })).sentTo).toBeNull();
      expect(await world.store.outbox.count(where.eq('recipientEmail', 'quiet@gov.test'))).toBe(1);
    });

    it('EP-11: a unit coordinator who created or joined a meeting cannot be deleted, only deactivated', async () => {
      const { world, coordinator, unitCoordinatorId, organisation, coordinatorId } = await withUnitCoordinator(target);
      await seedMeetingParticipation(world.store, unitCoordinatorId, organisation.id, coordinatorId);
      const before = await snapshot(world.store);
      const error = await rejects(coordinator.users.delete({ userId: unitCoordinatorId }), 'forbidden');
      expect(sourcesOf(error)).toContain('EP-11');
      expect(error.message).toMatch(/a rule forbids it/);
      expect(await snapshot(world.store)).toEqual(before);
      expect((await coordinator.users.deactivate({ userId: unitCoordinatorId })).active).toBe(false);
    });

    it('EP-16: an organisation coordinator deletes a unit coordinator of their organisation who never took part in a meeting', async () => {
      const { world, coordinator, unitCoordinatorId, organisation, unit } = await withUnitCoordinator(target);
      const deleted = await coordinator.users.delete({ userId: unitCoordinatorId });
      expect(deleted.deletedAt).toEqual(world.clock.now());
      expect(await world.store.assignments.count(where.and(where.eq('userId', unitCoordinatorId), where.not(where.eq('status', 'removed'))))).toBe(0);
      await rejects(world.polity.signIn({ userId: unitCoordinatorId }), 'unauthenticated');
      await rejects(coordinator.users.get({ userId: unitCoordinatorId }), 'not_found');
      // The address may be registered again.
      await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'nikos@gov.test', givenName: 'Nikos', familyName: 'Georgiou' });
    });

    it('EP-16: an organisation coordinator cannot delete another organisation coordinator, anyone of another organisation, or themselves', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await withUnitCoordinator(world, 'b');
      const coordinatorA = world.polity.as(a.coordinatorId);
      const { makeOrganisationCoordinator } = await import('./world');
      const secondCoordinator = await makeOrganisationCoordinator(world, a.adminId, a.organisation.id, 'second.a@gov.test', 'Second');
      await rejects(coordinatorA.users.delete({ userId: secondCoordinator }), 'forbidden');
      await rejects(coordinatorA.users.delete({ userId: b.unitCoordinatorId }), 'forbidden');
      await rejects(coordinatorA.users.deactivate({ userId: b.unitCoordinatorId }), 'forbidden');
      const self = await rejects(coordinatorA.users.delete({ userId: a.coordinatorId }), 'forbidden');
      expect(self.details?.explanation).toMatchObject({ reason: 'self_delete' });
      await rejects(world.polity.as(a.adminId).users.delete({ userId: a.adminId }), 'forbidden');
      expect((await world.store.users.get(b.unitCoordinatorId))?.deletedAt).toBeNull();
    });

    it('EP-17: a unit coordinator cannot add users, nor edit, deactivate or delete unit coordinators', async () => {
      const { world, coordinator, unitCoordinatorId, organisation, unit } = await withUnitCoordinator(target);
      const { user: other } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'other@gov.test', givenName: 'O', familyName: 'Ther' });
      const nikos = world.polity.as(unitCoordinatorId);
      const before = await snapshot(world.store);
      await rejects(nikos.users.add({ organisationId: organisation.id, role: 'user', email: 'new@gov.test', givenName: 'N', familyName: 'Ew' }), 'forbidden');
      await rejects(nikos.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'new@gov.test', givenName: 'N', familyName: 'Ew' }), 'forbidden');
      await rejects(nikos.users.update({ userId: other.id, phone: '+30 210 1234567' }), 'forbidden');
      await rejects(nikos.users.deactivate({ userId: other.id }), 'forbidden');
      await rejects(nikos.users.delete({ userId: other.id }), 'forbidden');
      await rejects(nikos.users.resendActivation({ userId: other.id }), 'forbidden');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-12: the e-mail of a single-sign-on identity never changes', async () => {
      const { world, coordinatorId, unitCoordinatorId } = await withUnitCoordinator(target);
      await world.store.users.update(coordinatorId, { identitySource: 'sso' });
      const error = await rejects(world.polity.as(coordinatorId).users.changeEmail({ userId: coordinatorId, email: 'new.address@gov.test' }), 'forbidden');
      expect(sourcesOf(error)).toContain('EP-12');
      expect((await world.store.users.get(coordinatorId))?.email).toBe('coordinator.a@gov.test');
      // A local identity changes its own address (to be confirmed again, EP-8).
      const changed = await world.polity.as(unitCoordinatorId).users.changeEmail({ userId: unitCoordinatorId, email: 'nikos.georgiou@gov.test' });
      expect(changed).toMatchObject({ email: 'nikos.georgiou@gov.test', emailConfirmedAt: null });
    });
  });

  describe(`${target.name}: administrators (Mégalis)`, () => {
    async function megalisWorld() {
      const world = await makeWorld(target, profiles.megalis);
      const { user: operator } = await world.polity.bootstrapPlatformAdmin({ email: 'ops@megalis.test', givenName: 'Op', familyName: 'Erator' });
      const rennes = await seedOrganisation(world.store, 'Rennes');
      const brest = await seedOrganisation(world.store, 'Brest');
      // MB-3: every organisation's pool is allocated by the operator before anyone is added.
      for (const organisation of [rennes, brest]) await world.polity.as(operator.id).licences.allocate({ organisationId: organisation.id, allocated: 10 });
      const { user: admin } = await world.polity.as(operator.id).users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne.admin@rennes.test', givenName: 'Anne', familyName: 'Admin' });
      const { user: delegate } = await world.polity.as(admin.id).users.add({ organisationId: rennes.id, role: 'delegated_organiser', email: 'delegate@rennes.test', givenName: 'Denis', familyName: 'Delegate' });
      const { user: brestAdmin } = await world.polity.as(operator.id).users.add({ organisationId: brest.id, role: 'administrator', email: 'bruno.admin@brest.test', givenName: 'Bruno', familyName: 'Admin' });
      const concierge = await seedUser(world.store, { email: 'concierge@capvisio.test' });
      await seedAssignment(world.store, { userId: concierge.id, role: 'concierge', scopeType: 'platform' });
      return { world, operator, rennes, brest, admin, delegate, brestAdmin, concierge };
    }

    it('MB-1: within an organisation only its administrators (and the concierge) create or delete its users', async () => {
      const { world, rennes, admin, delegate, brestAdmin, concierge } = await megalisWorld();
      const { user } = await world.polity.as(admin.id).users.add({ organisationId: rennes.id, role: 'user', email: 'jean@rennes.test', givenName: 'Jean', familyName: 'Dupont' });
      await rejects(world.polity.as(delegate.id).users.add({ organisationId: rennes.id, role: 'user', email: 'x@rennes.test', givenName: 'X', familyName: 'Y' }), 'forbidden');
      await rejects(world.polity.as(delegate.id).users.delete({ userId: user.id }), 'forbidden');
      await rejects(world.polity.as(brestAdmin.id).users.add({ organisationId: rennes.id, role: 'user', email: 'x@rennes.test', givenName: 'X', familyName: 'Y' }), 'forbidden');
      await rejects(world.polity.as(brestAdmin.id).users.delete({ userId: user.id }), 'forbidden');
      const { user: byConcierge } = await world.polity.as(concierge.id).users.add({ organisationId: rennes.id, role: 'user', email: 'claire@rennes.test', givenName: 'Claire', familyName: 'Martin' });
      expect((await world.polity.as(admin.id).users.delete({ userId: user.id })).deletedAt).not.toBeNull();
      expect((await world.polity.as(concierge.id).users.delete({ userId: byConcierge.id })).deletedAt).not.toBeNull();
    });

    it('MB-6: an organisation may have several administrators, and each new person gets a role at creation', async () => {
      const { world, rennes, admin, delegate } = await megalisWorld();
      const { assignment } = await world.polity.as(admin.id).users.add({ organisationId: rennes.id, role: 'administrator', email: 'second.admin@rennes.test', givenName: 'Second', familyName: 'Admin' });
      expect(assignment).toMatchObject({ role: 'administrator', scopeType: 'organisation', organisationId: rennes.id });
      const missing = await rejects(world.polity.as(admin.id).users.add({ organisationId: rennes.id, email: 'norole@rennes.test', givenName: 'No', familyName: 'Role' } as never), 'invalid_input');
      expect(missing.details?.issues.map((i) => i.path)).toEqual(['role']);
      const escalation = await rejects(world.polity.as(delegate.id).users.add({ organisationId: rennes.id, role: 'administrator', email: 'up@rennes.test', givenName: 'Up', familyName: 'Ward' }), 'forbidden');
      expect(escalation).toBeDefined();
    });

    it('MB-11: profile fields with a valid IANA time zone; the organisation is fixed', async () => {
      const { world, admin, brest } = await megalisWorld();
      const me = world.polity.as(admin.id);
      const updated = await me.users.update({ userId: admin.id, title: 'Mme', phone: '+33 2 99 00 00 00', country: 'FR', postcode: '35000', timeZone: 'Europe/Paris', language: 'fr' });
      expect(updated).toMatchObject({ title: 'Mme', country: 'FR', postcode: '35000', timeZone: 'Europe/Paris', language: 'fr' });
      const zone = await rejects(me.users.update({ userId: admin.id, timeZone: 'Europe/Atlantis' }), 'invalid_input');
      expect(zone.details?.issues).toEqual([expect.objectContaining({ path: 'timeZone', code: 'unknown_time_zone' })]);
      const moved = await rejects(me.users.update({ userId: admin.id, organisationId: brest.id } as never), 'invalid_input');
      expect(moved.details?.issues[0]?.code).toBe('unrecognized_keys');
      expect((await world.store.users.get(admin.id))?.timeZone).toBe('Europe/Paris');
    });
  });
}
