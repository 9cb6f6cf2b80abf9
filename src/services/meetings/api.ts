/**
 * `actor.meetings`: scheduling, changing and cancelling meetings under the profile's limits, inviting
 * people from any organisation, and reading meetings in one's own time zone (EP-1…EP-5, EP-15, EP-17,
 * MB-7, MB-8, MB-10, MB-11); and `polity.meetingEvents`, what the host reports.
 *
 * Who may do what is the policy's answer (`meeting.create`, `meeting.read`, `meeting.manage`,
 * `meeting.invite`, the actions the meeting machine names); which changes a meeting's state allows is the
 * meeting machine's (`src/workflows/meeting-machine.ts`); what really happened is the host's report
 * (`polity.meetingEvents`).
 *
 * @module
 */
import type { Meeting, MeetingParticipant } from '../../domain/meeting';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll, runAsSystem } from '../kernel/pipeline';
import { cancelMeeting, scheduleMeeting, updateMeeting } from './booking';
import { reportEnded, reportJoined, reportLeft, reportStarted } from './host-reports';
import type {
  CancelMeetingInput,
  GetMeetingInput,
  InviteResult,
  InviteToMeetingInput,
  ListMeetingsInput,
  MeetingDetails,
  MeetingReportInput,
  MeetingView,
  ParticipantReportInput,
  RemoveParticipantInput,
  ScheduleMeetingInput,
  UpdateMeetingInput,
} from './inputs';
import { inviteToMeeting, removeParticipant } from './participants';
import { getMeeting, listMeetings } from './queries';

export {
  cancelMeetingInputSchema,
  getMeetingInputSchema,
  inviteeSchema,
  inviteToMeetingInputSchema,
  listMeetingsInputSchema,
  meetingReportInputSchema,
  participantReportInputSchema,
  removeParticipantInputSchema,
  scheduleMeetingInputSchema,
  updateMeetingInputSchema,
  type CancelMeetingInput,
  type GetMeetingInput,
  type InviteeInput,
  type InviteResult,
  type InviteToMeetingInput,
  type ListMeetingsInput,
  type MeetingDetails,
  type MeetingReportInput,
  type MeetingView,
  type ParticipantReportInput,
  type RemoveParticipantInput,
  type ScheduleMeetingInput,
  type UpdateMeetingInput,
} from './inputs';
export { meetingTimeSchema, type MeetingTimeInput } from './time-input';

