/**
 * Who an invitation reaches: an account found by id or address, or, for an address nobody registered, a
 * pending account tied to the invitation (EP-17): no role, no organisation, an activation e-mail. An entry
 * of the contact directory is looked up here when it is invited, never when it is written (MB-7).
 *
 * @module
 */
import type { z } from 'zod';
import { normaliseEmail, type Language } from '../../domain/primitives';
import type { User } from '../../domain/user';
import { conflict, isPolityError, notFound } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { assertMailboxAllowed, insertAccount } from '../accounts/new-account';
import type { LoadedPrincipal } from '../kernel/acting-user';
import type { Work } from '../kernel/work';
import type { inviteeSchema } from './inputs';

/** What is known of a person invited by an address that has no account. */
export interface InvitedPerson {
  readonly email: string;
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
  readonly language?: Language | undefined;
}

/**
 * An invitee once resolved: an account, or an address to create a pending account for; `label` names them as
 * the actor did (an id, an address, a contact), for `details` of a refusal about them.
 */
export type InviteTarget = ({ readonly user: User } | { readonly person: InvitedPerson }) & { readonly label: string };

/** An invitee as parsed. */
type Invitee = z.output<typeof inviteeSchema>;

/**
 * The live account with an address, whatever its case: found as the `users.email` constraint compares
 * addresses (lower-cased, among accounts not deleted), so it is the one account an insert of the address
 * would clash with.
 */
export function findAccountByEmail(session: StoreSession, email: string): Promise<User | null> {
  return session.users.findUnique('users.email', { email });
}

/** A display name split for a pending account: the first word, then the rest (or the first word again). */
function splitName(displayName: string): { givenName: string; familyName: string } {
  const [first = displayName, ...rest] = displayName.trim().split(/\s+/);
  return { givenName: first, familyName: rest.length === 0 ? first : rest.join(' ') };
}

/** A name from the local part of an address (`eleni.petrou@…` → `eleni.petrou`), at most 200 characters. */
function nameFrom(email: string): string {
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@'))).trim();
  return (local === '' ? email : local).slice(0, 200);
}

/** Who one invitee is: an account by id, or an address (typed, or from the actor's own directory). */
async function resolveOne(work: Work, actor: LoadedPrincipal, invitee: Invitee, index: number): Promise<InviteTarget> {
  const { tx, context } = work;
  if ('userId' in invitee) {
    const user = await tx.users.get(invitee.userId);
    if (user === null || user.deletedAt !== null) throw notFound('user', invitee.userId, { userId: invitee.userId });
    return { user, label: user.id };
  }
  let person: InvitedPerson;
  let label: string;
  if ('contactId' in invitee) {
    // Only the actor's own directory (MB-7): anyone else's entry is as good as absent.
    const contact = await tx.contacts.get(invitee.contactId);
    if (contact === null || contact.ownerId !== actor.user.id) throw notFound('contact', invitee.contactId, { contactId: invitee.contactId });
    assertMailboxAllowed(context.profile, contact.email, `invitees.${index}.contactId`);
    person = { email: contact.email, ...splitName(contact.displayName) };
    label = `${contact.displayName} <${contact.email}>`;
  } else {
    person = invitee;
    label = invitee.email;
  }
  const user = await findAccountByEmail(tx, person.email);
  return user === null ? { person, label } : { user, label };
}

/**
 * Finds who each invitee is, one entry per person whichever way they were named. An entry of the contact
 * directory is resolved now, at invitation time, as an address is: the directory stores no account (MB-7),
 * and its address passes the same mailbox rule as a typed one (a generic mailbox is refused where the
 * profile forbids them, SC-15).
 *
 * @throws {@link PolityError} `not_found` (user, contact); `invalid_input` (`generic_mailbox`) for a contact's address.
 */
export async function resolveInvitees(work: Work, actor: LoadedPrincipal, invitees: readonly Invitee[]): Promise<InviteTarget[]> {
  const targets: InviteTarget[] = [];
  const seen = new Set<string>();
  for (const [index, invitee] of invitees.entries()) {
    const target = await resolveOne(work, actor, invitee, index);
    const key = 'user' in target ? `u:${target.user.id}` : `e:${normaliseEmail(target.person.email)}`;
    if (!seen.has(key)) targets.push(target);
    seen.add(key);
  }
  return targets;
}

/**
 * Writes the pending account of an invited address (EP-17): active, e-mail not confirmed (the EP-8 gate
 * keeps it from acting until its owner confirms), no role and no organisation, since an invitation to a
 * meeting grants nothing else; the participant record the caller writes next is its tie to the invitation.
 * The address's owner later confirms through the activation e-mail the meeting's `notify_invitees` effect sends.
 *
 * @throws {@link PolityError} `conflict` (`users.email`) when the address has an account that
 *   {@link findAccountByEmail} could not find (written in another case) or that was created meanwhile.
 */
export async function createInvitedAccount(work: Work, person: InvitedPerson, timeZone: string): Promise<User> {
  try {
    return await insertAccount(work, {
      organisationId: null,
      email: person.email,
      givenName: person.givenName ?? nameFrom(person.email),
      familyName: person.familyName ?? nameFrom(person.email),
      // The meeting's zone is the best guess of where the person is; they change it at first sign-in (MB-11).
      timeZone,
      language: person.language,
    });
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'users.email') {
      // An account whose address differs only in case, or one created meanwhile: the caller names it by id.
      throw conflict('users.email', 'e-mail in use: the address has an account (perhaps written in another case); invite it by user id', { field: 'email' }, error.cause ?? error);
    }
    throw error;
  }
}
