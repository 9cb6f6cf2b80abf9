// Mégalis bookings (MB-7, MB-8, MB-10, MB-12), recordings and streaming (MB-7, a policy decision only) and
// the personal contact directory (MB-7). Licensed users hold a seat seeded in the store (see meeting-world.ts).
import { describe, expect, it } from 'vitest';
import { where, type PolicyResource } from 'polity';
import { megalisMeetings, seedMember, slot } from './meeting-world';
import { rejects, snapshot } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

for (const target of storeTargets) {
  describe(`${target.name}: Mégalis: who books for whom (MB-7, MB-8, MB-10)`, () => {
    it('MB-7: every licensed user books their own conferences and manages them', async () => {
      const { polity, rennes, user } = await megalisMeetings(target);
      const meeting = await polity.as(user).meetings.schedule({ title: 'Conseil', ...slot(1) });
      expect(meeting).toMatchObject({ organisationId: rennes.id, organiserId: user, createdById: user, timeZone: 'Europe/Paris' });
      expect((await polity.as(user).meetings.update({ meetingId: meeting.id, title: 'Conseil municipal' })).title).toBe('Conseil municipal');
    });

    it('MB-12: a deactivated, so unlicensed, user books nothing', async () => {
      const { polity, world, unlicensed } = await megalisMeetings(target);
      const refused = await rejects(polity.as(unlicensed).meetings.schedule({ title: 'Sans licence', ...slot(1) }), 'forbidden');
      expect(refused.details?.action).toBe('meeting.create');
      expect(await world.store.meetings.count()).toBe(0);
    });

    it('MB-7: a plain user books for nobody else', async () => {
      const { polity, user, colleague } = await megalisMeetings(target);
      await rejects(polity.as(user).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) }), 'forbidden');
    });

    it('MB-8: a delegated organiser books for a licensed user of the same organisation; both manage the booking', async () => {
      const { polity, world, rennes, delegate, colleague } = await megalisMeetings(target);
      const meeting = await polity.as(delegate).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) });
      expect(meeting).toMatchObject({ organisationId: rennes.id, organiserId: colleague, createdById: delegate });
      const organiserSeat = await world.store.participants.findOne(where.eq('meetingId', meeting.id));
      expect(organiserSeat).toMatchObject({ userId: colleague, role: 'organiser' });
      expect((await polity.as(colleague).meetings.update({ meetingId: meeting.id, title: 'Maela, réunion' })).title).toBe('Maela, réunion');
      expect((await polity.as(delegate).meetings.cancel({ meetingId: meeting.id })).status).toBe('cancelled');
    });

    it('MB-8: not for a person of another organisation, nor for an unlicensed colleague', async () => {
      const { polity, world, delegate, brestUser, unlicensed } = await megalisMeetings(target);
      const before = await snapshot(world.store);
      const foreign = await rejects(polity.as(delegate).meetings.schedule({ title: 'Pour Brest', organiserId: brestUser, ...slot(1) }), 'forbidden');
      expect(foreign.details?.action).toBe('meeting.create');
      await rejects(polity.as(delegate).meetings.schedule({ title: 'Pour Brest, chez nous', organiserId: brestUser, organisationId: (await world.store.users.get(delegate))?.organisationId ?? '', ...slot(1) }), 'forbidden');
      await rejects(polity.as(delegate).meetings.schedule({ title: 'Sans licence', organiserId: unlicensed, ...slot(1) }), 'forbidden');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('MB-9: an administrator books for a licensed colleague too (they can do what a delegated organiser can)', async () => {
      const { polity, administrator, colleague } = await megalisMeetings(target);
      expect((await polity.as(administrator).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) })).organiserId).toBe(colleague);
    });

    it('MB-10: the concierge books for any licensed user of the platform, never for an unlicensed one', async () => {
      const { polity, brest, concierge, brestUser, unlicensed } = await megalisMeetings(target);
      const meeting = await polity.as(concierge).meetings.schedule({ title: 'Pour Brest', organiserId: brestUser, ...slot(1) });
      expect(meeting).toMatchObject({ organisationId: brest.id, organiserId: brestUser, createdById: concierge });
      await rejects(polity.as(concierge).meetings.schedule({ title: 'Sans licence', organiserId: unlicensed, ...slot(1) }), 'forbidden');
    });

    it("MB-10: the concierge books for a Brest user in Brest only: another organisation or another organisation's unit is invalid_input, nothing written", async () => {
      const { polity, world, store, rennes, brest, concierge, brestUser, user } = await megalisMeetings(target);
      const rennesUnit = await store.units.insert({ id: 'unit_rennes', organisationId: rennes.id, parentId: null, name: 'Direction', createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z') });
      const before = await snapshot(world.store);
      const elsewhere = await rejects(polity.as(concierge).meetings.schedule({ title: 'Pour Brest, à Rennes', organiserId: brestUser, organisationId: rennes.id, ...slot(1) }), 'invalid_input');
      expect(elsewhere.details?.issues).toEqual([expect.objectContaining({ path: 'organisationId', code: 'not_organiser_organisation' })]);
      const unit = await rejects(polity.as(concierge).meetings.schedule({ title: 'Pour Brest, unité de Rennes', organiserId: brestUser, unitId: rennesUnit.id, ...slot(1) }), 'invalid_input');
      expect(unit.details?.issues).toEqual([expect.objectContaining({ path: 'unitId', code: 'not_organiser_organisation' })]);
      // A user naming another organisation for their own booking is refused by the policy first (MB-7).
      await rejects(polity.as(user).meetings.schedule({ title: 'Chez Brest', organisationId: brest.id, ...slot(1) }), 'forbidden');
      expect(await snapshot(world.store)).toEqual(before);
      // In the organiser's own organisation, named or not, it is booked, and the organiser manages it.
      const meeting = await polity.as(concierge).meetings.schedule({ title: 'Pour Brest', organiserId: brestUser, organisationId: brest.id, ...slot(1) });
      expect(meeting.organisationId).toBe(brest.id);
      expect((await polity.as(brestUser).meetings.update({ meetingId: meeting.id, title: 'À Brest' })).title).toBe('À Brest');
    });

    it('MB-7: recordings and streaming belong to the host; polity decides who manages them: their own only', async () => {
      const { polity, rennes, user, colleague } = await megalisMeetings(target);
      const meeting = await polity.as(user).meetings.schedule({ title: 'Diffusée', ...slot(1) });
      const asResource: PolicyResource = { kind: 'meeting', id: meeting.id, organisationId: rennes.id, unitId: null, organiserId: user, createdById: user };
      expect(await polity.as(user).can('meeting.stream', asResource)).toMatchObject({ allowed: true, source: 'MB-7' });
      expect((await polity.as(colleague).can('meeting.stream', asResource)).allowed).toBe(false);
      const recording = (ownerId: string): PolicyResource => ({ kind: 'recording', id: 'rec_1', organisationId: rennes.id, ownerId });
      expect(await polity.as(user).can('recording.manage', recording(user))).toMatchObject({ allowed: true, source: 'MB-7' });
      expect((await polity.as(user).can('recording.manage', recording(colleague))).allowed).toBe(false);
    });
  });

  describe(`${target.name}: Mégalis: the personal contact directory (MB-7)`, () => {
    it('MB-7: a user adds, lists, changes and removes entries of their own directory, each change audited', async () => {
      const { polity, world, user } = await megalisMeetings(target);
      const contacts = polity.as(user).contacts;
      const known = await contacts.add({ email: 'maela@rennes.test', displayName: 'Maela Le Bihan' });
      expect(known).toMatchObject({ ownerId: user, email: 'maela@rennes.test', displayName: 'Maela Le Bihan' });
      const outside = await contacts.add({ email: 'elus@exemple.fr', displayName: 'Zoé Élue' });
      expect((await contacts.list()).items.map((c) => c.id)).toEqual([known.id, outside.id]);
      expect((await contacts.list({ search: 'zoé' })).items.map((c) => c.id)).toEqual([outside.id]);
      const duplicate = await rejects(contacts.add({ email: 'ELUS@exemple.fr', displayName: 'Encore' }), 'conflict');
      expect(duplicate.details?.constraint).toBe('contacts.email');
      const moved = await contacts.update({ contactId: outside.id, email: 'yann@rennes.test' });
      expect(moved).toMatchObject({ email: 'yann@rennes.test', displayName: 'Zoé Élue' });
      await contacts.remove({ contactId: known.id });
      expect((await contacts.list()).items.map((c) => c.id)).toEqual([outside.id]);
      expect(await world.store.audit.count(where.in('action', ['contact.add', 'contact.update', 'contact.remove']))).toBe(4);
    });

    it('MB-7: the directory is no e-mail oracle: an entry is what its owner typed, the same whether or not the address has an account, in any organisation', async () => {
      const { polity, world, user, brestUser } = await megalisMeetings(target);
      const contacts = polity.as(brestUser).contacts;
      // No name, no lookup: the name is required rather than taken from an account.
      const unnamed = await rejects(contacts.add({ email: 'yann@rennes.test' } as never), 'invalid_input');
      expect(unnamed.details?.issues).toEqual([expect.objectContaining({ path: 'displayName' })]);
      const registered = await contacts.add({ email: 'yann@rennes.test', displayName: 'Y' });
      const unregistered = await contacts.add({ email: 'personne@exemple.fr', displayName: 'P' });
      expect(Object.keys(registered).sort()).toEqual(Object.keys(unregistered).sort());
      expect(registered).not.toHaveProperty('userId');
      expect(registered.displayName).toBe('Y');
      const changed = await contacts.update({ contactId: unregistered.id, email: 'maela@rennes.test' });
      expect(changed).not.toHaveProperty('userId');
      expect(changed.displayName).toBe('P');
      // Nothing stored or audited says who has an account either.
      expect(await world.store.contacts.get(registered.id)).not.toHaveProperty('userId');
      const trail = await world.store.audit.list({ where: where.in('action', ['contact.add', 'contact.update']) });
      expect(JSON.stringify(trail.items)).not.toContain(user);
    });

    it("MB-7: an invitation names a contact of the actor's own directory, and finds its account when it is sent", async () => {
      const { polity, world, store, rennes, user, colleague } = await megalisMeetings(target);
      const contacts = polity.as(user).contacts;
      const colleagueEntry = await contacts.add({ email: 'maela@rennes.test', displayName: 'Maela' });
      const outsider = await contacts.add({ email: 'zoe@exemple.fr', displayName: 'Zoé Le Goff' });
      const later = await contacts.add({ email: 'later@rennes.test', displayName: 'Later' });
      const meeting = await polity.as(user).meetings.schedule({ title: 'Avec mes contacts', ...slot(1) });
      const result = await polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: colleagueEntry.id }, { contactId: outsider.id }] });
      expect(result.added.map((p) => p.userId)[0]).toBe(colleague);
      expect(result.createdAccounts).toEqual([{ userId: expect.any(String), email: 'zoe@exemple.fr' }]);
      expect(await world.store.users.get(result.createdAccounts[0]?.userId ?? '')).toMatchObject({ givenName: 'Zoé', familyName: 'Le Goff', organisationId: null, language: 'fr' });
      // An account registered after the entry was added is found at invitation time.
      const registered = await seedMember(store, rennes, 'later@rennes.test', 'user');
      const afterwards = await polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: later.id }] });
      expect(afterwards).toMatchObject({ added: [expect.objectContaining({ userId: registered })], createdAccounts: [] });
      // Someone else's contact cannot be named.
      const theirs = await polity.as(colleague).contacts.add({ email: 'secret@exemple.fr', displayName: 'Secret' });
      await rejects(polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: theirs.id }] }), 'not_found');
    });

    it('SC-15: a generic mailbox enters by no door where the profile forbids them: contacts.add, contacts.update and a { contactId } invitee', async () => {
      const { polity, world, store, rennes, user } = await megalisMeetings(target);
      const contacts = polity.as(user).contacts;
      const entry = await contacts.add({ email: 'maire@exemple.fr', displayName: 'Le maire' });
      // An entry written before the rule held (or by another client of the store).
      const legacy = await store.contacts.insert({ id: 'contact_legacy', ownerId: user, organisationId: rennes.id, email: 'contact@exemple.fr', displayName: 'Accueil', createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z') });
      const meeting = await polity.as(user).meetings.schedule({ title: 'Sans boîte générique', ...slot(1) });
      const before = await snapshot(world.store);
      const added = await rejects(contacts.add({ email: 'info@exemple.fr', displayName: 'Info' }), 'invalid_input');
      expect(added.details?.issues[0]).toMatchObject({ path: 'email', code: 'generic_mailbox' });
      const updated = await rejects(contacts.update({ contactId: entry.id, email: 'secretariat@exemple.fr' }), 'invalid_input');
      expect(updated.details?.issues[0]).toMatchObject({ path: 'email', code: 'generic_mailbox' });
      const invited = await rejects(polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: entry.id }, { contactId: legacy.id }] }), 'invalid_input');
      expect(invited.details?.issues[0]).toMatchObject({ path: 'invitees.1.contactId', code: 'generic_mailbox' });
      expect(await snapshot(world.store)).toEqual(before);
    });

    it("MB-7: nobody reads or changes another person's directory", async () => {
      const { polity, user, colleague } = await megalisMeetings(target);
      const mine = await polity.as(user).contacts.add({ email: 'elus@exemple.fr', displayName: 'Élus' });
      await rejects(polity.as(colleague).contacts.update({ contactId: mine.id, displayName: 'Pirate' }), 'forbidden');
      await rejects(polity.as(colleague).contacts.remove({ contactId: mine.id }), 'forbidden');
      expect((await polity.as(colleague).contacts.list()).items).toEqual([]);
      await rejects(polity.as(colleague).contacts.remove({ contactId: 'no_such_contact' }), 'not_found');
    });
  });
}