/** `actor.meetings` (EP-1…EP-5, EP-15, EP-17, MB-7…MB-11). */
export interface MeetingsApi {
  /**
   * Books a meeting, `scheduled`, with the organiser as its first participant (EP-2: the organiser counts).
   * Times are UTC instants, or local date-times with the IANA `timeZone` they are in (MB-11); a local time the
   * clocks skip is refused, one they repeat is taken at its first occurrence. The duration is elapsed time,
   * so a meeting across a daylight-saving change lasts what it really lasts. Limits: at most
   * `profile.limits.meetingMaxMinutes` (EP-1; exactly the limit passes) unless the actor holds a role of
   * `durationExemptRoles`; the participant limit is fixed from `meetingMaxParticipants` (and the room's own
   * limit, if lower).
   *
   * Who books: e:Presence coordinators only, for themselves, in their unit or organisation (EP-3, EP-15);
   * in Mégalis every licensed user for themselves (MB-7), a delegated organiser also for a licensed user of
   * their organisation (MB-8), a concierge for any licensed user of the platform (MB-10). The meeting is held
   * in the organiser's own organisation (and, with `unitId`, one of its units), so they can manage it and it
   * shows in that organisation's planning; only an organiser in no organisation (platform staff) names another.
   *
   * @throws {@link PolityError} `invalid_input` (a bad field, local times without a time zone, a skipped local
   *   time, an end not after the start or in the past, an unknown organiser, no organisation to hold it for;
   *   an `organisationId` or `unitId` outside the organiser's organisation, code `not_organiser_organisation`);
   *   `not_found` (organisation, unit, room); `forbidden` unless `meeting.create` is allowed for that organiser;
   *   `conflict` (`organisation.suspended`); `limit_exceeded` `{ limit: 'duration', max, actual }`.
   * @example
   * ```ts
   * const meeting = await polity.as(coordinatorId).meetings.schedule({
   *   title: 'Budget review', unitId,
   *   startsAt: '2026-03-29T10:00', endsAt: '2026-03-29T11:30', timeZone: 'Europe/Athens',
   * });
   * ```
   */
  schedule(input: ScheduleMeetingInput): Promise<Meeting>;
  /**
   * Changes the title, description, times or planning time zone of a `scheduled` meeting. Times are checked
   * again whenever they change (EP-1: the actor's exemption counts, not the one of whoever set them before);
   * local date-times are read in `timeZone`, else in the meeting's stored zone. A call that changes nothing
   * writes nothing.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `meeting.manage` is allowed
   *   (EP-4, EP-5, MB-7); `invalid_transition` unless `scheduled`; `conflict` (`organisation.suspended`: the
   *   meeting's organisation is suspended); `limit_exceeded` (`duration`).
   */
  update(input: UpdateMeetingInput): Promise<Meeting>;
  /**
   * Cancels a `scheduled` meeting (final). A live meeting is ended by the host, not cancelled.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `meeting.manage` is allowed;
   *   `invalid_transition` unless `scheduled`; `conflict` (`organisation.suspended`).
   */
  cancel(input: CancelMeetingInput): Promise<Meeting>;
  /**
   * Invites people, from any organisation (EP-4, EP-5), to a `scheduled` or `live` meeting: by account id,
   * by address, or from the actor's contact directory (MB-7), whose address is looked up now, as a typed one
   * is. An address nobody registered gets a pending account with no role and no organisation, tied to the
   * invitation (EP-17), and an activation e-mail; every new participant gets the meeting invitation, times in
   * their own zone. People already invited are reported and left alone. Places are taken with a guarded
   * write: concurrent invitations never pass the participant limit, and a call that does not fit adds nobody.
   *
   * @throws {@link PolityError} `invalid_input` (a bad invitee; a generic mailbox, typed or from a contact,
   *   where the profile forbids them); `not_found` (meeting, user, contact); `forbidden` unless
   *   `meeting.invite` is allowed; `invalid_transition` once ended or cancelled; `conflict`
   *   (`organisation.suspended`; `participants.member` when a concurrent call invited the same person first,
   *   naming them as given in `details.invitee`; `users.email`); `limit_exceeded` `{ limit: 'participants', max, actual }`.
   */
  invite(input: InviteToMeetingInput): Promise<InviteResult>;
  /**
   * Withdraws an invitation and frees the place. The organiser stays, and someone who already joined stays
   * on record (EP-11 reads it).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found` (meeting, or the person is not invited);
   *   `forbidden` unless `meeting.manage` is allowed; `invalid_transition` once ended or cancelled; `conflict`
   *   (`organisation.suspended`, `meeting.organiser`, `participant.joined`).
   */
  removeParticipant(input: RemoveParticipantInput): Promise<Meeting>;
  /**
   * One meeting with its participants, times also shown in the actor's own time zone (MB-11). When each
   * participant joined and left is personal data: only those allowed `meeting.manage` on the meeting see
   * every participant's `joinedAt` and `leftAt`; anyone else sees their own, and `null` for the others.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `meeting.read` is allowed
   *   (the organiser, those invited, EP-3; managers, EP-4, EP-5, MB-7).
   */
  get(input: GetMeetingInput): Promise<MeetingDetails>;
  /**
   * The meetings the actor may read, by start time, through the policy's query plan for `meeting.read`;
   * optionally by status and start range. Times are also shown in the actor's time zone.
   *
   * @throws {@link PolityError} `invalid_input`.
   */
  list(input?: ListMeetingsInput): Promise<Page<MeetingView>>;
}

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

/** The namespaces of this area, as an actor carries them. */
export interface MeetingNamespaces {
  readonly meetings: MeetingsApi;
}

/** Builds `actor.meetings` for one acting user. */
export function meetingsArea(context: ServiceContext, actorId: string): MeetingNamespaces {
  return {
    meetings: bindAll(context, actorId, {
      schedule: scheduleMeeting,
      update: updateMeeting,
      cancel: cancelMeeting,
      invite: inviteToMeeting,
      removeParticipant,
      get: getMeeting,
      list: listMeetings,
    }),
  };
}

/** Builds `polity.meetingEvents`: the host's reports, each a system command. */
export function meetingEventsApi(context: ServiceContext): MeetingEventsApi {
  return {
    started: (input) => runAsSystem(context, reportStarted, input),
    joined: (input) => runAsSystem(context, reportJoined, input),
    left: (input) => runAsSystem(context, reportLeft, input),
    ended: (input) => runAsSystem(context, reportEnded, input),
  };
}
