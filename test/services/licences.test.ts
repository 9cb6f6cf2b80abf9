// Named licences (MB-2, MB-3, MB-4, MB-5, MB-12) through the public API: the pool, seats taken and given back
// by the account commands, reservations for pending invitations, and requests for more licences.
import { describe, expect, it } from 'vitest';
import { defaultTemplates, profiles, renderMessage, where } from 'polity';
import { activate, bootstrapAdmin, ePresenceOrganisation, makeWorld, outboxOf, rejects, seedAssignment, seedOrganisation, seedUser, snapshot, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

const day = 24 * 60 * 60 * 1000;
const minute = 60 * 1000;

/** A Mégalis platform: the operator, a concierge, Rennes with `allocated` licences and its active administrator, and Brest with one of its own. */
async function megalis(target: StoreTarget, allocated = 3) {
  const world = await makeWorld(target, profiles.megalis);
  const operatorId = await bootstrapAdmin(world, 'ops@megalis.test');
  const operator = world.polity.as(operatorId);
  const rennes = await seedOrganisation(world.store, 'Rennes');
  const brest = await seedOrganisation(world.store, 'Brest');
  await operator.licences.allocate({ organisationId: rennes.id, allocated });
  await operator.licences.allocate({ organisationId: brest.id, allocated: 1 });
  await operator.users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne@rennes.test', givenName: 'Anne', familyName: 'Admin' });
  const adminId = await activate(world, 'anne@rennes.test');
  await operator.users.add({ organisationId: brest.id, role: 'administrator', email: 'bruno@brest.test', givenName: 'Bruno', familyName: 'Admin' });
  const brestAdminId = await activate(world, 'bruno@brest.test');
  const concierge = await seedUser(world.store, { email: 'concierge@capvisio.test' });
  await seedAssignment(world.store, { userId: concierge.id, role: 'concierge', scopeType: 'platform' });
  return { world, operator, operatorId, rennes, brest, adminId, admin: world.polity.as(adminId), brestAdmin: world.polity.as(brestAdminId), concierge: world.polity.as(concierge.id) };
}

type Megalis = Awaited<ReturnType<typeof megalis>>;

/** An administrator adds a person of Rennes with a role. */
async function invite(m: Megalis, name: string, role = 'user') {
  const { user } = await m.admin.users.add({ organisationId: m.rennes.id, role, email: `${name}@rennes.test`, givenName: name, familyName: 'Breton' });
  return user.id;
}

/** The pool of Rennes as the operator sees it. */
const rennesLicences = (m: Megalis) => m.operator.licences.summary({ organisationId: m.rennes.id });

/** The seat of a user, straight from the store. */
const seatOf = (world: World, userId: string) => world.store.licenceSeats.findOne(where.eq('userId', userId));

for (const target of storeTargets) {
  describe(`${target.name}: named licences (MB-2…MB-5, MB-12)`, () => {
    it('MB-3: inviting someone to a licensed role reserves a licence; at the cap the invitation is limit_exceeded with the counts, and nothing is written', async () => {
      const m = await megalis(target, 3);
      const first = await invite(m, 'jean');
      expect(await seatOf(m.world, first)).toMatchObject({ status: 'reserved', organisationId: m.rennes.id });
      await invite(m, 'marie', 'delegated_organiser');
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 1, reserved: 2, free: 0 });

      const before = await snapshot(m.world.store);
      const full = await rejects(invite(m, 'paul'), 'limit_exceeded');
      expect(full.details).toMatchObject({ limit: 'licences', max: 3, organisationId: m.rennes.id, allocated: 3, used: 1, reserved: 2, requested: 1 });
      expect(await snapshot(m.world.store)).toEqual(before);
    });

    it('MB-3: the reservation lasts as long as the activation link; activating its holder takes the licence and never fails for lack of licences', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      await invite(m, 'marie');
      const token = await m.world.store.activationTokens.findOne(where.and(where.eq('userId', jean), where.isNull('revokedAt')));
      expect((await seatOf(m.world, jean))?.expiresAt).toEqual(token?.expiresAt);
      // The pool is full (1 used, 2 reserved): both holders still activate.
      await activate(m.world, 'jean@rennes.test');
      await activate(m.world, 'marie@rennes.test');
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 3, reserved: 0, free: 0 });
      expect(await seatOf(m.world, jean)).toMatchObject({ status: 'held', expiresAt: null });
    });

    it('MB-3: housekeeping lapses reservations whose link expired; a resend extends a reservation, or takes one again (limit_exceeded when none is free)', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      const marie = await invite(m, 'marie');
      m.world.clock.advance(6 * minute);
      // Mégalis gives administrators no resend: the invited person asks for a new link themselves.
      await m.world.polity.as(jean).account.resendActivation();
      const extended = await seatOf(m.world, jean);
      expect(extended?.expiresAt?.getTime()).toBe(m.world.clock.now().getTime() + 7 * day);

      m.world.clock.advance(7 * day - 3 * minute);
      const report = await m.world.polity.housekeeping.run();
      // Marie's link expired; Jean's, sent again later, still works.
      expect(report.reservationsLapsed).toBe(1);
      expect(await seatOf(m.world, marie)).toBeNull();
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 1, reserved: 1, free: 1 });
      expect((await m.world.store.audit.findOne(where.and(where.eq('action', 'licence.lapse'), where.eq('targetId', marie))))?.actorId).toBeNull();

      // The freed licence goes to a new invitation; Marie's resend then finds none.
      await invite(m, 'paul');
      const none = await rejects(m.world.polity.as(marie).account.resendActivation(), 'limit_exceeded');
      expect(none.details).toMatchObject({ allocated: 3, used: 1, reserved: 2 });
      await m.admin.users.deactivate({ userId: jean });
      await m.world.polity.as(marie).account.resendActivation();
      expect(await seatOf(m.world, marie)).toMatchObject({ status: 'reserved' });
      await activate(m.world, 'marie@rennes.test');
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 2, reserved: 1, free: 0 });
      expect(await m.world.polity.housekeeping.run()).toMatchObject({ reservationsLapsed: 0 });
    });

    it('MB-3: a take that finds no licence free first lapses the organisation\'s expired reservations (audited as housekeeping does), without waiting for housekeeping', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      const marie = await invite(m, 'marie');
      // Brest's expired reservation is Brest's: a take in Rennes leaves it alone.
      await m.operator.licences.allocate({ organisationId: m.brest.id, allocated: 2 });
      const { user: yann } = await m.brestAdmin.users.add({ organisationId: m.brest.id, role: 'user', email: 'yann@brest.test', givenName: 'Yann', familyName: 'Le Goff' });
      m.world.clock.advance(7 * day + minute);
      // Until something takes a licence (or housekeeping runs), the expired reservations still show.
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 1, reserved: 2, free: 0 });

      const paul = await invite(m, 'paul');
      expect(await seatOf(m.world, paul)).toMatchObject({ status: 'reserved' });
      expect(await seatOf(m.world, jean)).toBeNull();
      expect(await seatOf(m.world, marie)).toBeNull();
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 1, reserved: 1, free: 1 });
      const lapses = (await m.world.store.audit.list({ where: where.eq('action', 'licence.lapse') })).items;
      expect(lapses.map((event) => [event.targetId, event.actorId, event.organisationId]).sort()).toEqual([[jean, null, m.rennes.id], [marie, null, m.rennes.id]].sort());
      expect(await seatOf(m.world, yann.id)).toMatchObject({ status: 'reserved' });
      // Housekeeping finds nothing left to lapse in Rennes: only Yann's, in Brest.
      expect((await m.world.polity.housekeeping.run()).reservationsLapsed).toBe(1);
      expect(await seatOf(m.world, yann.id)).toBeNull();
    });

    it('MB-3: a take that lapses nothing and finds no licence free is limit_exceeded with the counts, and writes nothing', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      await invite(m, 'marie');
      m.world.clock.advance(7 * day + minute);
      // Jean asks for a new link: his reservation is extended, not lapsed (it is his own).
      m.world.clock.advance(6 * minute);
      await m.world.polity.as(jean).account.resendActivation();
      expect(await seatOf(m.world, jean)).toMatchObject({ status: 'reserved' });
      // Marie's expired reservation is lapsed for Paul; Lea then finds none free.
      await invite(m, 'paul');
      const before = await snapshot(m.world.store);
      const full = await rejects(invite(m, 'lea'), 'limit_exceeded');
      expect(full.details).toMatchObject({ limit: 'licences', allocated: 3, used: 1, reserved: 2 });
      expect(await snapshot(m.world.store)).toEqual(before);
    });

    it('MB-3: a granted request never takes the allocation past 1,000,000 (the bound of allocate): limit_exceeded with the counts, nothing written, the request stays open', async () => {
      const m = await megalis(target, 3);
      await m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: 999_998 });
      const request = await m.admin.licences.request({ organisationId: m.rennes.id, count: 5 });
      const before = await snapshot(m.world.store);
      const over = await rejects(m.concierge.licences.grant({ requestId: request.id }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'allocation', max: 1_000_000, actual: 1_000_003, allocated: 999_998, requested: 5, organisationId: m.rennes.id });
      expect(await snapshot(m.world.store)).toEqual(before);
      expect((await m.operator.licences.requests({ status: 'requested' })).items.map((r) => r.id)).toEqual([request.id]);
      await m.operator.licences.refuse({ requestId: request.id, note: 'at most 1,000,000 licences' });
      // Up to the bound exactly passes.
      const exact = await m.admin.licences.request({ organisationId: m.rennes.id, count: 2 });
      expect((await m.concierge.licences.grant({ requestId: exact.id })).licences).toMatchObject({ allocated: 1_000_000 });
    });

    it('MB-5: deactivation frees the licence, held or reserved; reactivation takes one again and is limit_exceeded at the cap (MB-3); deletion frees it too', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      await activate(m.world, 'jean@rennes.test');
      const pending = await invite(m, 'marie');
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 2, reserved: 1, free: 0 });

      await m.admin.users.deactivate({ userId: jean });
      await m.admin.users.deactivate({ userId: pending });
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 1, reserved: 0, free: 2 });
      expect(await seatOf(m.world, jean)).toBeNull();
      const release = await m.world.store.audit.findOne(where.and(where.eq('action', 'licence.release'), where.eq('targetId', jean)));
      expect(release?.summary).toBe('freed the named licence of jean@rennes.test (1 in use, 1 reserved, 3 allocated)');

      await invite(m, 'paul');
      await invite(m, 'lea');
      const before = await snapshot(m.world.store);
      const full = await rejects(m.admin.users.reactivate({ userId: jean }), 'limit_exceeded');
      expect(full.details).toMatchObject({ organisationId: m.rennes.id, allocated: 3, used: 1, reserved: 2, requested: 1 });
      expect(await snapshot(m.world.store)).toEqual(before);

      await m.admin.users.delete({ userId: (await m.world.store.users.findOne(where.eq('email', 'paul@rennes.test')))?.id ?? '' });
      expect((await m.admin.users.reactivate({ userId: jean })).active).toBe(true);
      expect(await seatOf(m.world, jean)).toMatchObject({ status: 'held' });
      // A pending account reactivated while its link still works reserves again until the link expires.
      await m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: 4 });
      await m.admin.users.reactivate({ userId: pending });
      expect(await seatOf(m.world, pending)).toMatchObject({ status: 'reserved' });
      expect(await rennesLicences(m)).toEqual({ allocated: 4, used: 2, reserved: 2, free: 0 });
    });

    it('MB-12: every active user holds one licence and a deactivated user holds none; the licensed count is the number of active users', async () => {
      const m = await megalis(target, 5);
      const ids = [await invite(m, 'jean'), await invite(m, 'marie'), await invite(m, 'paul')];
      for (const name of ['jean', 'marie', 'paul']) await activate(m.world, `${name}@rennes.test`);
      await m.admin.users.deactivate({ userId: ids[1] ?? '' });
      const active = await m.world.store.users.count(where.and(where.eq('organisationId', m.rennes.id), where.eq('active', true), where.isNull('deletedAt')));
      const { used } = await rennesLicences(m);
      expect(used).toBe(active);
      expect(await m.world.store.licenceSeats.count(where.eq('organisationId', m.rennes.id))).toBe(active);
      expect(await seatOf(m.world, ids[1] ?? '')).toBeNull();
      // Deactivation is not a sign-in block in Mégalis.
      expect((await m.world.polity.signIn({ userId: ids[1] ?? '' })).user.active).toBe(false);
    });

    it('MB-4: an administrator or delegated organiser who does not schedule deactivates themselves, consumes no licence, and keeps their powers (MB-12)', async () => {
      const m = await megalis(target, 2);
      const delegate = await invite(m, 'denis', 'delegated_organiser');
      await activate(m.world, 'denis@rennes.test');
      expect(await rennesLicences(m)).toMatchObject({ used: 2, free: 0 });
      await rejects(invite(m, 'jean'), 'limit_exceeded');

      await m.admin.users.deactivate({ userId: m.adminId });
      await m.world.polity.as(delegate).users.deactivate({ userId: delegate });
      expect(await m.admin.licences.summary({ organisationId: m.rennes.id })).toEqual({ allocated: 2, used: 0, reserved: 0, free: 2 });
      // Still an administrator: adds users with the licences they freed, and reads the pool.
      await invite(m, 'jean');
      expect((await m.admin.users.list({ organisationId: m.rennes.id })).licences).toEqual({ allocated: 2, used: 0, reserved: 1, free: 1 });
      // And reactivates themselves as administrator when they schedule again.
      await m.admin.users.reactivate({ userId: m.adminId });
      expect(await rennesLicences(m)).toEqual({ allocated: 2, used: 1, reserved: 1, free: 0 });
    });

    it('MB-4: a plain user cannot deactivate themselves (only administrators and delegated organisers may)', async () => {
      const m = await megalis(target, 3);
      const jean = await invite(m, 'jean');
      await activate(m.world, 'jean@rennes.test');
      await rejects(m.world.polity.as(jean).users.deactivate({ userId: jean }), 'forbidden');
      expect(await rennesLicences(m)).toMatchObject({ used: 2 });
    });

    it('MB-2: the users list shows licensed users against allocated licences to the administrators (and platform staff), the same counts as licences.summary', async () => {
      const m = await megalis(target, 4);
      const jean = await invite(m, 'jean');
      await activate(m.world, 'jean@rennes.test');
      await invite(m, 'marie');
      const expected = { allocated: 4, used: 2, reserved: 1, free: 1 };
      const page = await m.admin.users.list({ organisationId: m.rennes.id });
      expect(page.licences).toEqual(expected);
      expect(page.items).toHaveLength(3);
      expect(await m.admin.licences.summary({ organisationId: m.rennes.id })).toEqual(expected);
      expect((await m.concierge.users.list({ organisationId: m.rennes.id })).licences).toEqual(expected);
      expect(await m.concierge.licences.summary({ organisationId: m.rennes.id })).toEqual(expected);
      // Not to a plain user, nor to another organisation's administrator.
      await rejects(m.world.polity.as(jean).licences.summary({ organisationId: m.rennes.id }), 'forbidden');
      await rejects(m.brestAdmin.licences.summary({ organisationId: m.rennes.id }), 'forbidden');
      // An organisation never allocated any shows zeros.
      const quimper = await seedOrganisation(m.world.store, 'Quimper');
      expect(await m.operator.licences.summary({ organisationId: quimper.id })).toEqual({ allocated: 0, used: 0, reserved: 0, free: 0 });
    });

    it('MB-3: the operator sets the allocation, never below what is in use and reserved; administrators cannot', async () => {
      const m = await megalis(target, 3);
      await invite(m, 'jean');
      await rejects(m.admin.licences.allocate({ organisationId: m.rennes.id, allocated: 10 }), 'forbidden');
      const before = await snapshot(m.world.store);
      const low = await rejects(m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: 1 }), 'conflict');
      expect(low.details).toMatchObject({ constraint: 'licence_pool.below_in_use', organisationId: m.rennes.id, requested: 1, allocated: 3, used: 1, reserved: 1, inUse: 2 });
      expect(await snapshot(m.world.store)).toEqual(before);
      expect(await m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: 2 })).toEqual({ allocated: 2, used: 1, reserved: 1, free: 0 });
      const trail = await m.world.store.audit.list({ where: where.and(where.eq('action', 'licence_pool.allocate'), where.eq('targetId', m.rennes.id)) });
      expect(trail.items.map((event) => event.summary).sort()).toEqual(['allocated 2 named licences to Rennes (was 3; 1 in use, 1 reserved)', 'allocated 3 named licences to Rennes (was 0; 0 in use, 0 reserved)']);
      const invalid = await rejects(m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: -1 }), 'invalid_input');
      expect(invalid.details?.issues[0]?.path).toBe('allocated');
    });

    it('MB-3: an administrator asks for more licences; the concierge (or the operator) grants, raising the allocation in the same act, and the requester is told by e-mail', async () => {
      const m = await megalis(target, 1);
      await rejects(invite(m, 'jean'), 'limit_exceeded');
      const request = await m.admin.licences.request({ organisationId: m.rennes.id, count: 5, reason: 'the new library opens' });
      expect(request).toMatchObject({ organisationId: m.rennes.id, requestedById: m.adminId, count: 5, reason: 'the new library opens', status: 'requested' });

      await rejects(m.admin.licences.grant({ requestId: request.id }), 'forbidden');
      const { request: granted, licences } = await m.concierge.licences.grant({ requestId: request.id, note: 'welcome' });
      expect(granted).toMatchObject({ status: 'granted', decisionNote: 'welcome', decidedAt: m.world.clock.now() });
      expect(licences).toEqual({ allocated: 6, used: 1, reserved: 0, free: 5 });
      const told = await outboxOf(m.world.store, 'licence.granted', 'anne@rennes.test');
      expect(told.map((message) => message.payload)).toEqual([expect.objectContaining({ requestId: request.id, count: 5, allocated: 6, organisationName: 'Rennes' })]);
      expect(renderMessage(told[0]!, defaultTemplates, profiles.megalis).text).toContain('Rennes dispose de 5 licence(s) supplémentaire(s) (6 au total)');
      await invite(m, 'jean');

      const before = await snapshot(m.world.store);
      const twice = await rejects(m.operator.licences.grant({ requestId: request.id }), 'invalid_transition');
      expect(twice.details).toMatchObject({ machine: 'licence_request', state: 'granted', event: 'grant' });
      expect(await snapshot(m.world.store)).toEqual(before);
    });

    it('MB-3: 10 concurrent decisions of one request (grants and refusals at once): exactly one decides it, the others are invalid_transition, the allocation rises at most once', async () => {
      const m = await megalis(target, 1);
      const request = await m.admin.licences.request({ organisationId: m.rennes.id, count: 4 });
      const deciders = Array.from({ length: 10 }, (_, n) =>
        n % 2 === 0 ? m.concierge.licences.grant({ requestId: request.id }) : m.operator.licences.refuse({ requestId: request.id, note: `no (${String(n)})` }),
      );
      const outcomes = await Promise.allSettled(deciders);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code?: string }] : []));
      expect(won).toHaveLength(1);
      expect(lost.map((error) => error.code)).toEqual(Array.from({ length: 9 }, () => 'invalid_transition'));
      const decided = await m.world.store.licenceRequests.get(request.id);
      const granted = decided?.status === 'granted';
      expect(decided?.status).toMatch(/^(granted|refused)$/);
      expect((await rennesLicences(m)).allocated).toBe(granted ? 5 : 1);
      const decisions = await m.world.store.audit.list({ where: where.and(where.eq('targetId', m.rennes.id), where.in('action', ['licence_request.grant', 'licence_request.refuse'])) });
      expect(decisions.items).toHaveLength(1);
      const told = [...(await outboxOf(m.world.store, 'licence.granted', 'anne@rennes.test')), ...(await outboxOf(m.world.store, 'licence.refused', 'anne@rennes.test'))];
      expect(told).toHaveLength(1);
    });

    it('MB-3: a refusal says why, changes no allocation, and is e-mailed to the requester; requests are listed by who may see them', async () => {
      const m = await megalis(target, 2);
      const request = await m.admin.licences.request({ organisationId: m.rennes.id, count: 3 });
      const brestRequest = await m.brestAdmin.licences.request({ organisationId: m.brest.id, count: 1 });
      const noNote = await rejects(m.operator.licences.refuse({ requestId: request.id } as never), 'invalid_input');
      expect(noNote.details?.issues[0]?.path).toBe('note');
      const refused = await m.operator.licences.refuse({ requestId: request.id, note: 'deactivate unused accounts first' });
      expect(refused).toMatchObject({ status: 'refused', decisionNote: 'deactivate unused accounts first' });
      expect(await rennesLicences(m)).toMatchObject({ allocated: 2 });
      const told = await outboxOf(m.world.store, 'licence.refused', 'anne@rennes.test');
      expect(told.map((message) => message.payload)).toEqual([expect.objectContaining({ requestId: request.id, count: 3, note: 'deactivate unused accounts first' })]);
      // In the requester's language (Mégalis: French), with the reason.
      expect(renderMessage(told[0]!, defaultTemplates, profiles.megalis).text).toContain('Votre demande de 3 licence(s) supplémentaire(s) pour Rennes a été refusée.');

      expect((await m.admin.licences.requests()).items.map((r) => r.id)).toEqual([request.id]);
      expect((await m.brestAdmin.licences.requests()).items.map((r) => r.id)).toEqual([brestRequest.id]);
      expect((await m.operator.licences.requests({ status: 'requested' })).items.map((r) => r.id)).toEqual([brestRequest.id]);
      expect((await m.concierge.licences.requests({ organisationId: m.rennes.id })).items.map((r) => r.id)).toEqual([request.id]);
      await rejects(m.brestAdmin.licences.request({ organisationId: m.rennes.id, count: 1 }), 'forbidden');
    });

    it('every licences call refuses malformed input with invalid_input naming the field, before anything is written', async () => {
      const m = await megalis(target, 3);
      const calls: [() => Promise<unknown>, string][] = [
        [() => m.admin.licences.summary({ organisationId: 'not an id!' }), 'organisationId'],
        [() => m.operator.licences.allocate({ organisationId: m.rennes.id, allocated: 1.5 }), 'allocated'],
        [() => m.admin.licences.request({ organisationId: m.rennes.id, count: 0 }), 'count'],
        [() => m.admin.licences.request({ organisationId: m.rennes.id, count: 1, reason: '  ' }), 'reason'],
        [() => m.admin.licences.requests({ status: 'pending' } as never), 'status'],
        [() => m.operator.licences.grant({ requestId: 'licreq_1', note: '' }), 'note'],
        [() => m.operator.licences.refuse({ requestId: 'not an id!', note: 'no' }), 'requestId'],
      ];
      const before = await snapshot(m.world.store);
      for (const [call, field] of calls) expect((await rejects(call(), 'invalid_input')).details?.issues.map((issue) => issue.path)).toEqual([field]);
      expect(await snapshot(m.world.store)).toEqual(before);
    });

    it('profiles without licensed roles count none: no seat is written, and the licences calls are forbidden with reason no_licences', async () => {
      const world = await makeWorld(target, profiles.ePresence);
      const { coordinatorId, organisation, adminId } = await ePresenceOrganisation(world);
      const { user } = await world.polity.as(coordinatorId).users.add({ organisationId: organisation.id, role: 'user', email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'Petrou' });
      await world.polity.as(adminId).users.deactivate({ userId: user.id });
      await world.polity.as(adminId).users.reactivate({ userId: user.id });
      expect(await world.store.licenceSeats.count()).toBe(0);
      expect(await world.store.licencePools.count()).toBe(0);
      expect('licences' in (await world.polity.as(coordinatorId).users.list({ organisationId: organisation.id }))).toBe(false);
      const refused = await rejects(world.polity.as(adminId).licences.summary({ organisationId: organisation.id }), 'forbidden');
      expect(refused.details?.explanation).toMatchObject({ reason: 'no_licences' });
      await rejects(world.polity.as(adminId).licences.request({ organisationId: organisation.id, count: 1 }), 'forbidden');
      expect(await world.polity.housekeeping.run()).toMatchObject({ reservationsLapsed: 0 });
    });

    it('MB-12: housekeeping lapses the reservation of a never-confirmed account, then purges the account; held licences stay', async () => {
      const m = await megalis(target, 3);
      await invite(m, 'jean');
      await activate(m.world, 'jean@rennes.test');
      await invite(m, 'marie');
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 2, reserved: 1, free: 0 });
      m.world.clock.advance(91 * day);
      const report = await m.world.polity.housekeeping.run();
      expect(report).toMatchObject({ reservationsLapsed: 1, accountsPurged: 1 });
      expect(await rennesLicences(m)).toEqual({ allocated: 3, used: 2, reserved: 0, free: 1 });
    });
  });
}
