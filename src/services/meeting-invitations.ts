/**
 * Inviting people to a meeting and withdrawing invitations (EP-2, EP-4, EP-5, EP-17, MB-7): participants
 * come from any organisation; an address nobody registered gets a pending account tied to the invitation;
 * each place is taken with a guarded write, so the participant limit holds under concurrent invitations.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { Meeting, MeetingParticipant } from '../domain/meeting';
import { normaliseEmail } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { isPolityError, PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import { transitionOrThrow } from '../workflows/machine';
import { meetingMachine, noMeetingReport } from '../workflows/meeting-machine';
import { assertMailboxAllowed } from './accounts';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { loadMeetingResource } from './meeting-facts';
import { inviteToMeetingInputSchema, removeParticipantInputSchema, type InviteToMeetingInput, type RemoveParticipantInput } from './meeting-inputs';
import { createInvitedAccount, findAccountByEmail, type InvitedPerson } from './meeting-invitees';
import { freePlace, takePlaces } from './meeting-limits';
import { notifyUser } from './notify';
import { assertNotSuspended, loadOrganisation } from './organisation-guards';
import type { LoadedPrincipal } from './principal';
import { issueActivation } from './tokens';

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

/**
 * An invitee once resolved: an account, or an address to create a pending account for; `label` names them as
 * the actor did (an id, an address, a contact), so a message never tells more about an account than was given.
 */
type Target = ({ readonly user: User } | { readonly person: InvitedPerson }) & { readonly label: string };

function notFound(what: string, details: Record<string, unknown>): PolityError<'not_found'> {
  return new PolityError('not_found', what, { details });
}

/** A display name split for a pending account: the first word, then the rest (or the first word again). */
function splitName(displayName: string): { givenName: string; familyName: string } {
  const [first = displayName, ...rest] = displayName.trim().split(/\s+/);
  return { givenName: first, familyName: rest.length === 0 ? first : rest.join(' ') };
}

/**
 * Finds who each invitee is. An entry of the contact directory is resolved now, at invitation time, as an
 * address is: the directory stores no account (MB-7), and its address passes the same mailbox rule as a typed
 * one (a generic mailbox is refused where the profile forbids them, SC-15).
 */
async function resolveInvitees(tx: StoreSession, context: ServiceContext, actor: LoadedPrincipal, invitees: ReturnType<typeof parseInvite>['invitees']): Promise<Target[]> {
  const targets: Target[] = [];
  for (const [i, invitee] of invitees.entries()) {
    if ('userId' in invitee) {
      const user = await tx.users.get(invitee.userId);
      if (user === null || user.deletedAt !== null) throw notFound(`no user ${invitee.userId}`, { userId: invitee.userId });
      targets.push({ user, label: `user ${user.id}` });
      continue;
    }
    let person: InvitedPerson;
    let label: string;
    if ('contactId' in invitee) {
      // Only the actor's own directory (MB-7): anyone else's entry is as good as absent.
      const contact = await tx.contacts.get(invitee.contactId);
      if (contact === null || contact.ownerId !== actor.user.id) throw notFound(`no contact ${invitee.contactId} in your directory`, { contactId: invitee.contactId });
      assertMailboxAllowed(context.profile, contact.email, `invitees.${i}.contactId`);
      person = { email: contact.email, ...splitName(contact.displayName) };
      label = `${contact.displayName} <${contact.email}>`;
    } else {
      person = invitee;
      label = invitee.email;
    }
    const user = await findAccountByEmail(tx, person.email);
    targets.push(user === null ? { person, label } : { user, label });
  }
  return targets;
}

function parseInvite(input: InviteToMeetingInput) {
  return parseWith(inviteToMeetingInputSchema, input, 'input of meetings.invite');
}

/**
 * Writes a new participant. A concurrent call that invited the same person first makes the store refuse it
 * (`participants.member`): answered as a `conflict` naming the person, rather than the store's bare message.
 */
