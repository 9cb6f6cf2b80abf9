/**
 * The meeting lifecycle (EP-1…EP-5, MB-7…MB-10): a meeting is booked `scheduled`; the host's video platform
 * reports that it started (`live`) and that it ended (`ended`); a manager may cancel it while it is still
 * `scheduled`. polity never guesses a start or an end: only the host's reports move a meeting to `live` or
 * `ended`.
 *
 * The state is stored on the meeting (`Meeting.status`). Services authorise through the policy, call
 * {@link transition}, then write the new status and carry out the effects in one transaction.
 *
 * @module
 */
import type { Meeting } from '../domain/meeting';
import { defineMachine } from './machine';

/** The meeting states, in the order docs list them. */
export const meetingStates = ['scheduled', 'live', 'ended', 'cancelled'] as const satisfies readonly Meeting['status'][];

/** Where a meeting is: `scheduled` until the host reports its start; `ended` and `cancelled` are final. */
export type MeetingState = (typeof meetingStates)[number];

/**
 * The abstract roles that fire meeting events:
 *
 * - `manager`: whoever the policy lets manage or invite to the meeting (`meeting.manage`, `meeting.invite`:
 *   its organiser, EP-5 / MB-7; their organisation coordinator, EP-4; the platform admin …);
 * - `host`: the video platform hosting the meeting, reporting what really happened.
 */
export const meetingRoles = ['manager', 'host'] as const;

/** One of {@link meetingRoles}. */
export type MeetingRole = (typeof meetingRoles)[number];

/** The meeting events; times and participants travel with the service's input, the machine decides the state. */
export type MeetingEvent =
  | {
      /** Change the times, title or description (EP-1: limits re-checked by the service). */
      readonly type: 'update';
    }
  | {
      /** Invite participants (EP-2: the service takes each place with a guarded write). */
      readonly type: 'invite';
    }
  | {
      /** Withdraw a participant's invitation. */
      readonly type: 'remove_participant';
    }
  | {
      /** Call the meeting off before it starts. */
      readonly type: 'cancel';
    }
  | {
      /** The host reports that the meeting started. */
      readonly type: 'start';
    }
  | {
      /** The host reports that a participant joined. */
      readonly type: 'join';
    }
  | {
      /** The host reports that a participant left. */
      readonly type: 'leave';
    }
  | {
      /** The host reports that the meeting ended. */
      readonly type: 'end';
    };

/**
 * What a service does after a meeting transition, in the same transaction.
 *
 * - `notify_invitees`: e-mail each new participant (the activation e-mail for an address that had no account,
 *   EP-17, and the meeting invitation).
 * - `close_attendance`: everyone still in the meeting when it ends is recorded as having left at the end.
 */
export type MeetingEffect =
  | {
      /** E-mail the new participants. */
      readonly type: 'notify_invitees';
    }
  | {
      /** Record everyone still present as having left when the meeting ended. */
      readonly type: 'close_attendance';
    };

/** A participant's presence as the host reported it, for `join` and `leave`. */
export interface MeetingPresence {
  /** Whether the host reported them in the meeting now (joined and not left since). */
  readonly present: boolean;
  /** Present: when their open attendance began; absent: when they last left, or `null` if they never joined. */
  readonly since: Date | null;
}

/**
 * The facts the meeting guards read; the service takes them from the stored meeting, its participants and
 * the host's report. Commands of managers pass {@link noMeetingReport}: their transitions have no guard.
 */
export interface MeetingContext {
  /** When the host says the reported event happened (`at` of a start, join, leave or end). */
  readonly reportedAt: Date | null;
  /** When the host reported the start (`Meeting.startedAt`); `null` before. */
  readonly startedAt: Date | null;
  /** The latest time the host reported for this meeting: its start, or a join or leave since. */
  readonly lastReportAt: Date | null;
  /** For `join` and `leave`: the participant's presence; `null` otherwise. */
  readonly presence: MeetingPresence | null;
}

/** The context of an event that is not a host's report (update, invite, cancel …): nothing to order. */
export const noMeetingReport: MeetingContext = Object.freeze({ reportedAt: null, startedAt: null, lastReportAt: null, presence: null });

const notBefore = (at: Date | null, earliest: Date | null): boolean => at === null || earliest === null || at.getTime() >= earliest.getTime();

/** Guard of `join`: the participant is not in the meeting already, and joins after the start and their last leave. */
const joinsInOrder = {
  name: 'joins_in_order',
  description: 'a participant joins while not in the meeting, at or after its start and their last leave',
  check: (context: MeetingContext) =>
    context.presence !== null && !context.presence.present && notBefore(context.reportedAt, context.startedAt) && notBefore(context.reportedAt, context.presence.since),
} as const;

/** Guard of `leave`: the participant is in the meeting, and leaves after joining. */
const leavesInOrder = {
  name: 'leaves_in_order',
  description: 'a participant leaves while in the meeting, at or after joining it',
  check: (context: MeetingContext) => context.presence !== null && context.presence.present && notBefore(context.reportedAt, context.presence.since),
} as const;

