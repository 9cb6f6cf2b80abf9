/**
 * Meetings (EP-1…EP-5, MB-7…MB-10) and who created or joined them (EP-11 needs it).
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timeZoneSchema, timestampSchema } from './primitives';

/** A meeting's lifecycle: `scheduled` → `live` → `ended`, or `cancelled`. */
export const meetingStatuses = ['scheduled', 'live', 'ended', 'cancelled'] as const;

const positiveCount = z.number().int('a count is a whole number').min(1, 'a count is at least 1');

/** Schema of a {@link Meeting}. */
export const meetingSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    /** The unit it is organised for (EP-5), if any. */
    unitId: idSchema.nullable(),
    /** The person it is organised by: themselves, or the one a delegated organiser booked for (MB-8). */
    organiserId: idSchema,
    /** Who made the booking (a delegated organiser or concierge may book for someone else). */
    createdById: idSchema,
    /** The permanent room it uses, if any (MB-10). */
    roomId: idSchema.nullable(),
    title: nameSchema,
    description: z.string().trim().max(2000, 'a description has at most 2000 characters').nullable(),
    /** Start, stored in UTC. */
    startsAt: timestampSchema,
    /** End, stored in UTC; after the start. */
    endsAt: timestampSchema,
    /** The time zone the organiser planned it in, for display. */
    timeZone: timeZoneSchema,
    status: z.enum(meetingStatuses),
    /** Participants, the organiser included (EP-2). */
    participantCount: positiveCount,
    /** The most participants allowed, fixed from the profile's limit when booked (EP-2). */
    participantLimit: positiveCount,
    /** When the host reported that it started; `null` until then (polity never guesses it). */
    startedAt: timestampSchema.nullable(),
    /** When the host reported that it ended; `null` until then. */
    endedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((m) => m.endsAt.getTime() > m.startsAt.getTime(), {
    path: ['endsAt'],
    message: 'a meeting ends after it starts',
    params: { reason: 'ends_before_start' },
  })
  .refine((m) => m.endedAt === null || (m.startedAt !== null && m.endedAt.getTime() >= m.startedAt.getTime()), {
    path: ['endedAt'],
    message: 'a meeting ends after it started',
    params: { reason: 'ended_before_start' },
  })
  .refine((m) => m.participantCount <= m.participantLimit, {
    path: ['participantCount'],
    message: 'more participants than the meeting allows',
    params: { reason: 'too_many_participants' },
  });

/** A scheduled meeting. */
export type Meeting = z.infer<typeof meetingSchema>;

/** Elapsed minutes between start and end, in UTC (so right across daylight-saving changes). */
export function meetingDurationMinutes(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>): number {
  return (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
}

/** Schema of a {@link MeetingParticipant}. */
export const meetingParticipantSchema = z
  .object({
    id: idSchema,
    meetingId: idSchema,
    /** The meeting's organisation (the participant may come from any organisation, EP-4). */
    organisationId: idSchema,
    userId: idSchema,
    role: z.enum(['organiser', 'participant']),
    invitedAt: timestampSchema,
    /** When the host reported the person joined; `null` until then. */
    joinedAt: timestampSchema.nullable(),
    leftAt: timestampSchema.nullable(),
  })
  .refine((p) => p.leftAt === null || (p.joinedAt !== null && p.leftAt.getTime() >= p.joinedAt.getTime()), {
    path: ['leftAt'],
    message: 'a participant leaves after joining',
    params: { reason: 'left_before_joining' },
  });

/** A person's place in a meeting: who created (organiser) or joined which meeting (EP-11). */
export type MeetingParticipant = z.infer<typeof meetingParticipantSchema>;
