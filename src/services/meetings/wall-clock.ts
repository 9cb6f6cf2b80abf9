/**
 * Showing an instant in a time zone (MB-11: every person keeps a time zone): pure formatting with
 * `@date-fns/tz`, which follows the zone's daylight-saving rules, so a meeting on the night clocks go forward
 * shows its real local times.
 *
 * @module
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';

/** ISO 8601 with the zone's offset at that instant, always numeric (`+00:00`, never `Z`), to the second. */
const localPattern = "yyyy-MM-dd'T'HH:mm:ssxxx";

/**
 * An instant as local wall-clock time with its offset in an IANA time zone, e.g. `2026-03-29T03:30:00+02:00`.
 * The offset is the one in force at that instant, so two times of one meeting may carry different offsets
 * across a daylight-saving change.
 */
export function localTime(instant: Date, timeZone: string): string {
  return format(instant, localPattern, { in: tz(timeZone) });
}

/** {@link localTime}, passing `null` through (a time the host has not reported yet). */
export function localTimeOrNull(instant: Date | null, timeZone: string): string | null {
  return instant === null ? null : localTime(instant, timeZone);
}
