// Every command rejects malformed input with invalid_input naming the field, and leaves the store unchanged.
import { describe, expect, it } from 'vitest';
import { isPolityError, type Actor, type Polity } from 'polity';
import { ePresenceOrganisation, makeWorld, snapshot } from './world';

type Call = (actor: Actor, polity: Polity, ids: { organisationId: string; unitId: string; userId: string }) => unknown;

/** One malformed call per command, by `namespace.method`, with the field(s) it must name. */
const cases: Record<string, { call: Call; fields: readonly string[] }> = {
  'organisations.create': { call: (a) => a.organisations.create({ name: '' }), fields: ['name'] },
  'organisations.update': { call: (a, _, i) => a.organisations.update({ organisationId: i.organisationId, code: '' }), fields: ['code'] },
  'organisations.suspend': { call: (a) => a.organisations.suspend({ organisationId: 'not an id!' }), fields: ['organisationId'] },
  'organisations.resume': { call: (a) => a.organisations.resume({ organisationId: 7 } as never), fields: ['organisationId'] },
  'units.create': { call: (a, _, i) => a.units.create({ organisationId: i.organisationId, name: 42 } as never), fields: ['name'] },
  'units.rename': { call: (a, _, i) => a.units.rename({ unitId: i.unitId, name: '   ' }), fields: ['name'] },
  'units.move': { call: (a, _, i) => a.units.move({ unitId: i.unitId } as never), fields: ['parentId'] },
  'units.delete': { call: (a) => a.units.delete({} as never), fields: ['unitId'] },
  'units.list': { call: (a, _, i) => a.units.list({ organisationId: i.organisationId, limit: 0 }), fields: ['limit'] },
  'users.add': { call: (a, _, i) => a.users.add({ organisationId: i.organisationId, role: 'user', email: 'not-an-email', givenName: 'X', familyName: 'Y' }), fields: ['email'] },
  'users.get': { call: (a) => a.users.get({} as never), fields: ['userId'] },
  'users.list': { call: (a, _, i) => a.users.list({ organisationId: i.organisationId, state: 'sleeping' } as never), fields: ['state'] },
  'users.update': { call: (a, _, i) => a.users.update({ userId: i.userId, timeZone: 'Mars/Olympus' }), fields: ['timeZone'] },
  'users.changeEmail': { call: (a, _, i) => a.users.changeEmail({ userId: i.userId, email: 'nope' }), fields: ['email'] },
  'users.setWorkPhone': { call: (a, _, i) => a.users.setWorkPhone({ userId: i.userId, workPhone: 'call me' }), fields: ['workPhone'] },
  'users.deactivate': { call: (a) => a.users.deactivate({ userId: '' }), fields: ['userId'] },
  'users.reactivate': { call: (a, _, i) => a.users.reactivate({ userId: i.userId, extra: true } as never), fields: [''] },
  'users.delete': { call: (a) => a.users.delete({ userId: 1 } as never), fields: ['userId'] },
  'users.resendActivation': { call: (a) => a.users.resendActivation(null as never), fields: [''] },
  'account.acceptTerms': { call: (a) => a.account.acceptTerms({ version: '' }), fields: ['version'] },
  'coordinators.list': { call: (a, _, i) => a.coordinators.list({ organisationId: i.organisationId, search: '' }), fields: ['search'] },
  'coordinators.message': { call: (a, _, i) => a.coordinators.message({ organisationId: i.organisationId, subject: '', body: 'x' }), fields: ['subject'] },
  'roleRequests.file': { call: (a, _, i) => a.roleRequests.file({ role: 'unit_coordinator', organisationId: i.organisationId, phone: 'call me', purpose: '' }), fields: ['phone', 'purpose'] },
  'roleRequests.list': { call: (a) => a.roleRequests.list({ status: 'maybe' } as never), fields: ['status'] },
  'roleRequests.get': { call: (a) => a.roleRequests.get({ requestId: '' }), fields: ['requestId'] },
  'roleRequests.approve': { call: (a) => a.roleRequests.approve({ requestId: 'request_1', note: '' }), fields: ['note'] },
  'roleRequests.reject': { call: (a) => a.roleRequests.reject({} as never), fields: ['requestId'] },
  'oversight.myUsers': { call: (a) => a.oversight.myUsers({ limit: 1000 }), fields: ['limit'] },
  'oversight.resources': { call: (a) => a.oversight.resources({ kind: 'Not A Kind' }), fields: ['kind'] },
  'oversight.assignManager': { call: (a, _, i) => a.oversight.assignManager({ userId: i.userId, managerId: null, officialRequest: '' }), fields: ['officialRequest'] },
  'oversight.remove': { call: (a) => a.oversight.remove({ userId: 'a b' }), fields: ['userId'] },
  'audit.trail': { call: (a, _, i) => a.audit.trail({ targetType: 'meeting' as never, targetId: i.userId }), fields: ['targetType'] },
  'polity.as': { call: (_, p) => p.as('not an id!'), fields: [''] },
  'polity.bootstrapPlatformAdmin': { call: (_, p) => p.bootstrapPlatformAdmin({ email: 'x', givenName: 'A', familyName: 'B' }), fields: ['email'] },
  'polity.activation.confirm': { call: (_, p) => p.activation.confirm({ token: '' }), fields: ['token'] },
  'polity.signIn': { call: (_, p) => p.signIn({}), fields: ['userId'] },
  'polity.housekeeping.run': { call: (_, p) => p.housekeeping.run({ maxAccounts: 0 }), fields: ['maxAccounts'] },
};

/** Commands that take no input at all, so nothing can be malformed. */
const withoutInput = ['account.resendActivation'];

const namespaces = ['organisations', 'units', 'users', 'account', 'coordinators', 'roleRequests', 'oversight', 'audit'] as const;

describe('malformed input', () => {
  it('has a case for every command of every namespace', async () => {
    const world = makeWorld();
    const actor = world.polity.as('anyone');
    const commands = namespaces.flatMap((ns) => Object.keys(actor[ns]).map((method) => `${ns}.${method}`));
    const polityCommands = ['polity.as', 'polity.bootstrapPlatformAdmin', 'polity.activation.confirm', 'polity.signIn', 'polity.housekeeping.run'];
    expect([...Object.keys(cases), ...withoutInput].sort()).toEqual([...commands, ...polityCommands].sort());
  });

  it('every command rejects malformed input with invalid_input naming the field, and leaves the store unchanged', async () => {
    const world = makeWorld();
    const { organisation, unit, coordinatorId, adminId } = await ePresenceOrganisation(world);
    const ids = { organisationId: organisation.id, unitId: unit.id, userId: coordinatorId };
    const before = await snapshot(world.store);
    for (const [name, { call, fields }] of Object.entries(cases)) {
      for (const actorId of [adminId, coordinatorId]) {
        let error: unknown;
        try {
          await call(world.polity.as(actorId), world.polity, ids);
        } catch (caught) {
          error = caught;
        }
        expect(isPolityError(error, 'invalid_input'), `${name}: ${String(error)}`).toBe(true);
        const paths = isPolityError(error, 'invalid_input') ? (error.details?.issues ?? []).map((issue) => issue.path) : [];
        for (const field of fields) expect(paths, name).toContain(field);
      }
    }
    expect(await snapshot(world.store)).toEqual(before);
  });
});
