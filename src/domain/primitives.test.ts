import { describe, expect, it } from 'vitest';
import { isTimeZone, timeZoneSchema } from './primitives';

describe('isTimeZone (MB-11)', () => {
  it('accepts the IANA names and the spellings Intl accepts, asked any number of times, and refuses the rest', () => {
    for (let round = 0; round < 3; round++) {
      // 'UTC' is not among Intl.supportedValuesOf('timeZone'): the first answer is remembered, the next ones must agree.
      for (const name of ['UTC', 'Europe/Athens', 'Europe/Paris', 'utc', 'Etc/UTC', 'GMT']) expect(isTimeZone(name), name).toBe(true);
      for (const name of ['', 'Mars/Olympus', 'Europe/Atlantis', 'UTC+25']) expect(isTimeZone(name), name).toBe(false);
    }
  });

  it('timeZoneSchema refuses an unknown zone with unknown_time_zone', () => {
    const result = timeZoneSchema.safeParse('Mars/Olympus');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'custom', params: { reason: 'unknown_time_zone' } });
    expect(timeZoneSchema.parse('UTC')).toBe('UTC');
  });
});
