// Mégalis bookings (MB-7, MB-8, MB-10, MB-12), recordings and streaming (MB-7, a policy decision only) and
// the personal contact directory (MB-7). Licensed users hold a seat seeded in the store (see meeting-world.ts).
import { describe, expect, it } from 'vitest';
import { where, type PolicyResource } from 'polity';
import { megalisMeetings, slot } from './meeting-world';
import { rejects, snapshot } from './world';

describe('Mégalis: who books for whom (MB-7, MB-8, MB-10)', () => {
  it('MB-7: every licensed user books their own conferences and manages them', async () => {
    const { polity, rennes, user } = await megalisMeetings();
    const meeting = await polity.as(user).meetings.schedule({ title: 'Conseil', ...slot(1) });
    expect(meeting).toMatchObject({ organisationId: rennes.id, organiserId: user, createdById: user, timeZone: 'Europe/Paris' });
    expect((await polity.as(user).meetings.update({ meetingId: meeting.id, title: 'Conseil municipal' })).title).toBe('Conseil municipal');
  });

  it('MB-12: a deactivated, so unlicensed, user books nothing', async () => {
    const { polity, world, unlicensed } = await megalisMeetings();
    const refused = await rejects(polity.as(unlicensed).meetings.schedule({ title: 'Sans licence', ...slot(1) }), 'forbidden');
    expect(refused.details?.action).toBe('meeting.create');
    expect(await world.store.meetings.count()).toBe(0);
  });

  it('MB-7: a plain user books for nobody else', async () => {
    const { polity, user, colleague } = await megalisMeetings();
    await rejects(polity.as(user).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) }), 'forbidden');
  });

  it('MB-8: a delegated organiser books for a licensed user of the same organisation; both manage the booking', async () => {
    const { polity, world, rennes, delegate, colleague } = await megalisMeetings();
    const meeting = await polity.as(delegate).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) });
    expect(meeting).toMatchObject({ organisationId: rennes.id, organiserId: colleague, createdById: delegate });
    const organiserSeat = await world.store.participants.findOne(where.eq('meetingId', meeting.id));
    expect(organiserSeat).toMatchObject({ userId: colleague, role: 'organiser' });
    expect((await polity.as(colleague).meetings.update({ meetingId: meeting.id, title: 'Maela, réunion' })).title).toBe('Maela, réunion');
    expect((await polity.as(delegate).meetings.cancel({ meetingId: meeting.id })).status).toBe('cancelled');
  });

  it('MB-8: not for a person of another organisation, nor for an unlicensed colleague', async () => {
    const { polity, world, delegate, brestUser, unlicensed } = await megalisMeetings();
    const before = await snapshot(world.store);
    const foreign = await rejects(polity.as(delegate).meetings.schedule({ title: 'Pour Brest', organiserId: brestUser, ...slot(1) }), 'forbidden');
    expect(foreign.details?.action).toBe('meeting.create');
    await rejects(polity.as(delegate).meetings.schedule({ title: 'Pour Brest, chez nous', organiserId: brestUser, organisationId: (await world.store.users.get(delegate))?.organisationId ?? '', ...slot(1) }), 'forbidden');
    await rejects(polity.as(delegate).meetings.schedule({ title: 'Sans licence', organiserId: unlicensed, ...slot(1) }), 'forbidden');
    expect(await snapshot(world.store)).toEqual(before);
  });

  it('MB-9: an administrator books for a licensed colleague too (they can do what a delegated organiser can)', async () => {
    const { polity, administrator, colleague } = await megalisMeetings();
    expect((await polity.as(administrator).meetings.schedule({ title: 'Pour Maela', organiserId: colleague, ...slot(1) })).organiserId).toBe(colleague);
  });

  it('MB-10: the concierge books for any licensed user of the platform, never for an unlicensed one', async () => {
    const { polity, brest, concierge, brestUser, unlicensed } = await megalisMeetings();
    const meeting = await polity.as(concierge).meetings.schedule({ title: 'Pour Brest', organiserId: brestUser, ...slot(1) });
    expect(meeting).toMatchObject({ organisationId: brest.id, organiserId: brestUser, createdById: concierge });
    await rejects(polity.as(concierge).meetings.schedule({ title: 'Sans licence', organiserId: unlicensed, ...slot(1) }), 'forbidden');
  });

  it('MB-7: recordings and streaming belong to the host; polity decides who manages them: their own only', async () => {
    const { polity, rennes, user, colleague } = await megalisMeetings();
    const meeting = await polity.as(user).meetings.schedule({ title: 'Diffusée', ...slot(1) });
    const asResource: PolicyResource = { kind: 'meeting', id: meeting.id, organisationId: rennes.id, unitId: null, organiserId: user, createdById: user };
    expect(await polity.as(user).can('meeting.stream', asResource)).toMatchObject({ allowed: true, source: 'MB-7' });
    expect((await polity.as(colleague).can('meeting.stream', asResource)).allowed).toBe(false);
    const recording = (ownerId: string): PolicyResource => ({ kind: 'recording', id: 'rec_1', organisationId: rennes.id, ownerId });
    expect(await polity.as(user).can('recording.manage', recording(user))).toMatchObject({ allowed: true, source: 'MB-7' });
    expect((await polity.as(user).can('recording.manage', recording(colleague))).allowed).toBe(false);
  });
});

