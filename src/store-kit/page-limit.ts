/**
 * The page size rule of the Store port's `list`, shared by every adapter.
 *
 * @module
 */
import { PolityError } from 'polity';

/** The page size when a list query gives none. */
export const defaultPageLimit = 50;

/** The largest page a list returns. */
export const maxPageLimit = 1000;

/**
 * The page size of a list query: {@link defaultPageLimit} when absent, otherwise the given whole number.
 *
 * @throws {@link polity!PolityError} `invalid_input` (path `limit`) unless the limit is a whole number from 1 to
 *   {@link maxPageLimit}: a list never caps silently, so an out-of-range size is refused rather than clamped.
 */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultPageLimit;
  if (Number.isInteger(limit) && limit >= 1 && limit <= maxPageLimit) return limit;
  const message = `a page holds 1 to ${maxPageLimit} records, got ${String(limit)}`;
  throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'limit', message, code: 'too_big' }] } });
}
