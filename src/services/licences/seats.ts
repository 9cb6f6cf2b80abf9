/**
 * Who holds which named licence (MB-3, MB-4, MB-5, MB-12): after every change to an account (added,
 * confirmed, deactivated, reactivated, deleted, a new activation link), {@link settleSeat} moves the
 * person's seat to what their account now needs, taking, converting or giving back one licence of the
 * organisation's pool in the same transaction. Housekeeping lapses reservations whose link expired
 * ({@link lapseExpiredReservations}); a take that finds no licence free lapses its organisation's first.
 * A seat lies in the organisation of its holder: when a role or organisation change leaves a seat in
 * another organisation than the account's, it is given back there and taken again in the account's.
 *
 * What a person needs, in a profile that counts licences: nothing unless the account is active, not
 * deleted, and holds an active licensed role in its organisation (MB-12; so an administrator or delegated
 * organiser who deactivates themselves holds none, MB-4, and keeps their powers). Then:
 *
 * - a **held** seat (`used`) once the e-mail is confirmed; it stays held if a changed address must be
 *   confirmed again, since the person was activated already;
 * - a **reserved** seat (`reserved`) while the account is pending, until its activation link expires, so a
 *   burst of invitations cannot promise more licences than the pool has. Without a usable link a pending
 *   account holds nothing; the next link (a resend) takes a reservation again.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { LicenceSeat } from '../../domain/licence-seat';
import type { User } from '../../domain/user';
import type { StoreSession } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import type { Work } from '../kernel/work';
import { countsLicences, holdReservation, licensedRoles, readSummary, returnLicence, summaryOf, type LicenceSummary } from './pool';
import { takeLicence } from './take';

/** What {@link settleSeat} did to a person's seat. */
export interface SeatChange {
  /** The seat's state before: `held`, `reserved`, or `null` for none. */
  readonly before: LicenceSeat['status'] | null;
  /** The seat's state after. */
  readonly after: LicenceSeat['status'] | null;
  /** The pool's counts after the change. */
  readonly licences: LicenceSummary;
}

/**
 * What a command that has just created an account knows of it, so {@link settleSeat} need not read it back:
 * it has no seat, holds the one role it was given in its organisation, and the link just issued (if any).
 */
export interface FreshAccount {
  /** The role the account was given, in its own organisation. */
  readonly role: string;
  /** When the activation link just issued expires; `null` when none was issued. */
  readonly linkExpiresAt: Date | null;
}

/** Active, not deleted, in an organisation: an account whose licensed roles take a licence. */
function isActiveMember(user: User): boolean {
  return user.active && user.deletedAt === null && user.organisationId !== null;
}

/** Whether an account needs a named licence now (MB-12): active, not deleted, holding an active licensed role in its organisation. */
export async function needsSeat(tx: StoreSession, context: Pick<ServiceContext, 'profile'>, user: User): Promise<boolean> {
  if (!isActiveMember(user)) return false;
  const roles = licensedRoles(context.profile);
  const held = await tx.assignments.count(
    where.and(where.eq('userId', user.id), where.eq('organisationId', user.organisationId), where.eq('status', 'active'), where.in('role', [...roles])),
  );
  return held > 0;
}

/** The expiry of the account's one usable activation link, or `null` when it has none. */
async function usableLinkExpiry(tx: StoreSession, userId: string, now: Date): Promise<Date | null> {
  const token = await tx.activationTokens.findOne(where.and(where.eq('userId', userId), where.isNull('usedAt'), where.isNull('revokedAt'), where.gt('expiresAt', now)));
  return token?.expiresAt ?? null;
}

const verbs = {
  reserve: 'reserved a named licence for',
  take: 'gave a named licence to',
  hold: 'turned the reserved licence into a held one for',
  extend: 'extended the licence reservation of',
  release: 'freed the named licence of',
} as const;

/** One seat event, in the organisation whose pool changed (the holder's may be another, or none, by now). */
function audit(work: Work, user: User, organisationId: string, verb: keyof typeof verbs, change: SeatChange, expiresAt: Date | null): void {
  const { allocated, used, reserved } = change.licences;
  work.audit({
    organisationId,
    action: `licence.${verb}`,
    targetType: 'user',
    targetId: user.id,
    summary: `${verbs[verb]} ${user.email}${expiresAt === null ? '' : ` until ${expiresAt.toISOString()}`} (${used} in use, ${reserved} reserved, ${allocated} allocated)`,
    changes: { seat: change.after, previousSeat: change.before, used, reserved, allocated, ...(expiresAt === null ? {} : { expiresAt: expiresAt.toISOString() }) },
  });
}

