// The profile's meeting limits (EP-1, EP-2) at their edges, the duration exemption, elapsed time across the
// daylight-saving nights of 2026 in Athens and Paris (MB-11), and capacity under concurrent invitations on
// the memory store (the Postgres test proves the same on a real server).
import { describe, expect, it } from 'vitest';
import { extendProfile, isPolityError, profiles, where } from 'polity';
import { ePresenceMeetings, slot } from './meeting-world';
import { makeWorld, rejects, seedUser, snapshot } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

const minutes = (n: number) => n * 60_000;

for (const target of storeTargets) {
  describe(`${target.name}: EP-1: a meeting lasts at most 12 hours`, () => {
    it('EP-1: exactly 12 h passes; 12 h and 1 min is limit_exceeded, and nothing is written', async () => {
      const { polity, world, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Marathon', unitId: unit.id, ...slot(12) });
      expect(meeting.endsAt.getTime() - meeting.startsAt.getTime()).toBe(minutes(720));
      const before = await snapshot(world.store);
      const { startsAt } = slot(12);
      const over = await rejects(organiser.schedule({ title: 'Too long', unitId: unit.id, startsAt, endsAt: new Date(startsAt.getTime() + minutes(721)) }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'duration', max: 720, actual: 721 });
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-1: checked again when an update changes the times', async () => {
      const { polity, world, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Grows', unitId: unit.id, ...slot(2) });
      const before = await snapshot(world.store);
      const over = await rejects(organiser.update({ meetingId: meeting.id, endsAt: new Date(meeting.startsAt.getTime() + minutes(721)) }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'duration', max: 720, actual: 721 });
      const early = await rejects(organiser.update({ meetingId: meeting.id, startsAt: new Date(meeting.endsAt.getTime() - minutes(721)) }), 'limit_exceeded');
      expect(early.details?.['actual']).toBe(721);
      expect(await snapshot(world.store)).toEqual(before);
      const exact = await organiser.update({ meetingId: meeting.id, endsAt: new Date(meeting.startsAt.getTime() + minutes(720)) });
      expect(exact.endsAt.getTime() - exact.startsAt.getTime()).toBe(minutes(720));
    });

    it('EP-1: the e:Presence platform admin is exempt; whoever changes the times afterwards is held to the limit', async () => {
      const { polity, adminId, unitCoordinatorId, unit, organisationId } = await ePresenceMeetings(target);
      const own = await polity.as(adminId).meetings.schedule({ title: 'Super long', organisationId, ...slot(16) });
      expect(own.endsAt.getTime() - own.startsAt.getTime()).toBe(minutes(16 * 60));
      const coordinators = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Normal', unitId: unit.id, ...slot(2) });
      const stretched = await polity.as(adminId).meetings.update({ meetingId: coordinators.id, endsAt: slot(14).endsAt });
      expect(stretched.endsAt).toEqual(slot(14).endsAt);
      // The organiser may still rename it: the times, and so the duration, are unchanged.
      await polity.as(unitCoordinatorId).meetings.update({ meetingId: coordinators.id, title: 'Long, by decision' });
      const moved = await rejects(polity.as(unitCoordinatorId).meetings.update({ meetingId: coordinators.id, startsAt: slot(1, '2026-02-02T09:00:00.000Z').startsAt }), 'limit_exceeded');
      expect(moved.details).toMatchObject({ limit: 'duration', max: 720, actual: 780 });
    });

    it('EP-1: the limit and the exemption are the profile\'s (configurable)', async () => {
      const strict = extendProfile(profiles.ePresence, { id: 'strict-presence', limits: { meetingMaxMinutes: 60, meetingMaxParticipants: 300, durationExemptRoles: [] } });
      const { polity, adminId, organisationId, unitCoordinatorId, unit } = await ePresenceMeetings(await makeWorld(target, strict));
      const over = await rejects(polity.as(adminId).meetings.schedule({ title: 'Not exempt here', organisationId, ...slot(2) }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'duration', max: 60, actual: 120 });
      await polity.as(unitCoordinatorId).meetings.schedule({ title: 'One hour', unitId: unit.id, ...slot(1) });
    });
  });

  describe(`${target.name}: MB-11: durations across daylight-saving changes are elapsed time`, () => {
    const nights = [
      // Clocks go forward: a wall-clock 13 h is 12 h of elapsed time.
      { zone: 'Europe/Paris', startsAt: '2026-03-28T20:00', fits: '2026-03-29T09:00', over: '2026-03-29T09:01', wall: 13 * 60 },
      { zone: 'Europe/Athens', startsAt: '2026-03-28T22:00', fits: '2026-03-29T11:00', over: '2026-03-29T11:01', wall: 13 * 60 },
      // Clocks go back: a wall-clock 11 h is 12 h of elapsed time.
      { zone: 'Europe/Paris', startsAt: '2026-10-24T21:00', fits: '2026-10-25T08:00', over: '2026-10-25T08:01', wall: 11 * 60 },
      { zone: 'Europe/Athens', startsAt: '2026-10-24T22:00', fits: '2026-10-25T09:00', over: '2026-10-25T09:01', wall: 11 * 60 },
    ];

    it.each(nights)('EP-1, MB-11: $zone from $startsAt to $fits is exactly 12 h elapsed ($wall min on the wall clock); a minute more is over', async ({ zone, startsAt, fits, over }) => {
      const { polity, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Night shift', unitId: unit.id, startsAt, endsAt: fits, timeZone: zone });
      expect(meeting.endsAt.getTime() - meeting.startsAt.getTime()).toBe(minutes(720));
      const view = await organiser.get({ meetingId: meeting.id });
      expect(view.durationMinutes).toBe(720);
      const tooLong = await rejects(organiser.schedule({ title: 'Night shift', unitId: unit.id, startsAt, endsAt: over, timeZone: zone }), 'limit_exceeded');
      expect(tooLong.details).toMatchObject({ limit: 'duration', max: 720, actual: 721 });
    });

    it('MB-11: the local times of a meeting across the change carry their own offsets', async () => {
      const { polity, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId);
      await organiser.users.update({ userId: unitCoordinatorId, timeZone: 'Europe/Athens' });
      const meeting = await organiser.meetings.schedule({ title: 'Across', unitId: unit.id, startsAt: '2026-03-29T02:00', endsAt: '2026-03-29T05:00', timeZone: 'Europe/Athens' });
      expect(meeting.startsAt.toISOString()).toBe('2026-03-29T00:00:00.000Z');
      expect(meeting.endsAt.toISOString()).toBe('2026-03-29T02:00:00.000Z');
      expect(await organiser.meetings.get({ meetingId: meeting.id })).toMatchObject({ startsAtLocal: '2026-03-29T02:00:00+02:00', endsAtLocal: '2026-03-29T05:00:00+03:00', durationMinutes: 120 });
    });

    it('MB-11: a local time the clocks skip is refused; one they repeat is taken at its first occurrence', async () => {
      const { polity, world, unitCoordinatorId, unit } = await ePresenceMeetings(target);
      const organiser = polity.as(unitCoordinatorId).meetings;
      const before = await snapshot(world.store);
      const skipped = await rejects(organiser.schedule({ title: 'Gap', unitId: unit.id, startsAt: '2026-03-29T02:30', endsAt: '2026-03-29T04:00', timeZone: 'Europe/Paris' }), 'invalid_input');
      expect(skipped.details?.issues).toEqual([expect.objectContaining({ path: 'startsAt', code: 'nonexistent_local_time' })]);
      expect(await snapshot(world.store)).toEqual(before);
      const repeated = await organiser.schedule({ title: 'Twice', unitId: unit.id, startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T04:00', timeZone: 'Europe/Paris' });
      expect(repeated.startsAt.toISOString()).toBe('2026-10-25T00:30:00.000Z');
      expect(repeated.endsAt.getTime() - repeated.startsAt.getTime()).toBe(minutes(150));
      await rejects(organiser.schedule({ title: 'Not a date', unitId: unit.id, startsAt: '2026-02-30T10:00', endsAt: '2026-03-01T10:00', timeZone: 'Europe/Paris' }), 'invalid_input');
    });
  });

  describe(`${target.name}: EP-2: a meeting has at most 300 participants, the organiser included`, () => {
    async function withPeople(count: number) {
      const setup = await ePresenceMeetings(target);
      const people: string[] = [];
      for (let i = 0; i < count; i += 1) people.push((await seedUser(setup.world.store, { email: `person${i}@elsewhere.test` })).id);
      const meeting = await setup.polity.as(setup.unitCoordinatorId).meetings.schedule({ title: 'Conference', unitId: setup.unit.id, ...slot(2) });
      return { ...setup, people, meeting, organiser: setup.polity.as(setup.unitCoordinatorId).meetings };
    }

    it('EP-2: the organiser and 299 invited make exactly 300; the 301st is limit_exceeded', async () => {
      const { organiser, meeting, people, world } = await withPeople(300);
      const full = await organiser.invite({ meetingId: meeting.id, invitees: people.slice(0, 299).map((userId) => ({ userId })) });
      expect(full.meeting.participantCount).toBe(300);
      expect(await world.store.participants.count(where.eq('meetingId', meeting.id))).toBe(300);
      const before = await snapshot(world.store);
      const over = await rejects(organiser.invite({ meetingId: meeting.id, invitees: [{ userId: people[299] ?? '' }] }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'participants', max: 300, actual: 301 });
      expect(await snapshot(world.store)).toEqual(before);
      // Freeing a place lets one more in.
      await organiser.removeParticipant({ meetingId: meeting.id, userId: people[0] ?? '' });
      expect((await organiser.invite({ meetingId: meeting.id, invitees: [{ userId: people[299] ?? '' }] })).meeting.participantCount).toBe(300);
    });

    it('EP-2: a call that does not fit adds nobody, new accounts included', async () => {
      const { organiser, meeting, people, world } = await withPeople(299);
      const before = await snapshot(world.store);
      const over = await rejects(organiser.invite({ meetingId: meeting.id, invitees: [...people.map((userId) => ({ userId })), { email: 'one.more@elsewhere.test' }] }), 'limit_exceeded');
      expect(over.details).toMatchObject({ limit: 'participants', max: 300, actual: 301 });
      expect(await snapshot(world.store)).toEqual(before);
    });

    it('EP-2: a room with a lower limit caps the meeting booked in it', async () => {
      const { polity, world, unitCoordinatorId, unit, organisationId } = await ePresenceMeetings(target);
      const at = new Date('2026-01-01T00:00:00.000Z');
      const room = await world.store.rooms.insert({ id: 'room_small', organisationId, name: 'Small room', participantLimit: 2, createdById: unitCoordinatorId, createdAt: at, updatedAt: at });
      const organiser = polity.as(unitCoordinatorId).meetings;
      const meeting = await organiser.schedule({ title: 'Tête-à-tête', unitId: unit.id, roomId: room.id, ...slot(1) });
      expect(meeting).toMatchObject({ roomId: room.id, participantLimit: 2 });
      const a = await seedUser(world.store, { email: 'a@elsewhere.test' });
      const b = await seedUser(world.store, { email: 'b@elsewhere.test' });
      await organiser.invite({ meetingId: meeting.id, invitees: [{ userId: a.id }] });
      expect((await rejects(organiser.invite({ meetingId: meeting.id, invitees: [{ userId: b.id }] }), 'limit_exceeded')).details).toMatchObject({ max: 2, actual: 3 });
      await rejects(organiser.schedule({ title: 'Nowhere', unitId: unit.id, roomId: 'room_missing', ...slot(1) }), 'not_found');
    });

    it('EP-2: concurrent invitations on the memory store admit exactly the free places', async () => {
      const { organiser, meeting, people } = await withPeople(40);
      // 295 places taken, 5 free; 40 people invited one by one, all at once.
      const filler = await withFiller(organiser, meeting.id, 294);
      expect(filler).toBe(295);
      const results = await Promise.allSettled(people.map((userId) => organiser.invite({ meetingId: meeting.id, invitees: [{ userId }] })));
      const admitted = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(admitted).toHaveLength(5);
      expect(refused.every((r) => isPolityError(r.reason, 'limit_exceeded'))).toBe(true);
      expect((await organiser.get({ meetingId: meeting.id })).meeting.participantCount).toBe(300);
    });
  });
}

/** Invites `count` fresh addresses in one call; returns the participant count after. */
async function withFiller(organiser: { invite: (input: { meetingId: string; invitees: { email: string }[] }) => Promise<{ meeting: { participantCount: number } }> }, meetingId: string, count: number): Promise<number> {
  const invitees = Array.from({ length: count }, (_, i) => ({ email: `filler${i}@elsewhere.test` }));
  return (await organiser.invite({ meetingId, invitees })).meeting.participantCount;
}
