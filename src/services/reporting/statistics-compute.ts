/**
 * The arithmetic of statistics (MB-9, MB-10), pure: attendance totals from the join and leave times the host
 * recorded, one attendance per stay, clipped to the period. Nothing is guessed: an attendance without a
 * recorded leave adds no time and is counted apart.
 *
 * @module
 */
import type { Attendance } from '../../domain/attendance';

/** What attendances add up to over a period. */
export interface AttendanceTotals {
  /** Distinct people with an attendance in the period. */
  readonly participants: number;
  /** Hours present, summed over closed attendances, each clipped to the period. */
  readonly participantHours: number;
  /** Attendances with a recorded join and leave that overlap the period (those {@link AttendanceTotals.participantHours} sums). */
  readonly attendances: number;
  /** Attendances that joined in the period with no recorded leave: their time is unknown, so not counted. */
  readonly openAttendances: number;
}

/** What the totals read of an attendance (one stay, as the host reported it). */
export type AttendanceTimes = Pick<Attendance, 'userId' | 'joinedAt' | 'leftAt'>;

const hourMs = 3_600_000;

/**
 * Adds up attendances over `[from, to)`. An attendance counts when it joined before `to` and either joined
 * from `from` on or left after `from`; a closed one adds its time inside the period, an open one (no recorded
 * leave) only counts as open, and only when it joined inside the period (an open attendance that began
 * earlier belongs to the period it began in, so it is never counted twice). Records outside the period
 * are ignored, so the caller may pass a superset.
 */
export function attendanceTotals(records: Iterable<AttendanceTimes>, from: Date, to: Date): AttendanceTotals {
  const start = from.getTime();
  const end = to.getTime();
  const people = new Set<string>();
  let presentMs = 0;
  let attendances = 0;
  let openAttendances = 0;
  for (const record of records) {
    const joined = record.joinedAt.getTime();
    if (joined >= end) continue;
    if (record.leftAt === null) {
      if (joined < start) continue;
      openAttendances += 1;
      people.add(record.userId);
      continue;
    }
    const left = record.leftAt.getTime();
    if (joined < start && left <= start) continue;
    attendances += 1;
    people.add(record.userId);
    presentMs += Math.max(0, Math.min(left, end) - Math.max(joined, start));
  }
  return { participants: people.size, participantHours: presentMs / hourMs, attendances, openAttendances };
}
