/**
 * `actor.planning` and `actor.statistics`: an organisation's meetings in a period, shown in a time zone
 * (MB-10, MB-11), and per organisation and period the meetings held, the people who took part, the
 * participant-hours from the attendances the host reported, and licences used against allocated (MB-9,
 * MB-10). Both only read.
 *
 * @module
 */
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import type { OrganisationStatistics, PlanningEntry, PlanningInput, StatisticsByOrganisationInput, StatisticsInput } from './inputs';
import { listPlanning } from './planning';
import { getStatistics, statisticsByOrganisation } from './statistics';

export {
  maxPeriodDays,
  planningInputSchema,
  statisticsByOrganisationInputSchema,
  statisticsInputSchema,
  type LicenceUsage,
  type OrganisationStatistics,
  type PlanningEntry,
  type PlanningInput,
  type PlanningLocalTimes,
  type StatisticsByOrganisationInput,
  type StatisticsInput,
} from './inputs';

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

/** `actor.statistics`: meetings held, participants, participant-hours and licences per organisation and period (MB-9, MB-10). */
export interface StatisticsApi {
  /**
   * The statistics of one organisation over `[from, to)`.
   *
   * @throws {@link PolityError} `invalid_input` (`to` not after `from`, a period over 366 days); `not_found` for
   *   the organisation; `forbidden` unless `statistics.read` is allowed on it (Mégalis: its administrators, MB-9,
   *   and the concierge, MB-10).
   * @example
   * ```ts
   * const march = await polity.as(adminId).statistics.get({ organisationId, from: new Date('2026-03-01T00:00:00+01:00'), to: new Date('2026-04-01T00:00:00+02:00') });
   * march.participantHours;
   * ```
   */
  get(input: StatisticsInput): Promise<OrganisationStatistics>;
  /**
   * The statistics of every organisation whose statistics the actor may see (the concierge: all, MB-10), by
   * organisation name, paged by organisation.
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` when the actor may see no organisation's statistics.
   */
  byOrganisation(input: StatisticsByOrganisationInput): Promise<Page<OrganisationStatistics>>;
}

/** The namespaces of this area, as an actor carries them. */
export interface ReportingNamespaces {
  readonly planning: PlanningApi;
  readonly statistics: StatisticsApi;
}

/** Builds `actor.planning` and `actor.statistics` for one acting user. */
export function reportingArea(context: ServiceContext, actorId: string): ReportingNamespaces {
  return {
    planning: bindAll(context, actorId, { list: listPlanning }),
    statistics: bindAll(context, actorId, { get: getStatistics, byOrganisation: statisticsByOrganisation }),
  };
}