/** Guard of `end`: the end comes after the start and after every join and leave the host reported. */
const endsInOrder = {
  name: 'ends_in_order',
  description: 'the host reports the end at or after the start and every join and leave it reported',
  check: (context: MeetingContext) => notBefore(context.reportedAt, context.startedAt) && notBefore(context.reportedAt, context.lastReportAt),
} as const;

/**
 * The meeting machine. Choices, and why:
 *
 * - **Only the host moves a meeting to `live` and `ended`.** polity never guesses a start or an end from the
 *   clock: a meeting past its scheduled end stays `scheduled` until the host reports (a host that never
 *   reports leaves it so, which statistics show as "not held").
 * - **Updates only while `scheduled`.** A meeting that started or ended has happened; changing its times
 *   afterwards would rewrite history the statistics read.
 * - **Invitations while `scheduled` or `live`.** Adding someone to a running meeting is ordinary (and the
 *   limits still hold: the participant place is taken with a guarded write); after the end nobody is invited.
 * - **Cancel only while `scheduled`.** A live meeting is ended by the host, never cancelled; a cancelled or
 *   ended meeting is final.
 * - **Joins and leaves only while `live`, in order**: a participant joins when not in the meeting, at or after
 *   the start and their last leave (guard `joins_in_order`; each stay is an attendance of its own, so a
 *   second join opens a second one), and leaves when in it, after joining (`leaves_in_order`); the end comes after every
 *   report (`ends_in_order`). Repeating a report (a second `start`, a join of someone present) is
 *   `invalid_transition`, never a silent no-op, so a host sees when its events arrive twice or out of order.
 *
 * @example
 * ```ts
 * import { meetingMachine, transition } from 'polity';
 *
 * const result = transition(meetingMachine, 'scheduled', { type: 'start' }, {
 *   context: { reportedAt: new Date('2026-02-02T09:00:00Z'), startedAt: null, lastReportAt: null, presence: null },
 *   roles: ['host'],
 * });
 * // → { ok: true, state: 'live', effects: [] }
 * ```
 */
export const meetingMachine = defineMachine({
  id: 'meeting',
  states: meetingStates,
  initial: 'scheduled',
  final: ['ended', 'cancelled'],
  roles: meetingRoles,
  types: {} as { context: MeetingContext; events: MeetingEvent; effects: MeetingEffect },
  creation: {
    action: 'meeting.create',
    sources: ['EP-2', 'EP-3', 'EP-15', 'MB-7', 'MB-8', 'MB-10'],
    description: 'A meeting is booked, with its organiser as first participant.',
  },
  events: {
    update: {
      from: 'scheduled',
      to: 'scheduled',
      roles: ['manager'],
      action: 'meeting.manage',
      sources: ['EP-1', 'EP-4', 'EP-5', 'MB-7'],
      description: 'Times, title or description change; the duration limit is checked again.',
    },
    invite: [
      {
        from: 'scheduled',
        to: 'scheduled',
        roles: ['manager'],
        action: 'meeting.invite',
        effects: [{ type: 'notify_invitees' }],
        sources: ['EP-2', 'EP-4', 'EP-5', 'EP-17'],
        description: 'Participants from any organisation are added while places are left; an unknown address gets a pending account.',
      },
      {
        from: 'live',
        to: 'live',
        roles: ['manager'],
        action: 'meeting.invite',
        effects: [{ type: 'notify_invitees' }],
        sources: ['EP-2'],
        description: 'Participants are still added to a running meeting, within the participant limit.',
      },
    ],
    remove_participant: [
      { from: 'scheduled', to: 'scheduled', action: 'meeting.manage', roles: ['manager'], sources: ['EP-4', 'EP-5'], description: 'An invitation is withdrawn; the place is freed.' },
      { from: 'live', to: 'live', action: 'meeting.manage', roles: ['manager'], sources: ['EP-4', 'EP-5'], description: 'An invitation is withdrawn during the meeting.' },
    ],
    cancel: {
      from: 'scheduled',
      to: 'cancelled',
      roles: ['manager'],
      action: 'meeting.manage',
      sources: ['EP-4', 'EP-5', 'MB-7'],
      description: 'The meeting is called off before it starts.',
    },
    start: {
      from: 'scheduled',
      to: 'live',
      roles: ['host'],
      description: 'The host reports that the meeting started.',
    },
    join: {
      from: 'live',
      to: 'live',
      guard: joinsInOrder,
      roles: ['host'],
      sources: ['EP-3'],
      description: 'The host reports that an invited participant joined.',
    },
    leave: {
      from: 'live',
      to: 'live',
      guard: leavesInOrder,
      roles: ['host'],
      description: 'The host reports that a participant left.',
    },
    end: {
      from: 'live',
      to: 'ended',
      guard: endsInOrder,
      roles: ['host'],
      effects: [{ type: 'close_attendance' }],
      description: 'The host reports that the meeting ended; whoever is still in has left.',
    },
  },
});
