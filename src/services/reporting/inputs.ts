/**
 * The inputs of `actor.planning` and `actor.statistics` and what they answer. Both cover a period
 * `[from, to)`: two instants, at most {@link maxPeriodDays} days apart.
 *
 * @module
 */
import { z } from 'zod';
import type { Meeting } from '../../domain/meeting';
import { idSchema, instantInputSchema, timeZoneSchema } from '../../domain/primitives';
import { pageInputShape } from '../kernel/paging';

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

/** Input of {@link PlanningApi.list}. */
export const planningInputSchema = z
  .strictObject({
    /**
     * The organisation whose planning to show. When absent: every organisation whose planning the actor may
     * see (the concierge: all of them; an administrator: their own).
     */
    organisationId: idSchema.optional(),
    ...periodShape,
    /** The IANA time zone to show times in; the viewer's own time zone (MB-11) when absent. */
    timeZone: timeZoneSchema.optional(),
    /**
     * Whether cancelled meetings are listed too (with `status: 'cancelled'`). A planning shows what will
     * happen, so they are left out unless asked for.
     * @defaultValue false
     */
    includeCancelled: z.boolean().optional(),
    ...pageInputShape,
  })
  .superRefine(refinePeriod);
/** Input of {@link PlanningApi.list}. */
export type PlanningInput = z.input<typeof planningInputSchema>;

/** A meeting's times as wall-clock time in the planning's time zone (ISO 8601 with the offset in force then). */
export interface PlanningLocalTimes {
  readonly startsAt: string;
  readonly endsAt: string;
  /** When the host reported the start, or `null`. */
  readonly startedAt: string | null;
  /** When the host reported the end, or `null`. */
  readonly endedAt: string | null;
}

/** One meeting of a planning. Instants are UTC `Date`s; {@link PlanningEntry.local} shows them in {@link PlanningEntry.timeZone}. */
export interface PlanningEntry {
  readonly meetingId: string;
  readonly organisationId: string;
  readonly unitId: string | null;
  readonly organiserId: string;
  /** The permanent room it is booked in, if any (MB-10). */
  readonly roomId: string | null;
  readonly title: string;
  readonly status: Meeting['status'];
  /** Whether it was cancelled (listed only with `includeCancelled`). */
  readonly cancelled: boolean;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** As reported by the host; polity never guesses it. */
  readonly startedAt: Date | null;
  /** As reported by the host; polity never guesses it. */
  readonly endedAt: Date | null;
  readonly participantCount: number;
  readonly participantLimit: number;
  /** The time zone the organiser planned the meeting in. */
  readonly plannedTimeZone: string;
  /** The time zone {@link PlanningEntry.local} is in: the one asked for, or the viewer's. */
  readonly timeZone: string;
  readonly local: PlanningLocalTimes;
}

/** Input of {@link StatisticsApi.get}. */
export const statisticsInputSchema = z.strictObject({ organisationId: idSchema, ...periodShape }).superRefine(refinePeriod);
/** Input of {@link StatisticsApi.get}. */
export type StatisticsInput = z.input<typeof statisticsInputSchema>;

/** Input of {@link StatisticsApi.byOrganisation}. */
export const statisticsByOrganisationInputSchema = z.strictObject({ ...periodShape, ...pageInputShape }).superRefine(refinePeriod);
/** Input of {@link StatisticsApi.byOrganisation}. */
export type StatisticsByOrganisationInput = z.input<typeof statisticsByOrganisationInputSchema>;

/** An organisation's named licences (MB-2, MB-3, MB-12), as they stand now: the pool keeps no history. */
export interface LicenceUsage {
  readonly allocated: number;
  /** Held by active users. */
  readonly used: number;
  /** Held by pending invitations. */
  readonly reserved: number;
}

/** The statistics of one organisation over `[from, to)`. */
export interface OrganisationStatistics {
  readonly organisationId: string;
  readonly from: Date;
  readonly to: Date;
  /** Meetings the host reported as started in the period and as ended (a meeting counts in the period it started in). */
  readonly meetingsHeld: number;
  /** Distinct people with an attendance in the period. */
  readonly participants: number;
  /**
   * Hours present: the attendances (one per stay, so a person who leaves and comes back is not counted in
   * between) with a recorded leave, each clipped to the period.
   */
  readonly participantHours: number;
  /** Closed attendances (join and leave recorded) overlapping the period. */
  readonly attendances: number;
  /** Attendances that joined in the period with no recorded leave: counted, never given a guessed length. */
  readonly openAttendances: number;
  /** Licences used against allocated, now (all 0 when the organisation has no pool). */
  readonly licences: LicenceUsage;
}

