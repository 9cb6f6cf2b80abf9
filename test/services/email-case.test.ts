// An address reaches its account whatever case it is written in, as the users.email constraint compares
// addresses (Repository.findUnique): a meeting invitation (EP-17) and the sign-in by e-mail. Before, an
// invitation of eleni.petrou@gov.gr missed the account registered as Eleni.Petrou@Gov.gr and failed with a
// `conflict` that told the organiser the address had an account.
import { describe, expect, it } from 'vitest';
import { where } from 'polity';
import { addMember, ePresenceMeetings, slot } from './meeting-world';
import { outboxOf, rejects } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

/** e:Presence: a unit coordinator's meeting, and an account registered as `Eleni.Petrou@Gov.gr`. */
async function withEleni(target: StoreTarget) {
  const setup = await ePresenceMeetings(target);
  const eleniId = await addMember(setup.world, setup.coordinatorId, setup.organisationId, 'Eleni.Petrou@Gov.gr', 'user');
  const organiser = setup.polity.as(setup.unitCoordinatorId).meetings;
  const meeting = await organiser.schedule({ title: 'Budget hearing', unitId: setup.unit.id, ...slot(1) });
  return { ...setup, eleniId, organiser, meeting };
}

for (const target of storeTargets) {
  describe(`${target.name}: an address in another case reaches its account (users.email compares case-insensitively)`, () => {
    it('EP-17: inviting eleni.petrou@gov.gr adds the account registered as Eleni.Petrou@Gov.gr; no pending account, no conflict', async () => {
      const { world, eleniId, organiser, meeting } = await withEleni(target);
      const users = await world.store.users.count();

      const result = await organiser.invite({ meetingId: meeting.id, invitees: [{ email: 'eleni.petrou@gov.gr' }] });
      expect(result.added.map((participant) => participant.userId)).toEqual([eleniId]);
      expect(result.createdAccounts).toEqual([]);
      expect(await world.store.users.count()).toBe(users);
      expect(await world.store.participants.count(where.and(where.eq('meetingId', meeting.id), where.eq('userId', eleniId)))).toBe(1);
      // The invitation goes to the account's own address; nobody is sent an activation link.
      expect(await outboxOf(world.store, 'meeting.invitation', 'Eleni.Petrou@Gov.gr')).toHaveLength(1);
      expect(await outboxOf(world.store, 'account.activation', 'eleni.petrou@gov.gr')).toEqual([]);

      // Any other case is the same person, already invited.
      const again = await organiser.invite({ meetingId: meeting.id, invitees: [{ email: 'ELENI.PETROU@GOV.GR' }] });
      expect(again).toMatchObject({ added: [], alreadyInvited: [eleniId], createdAccounts: [] });
    });

    it('EP-17: a deleted account no longer holds its address: inviting it creates a new pending account', async () => {
      const { world, adminId, eleniId, organiser, meeting } = await withEleni(target);
      await world.polity.as(adminId).users.delete({ userId: eleniId });

      const result = await organiser.invite({ meetingId: meeting.id, invitees: [{ email: 'eleni.petrou@gov.gr' }] });
      expect(result.createdAccounts).toEqual([{ userId: expect.any(String), email: 'eleni.petrou@gov.gr' }]);
      expect(result.createdAccounts[0]?.userId).not.toBe(eleniId);
    });

    it('sign-in by e-mail finds the account whatever case the address is typed in, and never a deleted one', async () => {
      const { world, adminId, eleniId } = await withEleni(target);
      for (const email of ['eleni.petrou@gov.gr', 'ELENI.PETROU@GOV.GR', 'Eleni.Petrou@Gov.gr']) {
        const { user } = await world.polity.signIn({ email });
        expect(user.id, email).toBe(eleniId);
      }
      await rejects(world.polity.signIn({ email: 'eleni.petrou@gov.cy' }), 'unauthenticated');
      await world.polity.as(adminId).users.delete({ userId: eleniId });
      await rejects(world.polity.signIn({ email: 'eleni.petrou@gov.gr' }), 'unauthenticated');
    });
  });
}
