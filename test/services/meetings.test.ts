// Meetings through the public API (EP-3, EP-15, EP-17, MB-11): booking, reading, changing, cancelling,
// inviting, with the audit trail and all-or-nothing writes. Limits and daylight saving are in
// meeting-limits.test.ts, who manages which meeting in meeting-rules.test.ts, Mégalis in meeting-megalis.test.ts.
import { describe, expect, it } from 'vitest';
import { createPolity, defaultTemplates, renderMessage, where, type Store, type StoreSession } from 'polity';
import { ePresenceMeetings, slot } from './meeting-world';
import { activate, outboxOf, rejects, snapshot } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

/**
 * The store as an invitation sees it while a concurrent one, not yet visible to it, invites the same people:
 * `participants.list` finds nobody, so the store's unique constraint is what refuses the second record.
 */
function withConcurrentInvitation(store: Store): Store {
  const passThrough = <T extends object>(target: T, key: string | symbol): unknown => {
    const value: unknown = Reflect.get(target, key);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  };
  const stale = (session: StoreSession): StoreSession =>
    new Proxy(session, {
      get(target, key) {
        if (key === 'transaction') return <R>(fn: (tx: StoreSession) => Promise<R>) => target.transaction((tx) => fn(stale(tx)));
        if (key !== 'participants') return passThrough(target, key);
        return new Proxy(target.participants, { get: (participants, name) => (name === 'list' ? async () => ({ items: [], nextCursor: null }) : passThrough(participants, name)) });
      },
    });
  return stale(store) as Store;
}

