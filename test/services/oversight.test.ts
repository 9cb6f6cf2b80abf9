// Manager oversight in 1KA (KA-3, KA-4, KA-8, KA-9, KA-10, KA-11).
import { describe, expect, it } from 'vitest';
import { makeLicencePool } from 'polity/testing';
import { extendProfile, profiles, where, type Profile, type Store } from 'polity';
import { activate, bootstrapAdmin, makeWorld, outboxOf, rejects, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function oneKaWorld(target: StoreTarget, profile: Profile = profiles.oneKa) {
  const world = await makeWorld(target, profile);
  const adminId = await bootstrapAdmin(world);
  const admin = world.polity.as(adminId);
  const { organisation } = await admin.organisations.create({ name: 'University', responsible: { email: 'ana@uni.test', givenName: 'Ana', familyName: 'Novak' } });
  const anaId = await activate(world, 'ana@uni.test');
  const { user: bor } = await admin.users.add({ organisationId: organisation.id, role: 'manager', email: 'bor@uni.test', givenName: 'Bor', familyName: 'Kos' });
  return { world, admin, adminId, organisation, anaId, ana: world.polity.as(anaId), borId: bor.id, bor: world.polity.as(bor.id) };
}

let surveys = 0;
async function survey(store: Store, organisationId: string, ownerId: string, title: string) {
  surveys += 1;
  const at = new Date('2026-01-05T09:00:00.000Z');
  return store.resources.insert({ id: `survey_${surveys}`, organisationId, unitId: null, ownerId, kind: 'survey', title, createdAt: at, updatedAt: at });
}

for (const target of storeTargets) {
  describe(`${target.name}: manager oversight (1KA)`, () => {
    it('KA-3: a user added by a manager is assigned to that manager; an ordinary user is never left without one', async () => {
      const { ana, anaId, admin, organisation, borId } = await oneKaWorld(target);
      const { user } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      expect(user.managerId).toBe(anaId);
      const missing = await rejects(admin.users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat' }), 'invalid_input');
      expect(missing.details?.issues).toEqual([expect.objectContaining({ path: 'managerId', code: 'required' })]);
      const { user: luka } = await admin.users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat', managerId: borId });
      expect(luka.managerId).toBe(borId);
      // A manager does not choose another manager for their users: that is a platform admin's act (KA-4).
      await rejects(ana.users.add({ organisationId: organisation.id, role: 'user', email: 'nina@uni.test', givenName: 'Nina', familyName: 'Vidmar', managerId: borId }), 'forbidden');
    });

    it('KA-4: managers may be assigned to each other; only a platform admin changes who oversees an existing user, on an official request kept in the trail', async () => {
      const { world, admin, ana, anaId, borId, organisation } = await oneKaWorld(target);
      await admin.oversight.assignManager({ userId: borId, managerId: anaId, officialRequest: 'UL-2026/17' });
      await admin.oversight.assignManager({ userId: anaId, managerId: borId, officialRequest: 'UL-2026/18' });
      expect((await world.store.users.get(borId))?.managerId).toBe(anaId);
      expect((await world.store.users.get(anaId))?.managerId).toBe(borId);
      const { user } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      await rejects(ana.oversight.assignManager({ userId: user.id, managerId: borId, officialRequest: 'none' }), 'forbidden');
      const noReference = await rejects(admin.oversight.assignManager({ userId: user.id, managerId: borId } as never), 'invalid_input');
      expect(noReference.details?.issues.map((i) => i.path)).toEqual(['officialRequest']);
      await admin.oversight.assignManager({ userId: user.id, managerId: borId, officialRequest: 'UL-2026/19' });
      // 1KA support does not read users' profiles (KA-12), so it reads no user trail either; the manager does.
      await rejects(admin.audit.trail({ targetType: 'user', targetId: user.id }), 'forbidden');
      const trail = await world.polity.as(borId).audit.trail({ targetType: 'user', targetId: user.id });
      expect(trail.items.find((e) => e.action === 'oversight.assign')?.changes).toMatchObject({ managerId: borId, previousManagerId: anaId, officialRequest: 'UL-2026/19' });
      const notManager = await rejects(admin.oversight.assignManager({ userId: borId, managerId: user.id, officialRequest: 'UL-2026/20' }), 'invalid_input');
      expect(notManager.details?.issues[0]?.code).toBe('not_a_manager');
    });

    it('KA-7: the trail of an account is read by its owner and by the manager overseeing them; another manager and 1KA support do not read it', async () => {
      const { world, admin, ana, bor, organisation } = await oneKaWorld(target);
      const { user } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      const majaId = await activate(world, 'maja@uni.test');
      const trailOf = { targetType: 'user', targetId: user.id } as const;
      const byManager = await ana.audit.trail(trailOf);
      expect(byManager.items.map((event) => event.action)).toContain('user.add');
      const byOwner = await world.polity.as(majaId).audit.trail(trailOf);
      expect(byOwner.items.map((event) => event.id)).toEqual(byManager.items.map((event) => event.id));
      await rejects(bor.audit.trail(trailOf), 'forbidden');
      await rejects(admin.audit.trail(trailOf), 'forbidden');
    });

    it('KA-8: when a manager adds a user, both are told by e-mail (an activation link, never a password)', async () => {
      const { world, ana, anaId, organisation } = await oneKaWorld(target);
      const { user } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      const [activation] = await outboxOf(world.store, 'account.activation', 'maja@uni.test');
      const [told] = await outboxOf(world.store, 'oversight.user_added', 'ana@uni.test');
      expect(activation?.recipientUserId).toBe(user.id);
      expect(told).toMatchObject({ recipientUserId: anaId, payload: expect.objectContaining({ userId: user.id, email: 'maja@uni.test' }) });
      expect(JSON.stringify(activation?.payload)).not.toMatch(/password/i);
    });

    it('KA-9: a manager lists "my users" and the resources of all of them, filtered to all or own', async () => {
      const { world, ana, anaId, bor, borId, organisation } = await oneKaWorld(target);
      const { user: maja } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      const { user: tim } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'tim@uni.test', givenName: 'Tim', familyName: 'Kovac' });
      const { user: luka } = await bor.users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat' });
      await activate(world, 'tim@uni.test');
      expect((await ana.oversight.myUsers()).items.map((u) => u.id).sort()).toEqual([maja.id, tim.id].sort());
      expect((await ana.oversight.myUsers({ state: 'pending' })).items.map((u) => u.id)).toEqual([maja.id]);
      const paged = await ana.oversight.myUsers({ limit: 1 });
      expect(paged.items).toHaveLength(1);
      expect(paged.nextCursor).not.toBeNull();

      const own = await survey(world.store, organisation.id, anaId, 'Ana’s survey');
      const majas = await survey(world.store, organisation.id, maja.id, 'Maja’s survey');
      await survey(world.store, organisation.id, luka.id, 'Luka’s survey');
      await survey(world.store, organisation.id, borId, 'Bor’s survey');
      expect((await ana.oversight.resources({ kind: 'survey' })).items.map((r) => r.id).sort()).toEqual([own.id, majas.id].sort());
      expect((await ana.oversight.resources({ kind: 'survey', owner: 'own' })).items.map((r) => r.id)).toEqual([own.id]);
      expect((await rejects(ana.oversight.resources({ kind: 'meeting_room' }), 'invalid_input')).details?.issues[0]?.path).toBe('kind');
    });

    it('KA-10: a manager adding an e-mail that already has an account gets conflict, and nobody is put under their oversight', async () => {
      const { world, ana, bor, organisation } = await oneKaWorld(target);
      const { user: luka } = await bor.users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat' });
      const before = await snapshot(world.store);
      const error = await rejects(ana.users.add({ organisationId: organisation.id, role: 'user', email: 'Luka@uni.test', givenName: 'Luka', familyName: 'Horvat' }), 'conflict');
      expect(error.message).toMatch(/e-mail in use/);
      expect(await snapshot(world.store)).toEqual(before);
      expect((await world.store.users.get(luka.id))?.managerId).toBe((await world.store.users.findOne(where.eq('email', 'bor@uni.test')))?.id);
    });

    it('KA-11: removing a user from oversight removes them from the organisation; their resources stay visible to the manager', async () => {
      const { world, ana, anaId, organisation } = await oneKaWorld(target);
      const { user: maja } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      const majas = await survey(world.store, organisation.id, maja.id, 'Maja’s survey');
      const removed = await ana.oversight.remove({ userId: maja.id });
      expect(removed).toMatchObject({ organisationId: null, managerId: null });
      expect(await world.store.assignments.count(where.and(where.eq('userId', maja.id), where.not(where.eq('status', 'removed'))))).toBe(0);
      expect((await ana.oversight.myUsers()).items).toEqual([]);
      expect((await ana.oversight.resources({ kind: 'survey' })).items.map((r) => r.id)).toEqual([majas.id]);
      expect(await world.store.formerOversights.count(where.and(where.eq('managerId', anaId), where.eq('userId', maja.id)))).toBe(1);
      // Not a user of hers any more: she can no longer remove or edit them.
      await rejects(ana.oversight.remove({ userId: maja.id }), 'forbidden');
    });

    it("MB-12: where the user role takes a named licence, removal from oversight gives the licence held or reserved back to the organisation's pool, in the same act", async () => {
      // No shipped profile has both oversight and licences: this 1KA counts one licence per user (MB-12's rule).
      const licensed = extendProfile(profiles.oneKa, { id: 'one-ka-licensed', roles: profiles.oneKa.roles.filter((role) => role.name === 'user').map((role) => ({ ...role, licensed: true })) });
      const { world, ana, organisation } = await oneKaWorld(target, licensed);
      await world.store.licencePools.insert(makeLicencePool({ id: 'pool_uni', organisationId: organisation.id, allocated: 2 }));
      const { user: maja } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'maja@uni.test', givenName: 'Maja', familyName: 'Zupan' });
      const { user: tim } = await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'tim@uni.test', givenName: 'Tim', familyName: 'Kovac' });
      await activate(world, 'tim@uni.test');
      const pool = async () => world.store.licencePools.get('pool_uni');
      expect(await pool()).toMatchObject({ allocated: 2, used: 1, reserved: 1 });

      await ana.oversight.remove({ userId: maja.id });
      await ana.oversight.remove({ userId: tim.id });
      expect(await pool()).toMatchObject({ allocated: 2, used: 0, reserved: 0 });
      expect(await world.store.licenceSeats.count()).toBe(0);
      // Each release is in the organisation's trail, though the user no longer belongs to it.
      const releases = (await world.store.audit.list({ where: where.eq('action', 'licence.release') })).items;
      expect(releases.map((event) => [event.targetId, event.organisationId]).sort()).toEqual([[maja.id, organisation.id], [tim.id, organisation.id]].sort());
      // The licences are free for the next people.
      await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'nina@uni.test', givenName: 'Nina', familyName: 'Vidmar' });
      await ana.users.add({ organisationId: organisation.id, role: 'user', email: 'luka@uni.test', givenName: 'Luka', familyName: 'Horvat' });
      expect(await pool()).toMatchObject({ used: 0, reserved: 2 });
    });
  });
}
