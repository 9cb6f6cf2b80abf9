/**
 * Inviting people to a meeting and withdrawing invitations (EP-2, EP-4, EP-5, EP-17, MB-7): participants
 * come from any organisation; an address nobody registered gets a pending account tied to the invitation.
 *
 * Isolation (READ COMMITTED): both commands lock the meeting, so invitations and withdrawals on one meeting
 * run one after the other and each sees the count and the participants the previous one left. Each place
 * is still taken with a guarded increment (`participantCount < participantLimit`), the backstop for any
 * other writer, and `participants.member` (one row per person and meeting) is the backstop for a person
 * invited twice at once.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { Meeting, MeetingParticipant } from '../../domain/meeting';
import type { User } from '../../domain/user';
import { conflict, isPolityError, notFound } from '../../errors';
import { actionOf } from '../../workflows/machine';
import { meetingMachine } from '../../workflows/meeting-machine';
import { assertMailboxAllowed } from '../accounts/new-account';
import { defineCommand } from '../kernel/define';
import type { Work } from '../kernel/work';
import { applyMeetingEffects, type InvitedUser } from './effects';
import { inviteToMeetingInputSchema, removeParticipantInputSchema, type InviteResult } from './inputs';
import { createInvitedAccount, resolveInvitees, type InviteTarget } from './invitee-accounts';
import { freePlace, takePlaces } from './limits';
import { lockedMeeting, managerTransition } from './managed';

/**
 * Writes a new participant. A concurrent call that invited the same person first makes the store refuse it
 * (`participants.member`): answered as a `conflict` naming the person as given in `details.invitee`,
 * rather than the store's bare message.
 */
async function insertParticipant(work: Work, meeting: Meeting, user: User, label: string): Promise<MeetingParticipant> {
  try {
    return await work.tx.participants.insert({
      id: work.id('participant'),
      meetingId: meeting.id,
      organisationId: meeting.organisationId,
      userId: user.id,
      role: 'participant',
      invitedAt: work.now,
      joinedAt: null,
      leftAt: null,
    });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'participants.member') {
      throw conflict(
        'participants.member',
        `an invitee was invited to "${meeting.title}" by another call at the same time; nothing was written, and inviting them again reports them as already invited`,
        { meetingId: meeting.id, userId: user.id, invitee: label },
        error,
      );
    }
    throw error;
  }
}

/** The targets not yet invited, and the ids of those who already are (the organiser included). */
async function splitInvited(work: Work, meeting: Meeting, targets: readonly InviteTarget[]): Promise<{ fresh: InviteTarget[]; already: string[] }> {
  const userIds = targets.flatMap((t) => ('user' in t ? [t.user.id] : []));
  const present = userIds.length === 0 ? [] : (await work.tx.participants.list({ where: where.and(where.eq('meetingId', meeting.id), where.in('userId', userIds)), limit: 1000 })).items;
  const already = new Set(present.map((p) => p.userId));
  return { fresh: targets.filter((t) => !('user' in t) || !already.has(t.user.id)), already: [...already] };
}

/** `meetings.invite`: people from any organisation, within the participant limit (EP-2, EP-4, EP-5, EP-17, MB-7). */
export const inviteToMeeting = defineCommand({
  name: 'meetings.invite',
  input: inviteToMeetingInputSchema,
  action: actionOf(meetingMachine, 'invite'),
  precheck: (input, context) =>
    input.invitees.forEach((invitee, i) => {
      if ('email' in invitee) assertMailboxAllowed(context.profile, invitee.email, `invitees.${i}.email`);
    }),
  load: lockedMeeting,
  resource: ({ loaded }) => loaded.resource,
  async run({ work, actor, input, loaded: { meeting } }): Promise<InviteResult> {
    const { effects } = await managerTransition(work, meeting, 'invite');
    const { fresh, already } = await splitInvited(work, meeting, await resolveInvitees(work, actor, input.invitees));
    if (fresh.length === 0) return { meeting, added: [], alreadyInvited: already, createdAccounts: [] };
    // EP-2: every place is taken under the guard before anyone is written; a shortfall rolls all back.
    const after = await takePlaces(work.tx, meeting, fresh.length, work.now);
    const added: MeetingParticipant[] = [];
    const invited: InvitedUser[] = [];
    for (const target of fresh) {
      const user = 'user' in target ? target.user : await createInvitedAccount(work, target.person, meeting.timeZone);
      invited.push({ user, created: !('user' in target) });
      added.push(await insertParticipant(work, meeting, user, target.label));
    }
    await applyMeetingEffects(effects, { work, meeting, at: work.now, actor: actor.user, invited });
    const createdAccounts = invited.filter((i) => i.created).map(({ user }) => ({ userId: user.id, email: user.email }));
    for (const account of createdAccounts) {
      work.audit({
        organisationId: null,
        action: 'user.invite_to_meeting',
        targetType: 'user',
        targetId: account.userId,
        summary: `created a pending account for ${account.email}, invited to meeting "${meeting.title}"; activation e-mail sent (EP-17)`,
        changes: { email: account.email, meetingId: meeting.id, role: null, organisationId: null },
      });
    }
    return { meeting: after, added, alreadyInvited: already, createdAccounts };
  },
  audit: ({ loaded: { meeting } }, { meeting: after, added, createdAccounts }) =>
    added.length === 0
      ? null
      : {
          organisationId: meeting.organisationId,
          action: 'meeting.invite',
          targetType: 'meeting',
          targetId: meeting.id,
          summary: `invited ${added.length} ${added.length === 1 ? 'person' : 'people'} to "${meeting.title}" (${after.participantCount} of ${after.participantLimit} places taken)`,
          changes: { userIds: added.map((p) => p.userId), createdUserIds: createdAccounts.map((a) => a.userId), participantCount: after.participantCount },
        },
});

/**
 * `meetings.removeParticipant`: withdraws an invitation and frees the place. The organiser stays, and
 * someone who already joined stays on record (EP-11 reads joins).
 */
export const removeParticipant = defineCommand({
  name: 'meetings.removeParticipant',
  input: removeParticipantInputSchema,
  action: actionOf(meetingMachine, 'remove_participant'),
  load: lockedMeeting,
  resource: ({ loaded }) => loaded.resource,
  async run({ tx, work, input, loaded: { meeting } }) {
    await managerTransition(work, meeting, 'remove_participant');
    const participant = await tx.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', input.userId)));
    if (participant === null) throw notFound('participant', undefined, { meetingId: meeting.id, userId: input.userId });
    if (participant.role === 'organiser') throw conflict('meeting.organiser', 'the organiser stays in their meeting: cancel it instead', { userId: input.userId });
    if (participant.joinedAt !== null) throw conflict('participant.joined', 'the person already joined the meeting; their attendance stays on record', { userId: input.userId });
    await tx.participants.delete(participant.id);
    return freePlace(tx, meeting, work.now);
  },
  audit: ({ input, loaded: { meeting } }, updated) => ({
    organisationId: meeting.organisationId,
    action: 'meeting.remove_participant',
    targetType: 'meeting',
    targetId: meeting.id,
    summary: `withdrew the invitation of user ${input.userId} to "${meeting.title}"`,
    changes: { userId: input.userId, participantCount: updated.participantCount },
  }),
});
