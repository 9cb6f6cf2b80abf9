/**
 * What every manager's command on an existing meeting shares (update, cancel, invite, removeParticipant):
 * the meeting read with a lock, the meeting machine's transition for the manager's event, and the refusal
 * of a suspended organisation.
 *
 * @module
 */
import type { Meeting } from '../../domain/meeting';
import type { PolicyResource } from '../../policy/index';
import { transitionOrThrow } from '../../workflows/machine';
import { meetingMachine, noMeetingReport, type MeetingEffect, type MeetingState } from '../../workflows/meeting-machine';
import type { CommandSteps } from '../kernel/define';
import type { Work } from '../kernel/work';
import { assertNotSuspended } from '../organisations/guards';
import { loadMeetingResource } from './facts';

/** The events a manager fires on an existing meeting. */
export type ManagerEvent = 'update' | 'cancel' | 'invite' | 'remove_participant';

/**
 * Loads the meeting a command decides on, with its resource, locked (`FOR NO KEY UPDATE`): the command reads
 * its state, count or times and writes on them, so it runs one at a time with every other command and host
 * report on the same meeting (a cancellation and the host's start never both win).
 *
 * @throws {@link PolityError} `not_found` (`meeting`).
 */
export function lockedMeeting({ tx, context, input }: CommandSteps<{ readonly meetingId: string }>): Promise<{ meeting: Meeting; resource: PolicyResource }> {
  return loadMeetingResource(tx, context.profile, input.meetingId, { lock: 'update' });
}

/**
 * The meeting machine's transition for a manager's event, then the organisation's status (nothing changes in
 * a suspended organisation). Asked after the policy, as every command asks its invariants.
 *
 * @throws {@link PolityError} `invalid_transition` when the meeting's state does not allow the event;
 *   `conflict` (`organisation.suspended`).
 */
export async function managerTransition(work: Work, meeting: Meeting, event: ManagerEvent): Promise<{ state: MeetingState; effects: MeetingEffect[] }> {
  const { state, effects } = transitionOrThrow(meetingMachine, meeting.status, { type: event }, { context: noMeetingReport, roles: ['manager'] });
  assertNotSuspended(await work.organisation(meeting.organisationId));
  return { state, effects: [...effects] };
}
