/**
 * Attendances (MB-9, MB-10): one record per stay of a person in a meeting, opened by the join the host reports
 * and closed by the matching leave or by the end, so a person who leaves and comes back is never counted in
 * between. The participant record keeps their first join and last leave (EP-11 reads them).
 *
 * @module
 */
import type { Attendance } from '../../domain/attendance';
import { where } from '../../domain/filter';
import type { Meeting, MeetingParticipant } from '../../domain/meeting';
import { invalidTransition, isPolityError, type PolityError } from '../../errors';
import type { StoreSession } from '../../ports/store';
import type { MeetingPresence } from '../../workflows/meeting-machine';
import { collectAll } from '../kernel/paging';
import type { Work } from '../kernel/work';

/** Every stay of one person in a meeting, as recorded so far. */
export function staysOf(tx: StoreSession, meeting: Meeting, userId: string): Promise<Attendance[]> {
  return collectAll(tx.attendances, where.and(where.eq('meetingId', meeting.id), where.eq('userId', userId)), (a) => a);
}

/** The stay still open (a join with no leave yet), or `null`. */
export function openStay(stays: readonly Attendance[]): Attendance | null {
  return stays.find((a) => a.leftAt === null) ?? null;
}

/**
 * A person's presence as the meeting machine's guards read it: in the meeting since their open stay began, or
 * out since their last leave (`null` if they never joined).
 */
export function presenceOf(stays: readonly Attendance[]): MeetingPresence {
  const open = openStay(stays);
  if (open !== null) return { present: true, since: open.joinedAt };
  let last: number | null = null;
  for (const a of stays) if (a.leftAt !== null && (last === null || a.leftAt.getTime() > last)) last = a.leftAt.getTime();
  return { present: false, since: last === null ? null : new Date(last) };
}

/** The latest time reported for a meeting: its start, or any join or leave since. */
export async function lastReport(tx: StoreSession, meeting: Meeting): Promise<Date | null> {
  let last = meeting.startedAt?.getTime() ?? null;
  for (const a of await collectAll(tx.attendances, where.eq('meetingId', meeting.id), (stay) => stay)) {
    for (const at of [a.joinedAt, a.leftAt]) if (at !== null && (last === null || at.getTime() > last)) last = at.getTime();
  }
  return last === null ? null : new Date(last);
}

/** The refusal of a join or leave that a concurrent report made out of order: the guard's own answer. */
function outOfOrder(meeting: Meeting, event: 'join' | 'leave'): PolityError<'invalid_transition'> {
  const guard = event === 'join' ? 'joins_in_order' : 'leaves_in_order';
  return invalidTransition({ machine: 'meeting', state: meeting.status, event, guard }, `the participant ${event === 'join' ? 'is already in' : 'is not in'} the meeting (guard ${guard})`);
}

/**
 * Opens a stay at `at`; the participant keeps their first join and is in again (`leftAt` back to `null`).
 *
 * @returns The participant record.
 * @throws {@link PolityError} `invalid_transition` (guard `joins_in_order`) when the store already holds an
 *   open stay for the person (`attendances.open`): a backstop, since every report locks the meeting first.
 */
export async function recordJoin(work: Work, meeting: Meeting, participant: MeetingParticipant, at: Date): Promise<MeetingParticipant> {
  const { tx } = work;
  try {
    await tx.attendances.insert({ id: work.id('attendance'), meetingId: meeting.id, organisationId: meeting.organisationId, userId: participant.userId, joinedAt: at, leftAt: null });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'attendances.open') throw outOfOrder(meeting, 'join');
    throw error;
  }
  return tx.participants.update(participant.id, { joinedAt: participant.joinedAt ?? at, leftAt: null });
}

/**
 * Closes the open stay at `at`; the participant's `leftAt` is this last leave.
 *
 * @returns The participant record.
 * @throws {@link PolityError} `invalid_transition` (guard `leaves_in_order`) when the stay is closed already
 *   (the guarded close is a backstop, since every report locks the meeting first).
 */
export async function recordLeave(tx: StoreSession, meeting: Meeting, participant: MeetingParticipant, open: Attendance, at: Date): Promise<MeetingParticipant> {
  const [closed] = await tx.attendances.guardedUpdate({ where: where.and(where.eq('id', open.id), where.isNull('leftAt')), set: { leftAt: at } });
  if (closed === undefined) throw outOfOrder(meeting, 'leave');
  return tx.participants.update(participant.id, { leftAt: at });
}

/**
 * Closes every stay still open when the meeting ends, at the end time, and records those participants as
 * having left then.
 *
 * @returns How many stays were still open.
 */
export async function closeAllStays(tx: StoreSession, meeting: Meeting, at: Date): Promise<number> {
  const closed = await tx.attendances.guardedUpdate({ where: where.and(where.eq('meetingId', meeting.id), where.isNull('leftAt')), set: { leftAt: at } });
  await tx.participants.guardedUpdate({ where: where.and(where.eq('meetingId', meeting.id), where.not(where.isNull('joinedAt')), where.isNull('leftAt')), set: { leftAt: at } });
  return closed.length;
}
