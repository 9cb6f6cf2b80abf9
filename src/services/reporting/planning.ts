/**
 * `planning.list`: the meetings of an organisation in a period, each with its times shown in a time zone
 * (MB-10, MB-11). An administrator sees their own organisation's planning; the concierge any organisation's,
 * or every organisation's at once. A query: one read-only snapshot.
 *
 * @module
 */
import { where, type Filter } from '../../domain/filter';
import type { Meeting } from '../../domain/meeting';
import { defineQuery } from '../kernel/define';
import { listQuery } from '../kernel/paging';
import { localTime, localTimeOrNull } from '../meetings/wall-clock';
import { planningInputSchema, type PlanningEntry } from './inputs';

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

/**
 * `planning.list`: the meetings overlapping `[from, to)`, by start. With an organisation, `planning.read` is
 * asked on it; without, the policy's plan says which organisations (and `forbidden`, with the explanation
 * of the platform-wide planning, when none).
 */
export const listPlanning = defineQuery({
  name: 'planning.list',
  input: planningInputSchema,
  action: 'planning.read',
  load: ({ work, input }) => (input.organisationId === undefined ? Promise.resolve(null) : work.organisation(input.organisationId)),
  resource: 'plan',
  async run({ tx, actor, policy, input, loaded: organisation }) {
    let scope: Filter;
    if (organisation !== null) {
      await policy.authorise('planning.read', { kind: 'planning', organisationId: organisation.id });
      scope = where.eq('organisationId', organisation.id);
    } else {
      // Every organisation the policy lets the actor see, as a filter over the meetings' organisation.
      scope = await policy.plan('planning.read', 'planning');
      // Nothing at all: say `forbidden` with the explanation of the platform-wide planning, not an empty page.
      if (scope.kind === 'never') await policy.authorise('planning.read', { kind: 'planning', organisationId: null });
    }
    // Overlap with [from, to). No lower bound on the start is guessed from a duration limit: a meeting longer
    // than today's limit (an exempt role, an older profile) must still show.
    const overlapping = where.and(scope, where.lt('startsAt', input.to), where.gt('endsAt', input.from));
    const filter = input.includeCancelled === true ? overlapping : where.and(overlapping, where.not(where.eq('status', 'cancelled')));
    const page = await tx.meetings.list(listQuery(filter, [{ field: 'startsAt' }], input));
    const timeZone = input.timeZone ?? actor.user.timeZone;
    return { items: page.items.map((meeting) => toEntry(meeting, timeZone)), nextCursor: page.nextCursor };
  },
});
