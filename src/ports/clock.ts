/**
 * The Clock port: the only way polity learns the time, so tests can pin it.
 *
 * @module
 */

/** Tells the current time. */
export interface Clock {
  /** The current instant. MUST return a new `Date` on each call (callers may keep it). */
  now(): Date;
}
