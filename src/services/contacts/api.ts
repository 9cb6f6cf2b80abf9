/**
 * `actor.contacts`: the acting user's personal contact directory (MB-7), kept by polity so that invitations
 * can name a contact. Only the owner sees and changes it, as the policy's `contact.manage` says (Mégalis has
 * the rule; other profiles answer `forbidden`). An entry is what its owner typed, an address and a name:
 * adding or changing one never looks the address up, so the directory tells nobody whether an address has an
 * account. An invitation naming an entry finds the account when it is sent, as one naming an address does.
 *
 * @module
 */
import type { Contact } from '../../domain/contact';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import { addContact, listContacts, removeContact, updateContact } from './contacts';
import type { AddContactInput, ListContactsInput, RemoveContactInput, UpdateContactInput } from './inputs';

export {
  addContactInputSchema,
  listContactsInputSchema,
  removeContactInputSchema,
  updateContactInputSchema,
  type AddContactInput,
  type ListContactsInput,
  type RemoveContactInput,
  type UpdateContactInput,
} from './inputs';

/** `actor.contacts`: the acting user's contact directory (MB-7). */
export interface ContactsApi {
  /**
   * Adds an address and a name to the actor's directory. The address is not looked up: the entry is the same
   * whether or not someone registered it, and says nothing about it.
   *
   * @throws {@link PolityError} `invalid_input` (a bad field, a missing name, a generic mailbox where the
   *   profile forbids them); `forbidden` unless `contact.manage` is allowed (MB-7; other profiles keep no
   *   directory); `conflict` (`contacts.email`) when the address is already in the directory.
   * @example
   * ```ts
   * await polity.as(userId).contacts.add({ email: 'yann@mairie.example.fr', displayName: 'Yann Le Gall' });
   * ```
   */
  add(input: AddContactInput): Promise<Contact>;
  /**
   * The actor's directory, by name.
   *
   * @throws {@link PolityError} `invalid_input`; `forbidden` unless `contact.manage` is allowed.
   */
  list(input?: ListContactsInput): Promise<Page<Contact>>;
  /**
   * Changes an entry's name or address (never looked up, as in {@link ContactsApi.add}).
   *
   * @throws {@link PolityError} `invalid_input` (as {@link ContactsApi.add}); `not_found`; `forbidden` unless
   *   `contact.manage` is allowed on that entry (only its owner's); `conflict` (`contacts.email`).
   */
  update(input: UpdateContactInput): Promise<Contact>;
  /**
   * Removes an entry and returns it.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `contact.manage` is allowed on that entry.
   */
  remove(input: RemoveContactInput): Promise<Contact>;
}

/** The namespaces of this area, as an actor carries them. */
export interface ContactNamespaces {
  readonly contacts: ContactsApi;
}

/** Builds `actor.contacts` for one acting user. */
export function contactsArea(context: ServiceContext, actorId: string): ContactNamespaces {
  return { contacts: bindAll(context, actorId, { add: addContact, list: listContacts, update: updateContact, remove: removeContact }) };
}
