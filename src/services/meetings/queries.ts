/**
 * Reading meetings: one with its participants (`meeting.read`), and the list of those the actor may see,
 * through the policy's query plan (EP-3, EP-4, EP-5, MB-7). Queries: one read-only snapshot, nothing written.
 *
 * @module
 */
import { where, type Filter } from '../../domain/filter';
import type { MeetingParticipant } from '../../domain/meeting';
import { defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { loadMeetingResource } from './facts';
import { getMeetingInputSchema, listMeetingsInputSchema, type MeetingDetails } from './inputs';
import { meetingView } from './views';

/** The organiser first, then by invitation time (then id, so the order is total). */
function byInvitation(a: MeetingParticipant, b: MeetingParticipant): number {
  const order = (p: MeetingParticipant) => (p.role === 'organiser' ? 0 : 1);
  return order(a) - order(b) || a.invitedAt.getTime() - b.invitedAt.getTime() || (a.id < b.id ? -1 : 1);
}

/**
 * `meetings.get`: one meeting with its participants, times in the actor's time zone; others' attendance
 * times only for those allowed `meeting.manage`.
 */
export const getMeeting = defineQuery({
  name: 'meetings.get',
  input: getMeetingInputSchema,
  action: 'meeting.read',
  load: ({ tx, context, input }) => loadMeetingResource(tx, context.profile, input.meetingId),
  resource: ({ loaded }) => loaded.resource,
  async run({ tx, actor, policy, loaded: { meeting, resource } }): Promise<MeetingDetails> {
    const participants = await collectAll(tx.participants, where.eq('meetingId', meeting.id), (p) => p);
    participants.sort(byInvitation);
    // When someone came and went is theirs: shown to whoever manages the meeting, else only one's own.
    const manager = await policy.allows('meeting.manage', resource);
    const shown = manager ? participants : participants.map((p) => (p.userId === actor.user.id ? p : { ...p, joinedAt: null, leftAt: null }));
    return { ...meetingView(meeting, actor.user.timeZone), participants: shown };
  },
});

/** `meetings.list`: the meetings the actor may read, by start time, optionally by status and start range. */
export const listMeetings = defineQuery({
  name: 'meetings.list',
  input: listMeetingsInputSchema,
  action: 'meeting.read',
  resource: 'plan',
  async run({ tx, actor, policy, input = {} }) {
    // The plan is the policy's own answer to "which meetings may I read", as a filter over their fields.
    const filters: Filter[] = [await policy.plan('meeting.read', 'meeting')];
    if (input.status !== undefined) filters.push(where.eq('status', input.status));
    if (input.from !== undefined) filters.push(where.gte('startsAt', input.from));
    if (input.to !== undefined) filters.push(where.lt('startsAt', input.to));
    // By start: what people expect of an agenda. A meeting moved while someone pages may show twice or not at all.
    const page = await tx.meetings.list(listQuery(where.and(...filters), [{ field: 'startsAt', direction: 'asc' }], input));
    return { items: page.items.map((meeting) => meetingView(meeting, actor.user.timeZone)), nextCursor: page.nextCursor };
  },
});
