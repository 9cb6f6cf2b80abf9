/**
 * Meetings as a person sees them (MB-11): stored in UTC, shown in the viewer's own time zone, with the
 * elapsed duration.
 *
 * @module
 */
import { meetingDurationMinutes, type Meeting, type MeetingParticipant } from '../domain/meeting';
import { localTime, localTimeOrNull } from './planning-time';

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

/** Shows a meeting in a time zone. */
export function meetingView(meeting: Meeting, timeZone: string): MeetingView {
  return {
    meeting,
    timeZone,
    startsAtLocal: localTime(meeting.startsAt, timeZone),
    endsAtLocal: localTime(meeting.endsAt, timeZone),
    startedAtLocal: localTimeOrNull(meeting.startedAt, timeZone),
    endedAtLocal: localTimeOrNull(meeting.endedAt, timeZone),
    durationMinutes: meetingDurationMinutes(meeting),
  };
}
