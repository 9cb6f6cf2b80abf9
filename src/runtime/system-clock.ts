/**
 * The default {@link Clock}: the machine's clock.
 *
 * @module
 */
import type { Clock } from '../ports/clock';

/** A {@link Clock} that reads the system time. Tests use `testClock()` from `polity/testing` instead. */
export function systemClock(): Clock {
  return { now: () => new Date() };
}
