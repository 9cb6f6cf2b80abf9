/**
 * What the meeting machine's effects do (its one typed effect map): e-mail the people an invitation added
 * (the activation link first for an address that had no account, EP-17), and close the attendances still
 * open when the host reports the end (MB-9).
 *
 * @module
 */
import type { Meeting } from '../../domain/meeting';
import type { User } from '../../domain/user';
import type { MeetingEffect } from '../../workflows/meeting-machine';
import { issueActivation } from '../accounts/tokens';
import { runEffects, type EffectHandlers } from '../kernel/effects';
import type { Work } from '../kernel/work';
import { closeAllStays } from './attendances';

/** A person an invitation added, and whether the invitation created their (pending) account. */
export interface InvitedUser {
  readonly user: User;
  readonly created: boolean;
}

/** What the meeting effects act on. */
export interface MeetingEffectArgs {
  readonly work: Work;
  /** The meeting as the transition left it. */
  readonly meeting: Meeting;
  /** When the transition happened: the host's report time, or the command's instant. */
  readonly at: Date;
  /** Who fired the event: the acting user, or `null` for the host. */
  readonly actor: User | null;
  /** The people an invitation added, in the order given; empty for other events. */
  readonly invited: readonly InvitedUser[];
}

/** What the effects did. */
export interface MeetingEffectOutcome {
  /** Invitation e-mails written to the outbox. */
  readonly notified: number;
  /** Attendances closed at the end (the people still in the meeting). */
  readonly closed: number;
}

const nothing: MeetingEffectOutcome = Object.freeze({ notified: 0, closed: 0 });

/** The handlers, by effect type. */
const meetingEffects: EffectHandlers<MeetingEffect, MeetingEffectArgs, MeetingEffectOutcome> = {
  async notify_invitees(_effect, { work, meeting, actor, invited }) {
    if (invited.length === 0) return nothing;
    const inviter = actor === null ? '' : `${actor.givenName} ${actor.familyName}`;
    const organiser = actor !== null && meeting.organiserId === actor.id ? actor : await work.tx.users.get(meeting.organiserId);
    let notified = 0;
    for (const { user, created } of invited) {
      // EP-17: the new account's activation link first, so the invitation can be acted on.
      if (created) await issueActivation(work, user, { purpose: 'activation', payload: { invitedBy: inviter, meetingTitle: meeting.title }, fresh: true });
      const message = work.notify(user, 'meeting.invitation', {
        givenName: user.givenName,
        title: meeting.title,
        organiser: organiser === null ? inviter : `${organiser.givenName} ${organiser.familyName}`,
        startsAt: meeting.startsAt.toISOString(),
        endsAt: meeting.endsAt.toISOString(),
        // MB-11: shown in the reader's own time zone.
        timeZone: user.timeZone,
        ...(meeting.description === null ? {} : { description: meeting.description }),
        meetingId: meeting.id,
      });
      if (message !== null) notified += 1;
    }
    return { notified, closed: 0 };
  },
  async close_attendance(_effect, { work, meeting, at }) {
    return { notified: 0, closed: await closeAllStays(work.tx, meeting, at) };
  },
};

/** Carries out a meeting transition's effects in order, and adds up what they did. */
export async function applyMeetingEffects(effects: readonly MeetingEffect[], args: MeetingEffectArgs): Promise<MeetingEffectOutcome> {
  const outcomes = await runEffects(meetingEffects, effects, args);
  return outcomes.reduce((sum, outcome) => ({ notified: sum.notified + outcome.notified, closed: sum.closed + outcome.closed }), nothing);
}
