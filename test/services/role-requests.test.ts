// Role-change requests (EP-6) and the identity registry (EP-7).
import { describe, expect, it } from 'vitest';
import { memoryIdentityRegistry } from 'polity/adapters/memory';
import { profiles, where } from 'polity';
import { activate, ePresenceOrganisation, makeWorld, outboxOf, rejects, snapshot, type World } from './world';

async function withPlainUser(world: World = makeWorld()) {
  const setup = await ePresenceOrganisation(world);
  const { user } = await world.polity.as(setup.coordinatorId).users.add({ organisationId: setup.organisation.id, role: 'user', email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'Petrou', taxCode: 'GR100200300' });
  await activate(world, 'eleni@gov.test');
  return { ...setup, world, eleni: world.polity.as(user.id), eleniId: user.id, admin: world.polity.as(setup.adminId) };
}

const asking = { phone: '+30 210 4444444', purpose: 'organise the press briefings' };

describe('role-change requests (EP-6)', () => {
  it('EP-6: a user who can sign in files a request; the organisation coordinators are told of it', async () => {
    const { world, eleni, eleniId, organisation, unit, coordinatorId } = await withPlainUser();
    const request = await eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, unitId: unit.id, ...asking });
    expect(request).toMatchObject({ requesterId: eleniId, organisationId: organisation.id, unitId: unit.id, newUnitName: null, phone: asking.phone, purpose: asking.purpose, requestedRole: 'unit_coordinator', status: 'new' });
    const told = await outboxOf(world.store, 'role_request.filed');
    expect(told.map((m) => m.recipientUserId)).toEqual([coordinatorId]);
    expect((await eleni.roleRequests.list()).items.map((r) => r.id)).toEqual([request.id]);
  });

  it('EP-6: a unit-coordinator request names a unit, existing or new; a new one is created on approval', async () => {
    const { world, eleni, eleniId, admin, organisation } = await withPlainUser();
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
    const { eleni, organisation, coordinatorId, world } = await withPlainUser();
    await eleni.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, ...asking });
    const open = await rejects(eleni.roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Other', ...asking }), 'conflict');
    expect(open.details?.constraint).toBe('roleChangeRequests.open');
    const already = await rejects(world.polity.as(coordinatorId).roleRequests.file({ role: 'unit_coordinator', organisationId: organisation.id, newUnitName: 'Other', ...asking }), 'conflict');
    expect(already.details?.constraint).toBe('role_request.already_coordinator');
  });

  it('EP-6: only platform admins list every request and decide; approving twice is invalid_transition and duplicates nothing', async () => {
    const { world, eleni, admin, organisation, coordinatorId } = await withPlainUser();
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

  it('EP-6: on approval the user gets the role and is told by e-mail; a rejection is told too and grants nothing', async () => {
    const { world, eleni, eleniId, admin, organisation } = await withPlainUser();
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
    const { eleni, organisation } = await withPlainUser();
    expect((await rejects(eleni.roleRequests.file({ role: 'super_user', organisationId: organisation.id, ...asking }), 'invalid_input')).details?.issues[0]?.code).toBe('unknown_role');
    expect((await rejects(eleni.roleRequests.file({ role: 'user', organisationId: organisation.id, ...asking }), 'invalid_input')).details?.issues[0]?.code).toBe('not_requestable');
  });

  it('EP-7: the identity registry gives the organisation when the requester leaves it out', async () => {
    const registry = memoryIdentityRegistry({ GR100200300: { civilServant: true, organisationCode: 'MIN-a' } });
    const world = makeWorld(profiles.ePresence, { identityRegistry: registry });
    const { eleni, organisation } = await withPlainUser(world);
    const request = await eleni.roleRequests.file({ role: 'organisation_coordinator', ...asking });
    expect(request.organisationId).toBe(organisation.id);
    const audit = await world.store.audit.findOne(where.eq('targetId', request.id));
    expect(audit?.changes['registry']).toBe(true);

    const unknown = makeWorld();
    const { eleni: stranger } = await withPlainUser(unknown);
    const refused = await rejects(stranger.roleRequests.file({ role: 'organisation_coordinator', ...asking }), 'invalid_input');
    expect(refused.details?.issues).toEqual([expect.objectContaining({ path: 'organisationId', code: 'required' })]);
  });
});
