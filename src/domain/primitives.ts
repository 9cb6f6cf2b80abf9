/**
 * The small value schemas every entity reuses: ids, names, e-mail addresses, time zones, languages.
 * Each refuses a bad value with a message that names the problem, so a caller can show it next to the field.
 *
 * @module
 */
import { z } from 'zod';

/** An entity id: 1–64 URL-safe characters (nanoid's alphabet, plus `:` for readable test ids). */
export const idSchema = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(64, 'an id has at most 64 characters')
  .regex(/^[A-Za-z0-9_:-]+$/, 'an id uses only letters, digits, "_", ":" and "-"');

/** A required human name (of a person, an organisation, a unit …): trimmed, 1–200 characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(200, 'a name has at most 200 characters');

/**
 * An e-mail address, trimmed. Uniqueness is case-insensitive (see {@link normaliseEmail}); the address keeps
 * the case the person typed.
 */
export const emailSchema = z.string().trim().max(254, 'an e-mail address has at most 254 characters').pipe(z.email('not a valid e-mail address'));

/** The form in which e-mail addresses are compared for uniqueness: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The languages polity ships labels and templates in (Greek, Italian, Slovenian, French, English). */
export const languages = ['el', 'it', 'sl', 'fr', 'en'] as const;

/** One of the {@link languages}. */
export type Language = (typeof languages)[number];

/** Schema of a {@link Language}. */
export const languageSchema = z.enum(languages, { error: 'language must be one of el, it, sl, fr, en' });

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * Tells whether a string is an IANA time zone this runtime knows (`Europe/Athens`, `UTC`, and the aliases
 * `Intl` accepts). Pure: it reads the runtime's time-zone table, never the clock.
 */
export function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  if (value.length === 0) return false;
  try {
    // Building a formatter costs tens of microseconds, and every record with a time zone is checked on its
    // way in and out of the Store ('UTC', the default, is a name `supportedValuesOf` does not list). A name
    // the runtime resolves to itself is remembered; other spellings it accepts (`utc`, old aliases) are not,
    // so input cannot grow the set past the runtime's own names.
    const resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    if (resolved === value) knownTimeZones.add(value);
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as `Europe/Paris` (MB-11). */
export const timeZoneSchema = z.string().refine(isTimeZone, { message: 'not a known IANA time zone', params: { reason: 'unknown_time_zone' } });

/** An ISO 3166-1 alpha-2 country code, upper case (`GR`, `IT`, `SI`, `FR`). */
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'a country is a two-letter ISO 3166 code such as "FR"');

/** A phone number: digits with an optional leading `+`, spaces, dots, dashes and brackets; 4–32 characters. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{4,32}$/, 'a phone number has 4–32 digits, spaces, dots, dashes or brackets, optionally after "+"');

/** A timestamp. Stored in UTC; shown in a person's own time zone. */
export const timestampSchema = z.date({ error: 'expected a Date' }).refine((d) => !Number.isNaN(d.getTime()), 'not a valid date');

/**
 * An instant given as input: a `Date`, or an ISO 8601 date-time with its offset (`2026-03-29T10:00:00+02:00`,
 * `…Z`), so hosts can pass what they received over JSON. Parsed to a `Date`.
 */
export const instantInputSchema = z
  .union([timestampSchema, z.iso.datetime({ offset: true, error: 'expected a Date or an ISO date-time with an offset' })])
  .transform((value) => (value instanceof Date ? value : new Date(value)));

/** Free-form JSON-like data kept with an event or message. */
export const jsonRecordSchema = z.record(z.string(), z.unknown());
