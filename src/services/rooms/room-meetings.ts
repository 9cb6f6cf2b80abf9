/**
 * What changing a permanent room (MB-10) does to the meetings that name it. Deleting it is refused while one
 * is live or still to come; past ones (ended, cancelled, or scheduled ones whose time has gone by) are
 * detached. Lowering its participant limit lowers the limit of its scheduled and live meetings with it, or
 * is refused when one already has more participants.
 *
 * The caller holds the room locked; a booking reads the room with a share lock, so no meeting is booked in
 * the room while these run, and they see every meeting booked before.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Room } from '../../domain/room';
import { conflict } from '../../errors';
import { collectAll } from '../kernel/paging';
import type { Work } from '../kernel/work';

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
export async function detachPastMeetings(work: Work, room: Room): Promise<number> {
  const { tx, now } = work;
  const upcoming = where.and(
    where.eq('roomId', room.id),
    where.or(where.eq('status', 'live'), where.and(where.eq('status', 'scheduled'), where.gt('endsAt', now))),
  );
  const inUse = await tx.meetings.count(upcoming);
  if (inUse > 0) throw conflict('room.in_use', `the room has ${inUse} live or upcoming meeting(s): cancel or move them first`, { roomId: room.id, meetings: inUse });
  const past = await collectAll(tx.meetings, where.eq('roomId', room.id), (m) => m.id);
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
 * Refused when one of those meetings already has more participants than `limit`: nobody is dropped from a
 * meeting behind the organiser's back; they withdraw invitations first. The write comes first and is
 * guarded (`participantCount <= limit`, re-checked on each row at the moment of the write, so a place taken
 * meanwhile is seen); any open meeting the write could not lower is then over the limit, and the refusal
 * rolls the whole command back. A place taken after the write finds the lower limit (the row is held until
 * commit), so a meeting never ends above its limit, at READ COMMITTED and without a retry.
 *
 * Raising or lifting a room's limit leaves its meetings as they are: a meeting's limit was fixed at booking
 * from the profile's and the room's, and which of the two set it is not recorded, so raising it could hand
 * out places the platform never allowed; the organiser books again to get the larger room.
 *
 * @throws {@link PolityError} `conflict` (`constraint: 'room.meeting_over_limit'`, `meetingId`,
 *   `participantCount`, `participantLimit`: the new limit) when a scheduled or live meeting has more
 *   participants than `limit`.
 */
export async function lowerMeetingLimits(work: Work, room: Room, limit: number): Promise<number> {
  const { tx, now } = work;
  const open = openMeetingsOf(room);
  const lowered = await tx.meetings.guardedUpdate({
    where: where.and(open, where.gt('participantLimit', limit), where.lte('participantCount', limit)),
    set: { participantLimit: limit, updatedAt: now },
  });
  const over = await tx.meetings.findOne(where.and(open, where.gt('participantLimit', limit)));
  if (over !== null) {
    throw conflict('room.meeting_over_limit', `a meeting in the room already has ${over.participantCount} participants, more than the new limit of ${limit}: withdraw invitations first`, {
      roomId: room.id,
      meetingId: over.id,
      participantCount: over.participantCount,
      participantLimit: limit,
    });
  }
  return lowered.length;
}
