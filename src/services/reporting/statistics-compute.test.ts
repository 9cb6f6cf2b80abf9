// Properties of the statistics arithmetic (MB-9, MB-10): nothing is guessed, and periods add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attendanceTotals, type AttendanceTimes } from './statistics-compute';

const base = Date.UTC(2026, 1, 1);
const hourMs = 3_600_000;
const instant = fc.integer({ min: -48, max: 30 * 24 + 48 }).map((h) => base + h * 15 * 60_000);

/** An attendance (one stay): a recorded join, and a recorded leave or none. */
const attendance: fc.Arbitrary<AttendanceTimes> = fc
  .record({ userId: fc.constantFrom('u1', 'u2', 'u3', 'u4'), joined: instant, stay: fc.option(fc.integer({ min: 0, max: 48 * 60 }), { nil: null }) })
  .map(({ userId, joined, stay }) => ({ userId, joinedAt: new Date(joined), leftAt: stay === null ? null : new Date(joined + stay * 60_000) }));

const period = fc.tuple(instant, instant, instant).map((points) => points.sort((x, y) => x - y)).filter(([from, , to]) => from < to);

describe('attendance totals (MB-9, MB-10)', () => {
  it('MB-9: adjacent periods add up: hours, closed and open attendances split exactly at any instant', () => {
    fc.assert(
      fc.property(fc.array(attendance, { maxLength: 30 }), period, (records, [from, middle, to]) => {
        fc.pre(from < middle && middle < to);
        const whole = attendanceTotals(records, new Date(from), new Date(to));
        const first = attendanceTotals(records, new Date(from), new Date(middle));
        const second = attendanceTotals(records, new Date(middle), new Date(to));
        expect((first.participantHours + second.participantHours) * hourMs).toBeCloseTo(whole.participantHours * hourMs, 3);
        expect(first.openAttendances + second.openAttendances).toBe(whole.openAttendances);
        expect(whole.participants).toBeLessThanOrEqual(first.participants + second.participants);
      }),
    );
  });

  it('MB-9: nothing is guessed: an attendance without a recorded leave adds no time, and hours stay within the period', () => {
    fc.assert(
      fc.property(fc.array(attendance, { maxLength: 30 }), period, (records, [from, , to]) => {
        const totals = attendanceTotals(records, new Date(from), new Date(to));
        const closedOnly = attendanceTotals(records.filter((r) => r.leftAt !== null), new Date(from), new Date(to));
        expect(totals.participantHours).toBe(closedOnly.participantHours);
        expect(closedOnly.openAttendances).toBe(0);
        expect(totals.participantHours).toBeGreaterThanOrEqual(0);
        expect(totals.participantHours * hourMs).toBeLessThanOrEqual(totals.attendances * (to - from));
      }),
    );
  });

  it('MB-9: a person who leaves and comes back counts each stay, never the time between (join 09:00, leave 09:10, rejoin 11:50, leave 12:00)', () => {
    const at = (hhmm: string) => new Date(`2026-02-02T${hhmm}:00.000Z`);
    const stays = [
      { userId: 'u1', joinedAt: at('09:00'), leftAt: at('09:10') },
      { userId: 'u1', joinedAt: at('11:50'), leftAt: at('12:00') },
    ];
    const totals = attendanceTotals(stays, at('00:00'), at('23:59'));
    expect(totals).toEqual({ participants: 1, participantHours: 20 / 60, attendances: 2, openAttendances: 0 });
    // Clipped per stay: a period between the stays holds no time at all.
    expect(attendanceTotals(stays, at('09:30'), at('11:30')).participantHours).toBe(0);
  });

  it('MB-9: the stays of one person add up exactly as separate people would, and count them once', () => {
    fc.assert(
      fc.property(fc.array(attendance, { maxLength: 30 }), period, (records, [from, , to]) => {
        const alone = records.map((r, i) => ({ ...r, userId: `p${i}` }));
        const totals = attendanceTotals(records, new Date(from), new Date(to));
        const separate = attendanceTotals(alone, new Date(from), new Date(to));
        expect(totals.participantHours).toBeCloseTo(separate.participantHours, 9);
        expect([totals.attendances, totals.openAttendances]).toEqual([separate.attendances, separate.openAttendances]);
        expect(totals.participants).toBeLessThanOrEqual(separate.participants);
      }),
    );
  });
});
