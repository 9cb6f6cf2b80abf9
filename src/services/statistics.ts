/**
 * `actor.statistics`: per organisation and period, the meetings held, the people who took part, the
 * participant-hours from the attendances the host reported (one per stay, a join and its leave), and licences
 * used against allocated
 * (MB-9: an organisation's administrator; MB-10: the concierge, for every organisation). The host reports
 * starts, joins, leaves and ends; polity never guesses them.
 *
 * @module
 */
import { z } from 'zod';
import type { Attendance } from '../domain/attendance';
import { filterFields, renameFilterFields, where } from '../domain/filter';
import { idSchema } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import type { Page, StoreSession } from '../ports/store';
import { runCommand } from './acting';
import { allows, authorise } from './authorise';
import type { ServiceContext } from './context';
import { loadOrganisation } from './organisation-guards';
import { collectIds, pageInputShape, pageMatching } from './paging';
import { periodShape, refinePeriod } from './planning-period';
import { attendanceTotals } from './statistics-compute';

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

/**
 * Computes the statistics of some organisations in three queries (meetings, attendances, pools), whatever
 * their number: one page of {@link StatisticsApi.byOrganisation} costs the same as one organisation.
 */
async function statisticsOf(tx: StoreSession, organisationIds: readonly string[], from: Date, to: Date): Promise<OrganisationStatistics[]> {
  const inOrganisations = where.in('organisationId', [...organisationIds]);
  const held = await collectIds(
    tx.meetings,
    where.and(inOrganisations, where.gte('startedAt', from), where.lt('startedAt', to), where.not(where.isNull('endedAt'))),
    (m) => m.organisationId,
  );
  // Joined before the end of the period, and joined in it or still there at its start (open ones that began
  // earlier fall out here: `leftAt > from` is unknown for them).
  const attendances = await collectIds(
    tx.attendances,
    where.and(inOrganisations, where.lt('joinedAt', to), where.or(where.gte('joinedAt', from), where.gt('leftAt', from))),
    (a) => a,
  );
  const pools = new Map((await collectIds(tx.licencePools, inOrganisations, (p) => p)).map((p) => [p.organisationId, p]));
  const meetingsHeld = new Map<string, number>();
  for (const organisationId of held) meetingsHeld.set(organisationId, (meetingsHeld.get(organisationId) ?? 0) + 1);
  const byOrganisation = new Map<string, Attendance[]>();
  for (const attendance of attendances) {
    const list = byOrganisation.get(attendance.organisationId);
    if (list === undefined) byOrganisation.set(attendance.organisationId, [attendance]);
    else list.push(attendance);
  }
  return organisationIds.map((organisationId) => {
    const pool = pools.get(organisationId);
    return {
      organisationId,
      from,
      to,
      meetingsHeld: meetingsHeld.get(organisationId) ?? 0,
      ...attendanceTotals(byOrganisation.get(organisationId) ?? [], from, to),
      licences: pool === undefined ? { allocated: 0, used: 0, reserved: 0 } : { allocated: pool.allocated, used: pool.used, reserved: pool.reserved },
    };
  });
}

async function get(context: ServiceContext, actorId: string, input: StatisticsInput): Promise<OrganisationStatistics> {
  const data = parseWith(statisticsInputSchema, input, 'input of statistics.get');
  return runCommand(context, actorId, { action: 'statistics.read' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    authorise(context, actor, 'statistics.read', { kind: 'statistics', organisationId: organisation.id });
    const [statistics] = await statisticsOf(tx, [organisation.id], data.from, data.to);
    return statistics!;
  });
}

async function byOrganisation(context: ServiceContext, actorId: string, input: StatisticsByOrganisationInput): Promise<Page<OrganisationStatistics>> {
  const data = parseWith(statisticsByOrganisationInputSchema, input, 'input of statistics.byOrganisation');
  return runCommand(context, actorId, { action: 'statistics.read' }, async (tx, actor) => {
    // Nothing at all: `forbidden` with the explanation for the platform-wide statistics, not an empty page.
    const plan = context.policy.plan(actor.principal, 'statistics.read', 'statistics');
    if (plan.kind === 'never') {
      authorise(context, actor, 'statistics.read', { kind: 'statistics', organisationId: null });
    }
    // The policy's plan, read as a filter on organisations, keeps an administrator from scanning the whole
    // platform; a plan naming other fields than the organisation cannot be, and every organisation is read.
    const fields = filterFields(plan);
    const candidates = [...fields].every((field) => field === 'organisationId') ? renameFilterFields(plan, { organisationId: 'id' }) : where.always();
    // Each organisation is still asked of the policy, so the page holds exactly those the actor may see.
    const page = await pageMatching(tx.organisations, candidates, [{ field: 'name' }], data, (organisation) =>
      allows(context, actor, 'statistics.read', { kind: 'statistics', organisationId: organisation.id }),
    );
    const items = await statisticsOf(tx, page.items.map((o) => o.id), data.from, data.to);
    return { items, nextCursor: page.nextCursor };
  });
}

/** Builds `actor.statistics` for one acting user. */
export function statisticsApi(context: ServiceContext, actorId: string): StatisticsApi {
  return {
    get: (input) => get(context, actorId, input),
    byOrganisation: (input) => byOrganisation(context, actorId, input),
  };
}
