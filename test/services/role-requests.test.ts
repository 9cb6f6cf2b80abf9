// Role-change requests (EP-6) and the identity registry (EP-7).
import { describe, expect, it } from 'vitest';
import { memoryIdentityRegistry } from 'polity/adapters/memory';
import { makeLicencePool } from 'polity/testing';
import { extendProfile, profiles, where } from 'polity';
import { activate, bootstrapAdmin, ePresenceOrganisation, makeOrganisationCoordinator, makeWorld, outboxOf, rejects, snapshot, worldOf, type World } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function withPlainUser(on: StoreTarget | World) {
  const world = await worldOf(on);
  const setup = await ePresenceOrganisation(world);
  const { user } = await world.polity.as(setup.coordinatorId).users.add({ organisationId: setup.organisation.id, role: 'user', email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'Petrou', taxCode: 'GR100200300' });
  await activate(world, 'eleni@gov.test');
  return { ...setup, world, eleni: world.polity.as(user.id), eleniId: user.id, admin: world.polity.as(setup.adminId) };
}

const asking = { phone: '+30 210 4444444', purpose: 'organise the press briefings' };

for (const target of storeTargets) {
  describe(`${target.name}: role-change requests (EP-6)`, () => {
    it('EP-6: a user who can sign in files a request; the organisation coordinators are told of it', async () => {
      const { world, eleni, eleniId, organisation, unit, coordinatorId } = await withPlainUser(target);
      const request = await eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, unitId: unit.id, ...asking });
      expect(request).toMatchObject({ requesterId: eleniId, organisationId: organisation.id, unitId: unit.id, newUnitName: null, phone: asking.phone, purpose: asking.purpose, requestedRole: 'unit_coordinator', status: 'new' });
      const told = await outboxOf(world.store, 'role_request.filed');
      expect(told.map((m) => m.recipientUserId)).toEqual([coordinatorId]);
      expect((await eleni.roleRequests.list()).items.map((r) => r.id)).toEqual([request.id]);
    });

    it('EP-6: a unit-coordinator request names a unit, existing or new; a new one is created on approval', async () => {
      const { world, eleni, eleniId, admin, organisation } = await withPlainUser(target);
      const missing = await rejects(eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, ...asking }), 'invalid_input');
      expect(missing.details?.issues).toEqual([expect.objectContaining({ path: 'unitId', code: 'required' })]);
      const request = await eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Press Office', ...asking });
      const { assignment, createdUnit, request: approved } = await admin.roleRequests.approve({ requestId: request.id, note: 'welcome' });
      expect(createdUnit).toMatchObject({ name: 'Press Office', organisationId: organisation.id });
      expect(assignment).toMatchObject({ userId: eleniId, role: 'unit_coordinator', scopeType: 'unit', unitId: createdUnit?.id, status: 'active' });
      expect(approved).toMatchObject({ status: 'approved', unitId: createdUnit?.id, decisionNote: 'welcome' });
      expect(await world.store.units.count(where.eq('name', 'Press Office'))).toBe(1);
    });

    it('EP-6: only users who are not already organisation coordinators and have no open request may ask', async () => {
      const { eleni, organisation, coordinatorId, world } = await withPlainUser(target);
      await eleni.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, ...asking });
      const open = await rejects(eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Other', ...asking }), 'conflict');
      expect(open.details?.constraint).toBe('roleChangeRequests.open');
      const already = await rejects(world.polity.as(coordinatorId).roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Other', ...asking }), 'conflict');
      expect(already.details?.constraint).toBe('role_request.already_coordinator');
    });

    it('EP-6: only platform admins list every request and decide; approving twice is invalid_transition and duplicates nothing', async () => {
      const { world, eleni, admin, organisation, coordinatorId } = await withPlainUser(target);
      const request = await eleni.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, ...asking });
      const coordinator = world.polity.as(coordinatorId);
      // Anyone else sees only their own requests (the coordinator's own, approved when they became coordinator).
      expect((await coordinator.roleRequests.list()).items.map((r) => r.requesterId)).toEqual([coordinatorId]);
      await rejects(coordinator.roleRequests.get({ requestId: request.id }), 'forbidden');
      await rejects(coordinator.roleRequests.approve({ requestId: request.id }), 'forbidden');
      await rejects(eleni.roleRequests.approve({ requestId: request.id }), 'forbidden');
      expect((await admin.roleRequests.list({ status: 'new' })).items.map((r) => r.id)).toEqual([request.id]);

      await admin.roleRequests.approve({ requestId: request.id });
      const before = await snapshot(world.store);
      const twice = await rejects(admin.roleRequests.approve({ requestId: request.id }), 'invalid_transition');
      expect(twice.details).toMatchObject({ machine: 'role_request', state: 'approved', event: 'approve' });
      await rejects(admin.roleRequests.reject({ requestId: request.id }), 'invalid_transition');
      expect(await snapshot(world.store)).toEqual(before);
      expect(await world.store.assignments.count(where.and(where.eq('userId', request.requesterId), where.eq('role', 'organisation_coordinator')))).toBe(1);
    });

    it('EP-6: 10 concurrent decisions of one request (approvals and rejections at once): exactly one decides it, at most one role and one unit, one e-mail', async () => {
      const { world, eleni, eleniId, admin, organisation } = await withPlainUser(target);
      const request = await eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Press Office', ...asking });
      const deciders = Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? admin.roleRequests.approve({ requestId: request.id }) : admin.roleRequests.reject({ requestId: request.id, note: 'not now' })));
      const outcomes = await Promise.allSettled(deciders);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
      expect(lost).toEqual(Array.from({ length: 9 }, () => 'invalid_transition'));
      const decided = await world.store.roleChangeRequests.get(request.id);
      const approved = decided?.status === 'approved';
      expect(decided?.status).toMatch(/^(approved|rejected)$/);
      expect(await world.store.assignments.count(where.and(where.eq('userId', eleniId), where.eq('role', 'unit_coordinator')))).toBe(approved ? 1 : 0);
      expect(await world.store.units.count(where.eq('name', 'Press Office'))).toBe(approved ? 1 : 0);
      expect(await world.store.audit.count(where.and(where.eq('targetId', request.id), where.in('action', ['role_request.approve', 'role_request.reject'])))).toBe(1);
      expect(await outboxOf(world.store, 'role_request.decided', 'eleni@gov.test')).toHaveLength(1);
    });

    it('EP-6: on approval the user gets the role and is told by e-mail; a rejection is told too and grants nothing', async () => {
      const { world, eleni, eleniId, admin, organisation } = await withPlainUser(target);
      const first = await eleni.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, ...asking });
      await admin.roleRequests.reject({ requestId: first.id, note: 'ask your director' });
      expect(await world.store.assignments.count(where.and(where.eq('userId', eleniId), where.eq('role', 'organisation_coordinator')))).toBe(0);
      const second = await eleni.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, ...asking });
      await admin.roleRequests.approve({ requestId: second.id });
      const decisions = await outboxOf(world.store, 'role_request.decided', 'eleni@gov.test');
      expect(decisions.map((m) => m.payload['decision']).sort()).toEqual(['approved', 'rejected']);
      // The new organisation coordinator now creates units (EP-4).
      await eleni.units.create({ organisationId: organisation.id, name: 'Eleni’s unit' });
    });

    it('EP-6: the role asked for must be a known role given through requests', async () => {
      const { eleni, organisation } = await withPlainUser(target);
      expect((await rejects(eleni.roleRequests.file({ role: 'super_user', organisationId: organisation.id, ...asking }), 'invalid_input')).details?.issues[0]?.code).toBe('unknown_role');
      expect((await rejects(eleni.roleRequests.file({ role: 'user', organisationId: organisation.id, ...asking }), 'invalid_input')).details?.issues[0]?.code).toBe('not_requestable');
    });

    it('EP-7: the identity registry gives the organisation when the requester leaves it out', async () => {
      const registry = memoryIdentityRegistry({ GR100200300: { civilServant: true, organisationCode: 'MIN-a' } });
      const world = await makeWorld(target, profiles.ePresence, { identityRegistry: registry });
      const { eleni, organisation } = await withPlainUser(world);
      const request = await eleni.roleRequests.file({ role: 'organisation_coordinator', ...asking });
      expect(request.organisationId).toBe(organisation.id);
      const audit = await world.store.audit.findOne(where.eq('targetId', request.id));
      expect(audit?.changes['registry']).toBe(true);

      const unknown = await makeWorld(target);
      const { eleni: stranger } = await withPlainUser(unknown);
      const refused = await rejects(stranger.roleRequests.file({ role: 'organisation_coordinator', ...asking }), 'invalid_input');
      expect(refused.details?.issues).toEqual([expect.objectContaining({ path: 'organisationId', code: 'required' })]);
    });
  });

  /**
   * e:Presence with named licences on its coordinator roles: no shipped profile has both role-change requests
   * and licences, so this one turns licences on for the profile that has the workflow (MB-12's rule: a seat
   * follows the roles an account holds).
   */
  const licensedPresence = extendProfile(profiles.ePresence, {
    id: 'e-presence-licensed',
    roles: profiles.ePresence.roles.filter((role) => role.name.endsWith('_coordinator')).map((role) => ({ ...role, licensed: true })),
  });

  /** A licensed e:Presence world: the admin, ministries A and B with `allocated` licences each, and A's organisation coordinator (one licence). */
  async function licensedWorld(target: StoreTarget, allocated: number) {
    const world = await makeWorld(target, licensedPresence);
    const adminId = await bootstrapAdmin(world);
    const admin = world.polity.as(adminId);
    const ministry = async (code: string) => {
      const { organisation } = await admin.organisations.create({ name: `Ministry ${code}`, code: `MIN-${code}` });
      await world.store.licencePools.insert(makeLicencePool({ id: `pool_${code}`, organisationId: organisation.id, allocated }));
      return organisation;
    };
    const a = await ministry('a');
    const b = await ministry('b');
    const coordinatorId = await makeOrganisationCoordinator(world, adminId, a.id, 'coordinator.a@gov.test');
    const unit = await world.polity.as(coordinatorId).units.create({ organisationId: a.id, name: 'Press Office' });
    /** A plain user of A, activated, who files a request for `role`. */
    const asks = async (name: string, role: string, organisationId = a.id) => {
      await world.polity.as(coordinatorId).users.add({ organisationId: a.id, role: 'user', email: `${name}@gov.test`, givenName: name, familyName: 'Petrou' });
      const id = await activate(world, `${name}@gov.test`);
      const request = await world.polity.as(id).roleRequests.file({ role, organisationId, ...(role === 'unit_coordinator' ? { unitId: unit.id } : {}), ...asking });
      return { id, request };
    };
    const pool = async (organisationId: string) => world.store.licencePools.findOne(where.eq('organisationId', organisationId));
    const seat = (userId: string) => world.store.licenceSeats.findOne(where.eq('userId', userId));
    return { world, admin, adminId, a, b, coordinatorId, asks, pool, seat };
  }

  describe(`${target.name}: role-change requests and named licences (MB-12)`, () => {
    it('MB-12: approving a request for a licensed role takes the licence in the same transaction; at the cap the approval is limit_exceeded and writes nothing', async () => {
      const w = await licensedWorld(target, 2);
      expect(await w.seat(w.coordinatorId)).toMatchObject({ status: 'held', organisationId: w.a.id });
      const eleni = await w.asks('eleni', 'unit_coordinator');
      // A plain user takes no licence until the role that needs one is granted.
      expect(await w.seat(eleni.id)).toBeNull();
      await w.admin.roleRequests.approve({ requestId: eleni.request.id });
      expect(await w.seat(eleni.id)).toMatchObject({ status: 'held', organisationId: w.a.id });
      expect(await w.pool(w.a.id)).toMatchObject({ allocated: 2, used: 2, reserved: 0 });
      expect((await w.world.store.audit.findOne(where.and(where.eq('action', 'licence.take'), where.eq('targetId', eleni.id))))?.actorId).toBe(w.adminId);

      const nikos = await w.asks('nikos', 'organisation_coordinator');
      const before = await snapshot(w.world.store);
      const full = await rejects(w.admin.roleRequests.approve({ requestId: nikos.request.id }), 'limit_exceeded');
      expect(full.details).toMatchObject({ limit: 'licences', organisationId: w.a.id, allocated: 2, used: 2, reserved: 0 });
      expect(await snapshot(w.world.store)).toEqual(before);
      expect((await w.world.store.roleChangeRequests.get(nikos.request.id))?.status).toBe('new');
    });

    it("MB-12: a seat left in another organisation than its holder's is given back there and taken again in the holder's organisation when their roles change", async () => {
      const w = await licensedWorld(target, 2);
      // What a move without settling leaves behind (as oversight.remove did before it settled seats): the
      // coordinator has left ministry A, roles and all, but A's pool still counts their licence.
      const now = w.world.clock.now();
      await w.world.store.users.update(w.coordinatorId, { organisationId: null, updatedAt: now });
      await w.world.store.assignments.guardedUpdate({ where: where.eq('userId', w.coordinatorId), set: { status: 'removed', updatedAt: now } });
      expect(await w.pool(w.a.id)).toMatchObject({ used: 1 });

      const request = await w.world.polity.as(w.coordinatorId).roleRequests.file({ role: 'organisation_coordinator', organisationId: w.b.id, ...asking });
      await w.admin.roleRequests.approve({ requestId: request.id });
      expect(await w.seat(w.coordinatorId)).toMatchObject({ status: 'held', organisationId: w.b.id });
      expect(await w.pool(w.a.id)).toMatchObject({ used: 0, reserved: 0 });
      expect(await w.pool(w.b.id)).toMatchObject({ used: 1, reserved: 0 });
      const events = (await w.world.store.audit.list({ where: where.and(where.eq('targetId', w.coordinatorId), where.in('action', ['licence.release', 'licence.take'])) })).items;
      expect(events.map((event) => `${event.action} ${event.organisationId ?? ''}`).sort()).toEqual([`licence.release ${w.a.id}`, `licence.take ${w.a.id}`, `licence.take ${w.b.id}`]);
    });
  });
}
