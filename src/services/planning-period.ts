/**
 * The period a planning or statistics query covers: `[from, to)`, two instants, at most
 * {@link maxPeriodDays} days apart. Shared by `actor.planning` and `actor.statistics`.
 *
 * @module
 */
import { z } from 'zod';
import { instantInputSchema } from '../domain/primitives';

/** The longest period one planning or statistics query may cover, in days (a leap year). */
export const maxPeriodDays = 366;

const dayMs = 86_400_000;

/** The period fields of a planning or statistics input. */
export const periodShape = {
  /** The first instant of the period (inclusive): a `Date` or an ISO date-time with its offset. */
  from: instantInputSchema,
  /** The instant the period ends (exclusive); after `from`. */
  to: instantInputSchema,
} as const;

/**
 * Checks a parsed period: `to` after `from`, and at most {@link maxPeriodDays} days long (a bound so that
 * one call never reads a platform's whole history).
 */
export function refinePeriod(period: { readonly from: Date; readonly to: Date }, ctx: z.core.$RefinementCtx): void {
  // zod runs object refinements even when a field failed to parse: that field's issue is already reported.
  if (!(period.from instanceof Date) || !(period.to instanceof Date)) return;
  const length = period.to.getTime() - period.from.getTime();
  if (length <= 0) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'a period ends after it starts', params: { reason: 'empty_period' } });
  } else if (length > maxPeriodDays * dayMs) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a period covers at most ${maxPeriodDays} days`, params: { reason: 'period_too_long' } });
  }
}
