/**
 * What the host's video platform reports about a meeting: it started, a participant joined or left, it
 * ended. polity never guesses these: only a report moves a meeting to `live` or `ended`, or opens or closes
 * an attendance (one per stay: a join and its leave), which the statistics read. Reports are system
 * commands, tied to no acting user: the host calls `polity.meetingEvents` from its own back end, after
 * authenticating the platform itself, and the audit trail names the system as the actor.
 *
 * Isolation (READ COMMITTED): every report locks the meeting, so reports on one meeting, and a manager's
 * cancellation, run one after the other, and each guard of the meeting machine reads what the previous
 * report left. The store's `attendances.open` (one open stay per person and meeting) and the guarded close
 * of a stay stay as backstops.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Meeting, MeetingParticipant } from '../../domain/meeting';
import { invalidInput, notFound } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { transitionOrThrow } from '../../workflows/machine';
import { meetingMachine, type MeetingContext } from '../../workflows/meeting-machine';
import { defineSystemCommand, type SystemSteps } from '../kernel/define';
import type { AuditEntry } from '../kernel/work';
import { lastReport, openStay, presenceOf, recordJoin, recordLeave, staysOf } from './attendances';
import { applyMeetingEffects } from './effects';
import { loadMeeting } from './facts';
import { meetingReportInputSchema, participantReportInputSchema } from './inputs';

/** How far ahead of polity's clock a reported time may be: the host's clock may run a little fast. */
const clockSkewMs = 60_000;

/**
 * When a report happened: `at` as given, or now. A time at most {@link clockSkewMs} ahead of polity's clock
 * is taken as now (clamped), so that a next report without `at`, which is now, never looks out of order.
 *
 * @throws {@link PolityError} `invalid_input` on `at` (`in_the_future`) further ahead.
 */
function reportTime(now: Date, at: Date | undefined): Date {
  if (at === undefined) return now;
  if (at.getTime() > now.getTime() + clockSkewMs) throw invalidInput('at', 'a report cannot be about the future', 'in_the_future');
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * The reported meeting, locked, and when the report happened: refused when about the future (before anything
 * is read) or about a time before the meeting was booked (nothing happened to it then).
 *
 * @throws {@link PolityError} `invalid_input` on `at` (`in_the_future`, `before_creation`); `not_found`.
 */
async function reported({ tx, work, input }: SystemSteps<{ readonly meetingId: string; readonly at?: Date | undefined }>): Promise<{ meeting: Meeting; at: Date }> {
  const at = reportTime(work.now, input.at);
  const meeting = await loadMeeting(tx, input.meetingId, { lock: 'update' });
  if (at.getTime() < meeting.createdAt.getTime()) throw invalidInput('at', 'the meeting was booked later: nothing happened to it before', 'before_creation');
  return { meeting, at };
}

function reportContext(meeting: Meeting, reportedAt: Date, extra: Partial<MeetingContext> = {}): MeetingContext {
  return { reportedAt, startedAt: meeting.startedAt, lastReportAt: null, presence: null, ...extra };
}

/** One audit event of a report about a meeting; the actor is the system (the host is not a person). */
function reportAudit(meeting: Meeting, action: string, summary: string, changes: Record<string, unknown>): AuditEntry {
  return { organisationId: meeting.organisationId, action, targetType: 'meeting', targetId: meeting.id, summary, changes };
}

/** `meetingEvents.started`: `scheduled` → `live`; `startedAt` is recorded. */
export const reportStarted = defineSystemCommand({
  name: 'meetingEvents.started',
  input: meetingReportInputSchema,
  async run(steps) {
    const { tx, work } = steps;
    const { meeting, at } = await reported(steps);
    const { state } = transitionOrThrow(meetingMachine, meeting.status, { type: 'start' }, { context: reportContext(meeting, at), roles: ['host'] });
    const updated = await tx.meetings.update(meeting.id, { status: state, startedAt: at, updatedAt: work.now });
    work.audit(reportAudit(meeting, 'meeting.start', `the host reported that "${meeting.title}" started at ${at.toISOString()}`, { status: state, startedAt: at.toISOString() }));
    return updated;
  },
});

async function loadParticipant(tx: StoreSession, meeting: Meeting, userId: string): Promise<MeetingParticipant> {
  const participant = await tx.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', userId)));
  if (participant === null) throw notFound('participant', undefined, { meetingId: meeting.id, userId });
  return participant;
}

/** `meetingEvents.joined` / `meetingEvents.left`: an attendance opens or closes, in order (guards `joins_in_order`, `leaves_in_order`). */
function presenceReport(event: 'join' | 'leave') {
  const verb = event === 'join' ? 'joined' : 'left';
  return defineSystemCommand({
    name: `meetingEvents.${verb}`,
    input: participantReportInputSchema,
    async run(steps) {
      const { tx, work, input } = steps;
      const { meeting, at } = await reported(steps);
      const participant = await loadParticipant(tx, meeting, input.userId);
      const stays = await staysOf(tx, meeting, input.userId);
      const open = openStay(stays);
      transitionOrThrow(meetingMachine, meeting.status, { type: event }, { context: reportContext(meeting, at, { presence: presenceOf(stays) }), roles: ['host'] });
      // The guard passed: a join has no open attendance, a leave has one.
      const updated = open === null ? await recordJoin(work, meeting, participant, at) : await recordLeave(tx, meeting, participant, open, at);
      work.audit(
        reportAudit(meeting, `meeting.${event}`, `the host reported that user ${input.userId} ${verb} "${meeting.title}" at ${at.toISOString()}`, { userId: input.userId, at: at.toISOString() }),
      );
      return updated;
    },
  });
}

/** `meetingEvents.joined`. */
export const reportJoined = presenceReport('join');
/** `meetingEvents.left`. */
export const reportLeft = presenceReport('leave');

/** `meetingEvents.ended`: `live` → `ended`; `endedAt` is recorded, and every open attendance closes at the end. */
export const reportEnded = defineSystemCommand({
  name: 'meetingEvents.ended',
  input: meetingReportInputSchema,
  async run(steps) {
    const { tx, work } = steps;
    const { meeting, at } = await reported(steps);
    const { state, effects } = transitionOrThrow(meetingMachine, meeting.status, { type: 'end' }, {
      context: reportContext(meeting, at, { lastReportAt: await lastReport(tx, meeting) }),
      roles: ['host'],
    });
    const updated = await tx.meetings.update(meeting.id, { status: state, endedAt: at, updatedAt: work.now });
    const { closed } = await applyMeetingEffects(effects, { work, meeting: updated, at, actor: null, invited: [] });
    work.audit(reportAudit(meeting, 'meeting.end', `the host reported that "${meeting.title}" ended at ${at.toISOString()}`, { status: state, endedAt: at.toISOString(), stillPresent: closed }));
    return updated;
  },
});