describe('Mégalis: the personal contact directory (MB-7)', () => {
  it('MB-7: a user adds, lists, changes and removes entries of their own directory, each change audited', async () => {
    const { polity, world, user, colleague } = await megalisMeetings();
    const contacts = polity.as(user).contacts;
    const known = await contacts.add({ email: 'maela@rennes.test' });
    expect(known).toMatchObject({ ownerId: user, userId: colleague, displayName: 'Seeded ' + (await world.store.users.get(colleague))?.familyName });
    const outside = await contacts.add({ email: 'elus@exemple.fr', displayName: 'Zoé Élue' });
    expect(outside.userId).toBeNull();
    expect((await contacts.list()).items.map((c) => c.id)).toEqual([known.id, outside.id]);
    expect((await contacts.list({ search: 'zoé' })).items.map((c) => c.id)).toEqual([outside.id]);
    const duplicate = await rejects(contacts.add({ email: 'ELUS@exemple.fr' }), 'conflict');
    expect(duplicate.details?.constraint).toBe('contacts.email');
    const moved = await contacts.update({ contactId: outside.id, email: 'yann@rennes.test' });
    expect(moved).toMatchObject({ email: 'yann@rennes.test', userId: user });
    await contacts.remove({ contactId: known.id });
    expect((await contacts.list()).items.map((c) => c.id)).toEqual([outside.id]);
    expect(await world.store.audit.count(where.in('action', ['contact.add', 'contact.update', 'contact.remove']))).toBe(4);
  });

  it("MB-7: nobody reads or changes another person's directory", async () => {
    const { polity, user, colleague } = await megalisMeetings();
    const mine = await polity.as(user).contacts.add({ email: 'elus@exemple.fr' });
    await rejects(polity.as(colleague).contacts.update({ contactId: mine.id, displayName: 'Pirate' }), 'forbidden');
    await rejects(polity.as(colleague).contacts.remove({ contactId: mine.id }), 'forbidden');
    expect((await polity.as(colleague).contacts.list()).items).toEqual([]);
    await rejects(polity.as(colleague).contacts.remove({ contactId: 'no_such_contact' }), 'not_found');
  });

  it('MB-7: an invitation names a contact of the actor\'s own directory', async () => {
    const { polity, world, user, colleague } = await megalisMeetings();
    const contacts = polity.as(user).contacts;
    const colleagueEntry = await contacts.add({ email: 'maela@rennes.test' });
    const outsider = await contacts.add({ email: 'zoe@exemple.fr', displayName: 'Zoé Le Goff' });
    const meeting = await polity.as(user).meetings.schedule({ title: 'Avec mes contacts', ...slot(1) });
    const result = await polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: colleagueEntry.id }, { contactId: outsider.id }] });
    expect(result.added.map((p) => p.userId)[0]).toBe(colleague);
    expect(result.createdAccounts).toEqual([{ userId: expect.any(String), email: 'zoe@exemple.fr' }]);
    expect(await world.store.users.get(result.createdAccounts[0]?.userId ?? '')).toMatchObject({ givenName: 'Zoé', familyName: 'Le Goff', organisationId: null, language: 'fr' });
    // Someone else's contact cannot be named.
    const theirs = await polity.as(colleague).contacts.add({ email: 'secret@exemple.fr' });
    await rejects(polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ contactId: theirs.id }] }), 'not_found');
  });
});
