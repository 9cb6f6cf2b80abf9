/**
 * Reading meetings: one with its participants (`meeting.read`), and the list of those the actor may see,
 * through the policy's query plan (EP-3, EP-4, EP-5, MB-7).
 *
 * @module
 */
import { where, type Filter } from '../domain/filter';
import type { MeetingParticipant } from '../domain/meeting';
import { parseWith } from '../domain/validate';
import type { Page } from '../ports/store';
import { runCommand } from './acting';
import { allows, authorise } from './authorise';
import type { ServiceContext } from './context';
import { loadMeetingResource } from './meeting-facts';
import { getMeetingInputSchema, listMeetingsInputSchema, type GetMeetingInput, type ListMeetingsInput } from './meeting-inputs';
import { meetingView, type MeetingDetails, type MeetingView } from './meeting-views';
import { collectIds, listQuery } from './paging';

/**
 * One meeting with its participants, times in the actor's time zone; others' attendance times only for
 * those allowed `meeting.manage`. See {@link MeetingsApi.get}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.get}.
 */
export async function getMeeting(context: ServiceContext, actorId: string, input: GetMeetingInput): Promise<MeetingDetails> {
  const data = parseWith(getMeetingInputSchema, input, 'input of meetings.get');
  return runCommand(context, actorId, { action: 'meeting.read' }, async (tx, actor) => {
    const { meeting, resource } = await loadMeetingResource(tx, context.profile, data.meetingId);
    authorise(context, actor, 'meeting.read', resource);
    const participants = await collectIds(tx.participants, where.eq('meetingId', meeting.id), (p) => p);
    const order = (p: MeetingParticipant) => (p.role === 'organiser' ? 0 : 1);
    participants.sort((a, b) => order(a) - order(b) || a.invitedAt.getTime() - b.invitedAt.getTime() || (a.id < b.id ? -1 : 1));
    // When someone came and went is theirs: shown to whoever manages the meeting, else only one's own.
    const manager = allows(context, actor, 'meeting.manage', resource);
    const shown = manager ? participants : participants.map((p) => (p.userId === actor.user.id ? p : { ...p, joinedAt: null, leftAt: null }));
    return { ...meetingView(meeting, actor.user.timeZone), participants: shown };
  });
}

/**
 * The meetings the actor may read, by start time. See {@link MeetingsApi.list}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.list}.
 */
export async function listMeetings(context: ServiceContext, actorId: string, input: ListMeetingsInput): Promise<Page<MeetingView>> {
  const data = parseWith(listMeetingsInputSchema, input, 'input of meetings.list') ?? {};
  return runCommand(context, actorId, { action: 'meeting.read' }, async (tx, actor) => {
    // The plan is the policy's own answer to "which meetings may I read", as a filter over their fields.
    const filters: Filter[] = [context.policy.plan(actor.principal, 'meeting.read', 'meeting')];
    if (data.status !== undefined) filters.push(where.eq('status', data.status));
    if (data.from !== undefined) filters.push(where.gte('startsAt', data.from));
    if (data.to !== undefined) filters.push(where.lt('startsAt', data.to));
    // By start: what people expect of an agenda. A meeting moved while someone pages may show twice or not at all.
    const page = await tx.meetings.list(listQuery(where.and(...filters), [{ field: 'startsAt', direction: 'asc' }], data));
    return { items: page.items.map((meeting) => meetingView(meeting, actor.user.timeZone)), nextCursor: page.nextCursor };
  });
}