for (const target of storeTargets) {
  describe(`${target.name}: meetings: booking and reading (EP-3, EP-15, MB-11)`, () => {
    it('EP-3: a unit coordinator books a meeting in their unit; the organiser is its first participant', async () => {
      const { polity, world, unitCoordinatorId, unit, organisationId } = await ePresenceMeetings(target);
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Budget review', unitId: unit.id, description: 'Q1 figures', ...slot(2) });
      expect(meeting).toMatchObject({
        organisationId,
        unitId: unit.id,
        organiserId: unitCoordinatorId,
        createdById: unitCoordinatorId,
        status: 'scheduled',
        participantCount: 1,
        participantLimit: 300,
        startedAt: null,
        endedAt: null,
      });
      const participants = await world.store.participants.list({ where: where.eq('meetingId', meeting.id) });
      expect(participants.items).toEqual([expect.objectContaining({ userId: unitCoordinatorId, role: 'organiser', joinedAt: null })]);
      const audit = await world.store.audit.findOne(where.and(where.eq('targetId', meeting.id), where.eq('action', 'meeting.schedule')));
      expect(audit).toMatchObject({ actorId: unitCoordinatorId, organisationId });
    });

    it('EP-3: an organisation coordinator books for the organisation, with no unit', async () => {
      const { polity, coordinatorId, organisationId } = await ePresenceMeetings(target);
      const meeting = await polity.as(coordinatorId).meetings.schedule({ title: 'All hands', ...slot(1) });
      expect(meeting).toMatchObject({ organisationId, unitId: null, organiserId: coordinatorId });
    });

    it('EP-5: a unit coordinator books nothing outside their unit, nor for someone else', async () => {
      const { polity, world, unitCoordinatorId, coordinatorId, organisationId } = await ePresenceMeetings(target);
      const other = await polity.as(coordinatorId).units.create({ organisationId, name: 'Other directorate' });
      const before = await snapshot(world.store);
      await rejects(polity.as(unitCoordinatorId).meetings.schedule({ title: 'Elsewhere', unitId: other.id, ...slot(1) }), 'forbidden');
      await rejects(polity.as(unitCoordinatorId).meetings.schedule({ title: 'Org level', ...slot(1) }), 'forbidden');
      await rejects(polity.as(unitCoordinatorId).meetings.schedule({ title: 'For the boss', organiserId: coordinatorId, ...slot(1) }), 'forbidden');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-15: a plain user creates no meeting until a role-change request makes them a coordinator', async () => {
      const { polity, world, plainUserId, organisationId, unit, adminId } = await ePresenceMeetings(target);
      const plain = polity.as(plainUserId);
      const refused = await rejects(plain.meetings.schedule({ title: 'Mine', ...slot(1) }), 'forbidden');
      expect(refused.details?.action).toBe('meeting.create');
      expect(await world.store.meetings.count()).toBe(0);
      const request = await plain.roleRequests.file({ role: 'unit_coordinator', organisationId, unitId: unit.id, phone: '+30 210 5555555', purpose: 'hold briefings' });
      await polity.as(adminId).roleRequests.approve({ requestId: request.id });
      const meeting = await plain.meetings.schedule({ title: 'Mine', unitId: unit.id, ...slot(1) });
      expect(meeting.organiserId).toBe(plainUserId);
    });

    it('EP-8: a pending account books nothing before confirming its e-mail', async () => {
      const { polity, coordinatorId, organisationId, unit } = await ePresenceMeetings(target);
      const { user } = await polity.as(coordinatorId).users.add({ organisationId, unitId: unit.id, email: 'new.uc@gov.test', givenName: 'New', familyName: 'Coordinator', role: 'unit_coordinator' });
      await rejects(polity.as(user.id).meetings.schedule({ title: 'Too soon', unitId: unit.id, ...slot(1) }), 'email_unconfirmed');
    });

    it('MB-11: times are stored in UTC and shown in the viewer\'s time zone; local times are read in the zone given', async () => {
      const { polity, world, unitCoordinatorId, unit, coordinatorId } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId);
      await organiser.users.update({ userId: unitCoordinatorId, timeZone: 'Europe/Athens' });
      const meeting = await organiser.meetings.schedule({ title: 'Local', unitId: unit.id, startsAt: '2026-02-02T10:00', endsAt: '2026-02-02T11:30', timeZone: 'Europe/Athens' });
      expect(meeting.startsAt.toISOString()).toBe('2026-02-02T08:00:00.000Z');
      expect(meeting.endsAt.toISOString()).toBe('2026-02-02T09:30:00.000Z');
      expect(meeting.timeZone).toBe('Europe/Athens');
      const seen = await organiser.meetings.get({ meetingId: meeting.id });
      expect(seen).toMatchObject({ timeZone: 'Europe/Athens', startsAtLocal: '2026-02-02T10:00:00+02:00', endsAtLocal: '2026-02-02T11:30:00+02:00', durationMinutes: 90 });
      // The organisation coordinator's account is in UTC: the same meeting, shown in their zone.
      const byCoordinator = await polity.as(coordinatorId).meetings.get({ meetingId: meeting.id });
      expect(byCoordinator).toMatchObject({ timeZone: 'UTC', startsAtLocal: '2026-02-02T08:00:00+00:00' });
      // Instants with an offset are taken as they are.
      const other = await organiser.meetings.schedule({ title: 'Offset', unitId: unit.id, startsAt: '2026-02-03T10:00:00+02:00', endsAt: '2026-02-03T11:00:00+02:00' });
      expect(other.startsAt.toISOString()).toBe('2026-02-03T08:00:00.000Z');
      expect(other.timeZone).toBe('Europe/Athens');
      const local = await rejects(organiser.meetings.schedule({ title: 'No zone', unitId: unit.id, startsAt: '2026-02-03T10:00', endsAt: '2026-02-03T11:00' }), 'invalid_input');
      expect(local.details?.issues).toEqual([expect.objectContaining({ path: 'timeZone', code: 'time_zone_required' })]);
      expect(await world.store.meetings.count()).toBe(2);
    });

    it('refuses bad times before anything is read: an end before the start, an end in the past, unknown fields', async () => {
      const { polity, world, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const before = await snapshot(world.store);
      const backwards = await rejects(organiser.schedule({ title: 'Back', unitId: unit.id, startsAt: slot(1).endsAt, endsAt: slot(1).startsAt }), 'invalid_input');
      expect(backwards.details?.issues[0]).toMatchObject({ path: 'endsAt', code: 'ends_before_start' });
      const past = await rejects(organiser.schedule({ title: 'Past', unitId: unit.id, ...slot(1, '2025-12-01T08:00:00.000Z') }), 'invalid_input');
      expect(past.details?.issues[0]).toMatchObject({ path: 'endsAt', code: 'in_the_past' });
      await rejects(organiser.schedule({ title: 'Typo', unitId: unit.id, ...slot(1), roomID: 'x' } as never), 'invalid_input');
      await rejects(organiser.schedule({ title: 'Bad zone', unitId: unit.id, ...slot(1), timeZone: 'Mars/Olympus' }), 'invalid_input');
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-3: list shows the meetings one organised or was invited to, by start, paged', async () => {
      const { polity, unitCoordinatorId, plainUserId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const late = await organiser.schedule({ title: 'Late', unitId: unit.id, ...slot(1, '2026-02-04T08:00:00.000Z') });
      const early = await organiser.schedule({ title: 'Early', unitId: unit.id, ...slot(1, '2026-02-02T08:00:00.000Z') });
      const middle = await organiser.schedule({ title: 'Middle', unitId: unit.id, ...slot(1, '2026-02-03T08:00:00.000Z') });
      const first = await organiser.list({ limit: 2 });
      expect(first.items.map((v) => v.meeting.id)).toEqual([early.id, middle.id]);
      const second = await organiser.list({ limit: 2, after: first.nextCursor });
      expect(second.items.map((v) => v.meeting.id)).toEqual([late.id]);
      expect(second.nextCursor).toBeNull();
      expect((await organiser.list({ from: new Date('2026-02-03T00:00:00Z'), to: '2026-02-04T00:00:00Z' })).items.map((v) => v.meeting.id)).toEqual([middle.id]);

      const plain = polity.as(plainUserId).meetings;
      expect((await plain.list()).items).toEqual([]);
      await organiser.invite({ meetingId: middle.id, invitees: [{ userId: plainUserId }] });
      expect((await plain.list()).items.map((v) => v.meeting.id)).toEqual([middle.id]);
      expect((await plain.get({ meetingId: middle.id })).participants.map((p) => [p.userId, p.role])).toEqual([
        [unitCoordinatorId, 'organiser'],
        [plainUserId, 'participant'],
      ]);
      await rejects(plain.get({ meetingId: early.id }), 'forbidden');
    });

    it('EP-5: update changes title, description and times of a scheduled meeting, audited; nothing to change writes nothing', async () => {
      const { polity, world, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Draft', unitId: unit.id, ...slot(1) });
      world.clock.advance(60_000);
      const updated = await organiser.update({ meetingId: meeting.id, title: 'Final', description: 'Agenda', endsAt: slot(3).endsAt });
      expect(updated).toMatchObject({ title: 'Final', description: 'Agenda', endsAt: slot(3).endsAt, updatedAt: world.clock.now() });
      const audit = await world.store.audit.findOne(where.eq('action', 'meeting.update'));
      expect(audit?.changes).toEqual({ title: 'Final', description: 'Agenda', endsAt: slot(3).endsAt.toISOString() });
      const cleared = await organiser.update({ meetingId: meeting.id, description: null });
      expect(cleared.description).toBeNull();
      const before = await snapshot(world.store);
      expect(await organiser.update({ meetingId: meeting.id, title: 'Final' })).toEqual(cleared);
      expect(await snapshot(world.store)).toEqual(before);
      await rejects(organiser.update({ meetingId: meeting.id }), 'invalid_input');
      await rejects(organiser.update({ meetingId: 'no_such_meeting', title: 'X' }), 'not_found');
    });

    it('EP-5: a local time in update is read in the meeting\'s own zone unless another is given', async () => {
      const { polity, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Athens', unitId: unit.id, startsAt: '2026-02-02T10:00', endsAt: '2026-02-02T11:00', timeZone: 'Europe/Athens' });
      const moved = await organiser.update({ meetingId: meeting.id, startsAt: '2026-02-02T09:00' });
      expect(moved.startsAt.toISOString()).toBe('2026-02-02T07:00:00.000Z');
      const paris = await organiser.update({ meetingId: meeting.id, endsAt: '2026-02-02T10:00', timeZone: 'Europe/Paris' });
      expect(paris).toMatchObject({ endsAt: new Date('2026-02-02T09:00:00.000Z'), timeZone: 'Europe/Paris' });
    });

    it('X-3: cancel ends a scheduled meeting for good; nothing changes it afterwards', async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Off', unitId: unit.id, ...slot(1) });
      const cancelled = await organiser.cancel({ meetingId: meeting.id, reason: 'minister unavailable' });
      expect(cancelled.status).toBe('cancelled');
      expect((await world.store.audit.findOne(where.eq('action', 'meeting.cancel')))?.changes).toMatchObject({ status: 'cancelled', reason: 'minister unavailable' });
      const again = await rejects(organiser.cancel({ meetingId: meeting.id }), 'invalid_transition');
      expect(again.details).toMatchObject({ machine: 'meeting', state: 'cancelled', event: 'cancel' });
      await rejects(organiser.update({ meetingId: meeting.id, title: 'Back on' }), 'invalid_transition');
      await rejects(organiser.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] }), 'invalid_transition');
      await rejects(polity.as(plainUserId).meetings.cancel({ meetingId: meeting.id }), 'forbidden');
    });

    it('EP-4: cancelling tells everyone invited, the organiser included, except the one who cancelled, with the reason and the start in their own zone; a refused cancel sends nothing', async () => {
      const { polity, world, unitCoordinatorId, coordinatorId, unit, plainUserId } = await ePresenceMeetings(target);
      await polity.as(plainUserId).users.update({ userId: plainUserId, timeZone: 'Europe/Paris' });
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Budget review', unitId: unit.id, ...slot(1) });
      await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] });
      await rejects(polity.as(plainUserId).meetings.cancel({ meetingId: meeting.id }), 'forbidden');
      expect(await outboxOf(world.store, 'meeting.cancelled')).toEqual([]);

      // EP-4: the organisation coordinator cancels a unit coordinator's meeting.
      await polity.as(coordinatorId).meetings.cancel({ meetingId: meeting.id, reason: 'the minister is away' });
      const told = await outboxOf(world.store, 'meeting.cancelled');
      expect(told.map((message) => message.recipientUserId).sort()).toEqual([plainUserId, unitCoordinatorId].sort());
      const toPlain = told.find((message) => message.recipientUserId === plainUserId);
      expect(toPlain?.payload).toMatchObject({ title: 'Budget review', reason: 'the minister is away', timeZone: 'Europe/Paris', startsAt: '2026-02-02T08:00:00.000Z' });
      const { text } = renderMessage(toPlain!, defaultTemplates, polity.profile);
      expect(text).toContain('the minister is away');
    });
  });

  describe(`${target.name}: meetings: invitations (EP-4, EP-5, EP-17)`, () => {
    it('EP-4: participants come from any organisation, and get the invitation e-mail in their own time zone', async () => {
      const world = (await ePresenceMeetings(target)).world;
      const a = await ePresenceMeetings(world, 'a2');
      const b = await ePresenceMeetings(world, 'b');
      await world.polity.as(b.plainUserId).users.update({ userId: b.plainUserId, timeZone: 'Europe/Paris' });
      const organiser = world.polity.as(a.unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Joint session', unitId: a.unit.id, ...slot(1) });
      const result = await organiser.invite({ meetingId: meeting.id, invitees: [{ userId: b.plainUserId }, { userId: b.coordinatorId }] });
      expect(result.added.map((p) => p.userId)).toEqual([b.plainUserId, b.coordinatorId]);
      expect(result.added.every((p) => p.organisationId === a.organisationId)).toBe(true);
      expect(result.meeting.participantCount).toBe(3);
      const mails = await outboxOf(world.store, 'meeting.invitation', 'plain.b@gov.test');
      expect(mails).toHaveLength(1);
      expect(mails[0]?.payload).toMatchObject({ title: 'Joint session', timeZone: 'Europe/Paris', startsAt: meeting.startsAt.toISOString() });
      // Invited, the person from the other organisation reads and joins it (EP-3).
      expect((await world.polity.as(b.plainUserId).can('meeting.join', { kind: 'meeting', id: meeting.id, organisationId: a.organisationId, unitId: a.unit.id, organiserId: a.unitCoordinatorId })).allowed).toBe(true);
      expect((await world.polity.as(b.plainUserId).meetings.get({ meetingId: meeting.id })).meeting.id).toBe(meeting.id);
    });

    it('EP-17: a unit coordinator invites an unregistered address: a pending account, no role, no organisation, tied to the invitation', async () => {
      const { polity, world, unitCoordinatorId, unit, organisationId } = await ePresenceMeetings(target);
      const coordinator = polity.as(unitCoordinatorId);
      // A unit coordinator adds nobody to the platform through user administration (EP-17)…
      await rejects(coordinator.users.add({ organisationId, email: 'guest@example.org', givenName: 'G', familyName: 'Uest', role: 'user' }), 'forbidden');
      const meeting = await coordinator.meetings.schedule({ title: 'Consultation', unitId: unit.id, ...slot(1) });
      // … but may invite an unregistered address to their own meeting.
      const result = await coordinator.meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'Guest@Example.org', givenName: 'Giorgos', familyName: 'Guest' }] });
      expect(result.createdAccounts).toEqual([{ userId: expect.any(String), email: 'Guest@Example.org' }]);
      const guestId = result.createdAccounts[0]?.userId ?? '';
      const guest = await world.store.users.get(guestId);
      expect(guest).toMatchObject({ organisationId: null, emailConfirmedAt: null, active: true, givenName: 'Giorgos', timeZone: meeting.timeZone });
      expect(await world.store.assignments.count(where.eq('userId', guestId))).toBe(0);
      expect(await world.store.participants.count(where.and(where.eq('userId', guestId), where.eq('meetingId', meeting.id)))).toBe(1);
      expect(await outboxOf(world.store, 'account.activation', 'Guest@Example.org')).toHaveLength(1);
      expect(await outboxOf(world.store, 'meeting.invitation', 'Guest@Example.org')).toHaveLength(1);
      expect(await world.store.audit.count(where.and(where.eq('action', 'user.invite_to_meeting'), where.eq('targetId', guestId)))).toBe(1);

      // Once confirmed, the guest sees the meeting they were invited to, and nothing more.
      await activate(world, 'Guest@Example.org');
      const seen = await polity.as(guestId).meetings.list();
      expect(seen.items.map((v) => v.meeting.id)).toEqual([meeting.id]);
      await rejects(polity.as(guestId).meetings.schedule({ title: 'Mine', ...slot(1), organisationId }), 'forbidden');

      // The same address again is the same person: already invited, nothing written.
      const again = await coordinator.meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'Guest@Example.org' }] });
      expect(again).toMatchObject({ added: [], alreadyInvited: [guestId], createdAccounts: [] });
    });

    it('EP-17: an address with an account is that account; a generic mailbox is refused where the profile forbids them', async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId } = await ePresenceMeetings(target);
      const coordinator = polity.as(unitCoordinatorId).meetings;
      const meeting = await coordinator.schedule({ title: 'Known', unitId: unit.id, ...slot(1) });
      const users = await world.store.users.count();
      const result = await coordinator.invite({ meetingId: meeting.id, invitees: [{ email: 'PLAIN.a@gov.test' }, { userId: plainUserId }] });
      expect(result.added.map((p) => p.userId)).toEqual([plainUserId]);
      expect(await world.store.users.count()).toBe(users);
      const generic = await rejects(coordinator.invite({ meetingId: meeting.id, invitees: [{ email: 'info@example.org' }] }), 'invalid_input');
      expect(generic.details?.issues[0]).toMatchObject({ path: 'invitees.0.email', code: 'generic_mailbox' });
      await rejects(coordinator.invite({ meetingId: meeting.id, invitees: [{ userId: 'nobody_here' }] }), 'not_found');
      await rejects(coordinator.invite({ meetingId: meeting.id, invitees: [] }), 'invalid_input');
    });

    it('EP-5: removing a participant frees the place; the organiser and anyone who joined stay', async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId, coordinatorId } = await ePresenceMeetings(target);
      const coordinator = polity.as(unitCoordinatorId).meetings;
      const meeting = await coordinator.schedule({ title: 'Trim', unitId: unit.id, ...slot(1) });
      await coordinator.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }, { userId: coordinatorId }] });
      const after = await coordinator.removeParticipant({ meetingId: meeting.id, userId: plainUserId });
      expect(after.participantCount).toBe(2);
      expect(await world.store.participants.count(where.eq('meetingId', meeting.id))).toBe(2);
      expect((await rejects(coordinator.removeParticipant({ meetingId: meeting.id, userId: unitCoordinatorId }), 'conflict')).details?.constraint).toBe('meeting.organiser');
      await rejects(coordinator.removeParticipant({ meetingId: meeting.id, userId: plainUserId }), 'not_found');
      world.clock.set('2026-02-02T08:00:00.000Z');
      await polity.meetingEvents.started({ meetingId: meeting.id });
      await polity.meetingEvents.joined({ meetingId: meeting.id, userId: coordinatorId });
      expect((await rejects(coordinator.removeParticipant({ meetingId: meeting.id, userId: coordinatorId }), 'conflict')).details?.constraint).toBe('participant.joined');
    });
  });

  describe(`${target.name}: meetings: who sees what, suspension, concurrency (EP-3, EP-4, EP-5)`, () => {
    it("EP-3: an invitee reads the meeting but not when others joined and left (only their own); whoever manages it sees every time (EP-4, EP-5)", async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId, coordinatorId } = await ePresenceMeetings(target);
      const other = await ePresenceMeetings(world, 'b');
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Attendance', unitId: unit.id, ...slot(2) });
      await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }, { userId: other.coordinatorId }] });
      world.clock.set('2026-02-02T10:30:00.000Z');
      const at = (hhmm: string) => new Date(`2026-02-02T${hhmm}:00.000Z`);
      await polity.meetingEvents.started({ meetingId: meeting.id, at: at('08:00') });
      await polity.meetingEvents.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:05') });
      await polity.meetingEvents.left({ meetingId: meeting.id, userId: plainUserId, at: at('08:50') });
      await polity.meetingEvents.joined({ meetingId: meeting.id, userId: other.coordinatorId, at: at('08:10') });
      const times = async (viewerId: string) =>
        Object.fromEntries((await polity.as(viewerId).meetings.get({ meetingId: meeting.id })).participants.map((p) => [p.userId, [p.joinedAt, p.leftAt]]));
      const all = { [unitCoordinatorId]: [null, null], [plainUserId]: [at('08:05'), at('08:50')], [other.coordinatorId]: [at('08:10'), null] };
      // The organiser (EP-5) and their organisation coordinator (EP-4) manage it: they see every time.
      expect(await times(unitCoordinatorId)).toEqual(all);
      expect(await times(coordinatorId)).toEqual(all);
      // An invitee from another organisation sees who is invited, their own times, and nobody else's.
      expect(await times(other.coordinatorId)).toEqual({ [unitCoordinatorId]: [null, null], [plainUserId]: [null, null], [other.coordinatorId]: [at('08:10'), null] });
      expect(await times(plainUserId)).toEqual({ [unitCoordinatorId]: [null, null], [plainUserId]: [at('08:05'), at('08:50')], [other.coordinatorId]: [null, null] });
    });

    it('EP-4, EP-5: in a suspended organisation update, cancel and removeParticipant refuse, as schedule and invite do; nothing is written', async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId, adminId, organisationId } = await ePresenceMeetings(target);
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Frozen', unitId: unit.id, ...slot(1) });
      await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] });
      const admin = polity.as(adminId);
      await admin.organisations.suspend({ organisationId, reason: 'audit' });
      const before = await snapshot(world.store);
      // The platform admin (in no organisation) still acts, and still finds the organisation frozen.
      const refusals = [
        () => admin.meetings.update({ meetingId: meeting.id, title: 'Thawed' }),
        () => admin.meetings.cancel({ meetingId: meeting.id }),
        () => admin.meetings.removeParticipant({ meetingId: meeting.id, userId: plainUserId }),
        () => admin.meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'guest@elsewhere.test' }] }),
        () => admin.meetings.schedule({ title: 'New', unitId: unit.id, ...slot(1) }),
      ];
      for (const refusal of refusals) expect((await rejects(refusal(), 'conflict')).details).toMatchObject({ constraint: 'organisation.suspended', organisationId });
      expect(await snapshot(world.store)).toEqual(before);
      await admin.organisations.resume({ organisationId });
      expect((await admin.meetings.update({ meetingId: meeting.id, title: 'Thawed' })).title).toBe('Thawed');
    });

    it('EP-5: an invitation that loses a race for the same person is a conflict naming the person as given (participants.member), and writes nothing', async () => {
      const { polity, world, unitCoordinatorId, unit, plainUserId } = await ePresenceMeetings(target);
      const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Raced', unitId: unit.id, ...slot(1) });
      await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] });
      let n = 0;
      const racing = createPolity({ store: withConcurrentInvitation(world.store), profile: world.polity.profile, clock: world.clock, ids: { id: (kind) => `race_${kind}_${(n += 1)}`, secret: () => `race_secret_${(n += 1)}` } });
      const before = await snapshot(world.store);
      const byId = await rejects(racing.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }] }), 'conflict');
      expect(byId.details).toMatchObject({ constraint: 'participants.member', meetingId: meeting.id, userId: plainUserId });
      expect(byId.message).toContain('was invited to "Raced" by another call at the same time');
      const byAddress = await rejects(racing.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'plain.a@gov.test' }] }), 'conflict');
      expect(byAddress.message).toContain('was invited');
      expect(await snapshot(world.store)).toEqual(before);
    });
  });

  describe(`${target.name}: meetings: malformed input`, () => {
    it('every meetings, contacts and meetingEvents command refuses malformed input with invalid_input naming the field, writing nothing', async () => {
      const { polity, world, unitCoordinatorId } = await ePresenceMeetings(target);
      const actor = polity.as(unitCoordinatorId);
      const cases: [string, () => Promise<unknown>, string][] = [
        ['meetings.schedule', () => actor.meetings.schedule({ title: '', ...slot(1) }), 'title'],
        ['meetings.schedule', () => actor.meetings.schedule({ title: 'T', startsAt: 'tomorrow', endsAt: slot(1).endsAt }), 'startsAt'],
        ['meetings.update', () => actor.meetings.update({ meetingId: 'm 1', title: 'T' }), 'meetingId'],
        ['meetings.cancel', () => actor.meetings.cancel({ meetingId: 'meeting_1', reason: '' }), 'reason'],
        ['meetings.invite', () => actor.meetings.invite({ meetingId: 'meeting_1', invitees: [{ email: 'nope' }] }), 'invitees.0'],
        ['meetings.removeParticipant', () => actor.meetings.removeParticipant({ meetingId: 'meeting_1' } as never), 'userId'],
        ['meetings.get', () => actor.meetings.get({} as never), 'meetingId'],
        ['meetings.list', () => actor.meetings.list({ status: 'postponed' } as never), 'status'],
        ['contacts.add', () => actor.contacts.add({ email: 'x', displayName: 'X' }), 'email'],
        ['contacts.list', () => actor.contacts.list({ limit: 0 }), 'limit'],
        ['contacts.update', () => actor.contacts.update({ contactId: 'contact_1', displayName: ' ' }), 'displayName'],
        ['contacts.remove', () => actor.contacts.remove({ contactId: '' }), 'contactId'],
        ['meetingEvents.started', () => polity.meetingEvents.started({ meetingId: 'meeting_1', at: 'soon' } as never), 'at'],
        ['meetingEvents.joined', () => polity.meetingEvents.joined({ meetingId: 'meeting_1' } as never), 'userId'],
        ['meetingEvents.left', () => polity.meetingEvents.left({ meetingId: 'meeting_1', userId: 'u', extra: 1 } as never), ''],
        ['meetingEvents.ended', () => polity.meetingEvents.ended(null as never), ''],
      ];
      const before = await snapshot(world.store);
      for (const [name, call, field] of cases) {
        const error = await rejects(call(), 'invalid_input');
        expect(error.details?.issues.map((issue) => issue.path).some((path) => path === field || path.startsWith(`${field}.`)), `${name}: ${error.message}`).toBe(true);
      }
      expect(await snapshot(world.store)).toEqual(before);
    });
  });
}
