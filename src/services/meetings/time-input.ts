/**
 * Meeting times as callers give them (MB-11): a UTC instant (a `Date`, or ISO 8601 with `Z` or an offset),
 * or a local date-time without offset read in an IANA time zone with `@date-fns/tz`. Meetings are stored in
 * UTC, so a duration is elapsed time: a meeting across the night clocks change lasts what a stopwatch says,
 * not what the wall clock says (EP-1).
 *
 * @module
 */
import { tzOffset } from '@date-fns/tz';
import { z } from 'zod';
import { invalidInput } from '../../errors';

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A UTC instant with `Z` or an offset, e.g. `2026-03-29T08:00:00Z` or `2026-03-29T10:00:00+02:00`. */
const instantString = z.iso.datetime({ offset: true, message: 'an instant is ISO 8601 with "Z" or an offset' });

/** A local date-time without offset, to the minute or second: `2026-03-29T10:00`. */
const localString = z.string().regex(localPattern, 'a local date-time is YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss');

/**
 * A meeting time: a `Date` or ISO instant (UTC, or with an offset), or a local date-time without offset,
 * read in the meeting's time zone.
 */
export const meetingTimeSchema = z.union([z.date().refine((d) => !Number.isNaN(d.getTime()), 'not a valid date'), instantString, localString], {
  error: 'a time is a Date, an ISO 8601 instant, or a local date-time YYYY-MM-DDTHH:mm',
});

/** A meeting time as given: see {@link meetingTimeSchema}. */
export type MeetingTimeInput = z.input<typeof meetingTimeSchema>;

/**
 * The UTC instant of a local wall-clock time in a time zone. The offsets in force a day either side are
 * tried (a zone changes its offset at most once a day), and those that give back the same wall-clock time
 * are the candidates:
 *
 * - none: the time does not exist (the hour skipped when clocks go forward, e.g. 02:30 in Paris on
 *   2026-03-29) and is refused, rather than moved silently;
 * - two: the time happens twice (the hour repeated when clocks go back, 02:30 in Paris on 2026-10-25); the
 *   first occurrence is taken, as a person reading their diary means the first.
 *
 * @throws {@link PolityError} `invalid_input` with code `nonexistent_local_time` naming `path`.
 */
export function localToInstant(local: string, timeZone: string, path: string): Date {
  const match = localPattern.exec(local);
  if (match === null) throw invalidInput(path, 'a local date-time is YYYY-MM-DDTHH:mm', 'invalid_format');
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw invalidInput(path, `${local} is not a date and time of the calendar`, 'invalid_date');
  }
  const oneDay = 86_400_000;
  const offsets = new Set([tzOffset(timeZone, new Date(wall - oneDay)), tzOffset(timeZone, new Date(wall)), tzOffset(timeZone, new Date(wall + oneDay))]);
  const candidates = [...offsets].map((offset) => wall - offset * 60_000).filter((instant) => tzOffset(timeZone, new Date(instant)) * 60_000 === wall - instant);
  if (candidates.length === 0) {
    throw invalidInput(path, `${local} does not exist in ${timeZone}: the clocks skip that hour`, 'nonexistent_local_time');
  }
  return new Date(Math.min(...candidates));
}

/**
 * Resolves a parsed meeting time to a UTC instant: a `Date` or an instant string as it is, a local date-time
 * in `timeZone`.
 *
 * @throws {@link PolityError} `invalid_input` as {@link localToInstant}.
 */
export function toInstant(value: Date | string, timeZone: string, path: string): Date {
  if (value instanceof Date) return new Date(value.getTime());
  if (localPattern.test(value)) return localToInstant(value, timeZone, path);
  return new Date(value);
}

/** Elapsed whole minutes between two instants, rounded up (12 h and 1 s is over a 12 h limit). */
export function elapsedMinutes(startsAt: Date, endsAt: Date): number {
  return Math.ceil((endsAt.getTime() - startsAt.getTime()) / 60_000);
}
