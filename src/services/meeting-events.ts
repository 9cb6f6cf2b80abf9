/**
 * What the host's video platform reports about a meeting: it started, a participant joined or left, it
 * ended. polity never guesses these: only a report moves a meeting to `live` or `ended`, or records a
 * `joinedAt` / `leftAt`, which the statistics read. Reports are not tied to an acting user: the host calls
 * `polity.meetingEvents` from its own back end, after authenticating the platform itself.
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
import { loadMeeting } from './meeting-facts';
import { meetingReportInputSchema, participantReportInputSchema, type MeetingReportInput, type ParticipantReportInput } from './meeting-inputs';
import { collectIds } from './paging';

/** `polity.meetingEvents`: the host's reports (start, join, leave, end). */
export interface MeetingEventsApi {
  /**
   * The meeting started (`scheduled` → `live`); `startedAt` is recorded.
   *
   * @throws {@link PolityError} `invalid_input` (also for an `at` more than a minute ahead of polity's clock);
   *   `not_found`; `invalid_transition` unless the meeting is `scheduled` (a repeated report included).
   * @example
   * ```ts
   * await polity.meetingEvents.started({ meetingId, at: new Date('2026-02-02T09:01:00Z') });
   * ```
   */
  started(input: MeetingReportInput): Promise<Meeting>;
  /**
   * An invited participant joined the live meeting; `joinedAt` is recorded (a second join after leaving keeps
   * the first `joinedAt` and clears `leftAt`).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found` for a meeting, or a person not invited to it;
   *   `invalid_transition` unless the meeting is `live`, or out of order (guard `joins_in_order`: already in,
   *   before the start or before their last leave).
   */
  joined(input: ParticipantReportInput): Promise<MeetingParticipant>;
  /**
   * A participant left the live meeting; `leftAt` is recorded.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `invalid_transition` unless the meeting is `live`
   *   and the person is in it and leaves after joining (guard `leaves_in_order`).
   */
  left(input: ParticipantReportInput): Promise<MeetingParticipant>;
  /**
   * The meeting ended (`live` → `ended`); `endedAt` is recorded, and everyone still in is recorded as having
   * left at the end.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `invalid_transition` unless the meeting is `live`,
   *   or when the end precedes the start or a join or leave reported (guard `ends_in_order`).
   */
  ended(input: MeetingReportInput): Promise<Meeting>;
}

/** How far ahead of polity's clock a reported time may be: the host's clock may run a little fast. */
const clockSkewMs = 60_000;

function reportTime(context: ServiceContext, at: Date | undefined): Date {
  const now = context.clock.now();
  if (at === undefined) return now;
  if (at.getTime() > now.getTime() + clockSkewMs) {
    const message = 'a report cannot be about the future';
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'at', message, code: 'in_the_future' }] } });
  }
  return at;
}

/** The latest time reported for a meeting: its start, or any join or leave since. */
function lastReport(meeting: Meeting, participants: readonly MeetingParticipant[]): Date | null {
  let last = meeting.startedAt?.getTime() ?? null;
  for (const p of participants) {
    for (const at of [p.joinedAt, p.leftAt]) if (at !== null && (last === null || at.getTime() > last)) last = at.getTime();
  }
  return last === null ? null : new Date(last);
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

const isPresent = (p: MeetingParticipant): boolean => p.joinedAt !== null && p.leftAt === null;

async function presence(context: ServiceContext, input: ParticipantReportInput, event: 'join' | 'leave'): Promise<MeetingParticipant> {
  const data = parseWith(participantReportInputSchema, input, `input of meetingEvents.${event === 'join' ? 'joined' : 'left'}`);
  const at = reportTime(context, data.at);
  return context.store.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, data.meetingId);
    const participant = await loadParticipant(tx, meeting, data.userId);
    const present = isPresent(participant);
    transitionOrThrow(meetingMachine, meeting.status, { type: event }, {
      context: reportContext(meeting, at, { presence: { present, since: present ? participant.joinedAt : participant.leftAt } }),
      roles: ['host'],
    });
    // A second join keeps the first: joinedAt says when the person first came, leftAt when they last went.
    const patch = event === 'join' ? { joinedAt: participant.joinedAt ?? at, leftAt: null } : { leftAt: at };
    const updated = await tx.participants.update(participant.id, patch);
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
    const participants = await collectIds(tx.participants, where.eq('meetingId', meeting.id), (p) => p);
    const { state, effects } = transitionOrThrow(meetingMachine, meeting.status, { type: 'end' }, {
      context: reportContext(meeting, at, { lastReportAt: lastReport(meeting, participants) }),
      roles: ['host'],
    });
    const updated = await tx.meetings.update(meeting.id, { status: state, endedAt: at, updatedAt: context.clock.now() });
    let closed = 0;
    for (const effect of effects) {
      if (effect.type !== 'close_attendance') continue;
      closed = (await tx.participants.guardedUpdate({ where: where.and(where.eq('meetingId', meeting.id), where.not(where.isNull('joinedAt')), where.isNull('leftAt')), set: { leftAt: at } })).length;
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
