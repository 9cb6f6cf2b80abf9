// The trails of meetings and permanent rooms (MB-9: an administrator reads the organisation's trails).
import { describe, expect, it } from 'vitest';
import { profiles } from 'polity';
import { activate, makeWorld, rejects, seedOrganisation } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function rennes(target: StoreTarget) {
  const world = await makeWorld(target, profiles.megalis);
  const { user: operatorUser } = await world.polity.bootstrapPlatformAdmin({ email: 'ops@megalis.test', givenName: 'Yann', familyName: 'Le Gall' });
  const operator = world.polity.as(operatorUser.id);
  const organisation = await seedOrganisation(world.store, 'Rennes');
  const other = await seedOrganisation(world.store, 'Brest');
  for (const o of [organisation, other]) await operator.licences.allocate({ organisationId: o.id, allocated: 5 });
  await operator.users.add({ organisationId: organisation.id, role: 'administrator', email: 'anne@rennes.test', givenName: 'Anne', familyName: 'Admin' });
  await operator.users.add({ organisationId: other.id, role: 'administrator', email: 'bruno@brest.test', givenName: 'Bruno', familyName: 'Admin' });
  await operator.users.add({ role: 'concierge', email: 'camille@capvisio.test', givenName: 'Camille', familyName: 'Support' });
  return {
    world,
    organisation,
    anne: world.polity.as(await activate(world, 'anne@rennes.test')),
    bruno: world.polity.as(await activate(world, 'bruno@brest.test')),
    concierge: world.polity.as(await activate(world, 'camille@capvisio.test')),
  };
}

for (const target of storeTargets) {
  describe(`${target.name}: audit trails of meetings and rooms`, () => {
    it('MB-9: an administrator reads the trail of a meeting and of a permanent room of the organisation, oldest first; another organisation’s administrator does not', async () => {
      const { world, organisation, anne, bruno, concierge } = await rennes(target);
      const meeting = await anne.meetings.schedule({ title: 'Budget review', startsAt: '2026-01-06T10:00:00Z', endsAt: '2026-01-06T11:00:00Z' });
      world.clock.advance(60_000);
      await anne.meetings.cancel({ meetingId: meeting.id });
      const meetingTrail = await anne.audit.trail({ targetType: 'meeting', targetId: meeting.id });
      expect(meetingTrail.items.map((event) => event.action)).toEqual(['meeting.schedule', 'meeting.cancel']);

      const room = await concierge.rooms.create({ organisationId: organisation.id, name: 'Council room', aliases: ['council-rennes'] });
      await concierge.rooms.delete({ roomId: room.id });
      // A deleted room's trail stays readable.
      const roomTrail = await anne.audit.trail({ targetType: 'room', targetId: room.id });
      expect(roomTrail.items.map((event) => event.action)).toEqual(['room.create', 'room.delete']);

      await rejects(bruno.audit.trail({ targetType: 'meeting', targetId: meeting.id }), 'forbidden');
      await rejects(bruno.audit.trail({ targetType: 'room', targetId: room.id }), 'forbidden');
      await rejects(anne.audit.trail({ targetType: 'room', targetId: 'room_unknown' }), 'not_found');
    });
  });
}
