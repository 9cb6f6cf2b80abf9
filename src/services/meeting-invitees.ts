/**
 * Who an invitation reaches: an account found by id or address, or, for an address nobody registered, a
 * pending account tied to the invitation (EP-17): no role, no organisation, an activation e-mail. An entry
 * of the contact directory is looked up here when it is invited, never when it is written (MB-7).
 *
 * @module
 */
import type { Language } from '../domain/primitives';
import type { User } from '../domain/user';
import { isPolityError, PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';
import { newUserRecord } from './user-record';

/**
 * The live account with an address, whatever its case: found as the `users.email` constraint compares
 * addresses (lower-cased, among accounts not deleted), so it is the one account an insert of the address
 * would clash with.
 */
export async function findAccountByEmail(session: StoreSession, email: string): Promise<User | null> {
  return session.users.findUnique('users.email', { email });
}

/** What is known of a person invited by an address that has no account. */
export interface InvitedPerson {
  readonly email: string;
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
  readonly language?: Language | undefined;
}

/** A name from the local part of an address (`eleni.petrou@…` → `eleni.petrou`), at most 200 characters. */
function nameFrom(email: string): string {
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@'))).trim();
  return (local === '' ? email : local).slice(0, 200);
}

/**
 * Writes the pending account of an invited address (EP-17): active, e-mail not confirmed (the EP-8 gate
 * keeps it from acting until its owner confirms), no role and no organisation, since an invitation to a
 * meeting grants nothing else; the participant record the caller writes next is its tie to the invitation.
 * The address's owner later confirms through the activation e-mail the caller sends.
 *
 * @throws {@link PolityError} `conflict` (`users.email`) when the address has an account that {@link findAccountByEmail}
 *   could not find (written in another case) or that was created meanwhile.
 */
export async function createInvitedAccount(tx: StoreSession, context: ServiceContext, person: InvitedPerson, timeZone: string): Promise<User> {
  try {
    return await tx.users.insert(
      newUserRecord(context, {
        organisationId: null,
        email: person.email,
        givenName: person.givenName ?? nameFrom(person.email),
        familyName: person.familyName ?? nameFrom(person.email),
        // The meeting's zone is the best guess of where the person is; they change it at first sign-in (MB-11).
        timeZone,
        language: person.language,
      }),
    );
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'users.email') {
      // An account whose address differs only in case (the filter language compares exactly): name it by id.
      throw new PolityError('conflict', `e-mail in use: ${person.email} has an account (perhaps written in another case); invite it by user id`, {
        details: { constraint: 'users.email', field: 'email' },
        cause: error,
      });
    }
    throw error;
  }
}
