/**
 * The retry delay after a failed delivery.
 *
 * @module
 */

/** Exponential backoff bounds of {@link backoffDelay}. */
export interface BackoffOptions {
  /** The delay after the first failure, in milliseconds. */
  readonly baseMs: number;
  /** The longest delay, in milliseconds. */
  readonly maxMs: number;
}

/**
 * The delay before the next attempt, given how many attempts have failed so far (1 after the first):
 * `baseMs · 2^(failures − 1)`, capped at `maxMs`. No jitter: tests move a test clock by exact amounts, and
 * claims are already spread by the lease.
 *
 * @example
 * ```ts
 * import { backoffDelay } from 'polity';
 *
 * backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }); // 4000
 * ```
 */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const exponent = Math.max(0, failures - 1);
  // 2^exponent overflows to Infinity long before it matters; min() keeps the cap.
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 52));
}
