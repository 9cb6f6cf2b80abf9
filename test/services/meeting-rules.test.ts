// Who manages which meeting in e:Presence, decided by the policy engine (EP-4, EP-5 and the RULES.md open
// point): an organisation coordinator supervises the unit coordinators' meetings of their organisation, not
// a peer organisation coordinator's; a unit coordinator manages only their own.
import { describe, expect, it } from 'vitest';
import { ePresenceMeetings, addMember, slot } from './meeting-world';
import { makeOrganisationCoordinator, rejects, sourcesOf } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function twoCoordinators(target: StoreTarget) {
  const setup = await ePresenceMeetings(target);
  const { world, polity, adminId, organisationId, unit, coordinatorId } = setup;
  const peerId = await makeOrganisationCoordinator(world, adminId, organisationId, 'peer.a@gov.test', 'Petros');
  const secondUnitCoordinatorId = await addMember(world, coordinatorId, organisationId, 'unit2.a@gov.test', 'unit_coordinator', unit.id);
  const other = await ePresenceMeetings(world, 'b');
  return { ...setup, peerId, secondUnitCoordinatorId, other, as: (id: string) => polity.as(id).meetings };
}

for (const target of storeTargets) {
  describe(`${target.name}: EP-4, EP-5: who manages which meeting`, () => {
    it('EP-4: an organisation coordinator manages every meeting of their unit coordinators: update, invite, cancel, read', async () => {
      const { as, unitCoordinatorId, coordinatorId, unit, plainUserId } = await twoCoordinators(target);
      const meeting = await as(unitCoordinatorId).schedule({ title: 'Unit meeting', unitId: unit.id, ...slot(1) });
      const supervisor = as(coordinatorId);
      expect((await supervisor.update({ meetingId: meeting.id, title: 'Renamed by the coordinator' })).title).toBe('Renamed by the coordinator');
      expect((await supervisor.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] })).added).toHaveLength(1);
      expect((await supervisor.get({ meetingId: meeting.id })).participants).toHaveLength(2);
      expect((await supervisor.list()).items.map((v) => v.meeting.id)).toContain(meeting.id);
      expect((await supervisor.cancel({ meetingId: meeting.id })).status).toBe('cancelled');
    });

    it('EP-4: the supervision follows the organiser\'s role, whatever unit the meeting is for', async () => {
      const { as, polity, unitCoordinatorId, secondUnitCoordinatorId, coordinatorId, unit } = await twoCoordinators(target);
      const first = await as(unitCoordinatorId).schedule({ title: 'First', unitId: unit.id, ...slot(1) });
      const second = await as(secondUnitCoordinatorId).schedule({ title: 'Second', unitId: unit.id, ...slot(1) });
      const explanation = await polity.as(coordinatorId).explain('meeting.manage', { kind: 'meeting', id: second.id, organisationId: second.organisationId, unitId: unit.id, organiserId: secondUnitCoordinatorId });
      expect(explanation.sources).toEqual(['EP-4']);
      expect((await as(coordinatorId).list()).items.map((v) => v.meeting.id).sort()).toEqual([first.id, second.id].sort());
    });

    it("EP-4: an organisation coordinator manages not a peer organisation coordinator's meetings, even one held for a unit", async () => {
      const { as, polity, coordinatorId, peerId, unit, adminId } = await twoCoordinators(target);
      const orgLevel = await as(peerId).schedule({ title: "Peer's", ...slot(1) });
      const forUnit = await as(peerId).schedule({ title: "Peer's for the unit", unitId: unit.id, ...slot(1) });
      for (const meeting of [orgLevel, forUnit]) {
        const refused = await rejects(as(coordinatorId).update({ meetingId: meeting.id, title: 'Hijacked' }), 'forbidden');
        expect(refused.details?.action).toBe('meeting.manage');
        await rejects(as(coordinatorId).cancel({ meetingId: meeting.id }), 'forbidden');
        await rejects(as(coordinatorId).get({ meetingId: meeting.id }), 'forbidden');
      }
      expect((await as(coordinatorId).list()).items).toEqual([]);
      const principal = await polity.as(coordinatorId).principal();
      // The peer, and platform staff (the platform admin who set the organisation up).
      expect(principal.principal.attributes?.['peerCoordinatorIds']).toEqual([adminId, peerId].sort());
      // The peer manages their own (EP-5 reaches organisation coordinators through inheritance).
      expect((await as(peerId).update({ meetingId: forUnit.id, title: 'Still mine' })).title).toBe('Still mine');
    });

    it('EP-4: an organisation coordinator manages not a meeting the platform admin booked in one of their units; the admin keeps it', async () => {
      const { as, polity, coordinatorId, unitCoordinatorId, adminId, unit } = await twoCoordinators(target);
      const booked = await as(adminId).schedule({ title: 'Booked by the platform', unitId: unit.id, ...slot(1) });
      const refused = await rejects(as(coordinatorId).update({ meetingId: booked.id, title: 'Taken over' }), 'forbidden');
      expect(refused.details?.action).toBe('meeting.manage');
      await rejects(as(coordinatorId).cancel({ meetingId: booked.id }), 'forbidden');
      await rejects(as(unitCoordinatorId).update({ meetingId: booked.id, title: 'Taken over' }), 'forbidden');
      expect((await as(coordinatorId).list()).items.map((v) => v.meeting.id)).not.toContain(booked.id);
      expect((await polity.as(coordinatorId).principal()).principal.attributes?.['peerCoordinatorIds']).toContain(adminId);
      // Their unit coordinators' meetings in the same unit stay theirs to supervise (EP-4).
      const ucMeeting = await as(unitCoordinatorId).schedule({ title: 'Unit', unitId: unit.id, ...slot(1) });
      expect((await as(coordinatorId).update({ meetingId: ucMeeting.id, title: 'Supervised' })).title).toBe('Supervised');
      expect((await as(adminId).update({ meetingId: booked.id, title: 'Still the platform’s' })).title).toBe('Still the platform’s');
    });

    it("EP-4: another organisation's coordinator manages none of this organisation's meetings", async () => {
      const { as, unitCoordinatorId, unit, other } = await twoCoordinators(target);
      const meeting = await as(unitCoordinatorId).schedule({ title: 'Ours', unitId: unit.id, ...slot(1) });
      const refused = await rejects(as(other.coordinatorId).update({ meetingId: meeting.id, title: 'Theirs' }), 'forbidden');
      expect(sourcesOf(refused)).toEqual([]);
      await rejects(as(other.coordinatorId).invite({ meetingId: meeting.id, invitees: [{ userId: other.plainUserId }] }), 'forbidden');
    });

    it('EP-5: a unit coordinator manages only the meetings they organised, not a colleague\'s nor the organisation coordinator\'s', async () => {
      const { as, unitCoordinatorId, secondUnitCoordinatorId, coordinatorId, unit, plainUserId } = await twoCoordinators(target);
      const colleagues = await as(secondUnitCoordinatorId).schedule({ title: "Colleague's", unitId: unit.id, ...slot(1) });
      const bosses = await as(coordinatorId).schedule({ title: "Boss's", unitId: unit.id, ...slot(1) });
      const own = await as(unitCoordinatorId).schedule({ title: 'Own', unitId: unit.id, ...slot(1) });
      const uc = as(unitCoordinatorId);
      for (const meeting of [colleagues, bosses]) {
        await rejects(uc.update({ meetingId: meeting.id, title: 'No' }), 'forbidden');
        await rejects(uc.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] }), 'forbidden');
        await rejects(uc.removeParticipant({ meetingId: meeting.id, userId: plainUserId }), 'forbidden');
        await rejects(uc.cancel({ meetingId: meeting.id }), 'forbidden');
      }
      expect((await uc.list()).items.map((v) => v.meeting.id)).toEqual([own.id]);
      expect((await uc.cancel({ meetingId: own.id })).status).toBe('cancelled');
    });

    it("EP-real: the platform admin manages every organisation's meetings", async () => {
      const { as, adminId, peerId, other } = await twoCoordinators(target);
      const meeting = await as(peerId).schedule({ title: 'Anywhere', ...slot(1) });
      const foreign = await as(other.unitCoordinatorId).schedule({ title: 'Elsewhere', unitId: other.unit.id, ...slot(1) });
      expect((await as(adminId).update({ meetingId: meeting.id, title: 'Admin edit' })).title).toBe('Admin edit');
      expect((await as(adminId).list()).items.map((v) => v.meeting.id).sort()).toEqual([meeting.id, foreign.id].sort());
    });

    it('MB-7: e:Presence keeps no recordings, streams or contact directories: the policy says no', async () => {
      const { polity, unitCoordinatorId, unit, organisationId } = await twoCoordinators(target);
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Not recorded', unitId: unit.id, ...slot(1) });
      const uc = polity.as(unitCoordinatorId);
      expect((await uc.can('meeting.stream', { kind: 'meeting', id: meeting.id, organisationId, unitId: unit.id, organiserId: unitCoordinatorId })).allowed).toBe(false);
      expect((await uc.can('recording.manage', { kind: 'recording', id: 'rec_1', organisationId, ownerId: unitCoordinatorId })).allowed).toBe(false);
      await rejects(uc.contacts.add({ email: 'friend@gov.test', displayName: 'A friend' }), 'forbidden');
    });
  });
}
