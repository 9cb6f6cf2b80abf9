/**
 * What the host's video platform reports about a meeting: it started, a participant joined or left, it
 * ended. polity never guesses these: only a report moves a meeting to `live` or `ended`, or opens or closes
 * an attendance (one per stay: a join and its leave), which the statistics read. Reports are not tied to an
 * acting user: the host calls `polity.meetingEvents` from its own back end, after authenticating the
 * platform itself.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Meeting, MeetingParticipant } from '../domain/meeting';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import { transitionOrThrow } from '../workflows/machine';
import { meetingMachine, type MeetingContext } from '../workflows/meeting-machine';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { closeAllStays, lastReport, openStay, presenceOf, recordJoin, recordLeave, staysOf } from './meeting-attendances';
import { loadMeeting } from './meeting-facts';
import { meetingReportInputSchema, participantReportInputSchema, type MeetingReportInput, type ParticipantReportInput } from './meeting-inputs';

/**
 * `polity.meetingEvents`: the host's reports (start, join, leave, end).
 *
 * Every report may say when it happened (`at`, by the host's clock), else it happened now by polity's. A time
 * before the meeting was booked (`createdAt`) is refused; one up to a minute ahead of polity's clock (the
 * host's clock may run a little fast) is recorded as now, so a next report without `at` is never out of
 * order; one further ahead is refused.
 */
export interface MeetingEventsApi {
  /**
   * The meeting started (`scheduled` → `live`); `startedAt` is recorded.
   *
   * @throws {@link PolityError} `invalid_input` (also an `at` before the meeting's `createdAt`, code
   *   `before_creation`, or more than a minute ahead of polity's clock, `in_the_future`); `not_found`;
   *   `invalid_transition` unless the meeting is `scheduled` (a repeated report included).
   * @example
   * ```ts
   * await polity.meetingEvents.started({ meetingId, at: new Date('2026-02-02T09:01:00Z') });
   * ```
   */
  started(input: MeetingReportInput): Promise<Meeting>;
  /**
   * An invited participant joined the live meeting: a new attendance opens. The participant record keeps
   * their first join as `joinedAt`, and `leftAt` goes back to `null` while they are in (a second join after
   * leaving opens a second attendance, so the time between stays is never counted).
   *
   * @returns The participant record.
   * @throws {@link PolityError} `invalid_input` (as {@link MeetingEventsApi.started}); `not_found` for a
   *   meeting, or a person not invited to it; `invalid_transition` unless the meeting is `live`, or out of
   *   order (guard `joins_in_order`: an attendance of theirs is still open, or the join is before the start or
   *   their last leave).
   */
  joined(input: ParticipantReportInput): Promise<MeetingParticipant>;
  /**
   * A participant left the live meeting: their open attendance closes, and the participant's `leftAt` is this
   * last leave.
   *
   * @returns The participant record.
   * @throws {@link PolityError} `invalid_input` (as {@link MeetingEventsApi.started}); `not_found`;
   *   `invalid_transition` unless the meeting is `live` and the person has an open attendance that this leave
   *   comes after (guard `leaves_in_order`).
   */
  left(input: ParticipantReportInput): Promise<MeetingParticipant>;
  /**
   * The meeting ended (`live` → `ended`); `endedAt` is recorded, and every open attendance closes at the end
   * (everyone still in is recorded as having left then).
   *
   * @throws {@link PolityError} `invalid_input` (as {@link MeetingEventsApi.started}); `not_found`;
   *   `invalid_transition` unless the meeting is `live`, or when the end precedes the start or a join or leave
   *   reported (guard `ends_in_order`).
   */
  ended(input: MeetingReportInput): Promise<Meeting>;
}

/** How far ahead of polity's clock a reported time may be: the host's clock may run a little fast. */
const clockSkewMs = 60_000;

function invalidAt(message: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path: 'at', message, code }] } });
}

/**
 * When a report happened: `at` as given, or now. A time at most {@link clockSkewMs} ahead of polity's clock
 * is taken as now (clamped), so that a next report without `at`, which is now, never looks out of order.
 *
 * @throws {@link PolityError} `invalid_input` on `at` (`in_the_future`) further ahead.
 */
