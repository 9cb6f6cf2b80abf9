/**
 * What changing a permanent room (MB-10) does to the meetings that name it. Deleting it is refused while one
 * is live or still to come; past ones (ended, cancelled, or scheduled ones whose time has gone by) are
 * detached. Lowering its participant limit lowers the limit of its scheduled and live meetings with it, or
 * is refused when one already has more participants.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Room } from '../domain/room';
import { PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';
import { collectIds } from './paging';

/**
 * Detaches a room's past meetings from it (their `roomId` becomes `null`; the rest of their history stays,
 * and planning and statistics never read the room) so the room can be deleted, and returns how many.
 *
 * Why detach rather than refuse for ever: a room that hosted one booking would otherwise be undeletable; why
 * refuse upcoming ones: deleting the room would silently move a meeting people expect to find in it.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'room.in_use'`, `meetings`) while a meeting in the room
 *   is live, or scheduled and not yet over.
 */
export async function detachPastMeetings(tx: StoreSession, context: Pick<ServiceContext, 'clock'>, room: Room): Promise<number> {
  const now = context.clock.now();
  const upcoming = where.and(
    where.eq('roomId', room.id),
    where.or(where.eq('status', 'live'), where.and(where.eq('status', 'scheduled'), where.gt('endsAt', now))),
  );
  const inUse = await tx.meetings.count(upcoming);
  if (inUse > 0) {
    throw new PolityError('conflict', `room ${room.name} has ${inUse} live or upcoming meeting(s): cancel or move them first`, {
      details: { constraint: 'room.in_use', roomId: room.id, meetings: inUse },
    });
  }
  const past = await collectIds(tx.meetings, where.eq('roomId', room.id), (m) => m.id);
  for (const id of past) await tx.meetings.update(id, { roomId: null, updatedAt: now });
  return past.length;
}

/** The meetings of a room whose participant limit still matters: scheduled (whenever) and live ones. */
function openMeetingsOf(room: Room) {
  return where.and(where.eq('roomId', room.id), where.in('status', ['scheduled', 'live']));
}

/**
 * Lowers to `limit` the participant limit of the room's scheduled and live meetings that allow more, in the
 * caller's transaction, and returns how many changed. A meeting took the room's limit when it was lower at
 * booking (EP-2, MB-10); a room that now holds fewer people cannot keep promising more places.
 *
 * Refuses, before writing, when one of those meetings already has more participants than `limit`: nobody is
 * dropped from a meeting behind the organiser's back; they withdraw invitations first. The write is a
 * guarded update (`participantCount <= limit` re-checked on each row), so an invitation racing it either
 * lands first and is seen, or finds the lower limit; the meeting's own check (count never above limit) is
 * the backstop.
 *
 * Raising or lifting a room's limit leaves its meetings as they are: a meeting's limit was fixed at booking
 * from the profile's and the room's, and which of the two set it is not recorded, so raising it could hand
 * out places the platform never allowed; the organiser books again to get the larger room.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'room.meeting_over_limit'`, `meetingId`,
 *   `participantCount`, `participantLimit`: the new limit) when a scheduled or live meeting has more
 *   participants than `limit`.
 */
export async function lowerMeetingLimits(tx: StoreSession, context: Pick<ServiceContext, 'clock'>, room: Room, limit: number): Promise<number> {
  const open = openMeetingsOf(room);
  const over = await tx.meetings.findOne(where.and(open, where.gt('participantCount', limit)));
  if (over !== null) {
    throw new PolityError('conflict', `meeting ${over.id} in room ${room.name} already has ${over.participantCount} participants, more than the new limit of ${limit}: withdraw invitations first`, {
      details: { constraint: 'room.meeting_over_limit', roomId: room.id, meetingId: over.id, participantCount: over.participantCount, participantLimit: limit },
    });
  }
  const lowered = await tx.meetings.guardedUpdate({
    where: where.and(open, where.gt('participantLimit', limit), where.lte('participantCount', limit)),
    set: { participantLimit: limit, updatedAt: context.clock.now() },
  });
  return lowered.length;
}
