// Planning (MB-10, MB-11) and statistics (MB-9, MB-10) through the public API, on the Mégalis profile.
// The February scenario writes meetings and attendances straight into the store with the times a host would
// have reported (past meetings, open attendances in ended ones); the rejoin case goes through
// polity.meetingEvents.
import { describe, expect, it } from 'vitest';
import { profiles, where, type Meeting, type Page, type PlanningEntry, type Store } from 'polity';
import { megalisMeetings } from './meeting-world';
import { makeWorld, rejects, seedAssignment, seedOrganisation, seedUser, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

const t = (iso: string) => new Date(iso);

/** A Mégalis world: organisations A and B, a concierge, administrators of A and B, a delegated organiser and a user of A. */
async function megalisWorld(target: StoreTarget) {
  const world = await makeWorld(target, profiles.megalis);
  const { store } = world;
  const a = await seedOrganisation(store, 'Rennes Métropole');
  const b = await seedOrganisation(store, 'Brest Métropole');
  const person = async (email: string, role: string, organisationId: string | null, timeZone = 'UTC') => {
    const user = await seedUser(store, { email, organisationId, timeZone });
    await seedAssignment(store, { userId: user.id, role, scopeType: organisationId === null ? 'platform' : 'organisation', organisationId });
    return user.id;
  };
  return {
    world,
    a,
    b,
    conciergeId: await person('concierge@capvisio.test', 'concierge', null, 'Europe/Paris'),
    adminId: await person('admin@rennes.test', 'administrator', a.id, 'Europe/Paris'),
    adminBId: await person('admin@brest.test', 'administrator', b.id),
    delegateId: await person('delegate@rennes.test', 'delegated_organiser', a.id),
    userId: await person('agent@rennes.test', 'user', a.id),
  };
}

let meetings = 0;

/** A meeting written straight into the store, with what the host reported (`startedAt`, `endedAt`). */
async function seedMeeting(
  store: Store,
  organisationId: string,
  organiserId: string,
  startsAt: string,
  endsAt: string,
  fields: Partial<Pick<Meeting, 'status' | 'startedAt' | 'endedAt' | 'title'>> = {},
): Promise<Meeting> {
  meetings += 1;
  const start = t(startsAt);
  return store.meetings.insert({
    id: `meeting_${meetings}`,
    organisationId,
    unitId: null,
    organiserId,
    createdById: organiserId,
    roomId: null,
    title: `Meeting ${meetings}`,
    description: null,
    startsAt: start,
    endsAt: t(endsAt),
    timeZone: 'Europe/Paris',
    status: 'scheduled',
    participantCount: 1,
    participantLimit: 300,
    startedAt: null,
    endedAt: null,
    createdAt: start,
    updatedAt: start,
    ...fields,
  });
}

/**
 * What the host reported of one person in a meeting: their participant record and, when they joined, their
 * attendance (one stay: joined, and left or not).
 */
async function seedAttendance(store: Store, meeting: Meeting, userId: string, joinedAt: string | null, leftAt: string | null): Promise<void> {
  const times = { joinedAt: joinedAt === null ? null : t(joinedAt), leftAt: leftAt === null ? null : t(leftAt) };
  await store.participants.insert({
    id: `participant_${meeting.id}_${userId}`,
    meetingId: meeting.id,
    organisationId: meeting.organisationId,
    userId,
    role: userId === meeting.organiserId ? 'organiser' : 'participant',
    invitedAt: meeting.createdAt,
    ...times,
  });
  if (times.joinedAt !== null) {
    await store.attendances.insert({ id: `attendance_${meeting.id}_${userId}`, meetingId: meeting.id, organisationId: meeting.organisationId, userId, joinedAt: times.joinedAt, leftAt: times.leftAt });
  }
}

const february = { from: t('2026-02-01T00:00:00Z'), to: t('2026-03-01T00:00:00Z') };

for (const target of storeTargets) {
  describe(`${target.name}: planning (MB-10, MB-11)`, () => {
    it("MB-10: an administrator sees their organisation's meetings overlapping [from, to), by start; cancelled ones only when asked", async () => {
      const { world, a, b, adminId, adminBId } = await megalisWorld(target);
      const { store } = world;
      await seedMeeting(store, a.id, adminId, '2026-01-31T22:00:00Z', '2026-02-01T00:00:00Z', { title: 'ends as the range starts' });
      await seedMeeting(store, a.id, adminId, '2026-01-31T23:00:00Z', '2026-02-01T01:00:00Z', { title: 'overlaps the start' });
      await seedMeeting(store, a.id, adminId, '2026-02-10T09:00:00Z', '2026-02-10T10:00:00Z', { title: 'inside' });
      await seedMeeting(store, a.id, adminId, '2026-02-05T09:00:00Z', '2026-02-05T10:00:00Z', { title: 'cancelled', status: 'cancelled' });
      await seedMeeting(store, a.id, adminId, '2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z', { title: 'starts as the range ends' });
      await seedMeeting(store, b.id, adminBId, '2026-02-10T09:00:00Z', '2026-02-10T10:00:00Z', { title: 'another organisation' });

      const admin = world.polity.as(adminId);
      const page = await admin.planning.list({ organisationId: a.id, ...february });
      expect(page.items.map((m) => m.title)).toEqual(['overlaps the start', 'inside']);
      expect(page.items.every((m) => !m.cancelled)).toBe(true);
      const all = await admin.planning.list({ organisationId: a.id, ...february, includeCancelled: true });
      expect(all.items.map((m) => [m.title, m.status, m.cancelled])).toEqual([
        ['overlaps the start', 'scheduled', false],
        ['cancelled', 'cancelled', true],
        ['inside', 'scheduled', false],
      ]);
      // Without an organisation, an administrator's planning is their own organisation's.
      expect((await admin.planning.list(february)).items.map((m) => m.title)).toEqual(['overlaps the start', 'inside']);
    });

    it("MB-10: an administrator may not see another organisation's planning, nor may a delegated organiser or a user see any", async () => {
      const { world, a, b, adminId, delegateId, userId } = await megalisWorld(target);
      await seedMeeting(world.store, b.id, adminId, '2026-02-10T09:00:00Z', '2026-02-10T10:00:00Z');
      expect((await rejects(world.polity.as(adminId).planning.list({ organisationId: b.id, ...february }), 'forbidden')).details?.action).toBe('planning.read');
      for (const id of [delegateId, userId]) {
        await rejects(world.polity.as(id).planning.list({ organisationId: a.id, ...february }), 'forbidden');
        // Without an organisation: no organisation at all, so `forbidden` rather than an empty page.
        expect((await rejects(world.polity.as(id).planning.list(february), 'forbidden')).details?.action).toBe('planning.read');
      }
      await rejects(world.polity.as(adminId).planning.list({ organisationId: 'org_none', ...february }), 'not_found');
    });

    it("MB-10: the concierge sees any organisation's planning, and every organisation's at once", async () => {
      const { world, a, b, conciergeId, adminId, adminBId } = await megalisWorld(target);
      await seedMeeting(world.store, a.id, adminId, '2026-02-10T09:00:00Z', '2026-02-10T10:00:00Z', { title: 'Rennes' });
      await seedMeeting(world.store, b.id, adminBId, '2026-02-09T09:00:00Z', '2026-02-09T10:00:00Z', { title: 'Brest' });
      const concierge = world.polity.as(conciergeId);
      expect((await concierge.planning.list({ organisationId: b.id, ...february })).items.map((m) => m.title)).toEqual(['Brest']);
      expect((await concierge.planning.list(february)).items.map((m) => [m.title, m.organisationId])).toEqual([
        ['Brest', b.id],
        ['Rennes', a.id],
      ]);
    });

    it('MB-11: times are shown in the viewer’s own time zone by default, or in the one asked for', async () => {
      const { world, a, adminId, userId } = await megalisWorld(target);
      await seedMeeting(world.store, a.id, userId, '2026-02-10T09:00:00Z', '2026-02-10T10:30:00Z', { status: 'ended', startedAt: t('2026-02-10T09:02:00Z'), endedAt: t('2026-02-10T10:25:00Z') });
      const admin = world.polity.as(adminId);
      const [own] = (await admin.planning.list({ organisationId: a.id, ...february })).items;
      expect(own).toMatchObject({
        timeZone: 'Europe/Paris',
        plannedTimeZone: 'Europe/Paris',
        startsAt: t('2026-02-10T09:00:00Z'),
        local: { startsAt: '2026-02-10T10:00:00+01:00', endsAt: '2026-02-10T11:30:00+01:00', startedAt: '2026-02-10T10:02:00+01:00', endedAt: '2026-02-10T11:25:00+01:00' },
      });
      const [there] = (await admin.planning.list({ organisationId: a.id, ...february, timeZone: 'America/Guadeloupe' })).items;
      expect(there).toMatchObject({ timeZone: 'America/Guadeloupe', local: { startsAt: '2026-02-10T05:00:00-04:00', endsAt: '2026-02-10T06:30:00-04:00' } });
      const [utc] = (await admin.planning.list({ organisationId: a.id, ...february, timeZone: 'UTC' })).items;
      expect(utc?.local.startsAt).toBe('2026-02-10T09:00:00+00:00');
    });

    it('MB-11: on the night clocks go forward (2026-03-29, Europe/Paris) a meeting shows its real local times, and a local day has 23 hours', async () => {
      const { world, a, adminId } = await megalisWorld(target);
      // 01:30 CET to 04:30 CEST: two hours elapsed, though the wall clock moves three.
      await seedMeeting(world.store, a.id, adminId, '2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z', { title: 'across the change' });
      await seedMeeting(world.store, a.id, adminId, '2026-03-29T21:30:00Z', '2026-03-29T21:45:00Z', { title: 'late on the 29th' });
      await seedMeeting(world.store, a.id, adminId, '2026-03-29T22:30:00Z', '2026-03-29T23:00:00Z', { title: 'already the 30th' });
      await seedMeeting(world.store, a.id, adminId, '2026-03-28T22:30:00Z', '2026-03-28T22:50:00Z', { title: 'still the 28th' });
      // The local day of 29 March, from midnight CET to midnight CEST.
      const day = { from: t('2026-03-29T00:00:00+01:00'), to: t('2026-03-30T00:00:00+02:00') };
      expect(day.to.getTime() - day.from.getTime()).toBe(23 * 3_600_000);
      const page = await world.polity.as(adminId).planning.list({ organisationId: a.id, ...day });
      expect(page.items.map((m) => [m.title, m.local.startsAt, m.local.endsAt])).toEqual([
        ['across the change', '2026-03-29T01:30:00+01:00', '2026-03-29T04:30:00+02:00'],
        ['late on the 29th', '2026-03-29T23:30:00+02:00', '2026-03-29T23:45:00+02:00'],
      ]);
      // Asked in UTC, the same instants.
      const [utc] = (await world.polity.as(adminId).planning.list({ organisationId: a.id, ...day, timeZone: 'UTC' })).items;
      expect([utc?.local.startsAt, utc?.local.endsAt]).toEqual(['2026-03-29T00:30:00+00:00', '2026-03-29T02:30:00+00:00']);
    });

    it('the planning is paged: following nextCursor gives every meeting once, in order', async () => {
      const { world, a, adminId } = await megalisWorld(target);
      for (let day = 9; day >= 2; day -= 1) await seedMeeting(world.store, a.id, adminId, `2026-02-0${day}T09:00:00Z`, `2026-02-0${day}T10:00:00Z`, { title: `day ${day}` });
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: Page<PlanningEntry> = await world.polity.as(adminId).planning.list({ organisationId: a.id, ...february, limit: 3, after });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((m) => m.title));
        after = page.nextCursor;
      } while (after !== null);
      expect(seen).toEqual(['day 2', 'day 3', 'day 4', 'day 5', 'day 6', 'day 7', 'day 8', 'day 9']);
    });

    it('MB-11: a bad period or an unknown time zone is invalid_input, refused before the store is touched', async () => {
      const { world, a, adminId } = await megalisWorld(target);
      // An actor that does not exist: had the store been reached, the answer would be `unauthenticated`.
      const ghost = world.polity.as('ghost');
      const cases: [() => Promise<unknown>, string, string][] = [
        [() => ghost.planning.list({ organisationId: a.id, from: february.to, to: february.from }), 'to', 'empty_period'],
        [() => ghost.planning.list({ organisationId: a.id, from: february.from, to: february.from }), 'to', 'empty_period'],
        [() => ghost.planning.list({ organisationId: a.id, from: t('2026-01-01T00:00:00Z'), to: t('2027-01-02T00:00:01Z') }), 'to', 'period_too_long'],
        [() => ghost.planning.list({ organisationId: a.id, ...february, timeZone: 'Europe/Atlantis' }), 'timeZone', 'unknown_time_zone'],
        [() => ghost.planning.list({ organisationId: a.id, from: '2026-02-01' as never, to: february.to }), 'from', 'invalid_format'],
        [() => ghost.statistics.get({ organisationId: a.id, from: february.to, to: february.from }), 'to', 'empty_period'],
        [() => ghost.statistics.byOrganisation({ from: t('2025-01-01T00:00:00Z'), to: t('2026-06-01T00:00:00Z') }), 'to', 'period_too_long'],
        [() => ghost.statistics.get({ organisationId: a.id, ...february, timeZone: 'UTC' } as never), '', 'unrecognized_keys'],
      ];
      const before = await snapshot(world.store);
      for (const [call, path, code] of cases) {
        const error = await rejects(call(), 'invalid_input');
        expect(error.details?.issues).toContainEqual(expect.objectContaining({ path, code }));
      }
      expect(await snapshot(world.store)).toEqual(before);
      // A leap year's 366 days are allowed.
      const leapYear = await world.polity.as(adminId).planning.list({ organisationId: a.id, from: t('2028-01-01T00:00:00Z'), to: t('2029-01-01T00:00:00Z') });
      expect(leapYear).toEqual({ items: [], nextCursor: null });
    });
  });

  describe(`${target.name}: statistics (MB-9, MB-10)`, () => {
    /** February in organisation A, with what the host reported; and a meeting of B. */
    async function february2026() {
      const w = await megalisWorld(target);
      const { store } = w.world;
      const people = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5'].map((name) => seedUser(store, { email: `${name}@rennes.test`, organisationId: w.a.id })));
      const [u1, u2, u3, u4, u5] = people.map((p) => p.id) as [string, string, string, string, string];
      // Held in February: started and ended as reported.
      const m1 = await seedMeeting(store, w.a.id, w.adminId, '2026-02-10T09:00:00Z', '2026-02-10T11:00:00Z', { status: 'ended', startedAt: t('2026-02-10T09:00:00Z'), endedAt: t('2026-02-10T11:00:00Z') });
      await seedAttendance(store, m1, u1, '2026-02-10T09:00:00Z', '2026-02-10T11:00:00Z'); // 2 h
      await seedAttendance(store, m1, u2, '2026-02-10T09:30:00Z', '2026-02-10T10:30:00Z'); // 1 h
      await seedAttendance(store, m1, u3, '2026-02-10T09:15:00Z', null); // no leave reported: open, no hours
      await seedAttendance(store, m1, u5, null, null); // invited, never joined
      // Started in January: held then, not in February; its attendance counts only its February hour.
      const m2 = await seedMeeting(store, w.a.id, w.adminId, '2026-01-31T23:00:00Z', '2026-02-01T01:00:00Z', { status: 'ended', startedAt: t('2026-01-31T23:00:00Z'), endedAt: t('2026-02-01T01:00:00Z') });
      await seedAttendance(store, m2, u1, '2026-01-31T23:00:00Z', '2026-02-01T01:00:00Z'); // 1 h in February
      // Never started (the host reported nothing): not held.
      await seedMeeting(store, w.a.id, w.adminId, '2026-02-12T09:00:00Z', '2026-02-12T10:00:00Z');
      // Started, no end reported yet: not held, but a closed attendance in it counts.
      const m4 = await seedMeeting(store, w.a.id, w.adminId, '2026-02-20T09:00:00Z', '2026-02-20T10:00:00Z', { status: 'live', startedAt: t('2026-02-20T09:00:00Z') });
      await seedAttendance(store, m4, u4, '2026-02-20T09:00:00Z', '2026-02-20T09:30:00Z'); // 0.5 h
      // Started on the last evening of February, ended in March: held in February, hours clipped.
      const m5 = await seedMeeting(store, w.a.id, w.adminId, '2026-02-28T23:30:00Z', '2026-03-01T00:30:00Z', { status: 'ended', startedAt: t('2026-02-28T23:30:00Z'), endedAt: t('2026-03-01T00:30:00Z') });
      await seedAttendance(store, m5, u2, '2026-02-28T23:30:00Z', '2026-03-01T00:30:00Z'); // 0.5 h in February
      // Joined in January and never reported leaving: January's open attendance, not February's.
      const m6 = await seedMeeting(store, w.a.id, w.adminId, '2026-01-20T09:00:00Z', '2026-01-20T10:00:00Z', { status: 'ended', startedAt: t('2026-01-20T09:00:00Z'), endedAt: t('2026-01-20T10:00:00Z') });
      await seedAttendance(store, m6, u4, '2026-01-20T09:00:00Z', null);
      // Organisation B's meeting stays B's.
      const mb = await seedMeeting(store, w.b.id, w.adminBId, '2026-02-10T09:00:00Z', '2026-02-10T12:00:00Z', { status: 'ended', startedAt: t('2026-02-10T09:00:00Z'), endedAt: t('2026-02-10T12:00:00Z') });
      await seedAttendance(store, mb, w.adminBId, '2026-02-10T09:00:00Z', '2026-02-10T12:00:00Z');
      await store.licencePools.insert({ id: 'pool_a', organisationId: w.a.id, allocated: 10, used: 4, reserved: 1, updatedAt: t('2026-01-01T00:00:00Z') });
      return w;
    }

    const aInFebruary = {
      meetingsHeld: 2,
      participants: 4,
      participantHours: 5,
      attendances: 5,
      openAttendances: 1,
      licences: { allocated: 10, used: 4, reserved: 1 },
    };

    it("MB-9: an administrator sees their organisation's statistics: meetings held, participants, participant-hours from recorded joins and leaves, licences used vs allocated", async () => {
      const { world, a, adminId } = await february2026();
      const statistics = await world.polity.as(adminId).statistics.get({ organisationId: a.id, ...february });
      expect(statistics).toEqual({ organisationId: a.id, ...february, ...aInFebruary });
    });

    it('MB-9: nothing is guessed: periods add up, an open attendance never gets a length, an unreported meeting is never held', async () => {
      const { world, a, adminId } = await february2026();
      const admin = world.polity.as(adminId);
      const firstHalf = await admin.statistics.get({ organisationId: a.id, from: february.from, to: t('2026-02-15T00:00:00Z') });
      const secondHalf = await admin.statistics.get({ organisationId: a.id, from: t('2026-02-15T00:00:00Z'), to: february.to });
      expect([firstHalf.meetingsHeld, secondHalf.meetingsHeld]).toEqual([1, 1]);
      expect(firstHalf.participantHours + secondHalf.participantHours).toBe(aInFebruary.participantHours);
      expect(firstHalf.openAttendances + secondHalf.openAttendances).toBe(aInFebruary.openAttendances);
      const january = await admin.statistics.get({ organisationId: a.id, from: t('2026-01-01T00:00:00Z'), to: february.from });
      expect(january).toMatchObject({ meetingsHeld: 2, participantHours: 1, openAttendances: 1, attendances: 1, participants: 2 });
      // The host reports the end of the live meeting: it is held from then on; the number of hours does not move.
      const live = (await world.store.meetings.list({ where: where.eq('status', 'live') })).items[0]!;
      await world.store.meetings.update(live.id, { status: 'ended', endedAt: t('2026-02-20T10:05:00Z') });
      expect(await admin.statistics.get({ organisationId: a.id, ...february })).toMatchObject({ meetingsHeld: 3, participantHours: 5 });
    });

    it('MB-9: a participant who leaves and rejoins counts only the time present: join 09:00, leave 09:10, rejoin 11:50, leave 12:00 is 20 minutes, not 3 hours', async () => {
      const { polity, world, rennes, user, colleague, administrator } = await megalisMeetings(target);
      const meeting = await polity.as(user).meetings.schedule({ title: 'Longue', startsAt: t('2026-02-02T09:00:00Z'), endsAt: t('2026-02-02T12:00:00Z') });
      await polity.as(user).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: colleague }] });
      world.clock.set('2026-02-02T13:00:00.000Z');
      const at = (hhmm: string) => t(`2026-02-02T${hhmm}:00Z`);
      const events = polity.meetingEvents;
      await events.started({ meetingId: meeting.id, at: at('09:00') });
      await events.joined({ meetingId: meeting.id, userId: colleague, at: at('09:00') });
      await events.left({ meetingId: meeting.id, userId: colleague, at: at('09:10') });
      await events.joined({ meetingId: meeting.id, userId: colleague, at: at('11:50') });
      await events.left({ meetingId: meeting.id, userId: colleague, at: at('12:00') });
      await events.ended({ meetingId: meeting.id, at: at('12:00') });
      const statistics = polity.as(administrator).statistics;
      const day = await statistics.get({ organisationId: rennes.id, from: at('00:00'), to: t('2026-02-03T00:00:00Z') });
      expect(day).toMatchObject({ meetingsHeld: 1, participants: 1, attendances: 2, openAttendances: 0 });
      expect(day.participantHours).toBeCloseTo(20 / 60, 9);
      // Between the two stays the person was not there.
      expect(await statistics.get({ organisationId: rennes.id, from: at('09:30'), to: at('11:30') })).toMatchObject({ participants: 0, participantHours: 0, attendances: 0 });
      // An open attendance (joined, no leave yet) counts apart, with no length.
      const next = await polity.as(user).meetings.schedule({ title: 'Suivante', startsAt: t('2026-02-02T13:30:00Z'), endsAt: t('2026-02-02T14:00:00Z') });
      world.clock.set('2026-02-02T13:45:00.000Z');
      await events.started({ meetingId: next.id, at: t('2026-02-02T13:30:00Z') });
      await events.joined({ meetingId: next.id, userId: user, at: t('2026-02-02T13:31:00Z') });
      const withOpen = await statistics.get({ organisationId: rennes.id, from: at('00:00'), to: t('2026-02-03T00:00:00Z') });
      expect(withOpen).toMatchObject({ participants: 2, attendances: 2, openAttendances: 1 });
      expect(withOpen.participantHours).toBeCloseTo(20 / 60, 9);
    });

    it("MB-9: an administrator may not see another organisation's statistics; a delegated organiser or a user sees none", async () => {
      const { world, a, b, adminId, delegateId, userId } = await february2026();
      expect((await rejects(world.polity.as(adminId).statistics.get({ organisationId: b.id, ...february }), 'forbidden')).details?.action).toBe('statistics.read');
      for (const id of [delegateId, userId]) {
        await rejects(world.polity.as(id).statistics.get({ organisationId: a.id, ...february }), 'forbidden');
        await rejects(world.polity.as(id).statistics.byOrganisation(february), 'forbidden');
      }
    });

    it('MB-10: the concierge sees the statistics of every organisation, one by one or all at once by name', async () => {
      const { world, a, b, conciergeId, adminId } = await february2026();
      const concierge = world.polity.as(conciergeId);
      expect(await concierge.statistics.get({ organisationId: a.id, ...february })).toMatchObject(aInFebruary);
      const brest = { meetingsHeld: 1, participants: 1, participantHours: 3, attendances: 1, openAttendances: 0, licences: { allocated: 0, used: 0, reserved: 0 } };
      expect(await concierge.statistics.get({ organisationId: b.id, ...february })).toMatchObject(brest);
      const all = await concierge.statistics.byOrganisation({ ...february, limit: 1 });
      expect(all.items).toEqual([{ organisationId: b.id, ...february, ...brest }]);
      const rest = await concierge.statistics.byOrganisation({ ...february, limit: 1, after: all.nextCursor });
      expect(rest.items).toEqual([{ organisationId: a.id, ...february, ...aInFebruary }]);
      expect(rest.nextCursor).toBeNull();
      // An administrator's "all" is their own organisation.
      expect((await world.polity.as(adminId).statistics.byOrganisation(february)).items.map((s) => s.organisationId)).toEqual([a.id]);
    });
  });
}
