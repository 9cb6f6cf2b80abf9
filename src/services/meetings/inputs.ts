/**
 * The inputs of `actor.meetings` and `polity.meetingEvents`, as strict zod schemas (a misspelled field is
 * `invalid_input` before anything is read), and what the meetings commands answer.
 *
 * @module
 */
import { z } from 'zod';
import { meetingStatuses, type Meeting, type MeetingParticipant } from '../../domain/meeting';
import { emailSchema, idSchema, instantInputSchema, languageSchema, nameSchema, timeZoneSchema } from '../../domain/primitives';
import { pageInputShape } from '../kernel/paging';
import { meetingTimeSchema } from './time-input';

const descriptionSchema = z.string().trim().min(1, 'a description cannot be empty').max(2000, 'a description has at most 2000 characters');

const isLocal = (value: unknown): boolean => typeof value === 'string' && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value);

/** Input of {@link MeetingsApi.schedule}. */
export const scheduleMeetingInputSchema = z
  .strictObject({
    title: nameSchema,
    description: descriptionSchema.optional(),
    /** Start: a `Date` or ISO instant (UTC or with an offset), or a local date-time read in `timeZone`. */
    startsAt: meetingTimeSchema,
    /** End, as `startsAt`; after it, and at most the profile's `meetingMaxMinutes` later in elapsed time (EP-1). */
    endsAt: meetingTimeSchema,
    /**
     * The IANA time zone the meeting is planned in: local date-times are read in it, and it is stored for
     * display. Required with local date-times.
     * @defaultValue the organiser's time zone (MB-11)
     */
    timeZone: timeZoneSchema.optional(),
    /**
     * Who organises it. Another person than the actor is a booking for someone else: a delegated organiser
     * for a licensed user of their organisation (MB-8), a concierge for any licensed user (MB-10).
     * @defaultValue the actor
     */
    organiserId: idSchema.optional(),
    /**
     * The organisation it is held for.
     * @defaultValue the unit's organisation, else the organiser's
     */
    organisationId: idSchema.optional(),
    /** The unit it is held for (EP-5: a unit coordinator's meetings are their unit's). */
    unitId: idSchema.optional(),
    /** A permanent room of the organisation (MB-10); its participant limit, if lower, caps the meeting's. */
    roomId: idSchema.optional(),
  })
  .refine((input) => input.timeZone !== undefined || (!isLocal(input.startsAt) && !isLocal(input.endsAt)), {
    path: ['timeZone'],
    message: 'local date-times need the time zone they are in',
    params: { reason: 'time_zone_required' },
  });
/** Input of {@link MeetingsApi.schedule}. */
export type ScheduleMeetingInput = z.input<typeof scheduleMeetingInputSchema>;

/** Input of {@link MeetingsApi.update}. */
export const updateMeetingInputSchema = z
  .strictObject({
    meetingId: idSchema,
    title: nameSchema.optional(),
    /** A new description, or `null` to remove it. */
    description: descriptionSchema.nullable().optional(),
    /** A new start; a local date-time is read in `timeZone`, else in the meeting's stored time zone. */
    startsAt: meetingTimeSchema.optional(),
    /** A new end, as `startsAt`. */
    endsAt: meetingTimeSchema.optional(),
    /** A new planning time zone (also the one local date-times of this call are read in). */
    timeZone: timeZoneSchema.optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'meetingId'), {
    path: [],
    message: 'say what to change: title, description, startsAt, endsAt or timeZone',
    params: { reason: 'nothing_to_change' },
  });
/** Input of {@link MeetingsApi.update}. */
export type UpdateMeetingInput = z.input<typeof updateMeetingInputSchema>;

/** Input of {@link MeetingsApi.cancel}. */
export const cancelMeetingInputSchema = z.strictObject({
  meetingId: idSchema,
  /** Why, for the trail. */
  reason: z.string().trim().min(1, 'a reason cannot be empty').max(1000, 'a reason has at most 1000 characters').optional(),
});
/** Input of {@link MeetingsApi.cancel}. */
export type CancelMeetingInput = z.input<typeof cancelMeetingInputSchema>;

/** One person to invite: an account by id, an address (registered or not), or an entry of the actor's contact directory (MB-7). */
export const inviteeSchema = z.union(
  [
    z.strictObject({ userId: idSchema }),
    z.strictObject({
      email: emailSchema,
      /** For an address without an account: the names of the pending account. @defaultValue the address's local part */
      givenName: nameSchema.optional(),
      familyName: nameSchema.optional(),
      /** For an address without an account. @defaultValue the profile's language */
      language: languageSchema.optional(),
    }),
    z.strictObject({ contactId: idSchema }),
  ],
  { error: 'an invitee is { userId }, { email, givenName?, familyName?, language? } or { contactId }' },
);
/** One person to invite. */
export type InviteeInput = z.input<typeof inviteeSchema>;