/**
 * Moves a person's seat to what their account needs now (see the module comment), in the caller's
 * transaction, with an audit event (`licence.reserve`, `licence.take`, `licence.hold`, `licence.extend`,
 * `licence.release`). A no-op, returning `null`, for a profile that counts no licences; `null` too when
 * nothing changed. A seat in another organisation than the account's is given back to that organisation's
 * pool (`licence.release`, in that organisation's trail) and, when the account still needs one, taken in
 * its own (`licence.take` / `licence.reserve`): a seat always counts against its holder's organisation.
 * Call it after every write that changes an account's state, roles or organisation.
 *
 * The seat events name the work's actor (`null` for the system).
 *
 * @param user - The account as just written.
 * @param fresh - Given by the command that has just created the account (see {@link FreshAccount}).
 * @throws {@link PolityError} `limit_exceeded` (with the counts) when the account needs a licence it has
 *   not got and none is free. Turning a reservation into a held licence never fails.
 */
export async function settleSeat(work: Work, user: User, fresh?: FreshAccount): Promise<SeatChange | null> {
  const { tx, context, now } = work;
  if (!countsLicences(context.profile)) return null;
  // A fresh account has no seat yet, and what it holds is what the caller just wrote: nothing to read back.
  let seat = fresh === undefined ? await tx.licenceSeats.findUnique('licenceSeats.user', { userId: user.id }) : null;
  let target: LicenceSeat['status'] | null = null;
  let expiresAt: Date | null = null;
  const needed = fresh === undefined ? await needsSeat(tx, context, user) : isActiveMember(user) && licensedRoles(context.profile).includes(fresh.role);
  if (needed) {
    if (user.emailConfirmedAt !== null || seat?.status === 'held') target = 'held';
    else {
      expiresAt = fresh === undefined ? await usableLinkExpiry(tx, user.id, now) : fresh.linkExpiresAt;
      target = expiresAt === null ? null : 'reserved';
    }
  }
  const before = seat?.status ?? null;

  // A seat left in another organisation than the holder's (they moved, or left theirs) goes back there first.
  let released: SeatChange | null = null;
  if (seat !== null && (target === null || seat.organisationId !== user.organisationId)) {
    const pool = await returnLicence(work, seat.organisationId, seat.status === 'held' ? 'used' : 'reserved');
    await tx.licenceSeats.delete(seat.id);
    released = { before, after: null, licences: summaryOf(pool) };
    audit(work, user, seat.organisationId, 'release', released, null);
    seat = null;
  }
  if (seat === null) {
    if (target === null || user.organisationId === null) return released;
    const pool = await takeLicence(work, user.organisationId, target === 'held' ? 'used' : 'reserved');
    await tx.licenceSeats.insert({ id: work.id('seat'), organisationId: user.organisationId, userId: user.id, status: target, expiresAt, createdAt: now, updatedAt: now });
    const change = { before, after: target, licences: summaryOf(pool) };
    audit(work, user, user.organisationId, target === 'held' ? 'take' : 'reserve', change, expiresAt);
    return change;
  }
  if (seat.status === 'reserved' && target === 'held') {
    const pool = await holdReservation(work, seat.organisationId);
    await tx.licenceSeats.update(seat.id, { status: 'held', expiresAt: null, updatedAt: now });
    const change = { before, after: target, licences: summaryOf(pool) };
    audit(work, user, seat.organisationId, 'hold', change, null);
    return change;
  }
  if (seat.status === 'reserved' && expiresAt !== null && expiresAt.getTime() !== seat.expiresAt?.getTime()) {
    await tx.licenceSeats.update(seat.id, { expiresAt, updatedAt: now });
    const change = { before, after: target, licences: await readSummary(tx, seat.organisationId) };
    audit(work, user, seat.organisationId, 'extend', change, expiresAt);
    return change;
  }
  return null;
}

