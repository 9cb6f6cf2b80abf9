// Every command rejects malformed input with invalid_input naming the field, and leaves the store unchanged.
import { describe, expect, it } from 'vitest';
import { isPolityError, type Actor, type Polity } from 'polity';
import { ePresenceOrganisation, makeWorld, snapshot } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

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
  'audit.trail': { call: (a, _, i) => a.audit.trail({ targetType: 'licence' as never, targetId: i.userId }), fields: ['targetType'] },
  'licences.summary': { call: (a) => a.licences.summary({ organisationId: '' }), fields: ['organisationId'] },
  'licences.allocate': { call: (a, _, i) => a.licences.allocate({ organisationId: i.organisationId, allocated: -1 }), fields: ['allocated'] },
  'licences.request': { call: (a, _, i) => a.licences.request({ organisationId: i.organisationId, count: 0 }), fields: ['count'] },
  'licences.requests': { call: (a) => a.licences.requests({ status: 'pending' } as never), fields: ['status'] },
  'licences.grant': { call: (a) => a.licences.grant({ requestId: 'a b' }), fields: ['requestId'] },
  'licences.refuse': { call: (a) => a.licences.refuse({ requestId: 'licreq_1', note: '' }), fields: ['note'] },
  'meetings.schedule': {
    call: (a, _, i) => a.meetings.schedule({ organisationId: i.organisationId, title: 'Review', startsAt: '2026-02-01T10:00:00Z', endsAt: '2026-02-01T11:00:00Z', timeZone: 'Mars/Olympus' } as never),
    fields: ['timeZone'],
  },
  'meetings.update': { call: (a) => a.meetings.update({ meetingId: 'meeting_1', title: '' } as never), fields: ['title'] },
  'meetings.cancel': { call: (a) => a.meetings.cancel({} as never), fields: ['meetingId'] },
  'meetings.invite': { call: (a) => a.meetings.invite({ meetingId: 'meeting_1', invitees: [{ email: 'not-an-email' }] } as never), fields: ['invitees.0.email'] },
  'meetings.removeParticipant': { call: (a) => a.meetings.removeParticipant({ meetingId: 'meeting_1', userId: '' }), fields: ['userId'] },
  'meetings.get': { call: (a) => a.meetings.get({ meetingId: 7 } as never), fields: ['meetingId'] },
  'meetings.list': { call: (a) => a.meetings.list({ limit: 0 }), fields: ['limit'] },
  'contacts.add': { call: (a) => a.contacts.add({ email: 'nope', displayName: 'X' }), fields: ['email'] },
  'contacts.list': { call: (a) => a.contacts.list({ limit: 5000 }), fields: ['limit'] },
  'contacts.update': { call: (a) => a.contacts.update({ contactId: 'contact_1', displayName: '' } as never), fields: ['displayName'] },
  'contacts.remove': { call: (a) => a.contacts.remove({} as never), fields: ['contactId'] },
  'rooms.create': { call: (a, _, i) => a.rooms.create({ organisationId: i.organisationId, name: 'Hall', aliases: [] }), fields: ['aliases'] },
  'rooms.addAlias': { call: (a) => a.rooms.addAlias({ roomId: 'room_1', alias: '!' }), fields: ['alias'] },
  'rooms.removeAlias': { call: (a) => a.rooms.removeAlias({ roomId: '', alias: 'hall' }), fields: ['roomId'] },
  'rooms.update': { call: (a) => a.rooms.update({ roomId: 'room_1', participantLimit: 0 }), fields: ['participantLimit'] },
  'rooms.delete': { call: (a) => a.rooms.delete({} as never), fields: ['roomId'] },
  'rooms.list': { call: (a) => a.rooms.list({ organisationId: 'a b' }), fields: ['organisationId'] },
  'rooms.findByAlias': { call: (a) => a.rooms.findByAlias({ alias: '' }), fields: ['alias'] },
  'planning.list': { call: (a, _, i) => a.planning.list({ organisationId: i.organisationId, from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z', timeZone: 'Mars/Olympus' } as never), fields: ['timeZone'] },
  'statistics.get': { call: (a, _, i) => a.statistics.get({ organisationId: i.organisationId, from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } as never), fields: ['to'] },
  'statistics.byOrganisation': { call: (a) => a.statistics.byOrganisation({ from: 'yesterday', to: '2026-02-01T00:00:00Z' } as never), fields: ['from'] },
  'polity.meetingEvents.started': { call: (_, p) => p.meetingEvents.started({ meetingId: '' }), fields: ['meetingId'] },
  'polity.meetingEvents.joined': { call: (_, p) => p.meetingEvents.joined({ meetingId: 'meeting_1', userId: 'a b' }), fields: ['userId'] },
  'polity.meetingEvents.left': { call: (_, p) => p.meetingEvents.left({ meetingId: 'meeting_1' } as never), fields: ['userId'] },
  'polity.meetingEvents.ended': { call: (_, p) => p.meetingEvents.ended({ meetingId: 'meeting_1', at: 'soon' } as never), fields: ['at'] },
  'polity.as': { call: (_, p) => p.as('not an id!'), fields: [''] },
  'polity.bootstrapPlatformAdmin': { call: (_, p) => p.bootstrapPlatformAdmin({ email: 'x', givenName: 'A', familyName: 'B' }), fields: ['email'] },
  'polity.activation.confirm': { call: (_, p) => p.activation.confirm({ token: '' }), fields: ['token'] },
  'polity.signIn': { call: (_, p) => p.signIn({}), fields: ['userId'] },
  'polity.housekeeping.run': { call: (_, p) => p.housekeeping.run({ maxAccounts: 0 }), fields: ['maxAccounts'] },
};

/** Commands that take no input at all, so nothing can be malformed. */
const withoutInput = ['account.resendActivation'];

const namespaces = ['organisations', 'units', 'users', 'account', 'coordinators', 'roleRequests', 'oversight', 'audit', 'licences', 'meetings', 'contacts', 'rooms', 'planning', 'statistics'] as const;

for (const target of storeTargets) {
  describe(`${target.name}: malformed input`, () => {
    it('has a case for every command of every namespace', async () => {
      const world = await makeWorld(target);
      const { polity } = world;
      const actor = polity.as('anyone');
      const commands = namespaces.flatMap((ns) => Object.keys(actor[ns]).map((method) => `${ns}.${method}`));
      const polityCommands = ['polity.as', 'polity.bootstrapPlatformAdmin', 'polity.activation.confirm', 'polity.signIn', 'polity.housekeeping.run', ...Object.keys(polity.meetingEvents).map((method) => `polity.meetingEvents.${method}`)];
      expect([...Object.keys(cases), ...withoutInput].sort()).toEqual([...commands, ...polityCommands].sort());
    });

    it('every command rejects malformed input with invalid_input naming the field, and leaves the store unchanged', async () => {
      const world = await makeWorld(target);
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
}
