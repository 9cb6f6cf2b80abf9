/**
 * `actor.planning`: the meetings of an organisation in a period, each with its times shown in a time zone
 * (MB-10, MB-11). An administrator sees their own organisation's planning; the concierge any organisation's,
 * or every organisation's at once.
 *
 * @module
 */
import { z } from 'zod';
import { where, type Filter } from '../domain/filter';
import type { Meeting } from '../domain/meeting';
import { idSchema, timeZoneSchema } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import type { Page } from '../ports/store';
import { runCommand } from './acting';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { loadOrganisation } from './organisation-guards';
import { listQuery, pageInputShape } from './paging';
import { periodShape, refinePeriod } from './planning-period';
import { localTime, localTimeOrNull } from './planning-time';

export { maxPeriodDays } from './planning-period';

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

/** `actor.planning`: an organisation's meetings in a date range, shown in a time zone (MB-10, MB-11). */
export interface PlanningApi {
  /**
   * The meetings overlapping `[from, to)` (starting before `to` and ending after `from`), ordered by start,
   * paged, each with its times in the requested time zone (default: the viewer's, MB-11). Cancelled meetings
   * are left out unless `includeCancelled`.
   *
   * @throws {@link PolityError} `invalid_input` (`to` not after `from`, a period over 366 days, an unknown time
   *   zone); `not_found` for the organisation; `forbidden` unless `planning.read` is allowed on it (Mégalis: its
   *   administrators, and the concierge for every organisation, MB-10), or, without `organisationId`, on no
   *   organisation at all.
   * @example
   * ```ts
   * const week = await polity.as(adminId).planning.list({
   *   organisationId, from: new Date('2026-03-23T00:00:00+01:00'), to: new Date('2026-03-30T00:00:00+02:00'), timeZone: 'Europe/Paris',
   * });
   * week.items[0]?.local.startsAt; // '2026-03-23T09:00:00+01:00'
   * ```
   */
  list(input: PlanningInput): Promise<Page<PlanningEntry>>;
}

function toEntry(meeting: Meeting, timeZone: string): PlanningEntry {
  return {
    meetingId: meeting.id,
    organisationId: meeting.organisationId,
    unitId: meeting.unitId,
    organiserId: meeting.organiserId,
    roomId: meeting.roomId,
    title: meeting.title,
    status: meeting.status,
    cancelled: meeting.status === 'cancelled',
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt,
    participantCount: meeting.participantCount,
    participantLimit: meeting.participantLimit,
    plannedTimeZone: meeting.timeZone,
    timeZone,
    local: {
      startsAt: localTime(meeting.startsAt, timeZone),
      endsAt: localTime(meeting.endsAt, timeZone),
      startedAt: localTimeOrNull(meeting.startedAt, timeZone),
      endedAt: localTimeOrNull(meeting.endedAt, timeZone),
    },
  };
}

async function list(context: ServiceContext, actorId: string, input: PlanningInput): Promise<Page<PlanningEntry>> {
  const data = parseWith(planningInputSchema, input, 'input of planning.list');
  return runCommand(context, actorId, { action: 'planning.read' }, async (tx, actor) => {
    let scope: Filter;
    if (data.organisationId !== undefined) {
      const organisation = await loadOrganisation(tx, data.organisationId);
      authorise(context, actor, 'planning.read', { kind: 'planning', organisationId: organisation.id });
      scope = where.eq('organisationId', organisation.id);
    } else {
      // Every organisation the policy lets the actor see, as a filter over the meetings' organisation.
      scope = context.policy.plan(actor.principal, 'planning.read', 'planning');
      // Nothing at all: say `forbidden` with the explanation of the platform-wide planning, not an empty page.
      if (scope.kind === 'never') authorise(context, actor, 'planning.read', { kind: 'planning', organisationId: null });
    }
    // Overlap with [from, to). No lower bound on the start is guessed from a duration limit: a meeting longer
    // than today's limit (an exempt role, an older profile) must still show.
    const overlapping = where.and(scope, where.lt('startsAt', data.to), where.gt('endsAt', data.from));
    const filter = data.includeCancelled === true ? overlapping : where.and(overlapping, where.not(where.eq('status', 'cancelled')));
    const page = await tx.meetings.list(listQuery(filter, [{ field: 'startsAt' }], data));
    const timeZone = data.timeZone ?? actor.user.timeZone;
    return { items: page.items.map((meeting) => toEntry(meeting, timeZone)), nextCursor: page.nextCursor };
  });
}

/** Builds `actor.planning` for one acting user. */
export function planningApi(context: ServiceContext, actorId: string): PlanningApi {
  return {
    list: (input) => list(context, actorId, input),
  };
}
