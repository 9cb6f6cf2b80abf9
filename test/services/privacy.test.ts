// What one user sees of another (EP-14, KA-5, EP-10).
import { describe, expect, it } from 'vitest';
import { profiles } from 'polity';
import { userReferenceFields } from '../../src/services/accounts/privacy';
import { activate, bootstrapAdmin, ePresenceOrganisation, makeWorld, rejects } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

for (const target of storeTargets) {
  describe(`${target.name}: the reduced view (EP-14)`, () => {
    it('EP-14: a coordinator does not see the personal details of the plain users they added; no other field leaks', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const { user } = await coordinator.users.add({
        organisationId: organisation.id,
        role: 'user',
        email: 'eleni.private@gov.test',
        givenName: 'Eleni',
        familyName: 'Petrou',
        phone: '+30 699 1234567',
        taxCode: 'GR123456789',
        title: 'Dr',
        timeZone: 'Europe/Athens',
      });
      await activate(world, 'eleni.private@gov.test');
      await world.store.users.update(user.id, { country: 'GR', postcode: '10558', workPhone: '+30 210 7777777' });

      const view = await coordinator.users.get({ userId: user.id });
      expect(view.view).toBe('reference');
      expect(Object.keys(view.user).sort()).toEqual([...userReferenceFields].sort());
      expect(view.user).toEqual({ id: user.id, organisationId: organisation.id, displayName: 'Eleni Petrou' });
      const text = JSON.stringify(view);
      for (const secret of ['eleni.private', '699 1234567', 'GR123456789', 'Dr', 'Europe/Athens', '10558', '7777777', 'emailConfirmed', 'active', 'managerId', 'assignments']) {
        expect(text).not.toContain(secret);
      }
      const listed = await coordinator.users.list({ organisationId: organisation.id });
      const row = listed.items.find((item) => item.user.id === user.id);
      expect(row).toEqual({ view: 'reference', user: { id: user.id, organisationId: organisation.id, displayName: 'Eleni Petrou' } });
      // Reading the profile is refused with the explanation; the user reads their own.
      expect((await world.polity.as(user.id).users.get({ userId: user.id })).view).toBe('full');
      const explanation = await coordinator.explain('user.read_profile', { kind: 'user', id: user.id, organisationId: organisation.id, role: 'user' });
      expect(explanation.allowed).toBe(false);
    });

    it('EP-14: unit coordinators are not covered: their organisation coordinator sees e-mail, phone and confirmation status', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const { user } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'nikos@gov.test', givenName: 'Nikos', familyName: 'G', phone: '+30 210 2222222' });
      const view = await coordinator.users.get({ userId: user.id });
      expect(view.view).toBe('full');
      if (view.view === 'full') expect(view.user).toMatchObject({ email: 'nikos@gov.test', phone: '+30 210 2222222', emailConfirmedAt: null });
    });

    it('EP-14: a coordinator of another organisation sees nothing at all', async () => {
      const world = await makeWorld(target);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      const { user } = await world.polity.as(a.coordinatorId).users.add({ organisationId: a.organisation.id, role: 'user', email: 'eleni@gov.test', givenName: 'E', familyName: 'P' });
      await rejects(world.polity.as(b.coordinatorId).users.get({ userId: user.id }), 'forbidden');
      await rejects(world.polity.as(b.coordinatorId).users.list({ organisationId: a.organisation.id }), 'forbidden');
    });
  });

  describe(`${target.name}: oversight (KA-5)`, () => {
    it('KA-5: a manager sees the whole profile of the users they oversee, and edits them; not those of another manager', async () => {
      const world = await makeWorld(target, profiles.oneKa);
      const adminId = await bootstrapAdmin(world);
      const admin = world.polity.as(adminId);
      const { organisation } = await admin.organisations.create({ name: 'Uni', responsible: { email: 'ana@uni.test', givenName: 'Ana', familyName: 'Novak' } });
      const ana = await activate(world, 'ana@uni.test');
      const { user: bor } = await admin.users.add({ organisationId: organisation.id, role: 'manager', email: 'bor@uni.test', givenName: 'Bor', familyName: 'Kos' });
      const { user: mine } = await world.polity.as(ana).users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan', phone: '+386 1 2345678', taxCode: 'SI12345678' });
      const { user: theirs } = await world.polity.as(bor.id).users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat' });

      const full = await world.polity.as(ana).users.get({ userId: mine.id });
      expect(full.view).toBe('full');
      if (full.view === 'full') {
        expect(full.user).toEqual(await world.store.users.get(mine.id));
        expect(full.assignments.map((a) => a.role)).toEqual(['user']);
      }
      expect((await world.polity.as(ana).users.update({ userId: mine.id, phone: '+386 1 7654321' })).phone).toBe('+386 1 7654321');
      expect((await world.polity.as(ana).users.get({ userId: theirs.id })).view).toBe('reference');
      await rejects(world.polity.as(ana).users.update({ userId: theirs.id, phone: '+386 1 0000000' }), 'forbidden');
    });
  });
}
