/**
 * What deleting a permanent room (MB-10) does to the meetings that name it: refused while one is live or
 * still to come; past ones (ended, cancelled, or scheduled ones whose time has gone by) are detached.
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
