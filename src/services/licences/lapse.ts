/**
 * Giving back the named licences reserved for invitations whose activation link has expired (MB-3): one
 * reservation at a time, with a `licence.lapse` audit event whose actor is the system. Two callers: the
 * scheduled sweep of `housekeeping.run()` (one system command per reservation), and a take that finds no
 * licence free ({@link lapseExpiredReservationsOf}, inside the take's transaction), so an expired
 * reservation never blocks a licence between two housekeeping runs.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { LicenceSeat } from '../../domain/licence-seat';
import type { Work } from '../kernel/work';
import { returnLicence, summaryOf } from './pool';

/**
 * The most expired reservations one take lapses before retrying (the rest wait for the next take or for
 * housekeeping): one is enough to free a licence, and the bound keeps the take's transaction short.
 */
export const maxLapsesPerTake = 100;

/** Whether a seat is a reservation whose link had expired at `now`. */
function isExpiredReservation(seat: LicenceSeat, now: Date): seat is LicenceSeat & { expiresAt: Date } {
  return seat.status === 'reserved' && seat.expiresAt !== null && seat.expiresAt.getTime() <= now.getTime();
}

/**
 * Gives back one expired reservation, in the caller's transaction: the pool's `reserved` goes down by one,
 * the seat is deleted, and a `licence.lapse` event (actor: the system) records it. Reads the seat again
 * first, since a confirmation or a resend may have come since it was listed.
 *
 * @returns Whether the reservation lapsed (`false` when the seat is gone, held, or no longer expired).
 * @throws {@link PolityError} `internal` when the pool counts no reservation for the seat.
 */
export async function lapseReservation(work: Work, seatId: string): Promise<boolean> {
  const { tx, now } = work;
  // Locked: a confirmation or resend deciding on the same seat waits, then finds it gone (or still held).
  const seat = await tx.licenceSeats.get(seatId, { lock: 'update' });
  if (seat === null || !isExpiredReservation(seat, now)) return false;
  const pool = await returnLicence(work, seat.organisationId, 'reserved');
  await tx.licenceSeats.delete(seat.id);
  const { allocated, used, reserved } = summaryOf(pool);
  work.audit({
    organisationId: seat.organisationId,
    actorId: null,
    action: 'licence.lapse',
    targetType: 'user',
    targetId: seat.userId,
    summary: `the licence reserved for user ${seat.userId} lapsed: the activation link expired on ${seat.expiresAt.toISOString()} (${used} in use, ${reserved} reserved, ${allocated} allocated)`,
    changes: { seat: null, previousSeat: 'reserved', used, reserved, allocated },
  });
  return true;
}

/**
 * Lapses up to {@link maxLapsesPerTake} expired reservations of one organisation, oldest first, in the
 * caller's transaction (what a take does when it finds no licence free).
 *
 * @returns How many lapsed.
 */
export async function lapseExpiredReservationsOf(work: Work, organisationId: string): Promise<number> {
  const { tx, now } = work;
  const expired = await tx.licenceSeats.list({
    where: where.and(where.eq('organisationId', organisationId), where.eq('status', 'reserved'), where.lte('expiresAt', now)),
    orderBy: [{ field: 'createdAt' }],
    limit: maxLapsesPerTake,
  });
  let lapsed = 0;
  for (const seat of expired.items) if (await lapseReservation(work, seat.id)) lapsed += 1;
  return lapsed;
}