/** Input of {@link MeetingsApi.invite}. */
export const inviteToMeetingInputSchema = z.strictObject({
  meetingId: idSchema,
  /** 1–1000 people, from any organisation (EP-4, EP-5). */
  invitees: z.array(inviteeSchema).min(1, 'invite at least one person').max(1000, 'invite at most 1000 people at once'),
});
/** Input of {@link MeetingsApi.invite}. */
export type InviteToMeetingInput = z.input<typeof inviteToMeetingInputSchema>;

/** Input of {@link MeetingsApi.removeParticipant}. */
export const removeParticipantInputSchema = z.strictObject({ meetingId: idSchema, userId: idSchema });
/** Input of {@link MeetingsApi.removeParticipant}. */
export type RemoveParticipantInput = z.input<typeof removeParticipantInputSchema>;

/** Input of {@link MeetingsApi.get}. */
export const getMeetingInputSchema = z.strictObject({ meetingId: idSchema });
/** Input of {@link MeetingsApi.get}. */
export type GetMeetingInput = z.input<typeof getMeetingInputSchema>;

/** Input of {@link MeetingsApi.list}. */
export const listMeetingsInputSchema = z
  .strictObject({
    status: z.enum(meetingStatuses).optional(),
    /** Only meetings starting at or after this instant. */
    from: instantInputSchema.optional(),
    /** Only meetings starting before this instant. */
    to: instantInputSchema.optional(),
    ...pageInputShape,
  })
  .optional();
/** Input of {@link MeetingsApi.list}. */
export type ListMeetingsInput = z.input<typeof listMeetingsInputSchema>;

/** What the host reports about a whole meeting (start, end). */
export const meetingReportInputSchema = z.strictObject({
  meetingId: idSchema,
  /** When it happened, as the host saw it. @defaultValue now, by polity's clock */
  at: instantInputSchema.optional(),
});
/** Input of {@link MeetingEventsApi.started} and {@link MeetingEventsApi.ended}. */
export type MeetingReportInput = z.input<typeof meetingReportInputSchema>;

/** What the host reports about one participant (join, leave). */
export const participantReportInputSchema = z.strictObject({
  meetingId: idSchema,
  userId: idSchema,
  /** When it happened, as the host saw it. @defaultValue now, by polity's clock */
  at: instantInputSchema.optional(),
});
/** Input of {@link MeetingEventsApi.joined} and {@link MeetingEventsApi.left}. */
export type ParticipantReportInput = z.input<typeof participantReportInputSchema>;

/** What {@link MeetingsApi.invite} did. */
export interface InviteResult {
  /** The meeting after the invitations (its `participantCount` counts them). */
  readonly meeting: Meeting;
  /** The participants this call added, in the order they were given. */
  readonly added: readonly MeetingParticipant[];
  /** People given who were already invited (the organiser included): left as they were. */
  readonly alreadyInvited: readonly string[];
  /** Pending accounts created for addresses nobody had registered (EP-17), with where their activation e-mail went. */
  readonly createdAccounts: readonly { readonly userId: string; readonly email: string }[];
}

/** A meeting with its times in the viewer's time zone. */
export interface MeetingView {
  /** The meeting as stored (times in UTC). */
  readonly meeting: Meeting;
  /** The viewer's IANA time zone (their account's, MB-11), the one the local times below are in. */
  readonly timeZone: string;
  /** The start as local time with its offset, e.g. `2026-03-29T10:00:00+03:00`. */
  readonly startsAtLocal: string;
  /** The end, likewise (its offset may differ from the start's across a daylight-saving change). */
  readonly endsAtLocal: string;
  /** When the host reported the start, likewise; `null` before. */
  readonly startedAtLocal: string | null;
  /** When the host reported the end, likewise; `null` before. */
  readonly endedAtLocal: string | null;
  /** Planned elapsed minutes between start and end (EP-1). */
  readonly durationMinutes: number;
}

/** A meeting with its participants, as {@link MeetingsApi.get} answers. */
export interface MeetingDetails extends MeetingView {
  /**
   * Everyone invited, the organiser first, then by invitation time. `joinedAt` and `leftAt` are shown to those
   * allowed `meeting.manage` on the meeting; anyone else sees their own, and `null` for the others.
   */
  readonly participants: readonly MeetingParticipant[];
}
