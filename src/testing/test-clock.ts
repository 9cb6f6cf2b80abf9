/**
 * A clock for tests: it stands still until told to move.
 *
 * @module
 */
import type { Clock } from '../ports/clock';

/** A {@link Clock} whose time only changes when a test says so. */
export interface TestClock extends Clock {
  /** Moves the time forward (or back, with a negative amount) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps to an instant. */
  set(instant: Date | string): void;
}

/**
 * Makes a {@link TestClock}.
 *
 * @param start - The first instant.
 * @defaultValue `2026-01-05T09:00:00.000Z`
 * @example
 * ```ts
 * import { testClock } from 'polity/testing';
 *
 * const clock = testClock('2026-03-29T00:30:00Z');
 * clock.advance(60 * 60 * 1000);
 * clock.now().toISOString(); // '2026-03-29T01:30:00.000Z'
 * ```
 */
export function testClock(start: Date | string = '2026-01-05T09:00:00.000Z'): TestClock {
  let current = toInstant(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (instant) => {
      current = toInstant(instant);
    },
  };
}

function toInstant(value: Date | string): number {
  const time = (value instanceof Date ? value : new Date(value)).getTime();
  if (Number.isNaN(time)) throw new TypeError(`testClock: not a valid instant: ${String(value)}`);
  return time;
}