function reportTime(context: ServiceContext, at: Date | undefined): Date {
  const now = context.clock.now();
  if (at === undefined) return now;
  if (at.getTime() > now.getTime() + clockSkewMs) throw invalidAt('a report cannot be about the future', 'in_the_future');
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * Refuses a report about a time before the meeting was booked: nothing happened to it then.
 *
 * @throws {@link PolityError} `invalid_input` on `at` (`before_creation`).
 */
function assertAfterBooking(meeting: Meeting, at: Date): void {
  if (at.getTime() < meeting.createdAt.getTime()) {
    throw invalidAt(`meeting ${meeting.id} was booked at ${meeting.createdAt.toISOString()}: nothing happened to it before`, 'before_creation');
  }
}

function reportContext(meeting: Meeting, reportedAt: Date, extra: Partial<MeetingContext> = {}): MeetingContext {
  return { reportedAt, startedAt: meeting.startedAt, lastReportAt: null, presence: null, ...extra };
}

async function audit(tx: StoreSession, context: ServiceContext, meeting: Meeting, action: string, summary: string, changes: Record<string, unknown>): Promise<void> {
  // The host is not a person: the system is the actor, as for housekeeping.
  await appendAudit(tx, context, { organisationId: meeting.organisationId, actorId: null, action, targetType: 'meeting', targetId: meeting.id, summary, changes });
}

async function started(context: ServiceContext, input: MeetingReportInput): Promise<Meeting> {
  const data = parseWith(meetingReportInputSchema, input, 'input of meetingEvents.started');
  const at = reportTime(context, data.at);
  return context.store.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, data.meetingId);
    assertAfterBooking(meeting, at);
    const { state } = transitionOrThrow(meetingMachine, meeting.status, { type: 'start' }, { context: reportContext(meeting, at), roles: ['host'] });
    const updated = await tx.meetings.update(meeting.id, { status: state, startedAt: at, updatedAt: context.clock.now() });
    await audit(tx, context, meeting, 'meeting.start', `the host reported that "${meeting.title}" started at ${at.toISOString()}`, { status: state, startedAt: at.toISOString() });
    return updated;
  });
}

async function loadParticipant(tx: StoreSession, meeting: Meeting, userId: string): Promise<MeetingParticipant> {
  const participant = await tx.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', userId)));
  if (participant === null) throw new PolityError('not_found', `user ${userId} is not invited to meeting ${meeting.id}`, { details: { meetingId: meeting.id, userId } });
  return participant;
}

async function presence(context: ServiceContext, input: ParticipantReportInput, event: 'join' | 'leave'): Promise<MeetingParticipant> {
  const data = parseWith(participantReportInputSchema, input, `input of meetingEvents.${event === 'join' ? 'joined' : 'left'}`);
  const at = reportTime(context, data.at);
  return context.store.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, data.meetingId);
    assertAfterBooking(meeting, at);
    const participant = await loadParticipant(tx, meeting, data.userId);
    const stays = await staysOf(tx, meeting, data.userId);
    const open = openStay(stays);
    transitionOrThrow(meetingMachine, meeting.status, { type: event }, { context: reportContext(meeting, at, { presence: presenceOf(stays) }), roles: ['host'] });
    // The guard passed: a join has no open attendance, a leave has one.
    const updated = open === null ? await recordJoin(tx, context, meeting, participant, at) : await recordLeave(tx, meeting, participant, open, at);
    await audit(tx, context, meeting, `meeting.${event}`, `the host reported that user ${data.userId} ${event === 'join' ? 'joined' : 'left'} "${meeting.title}" at ${at.toISOString()}`, {
      userId: data.userId,
      at: at.toISOString(),
    });
    return updated;
  });
}

async function ended(context: ServiceContext, input: MeetingReportInput): Promise<Meeting> {
  const data = parseWith(meetingReportInputSchema, input, 'input of meetingEvents.ended');
  const at = reportTime(context, data.at);
  return context.store.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, data.meetingId);
    assertAfterBooking(meeting, at);
    const { state, effects } = transitionOrThrow(meetingMachine, meeting.status, { type: 'end' }, {
      context: reportContext(meeting, at, { lastReportAt: await lastReport(tx, meeting) }),
      roles: ['host'],
    });
    const updated = await tx.meetings.update(meeting.id, { status: state, endedAt: at, updatedAt: context.clock.now() });
    let closed = 0;
    for (const effect of effects) {
      if (effect.type !== 'close_attendance') continue;
      closed = await closeAllStays(tx, meeting, at);
    }
    await audit(tx, context, meeting, 'meeting.end', `the host reported that "${meeting.title}" ended at ${at.toISOString()}`, { status: state, endedAt: at.toISOString(), stillPresent: closed });
    return updated;
  });
}

/** Builds `polity.meetingEvents`. */
export function meetingEventsApi(context: ServiceContext): MeetingEventsApi {
  return {
    started: (input) => started(context, input),
    joined: (input) => presence(context, input, 'join'),
    left: (input) => presence(context, input, 'leave'),
    ended: (input) => ended(context, input),
  };
}