async function insertParticipant(tx: StoreSession, context: ServiceContext, meeting: Meeting, user: User, label: string, now: Date): Promise<MeetingParticipant> {
  try {
    return await tx.participants.insert({ id: context.ids.id('participant'), meetingId: meeting.id, organisationId: meeting.organisationId, userId: user.id, role: 'participant', invitedAt: now, joinedAt: null, leftAt: null });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'participants.member') {
      throw new PolityError('conflict', `${label} was invited to "${meeting.title}" by another call at the same time; nothing was written, and inviting them again reports them as already invited`, {
        details: { constraint: 'participants.member', meetingId: meeting.id, userId: user.id },
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Invites people to a meeting. See {@link MeetingsApi.invite}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.invite}.
 */
export async function inviteToMeeting(context: ServiceContext, actorId: string, input: InviteToMeetingInput): Promise<InviteResult> {
  const data = parseInvite(input);
  data.invitees.forEach((invitee, i) => {
    if ('email' in invitee) assertMailboxAllowed(context.profile, invitee.email, `invitees.${i}.email`);
  });
  return runCommand(context, actorId, { action: 'meeting.invite' }, async (tx, actor) => {
    const { meeting, resource } = await loadMeetingResource(tx, context.profile, data.meetingId);
    authorise(context, actor, 'meeting.invite', resource);
    const { effects } = transitionOrThrow(meetingMachine, meeting.status, { type: 'invite' }, { context: noMeetingReport, roles: ['manager'] });
    assertNotSuspended(await loadOrganisation(tx, meeting.organisationId));

    // One entry per person, whichever way they were named.
    const targets: Target[] = [];
    const seen = new Set<string>();
    for (const target of await resolveInvitees(tx, context, actor, data.invitees)) {
      const key = 'user' in target ? `u:${target.user.id}` : `e:${normaliseEmail(target.person.email)}`;
      if (!seen.has(key)) targets.push(target);
      seen.add(key);
    }
    const userIds = targets.flatMap((t) => ('user' in t ? [t.user.id] : []));
    const present = userIds.length === 0 ? [] : (await tx.participants.list({ where: where.and(where.eq('meetingId', meeting.id), where.in('userId', userIds)), limit: 1000 })).items;
    const already = new Set(present.map((p) => p.userId));
    const fresh = targets.filter((t) => !('user' in t) || !already.has(t.user.id));
    if (fresh.length === 0) return { meeting, added: [], alreadyInvited: [...already], createdAccounts: [] };

    const now = context.clock.now();
    // EP-2: every place is taken under the guard before anyone is written; a shortfall rolls all back.
    const after = await takePlaces(tx, meeting, fresh.length, now);
    const added: MeetingParticipant[] = [];
    const invited: { user: User; created: boolean }[] = [];
    for (const target of fresh) {
      const user = 'user' in target ? target.user : await createInvitedAccount(tx, context, target.person, meeting.timeZone);
      invited.push({ user, created: !('user' in target) });
      added.push(await insertParticipant(tx, context, meeting, user, target.label, now));
    }

    const inviter = `${actor.user.givenName} ${actor.user.familyName}`;
    const organiser = meeting.organiserId === actor.user.id ? actor.user : await tx.users.get(meeting.organiserId);
    for (const effect of effects) {
      if (effect.type !== 'notify_invitees') continue;
      for (const { user, created } of invited) {
        // EP-17: the new account's activation link first, so the invitation can be acted on.
        if (created) await issueActivation(tx, context, user, { purpose: 'activation', payload: { invitedBy: inviter, meetingTitle: meeting.title } });
        await notifyUser(tx, context, user, 'meeting.invitation', {
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
      }
    }

    const createdAccounts = invited.filter((i) => i.created).map(({ user }) => ({ userId: user.id, email: user.email }));
    for (const account of createdAccounts) {
      await appendAudit(tx, context, {
        organisationId: null,
        actorId: actor.user.id,
        action: 'user.invite_to_meeting',
        targetType: 'user',
        targetId: account.userId,
        summary: `created a pending account for ${account.email}, invited to meeting "${meeting.title}"; activation e-mail sent (EP-17)`,
        changes: { email: account.email, meetingId: meeting.id, role: null, organisationId: null },
      });
    }
    await appendAudit(tx, context, {
      organisationId: meeting.organisationId,
      actorId: actor.user.id,
      action: 'meeting.invite',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `invited ${added.length} ${added.length === 1 ? 'person' : 'people'} to "${meeting.title}" (${after.participantCount} of ${after.participantLimit} places taken)`,
      changes: { userIds: added.map((p) => p.userId), createdUserIds: createdAccounts.map((a) => a.userId), participantCount: after.participantCount },
    });
    return { meeting: after, added, alreadyInvited: [...already], createdAccounts };
  });
}

/**
 * Withdraws a participant's invitation. See {@link MeetingsApi.removeParticipant}.
 *
 * @throws {@link PolityError} as {@link MeetingsApi.removeParticipant}.
 */
export async function removeParticipant(context: ServiceContext, actorId: string, input: RemoveParticipantInput): Promise<Meeting> {
  const data = parseWith(removeParticipantInputSchema, input, 'input of meetings.removeParticipant');
  return runCommand(context, actorId, { action: 'meeting.manage' }, async (tx, actor) => {
    const { meeting, resource } = await loadMeetingResource(tx, context.profile, data.meetingId);
    authorise(context, actor, 'meeting.manage', resource);
    transitionOrThrow(meetingMachine, meeting.status, { type: 'remove_participant' }, { context: noMeetingReport, roles: ['manager'] });
    assertNotSuspended(await loadOrganisation(tx, meeting.organisationId));
    const participant = await tx.participants.findOne(where.and(where.eq('meetingId', meeting.id), where.eq('userId', data.userId)));
    if (participant === null) throw notFound(`user ${data.userId} is not invited to meeting ${meeting.id}`, { meetingId: meeting.id, userId: data.userId });
    if (participant.role === 'organiser') {
      throw new PolityError('conflict', 'the organiser stays in their meeting: cancel it instead', { details: { constraint: 'meeting.organiser', userId: data.userId } });
    }
    // EP-11 reads joins: a record of someone who took part is never erased.
    if (participant.joinedAt !== null) {
      throw new PolityError('conflict', `user ${data.userId} already joined the meeting; their attendance stays on record`, { details: { constraint: 'participant.joined', userId: data.userId } });
    }
    const now = context.clock.now();
    await tx.participants.delete(participant.id);
    const updated = await freePlace(tx, meeting, now);
    await appendAudit(tx, context, {
      organisationId: meeting.organisationId,
      actorId: actor.user.id,
      action: 'meeting.remove_participant',
      targetType: 'meeting',
      targetId: meeting.id,
      summary: `withdrew the invitation of user ${data.userId} to "${meeting.title}"`,
      changes: { userId: data.userId, participantCount: updated.participantCount },
    });
    return updated;
  });
}
