// Accounts and invitations: the e-mail gate, activation links, resends, sign-in and housekeeping
// (EP-8, EP-9, EP-11, EP-13, MB-12).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { profiles, where } from 'polity';
import { activate, activationTokens, ePresenceOrganisation, lastActivationToken, makeWorld, outboxOf, rejects, seedMeetingParticipation, seedOrganisation, snapshot, worldOf, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

const minute = 60_000;
const day = 24 * 60 * minute;

async function withPlainUser(on: StoreTarget | World) {
  const world = await worldOf(on);
  const setup = await ePresenceOrganisation(world);
  const coordinator = world.polity.as(setup.coordinatorId);
  const { user } = await coordinator.users.add({ organisationId: setup.organisation.id, role: 'user', email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'Petrou' });
  return { ...setup, world, coordinator, user };
}

for (const target of storeTargets) {
  describe(`${target.name}: adding users by e-mail`, () => {
    it('EP-13: an address already registered answers conflict "e-mail in use" and changes nothing', async () => {
      const { world, coordinator, organisation } = await withPlainUser(target);
      const before = await snapshot(world.store);
      for (const email of ['eleni@gov.test', 'ELENI@Gov.Test']) {
        const error = await rejects(coordinator.users.add({ organisationId: organisation.id, role: 'user', email, givenName: 'Other', familyName: 'Person' }), 'conflict');
        expect(error.message).toMatch(/^e-mail in use/);
        expect(error.details).toMatchObject({ constraint: 'users.email' });
      }
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-13: otherwise the account is created pending and an "Account activation" e-mail goes out', async () => {
      const { world, user, organisation } = await withPlainUser(target);
      expect(user).toMatchObject({ organisationId: organisation.id, emailConfirmedAt: null, active: true, identitySource: 'local' });
      const mails = await outboxOf(world.store, 'account.activation', 'eleni@gov.test');
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ recipientUserId: user.id, language: 'el', status: 'pending' });
      expect(mails[0]?.payload).toMatchObject({ purpose: 'activation', givenName: 'Eleni', expiresAt: '2026-01-12T09:00:00.000Z' });
    });
  });

  describe(`${target.name}: activation links`, () => {
    it('EP-9: the account is pending until the owner confirms; the coordinator can resend while pending', async () => {
      const { world, coordinator, user, adminId } = await withPlainUser(target);
      world.clock.advance(10 * minute);
      const resent = await coordinator.users.resendActivation({ userId: user.id });
      expect(resent.sentTo).toBe('eleni@gov.test');
      expect((await world.store.users.get(user.id))?.emailConfirmedAt).toBeNull();
      await activate(world, 'eleni@gov.test');
      expect((await world.store.users.get(user.id))?.emailConfirmedAt).toEqual(world.clock.now());
      world.clock.advance(10 * minute);
      // Once confirmed there is nothing to resend: the policy's EP-9 rule no longer reaches the account, and
      // for the platform admin (whose rule has no such condition) the account machine refuses.
      await rejects(coordinator.users.resendActivation({ userId: user.id }), 'forbidden');
      await rejects(world.polity.as(adminId).users.resendActivation({ userId: user.id }), 'invalid_transition');
    });

    it('EP-9: e-mail confirmation and the active flag are independent', async () => {
      const world = await makeWorld(target);
      const { organisation, coordinatorId, unit } = await ePresenceOrganisation(world);
      const coordinator = world.polity.as(coordinatorId);
      const { user } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'uc@gov.test', givenName: 'U', familyName: 'C' });
      const inactive = await coordinator.users.deactivate({ userId: user.id });
      expect(inactive).toMatchObject({ active: false, emailConfirmedAt: null });
      const { user: confirmed } = await world.polity.activation.confirm({ token: await lastActivationToken(world.store, 'uc@gov.test') });
      expect(confirmed.active).toBe(false);
      expect(confirmed.emailConfirmedAt).not.toBeNull();
    });

    it('EP-9: a resend invalidates the previous link, and resends are throttled (rate_limited)', async () => {
      const { world, coordinator, user } = await withPlainUser(target);
      const error = await rejects(coordinator.users.resendActivation({ userId: user.id }), 'rate_limited');
      expect(error.details?.retryAfterMs).toBe(5 * minute);
      world.clock.advance(5 * minute);
      await coordinator.users.resendActivation({ userId: user.id });
      const [first, second] = await activationTokens(world.store, 'eleni@gov.test');
      const stale = await rejects(world.polity.activation.confirm({ token: first ?? '' }), 'invalid_input');
      expect(stale.details?.issues).toEqual([expect.objectContaining({ path: 'token', code: 'token_invalid' })]);
      await world.polity.activation.confirm({ token: second ?? '' });
    });

    it('EP-8: tokens are random, stored only hashed, single-use, and expire after 7 days by default', async () => {
      const { world } = await withPlainUser(target);
      const token = await lastActivationToken(world.store, 'eleni@gov.test');
      const stored = (await world.store.activationTokens.list({ where: where.eq('email', 'eleni@gov.test') })).items;
      expect(stored).toHaveLength(1);
      expect(stored[0]?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored[0]?.expiresAt.getTime()).toBe(world.clock.now().getTime() + 7 * day);

      world.clock.advance(7 * day);
      expect((await rejects(world.polity.activation.confirm({ token }), 'invalid_input')).details?.issues[0]?.code).toBe('token_expired');
      world.clock.advance(-1);
      await world.polity.activation.confirm({ token });
      expect((await rejects(world.polity.activation.confirm({ token }), 'invalid_input')).details?.issues[0]?.code).toBe('token_invalid');
    });

    it('EP-8: the link lifetime and the resend throttle are configurable', async () => {
      const world = await makeWorld(target, profiles.ePresence, { accounts: { activationTokenTtlMs: 60 * minute, activationResendIntervalMs: minute } });
      const { coordinator, user } = await withPlainUser(world);
      world.clock.advance(minute);
      await coordinator.users.resendActivation({ userId: user.id });
      world.clock.advance(61 * minute);
      await rejects(world.polity.activation.confirm({ token: await lastActivationToken(world.store, 'eleni@gov.test') }), 'invalid_input');
    });
  });

  describe(`${target.name}: the e-mail gate`, () => {
    it('EP-8: before the e-mail is confirmed and the terms accepted, every command but confirming, resending and accepting answers email_unconfirmed', async () => {
      const { world, organisation, user } = await withPlainUser(target);
      const pending = world.polity.as(user.id);
      const gated = [
        () => pending.units.list({ organisationId: organisation.id }),
        () => pending.users.get({ userId: user.id }),
        () => pending.users.update({ userId: user.id, phone: '+30 210 0000000' }),
        () => pending.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, phone: '+30 210 0000000', purpose: 'x' }),
        () => pending.roleRequests.list(),
        () => pending.coordinators.list({ organisationId: organisation.id }),
        () => pending.audit.trail({ targetType: 'user', targetId: user.id }),
      ];
      for (const command of gated) {
        const error = await rejects(command(), 'email_unconfirmed');
        expect(error.details).toMatchObject({ emailConfirmed: false, termsAccepted: false, source: 'EP-8' });
      }
      world.clock.advance(5 * minute);
      await pending.account.resendActivation();
      await pending.account.acceptTerms({ version: '2026-01' });
      expect((await rejects(pending.roleRequests.list(), 'email_unconfirmed')).details).toMatchObject({ emailConfirmed: false, termsAccepted: true });
      await world.polity.activation.confirm({ token: await lastActivationToken(world.store, 'eleni@gov.test') });
      expect((await pending.roleRequests.list()).items).toEqual([]);
    });

    it('EP-8: confirming without accepting the terms keeps the gate closed until they are accepted', async () => {
      const { world, user } = await withPlainUser(target);
      await activate(world, 'eleni@gov.test', false);
      const me = world.polity.as(user.id);
      expect((await rejects(me.roleRequests.list(), 'email_unconfirmed')).details).toMatchObject({ emailConfirmed: true, termsAccepted: false });
      await me.account.acceptTerms();
      expect((await me.roleRequests.list()).items).toEqual([]);
      const trail = await world.store.audit.list({ where: where.eq('targetId', user.id) });
      expect(trail.items.map((e) => e.action).sort()).toEqual(['account.accept_terms', 'account.confirm', 'user.add']);
    });

    it('EP-8: a changed local e-mail must be confirmed again', async () => {
      const { world, user } = await withPlainUser(target);
      await activate(world, 'eleni@gov.test');
      const me = world.polity.as(user.id);
      const oldLinks = await activationTokens(world.store, 'eleni@gov.test');
      const changed = await me.users.changeEmail({ userId: user.id, email: 'eleni.petrou@gov.test' });
      expect(changed).toMatchObject({ email: 'eleni.petrou@gov.test', emailConfirmedAt: null });
      await rejects(me.roleRequests.list(), 'email_unconfirmed');
      await rejects(world.polity.activation.confirm({ token: oldLinks[0] ?? '' }), 'invalid_input');
      const [mail] = await outboxOf(world.store, 'account.activation', 'eleni.petrou@gov.test');
      expect(mail?.payload['purpose']).toBe('email_change');
      await activate(world, 'eleni.petrou@gov.test');
      expect((await me.roleRequests.list()).items).toEqual([]);
    });
  });

  describe(`${target.name}: the sign-in boundary`, () => {
    it('EP-11: polity answers unauthenticated for an unknown user and for a deactivated one in e:Presence', async () => {
      const { world, organisation, coordinator, unit } = await withPlainUser(target);
      await rejects(world.polity.signIn({ email: 'nobody@gov.test' }), 'unauthenticated');
      const { user } = await coordinator.users.add({ organisationId: organisation.id, unitId: unit.id, role: 'unit_coordinator', email: 'uc@gov.test', givenName: 'U', familyName: 'C' });
      await activate(world, 'uc@gov.test');
      const signedIn = await world.polity.signIn({ email: 'UC@gov.test' });
      expect(signedIn).toMatchObject({ firstSignIn: true, pending: [] });
      expect(signedIn.user.lastSignInAt).toEqual(world.clock.now());
      await coordinator.users.deactivate({ userId: user.id });
      expect((await rejects(world.polity.signIn({ userId: user.id }), 'unauthenticated')).details).toMatchObject({ reason: 'deactivated', source: 'EP-11' });
      await rejects(world.polity.as(user.id).units.list({ organisationId: organisation.id }), 'unauthenticated');
    });

    it('EP-8: a pending account may sign in and is told what is left to do', async () => {
      const { world, user } = await withPlainUser(target);
      expect((await world.polity.signIn({ userId: user.id })).pending).toEqual(['confirm_email', 'accept_terms']);
    });

    it('MB-12: in Mégalis a deactivated user still signs in (deactivation only frees the licence)', async () => {
      const world = await makeWorld(target, profiles.megalis);
      const { user: admin } = await world.polity.bootstrapPlatformAdmin({ email: 'ops@megalis.test', givenName: 'Op', familyName: 'Erator' });
      const organisation = await seedOrganisation(world.store, 'Rennes');
      await world.polity.as(admin.id).licences.allocate({ organisationId: organisation.id, allocated: 10 });
      const { user } = await world.polity.as(admin.id).users.add({ organisationId: organisation.id, role: 'user', email: 'jean@rennes.test', givenName: 'Jean', familyName: 'Dupont' });
      await world.polity.as(admin.id).users.deactivate({ userId: user.id });
      expect((await world.polity.signIn({ userId: user.id })).user.active).toBe(false);
    });
  });

  describe(`${target.name}: housekeeping`, () => {
    it('purges links that no longer work and accounts never confirmed within the configured age', async () => {
      const world = await makeWorld(target, profiles.ePresence, { accounts: { unconfirmedAccountMaxAgeMs: 30 * day } });
      const { coordinator, organisation, user, coordinatorId } = await withPlainUser(world);
      const { user: joined } = await coordinator.users.add({ organisationId: organisation.id, role: 'user', email: 'joined@gov.test', givenName: 'J', familyName: 'Oined' });
      await seedMeetingParticipation(world.store, joined.id, organisation.id, coordinatorId);
      const { user: confirmedOnce } = await coordinator.users.add({ organisationId: organisation.id, role: 'user', email: 'once@gov.test', givenName: 'O', familyName: 'Nce' });
      await activate(world, 'once@gov.test');
      await world.polity.as(confirmedOnce.id).users.changeEmail({ userId: confirmedOnce.id, email: 'twice@gov.test' });

      expect(await world.polity.housekeeping.run()).toMatchObject({ accountsPurged: 0 });
      world.clock.advance(30 * day + 1);
      const report = await world.polity.housekeeping.run();
      expect(report.purgedUserIds).toEqual([user.id]);
      expect(report.tokensPurged).toBeGreaterThan(0);
      const purged = await world.store.users.get(user.id);
      expect(purged?.deletedAt).toEqual(world.clock.now());
      expect(await world.store.activationTokens.count(where.eq('userId', user.id))).toBe(0);
      expect((await world.store.users.get(joined.id))?.deletedAt).toBeNull();
      expect((await world.store.users.get(confirmedOnce.id))?.deletedAt).toBeNull();
      expect((await world.store.audit.findOne(where.and(where.eq('targetId', user.id), where.eq('action', 'user.purge'))))?.actorId).toBeNull();
      expect(await world.polity.housekeeping.run()).toMatchObject({ accountsPurged: 0, tokensPurged: 0 });
    });
  });
}
