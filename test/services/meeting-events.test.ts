// The host's reports (`polity.meetingEvents`): start, join, leave, end. polity never guesses them; it checks
// their state and order, and records startedAt / endedAt / joinedAt / leftAt for the statistics.
import { describe, expect, it } from 'vitest';
import { where } from 'polity';
import { addMember, ePresenceMeetings, slot } from './meeting-world';
import { rejects, snapshot } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function liveSetup(target: StoreTarget) {
  const setup = await ePresenceMeetings(target);
  const { polity, world, unitCoordinatorId, unit, plainUserId, coordinatorId } = setup;
  const meeting = await polity.as(unitCoordinatorId).meetings.schedule({ title: 'Reported', unitId: unit.id, ...slot(2) });
  await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: plainUserId }, { userId: coordinatorId }] });
  world.clock.set('2026-02-02T10:30:00.000Z');
  return { ...setup, meeting, events: polity.meetingEvents, at: (hhmm: string) => new Date(`2026-02-02T${hhmm}:00.000Z`) };
}

for (const target of storeTargets) {
  describe(`${target.name}: host events (polity.meetingEvents)`, () => {
    it('X-3: started, joined, left, ended are recorded as the host reports them, with the system as actor in the trail', async () => {
      const { events, meeting, world, plainUserId, coordinatorId, at } = await liveSetup(target);
      const live = await events.started({ meetingId: meeting.id, at: at('08:02') });
      expect(live).toMatchObject({ status: 'live', startedAt: at('08:02'), endedAt: null });
      expect(await events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:03') })).toMatchObject({ joinedAt: at('08:03'), leftAt: null });
      await events.joined({ meetingId: meeting.id, userId: coordinatorId, at: at('08:05') });
      expect(await events.left({ meetingId: meeting.id, userId: plainUserId, at: at('09:00') })).toMatchObject({ joinedAt: at('08:03'), leftAt: at('09:00') });
      const ended = await events.ended({ meetingId: meeting.id, at: at('09:58') });
      expect(ended).toMatchObject({ status: 'ended', startedAt: at('08:02'), endedAt: at('09:58') });
      // Whoever was still in left at the end.
      const coordinator = await world.store.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', coordinatorId)));
      expect(coordinator).toMatchObject({ joinedAt: at('08:05'), leftAt: at('09:58') });
      const trail = await world.store.audit.list({ where: where.eq('targetId', meeting.id), orderBy: [{ field: 'at' }] });
      expect(trail.items.filter((e) => e.actorId === null).map((e) => e.action)).toEqual(['meeting.start', 'meeting.join', 'meeting.join', 'meeting.leave', 'meeting.end']);
    });

    it('X-3: the host\'s word only: a meeting past its end stays scheduled; managers cannot change a meeting once it started', async () => {
      const { events, meeting, polity, unitCoordinatorId, world } = await liveSetup(target);
      world.clock.set('2026-02-03T12:00:00.000Z');
      expect((await polity.as(unitCoordinatorId).meetings.get({ meetingId: meeting.id })).meeting.status).toBe('scheduled');
      await events.started({ meetingId: meeting.id });
      expect((await world.store.meetings.get(meeting.id))?.startedAt).toEqual(world.clock.now());
      const refused = await rejects(polity.as(unitCoordinatorId).meetings.update({ meetingId: meeting.id, title: 'Too late' }), 'invalid_transition');
      expect(refused.details).toMatchObject({ machine: 'meeting', state: 'live', event: 'update' });
      await rejects(polity.as(unitCoordinatorId).meetings.cancel({ meetingId: meeting.id }), 'invalid_transition');
    });

    it('X-3: reports out of state or order are invalid_transition and change nothing', async () => {
      const { events, meeting, world, plainUserId, at, polity, unitCoordinatorId } = await liveSetup(target);
      await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:00') }), 'invalid_transition');
      await rejects(events.ended({ meetingId: meeting.id, at: at('08:00') }), 'invalid_transition');
      await events.started({ meetingId: meeting.id, at: at('08:00') });
      const before = await snapshot(world.store);
      expect((await rejects(events.started({ meetingId: meeting.id, at: at('08:01') }), 'invalid_transition')).details).toMatchObject({ state: 'live', event: 'start' });
      expect((await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('07:59') }), 'invalid_transition')).details?.guard).toBe('joins_in_order');
      expect((await rejects(events.left({ meetingId: meeting.id, userId: plainUserId, at: at('08:10') }), 'invalid_transition')).details?.guard).toBe('leaves_in_order');
      expect(await snapshot(world.store)).toEqual(before);

      await events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:05') });
      expect((await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:06') }), 'invalid_transition')).details?.guard).toBe('joins_in_order');
      expect((await rejects(events.left({ meetingId: meeting.id, userId: plainUserId, at: at('08:04') }), 'invalid_transition')).details?.guard).toBe('leaves_in_order');
      expect((await rejects(events.ended({ meetingId: meeting.id, at: at('08:04') }), 'invalid_transition')).details?.guard).toBe('ends_in_order');
      // Someone never invited is not guessed into the meeting.
      const stranger = await rejects(events.joined({ meetingId: meeting.id, userId: unitCoordinatorId + '_x', at: at('08:07') }), 'not_found');
      expect(stranger.details).toMatchObject({ meetingId: meeting.id });
      await rejects(events.started({ meetingId: 'no_such_meeting' }), 'not_found');
      const future = await rejects(events.left({ meetingId: meeting.id, userId: plainUserId, at: at('11:00') }), 'invalid_input');
      expect(future.details?.issues[0]).toMatchObject({ path: 'at', code: 'in_the_future' });

      await events.ended({ meetingId: meeting.id, at: at('09:00') });
      await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('09:10') }), 'invalid_transition');
      await rejects(polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'late@elsewhere.test' }] }), 'invalid_transition');
    });

    it('MB-9: each stay is an attendance of its own: joinedAt stays the first join, leftAt is the last leave, nothing counts in between', async () => {
      const { events, meeting, world, plainUserId, coordinatorId, at } = await liveSetup(target);
      await events.started({ meetingId: meeting.id, at: at('08:00') });
      await events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:01') });
      await events.left({ meetingId: meeting.id, userId: plainUserId, at: at('08:20') });
      expect((await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:10') }), 'invalid_transition')).details?.guard).toBe('joins_in_order');
      expect(await events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:30') })).toMatchObject({ joinedAt: at('08:01'), leftAt: null });
      // A join while an attendance is open is refused, whatever the time.
      expect((await rejects(events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('08:40') }), 'invalid_transition')).details?.guard).toBe('joins_in_order');
      expect(await events.left({ meetingId: meeting.id, userId: plainUserId, at: at('09:00') })).toMatchObject({ joinedAt: at('08:01'), leftAt: at('09:00') });
      await events.joined({ meetingId: meeting.id, userId: plainUserId, at: at('09:30') });
      await events.joined({ meetingId: meeting.id, userId: coordinatorId, at: at('09:31') });
      // The end closes every open attendance at the end time.
      await events.ended({ meetingId: meeting.id, at: at('09:45') });
      const stays = await world.store.attendances.list({ where: where.eq('meetingId', meeting.id), orderBy: [{ field: 'joinedAt' }] });
      expect(stays.items.map((a) => [a.userId, a.joinedAt, a.leftAt])).toEqual([
        [plainUserId, at('08:01'), at('08:20')],
        [plainUserId, at('08:30'), at('09:00')],
        [plainUserId, at('09:30'), at('09:45')],
        [coordinatorId, at('09:31'), at('09:45')],
      ]);
      expect(stays.items.every((a) => a.organisationId === meeting.organisationId)).toBe(true);
      const plain = await world.store.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', plainUserId)));
      expect(plain).toMatchObject({ joinedAt: at('08:01'), leftAt: at('09:45') });
    });

    it('X-3: a reported time before the meeting was booked is invalid_input on at; one up to a minute ahead is recorded as now, so the next report without at is in order', async () => {
      const { events, meeting, world, plainUserId, at } = await liveSetup(target);
      const before = await snapshot(world.store);
      const early = await rejects(events.started({ meetingId: meeting.id, at: new Date(meeting.createdAt.getTime() - 1) }), 'invalid_input');
      expect(early.details?.issues[0]).toMatchObject({ path: 'at', code: 'before_creation' });
      expect(await snapshot(world.store)).toEqual(before);
      // The host's clock runs 30 s fast: the start is recorded at polity's now.
      const now = world.clock.now();
      const live = await events.started({ meetingId: meeting.id, at: new Date(now.getTime() + 30_000) });
      expect(live.startedAt).toEqual(now);
      // The next reports carry no time: now, which is not before the start.
      expect((await events.joined({ meetingId: meeting.id, userId: plainUserId })).joinedAt).toEqual(now);
      await events.left({ meetingId: meeting.id, userId: plainUserId, at: new Date(now.getTime() + 59_000) });
      expect((await events.ended({ meetingId: meeting.id })).endedAt).toEqual(now);
      const late = await rejects(events.started({ meetingId: meeting.id, at: at('10:32') }), 'invalid_input');
      expect(late.details?.issues[0]).toMatchObject({ path: 'at', code: 'in_the_future' });
      expect((await rejects(events.ended({ meetingId: meeting.id, at: new Date(0) }), 'invalid_input')).details?.issues[0]).toMatchObject({ path: 'at', code: 'before_creation' });
    });

    it('EP-2: participants are still invited to a live meeting, within the limit', async () => {
      const { events, meeting, polity, unitCoordinatorId } = await liveSetup(target);
      await events.started({ meetingId: meeting.id });
      const result = await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ email: 'latecomer@elsewhere.test' }] });
      expect(result.meeting).toMatchObject({ status: 'live', participantCount: 4 });
    });

    it('EP-16: a unit coordinator who joined a meeting is not deleted; one only invited still is', async () => {
      const { events, meeting, world, polity, coordinatorId, organisationId, unit, unitCoordinatorId } = await liveSetup(target);
      const joinerId = await addMember(world, coordinatorId, organisationId, 'joiner.a@gov.test', 'unit_coordinator', unit.id);
      const inviteeId = await addMember(world, coordinatorId, organisationId, 'invitee.a@gov.test', 'unit_coordinator', unit.id);
      await polity.as(unitCoordinatorId).meetings.invite({ meetingId: meeting.id, invitees: [{ userId: joinerId }, { userId: inviteeId }] });
      await events.started({ meetingId: meeting.id });
      await events.joined({ meetingId: meeting.id, userId: joinerId });
      const refused = await rejects(polity.as(coordinatorId).users.delete({ userId: joinerId }), 'forbidden');
      expect(refused.details?.action).toBe('user.delete');
      expect((await polity.as(coordinatorId).users.delete({ userId: inviteeId })).deletedAt).not.toBeNull();
    });
  });
}
