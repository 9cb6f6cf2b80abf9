/**
 * Meetings as a person sees them (MB-11): stored in UTC, shown in the viewer's own time zone, with the
 * elapsed duration.
 *
 * @module
 */
import { meetingDurationMinutes, type Meeting } from '../../domain/meeting';
import type { MeetingView } from './inputs';
import { localTime, localTimeOrNull } from './wall-clock';

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
