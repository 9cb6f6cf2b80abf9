/**
 * `statistics.get` and `statistics.byOrganisation`: per organisation and period, the meetings held, the
 * people who took part, the participant-hours from the attendances the host reported (one per stay, a join
 * and its leave), and licences used against allocated (MB-9: an organisation's administrator; MB-10: the
 * concierge, for every organisation). The host reports starts, joins, leaves and ends; polity never guesses
 * them. Queries: one read-only snapshot.
 *
 * @module
 */
import type { Attendance } from '../../domain/attendance';
import type { Organisation } from '../../domain/organisation';
import { filterFields, renameFilterFields, where } from '../../domain/filter';
import type { StoreSession } from '../../ports/store';
import { defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { statisticsByOrganisationInputSchema, statisticsInputSchema, type OrganisationStatistics } from './inputs';
import { attendanceTotals } from './statistics-compute';

/** Records grouped by a key (an organisation id). */
function groupBy<T>(records: readonly T[], key: (record: T) => string): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const record of records) {
    const list = by.get(key(record));
    if (list === undefined) by.set(key(record), [record]);
    else list.push(record);
  }
  return by;
}

/**
 * Computes the statistics of some organisations in three queries (meetings, attendances, pools), whatever
 * their number: one page of `statistics.byOrganisation` costs the same as one organisation.
 */
async function statisticsOf(tx: StoreSession, organisationIds: readonly string[], from: Date, to: Date): Promise<OrganisationStatistics[]> {
  const inOrganisations = where.in('organisationId', [...organisationIds]);
  const held = await collectAll(
    tx.meetings,
    where.and(inOrganisations, where.gte('startedAt', from), where.lt('startedAt', to), where.not(where.isNull('endedAt'))),
    (m) => m.organisationId,
  );
  // Joined before the end of the period, and joined in it or still there at its start (open ones that began
  // earlier fall out here: `leftAt > from` is unknown for them).
  const attendances = await collectAll(
    tx.attendances,
    where.and(inOrganisations, where.lt('joinedAt', to), where.or(where.gte('joinedAt', from), where.gt('leftAt', from))),
    (a) => a,
  );
  const pools = new Map((await collectAll(tx.licencePools, inOrganisations, (p) => p)).map((p) => [p.organisationId, p]));
  const meetingsHeld = groupBy(held, (organisationId) => organisationId);
  const byOrganisation = groupBy<Attendance>(attendances, (a) => a.organisationId);
  return organisationIds.map((organisationId) => {
    const pool = pools.get(organisationId);
    return {
      organisationId,
      from,
      to,
      meetingsHeld: meetingsHeld.get(organisationId)?.length ?? 0,
      ...attendanceTotals(byOrganisation.get(organisationId) ?? [], from, to),
      licences: pool === undefined ? { allocated: 0, used: 0, reserved: 0 } : { allocated: pool.allocated, used: pool.used, reserved: pool.reserved },
    };
  });
}

/** `statistics.get`: one organisation over `[from, to)`. */
export const getStatistics = defineQuery({
  name: 'statistics.get',
  input: statisticsInputSchema,
  action: 'statistics.read',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => ({ kind: 'statistics', organisationId: loaded.id }),
  async run({ tx, input, loaded: organisation }) {
    const [statistics] = await statisticsOf(tx, [organisation.id], input.from, input.to);
    return statistics!;
  },
});

/** `statistics.byOrganisation`: every organisation whose statistics the actor may see, by name, paged. */
export const statisticsByOrganisation = defineQuery({
  name: 'statistics.byOrganisation',
  input: statisticsByOrganisationInputSchema,
  action: 'statistics.read',
  resource: 'plan',
  async run({ tx, context, input, policy }) {
    const plan = await policy.plan('statistics.read', 'statistics');
    // Nothing at all: `forbidden` with the explanation for the platform-wide statistics, not an empty page.
    if (plan.kind === 'never') await policy.authorise('statistics.read', { kind: 'statistics', organisationId: null });
    // The policy's plan, read as a filter on organisations, keeps an administrator from scanning the whole
    // platform; a plan naming other fields than the organisation cannot be, and every organisation is read.
    const fields = filterFields(plan);
    const candidates = [...fields].every((field) => field === 'organisationId') ? renameFilterFields(plan, { organisationId: 'id' }) : where.always();
    // Each organisation is still asked of the policy, so the page holds exactly those the actor may see. The
    // engine is pure, so the check runs inside the Store's predicate with a principal made beforehand (a
    // relation a rule might read is answered for no organisation: such a rule fails closed here).
    const principal = await policy.principalFor('statistics.read', []);
    const readable = (organisation: Organisation) => context.policy.check(principal, 'statistics.read', { kind: 'statistics', organisationId: organisation.id });
    const page = await tx.organisations.list(listQuery(candidates, [{ field: 'name' }], input, readable));
    const items = await statisticsOf(tx, page.items.map((o) => o.id), input.from, input.to);
    return { items, nextCursor: page.nextCursor };
  },
});
