/**
 * The contact directory's commands (MB-7): add, list, change and remove the acting user's own entries. The
 * policy decides (`contact.manage` on the owner's directory or entry); an address is never looked up.
 *
 * Isolation (READ COMMITTED): an address is in one directory once by the store's unique constraint
 * (`contacts.email`); `update` and `remove` lock the entry they decide on.
 *
 * @module
 */
import type { Contact } from '../../domain/contact';
import { where } from '../../domain/filter';
import { normaliseEmail } from '../../domain/primitives';
import { conflict, isPolityError, notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { StoreSession } from '../../ports/store';
import { assertMailboxAllowed } from '../accounts/new-account';
import type { LoadedPrincipal } from '../kernel/acting-user';
import { defineCommand, defineQuery } from '../kernel/define';
import { listQuery } from '../kernel/paging';
import { addContactInputSchema, listContactsInputSchema, removeContactInputSchema, updateContactInputSchema } from './inputs';

/** A directory entry (or the directory itself, without `id`) as a policy resource. */
function contactResource(contact: Pick<Contact, 'ownerId' | 'organisationId'> & { readonly id?: string }): PolicyResource {
  return { kind: 'contact', ...(contact.id === undefined ? {} : { id: contact.id }), organisationId: contact.organisationId, ownerId: contact.ownerId };
}

/** The actor's own directory, as the policy sees it. */
function ownDirectory({ actor }: { readonly actor: LoadedPrincipal }): PolicyResource {
  return contactResource({ ownerId: actor.user.id, organisationId: actor.user.organisationId });
}

/** Loads an entry, locked for the command that changes or removes it. @throws {@link PolityError} `not_found`. */
async function loadContact(tx: StoreSession, contactId: string): Promise<Contact> {
  const contact = await tx.contacts.get(contactId, { lock: 'update' });
  if (contact === null) throw notFound('contact', contactId, { contactId });
  return contact;
}

/** Turns the store's unique-constraint refusal into the directory's own message. */
async function uniqueAddress<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'contacts.email') {
      throw conflict('contacts.email', 'the address is already in your directory', { field: 'email' }, error);
    }
    throw error;
  }
}

/** `contacts.add`: an address and a name, as typed (a generic mailbox refused where the profile forbids them). */
export const addContact = defineCommand({
  name: 'contacts.add',
  input: addContactInputSchema,
  action: 'contact.manage',
  precheck: (input, context) => assertMailboxAllowed(context.profile, input.email, 'email'),
  resource: ownDirectory,
  run: ({ tx, work, actor, input }) =>
    uniqueAddress(() =>
      tx.contacts.insert({
        id: work.id('contact'),
        ownerId: actor.user.id,
        organisationId: actor.user.organisationId,
        email: input.email,
        displayName: input.displayName,
        createdAt: work.now,
        updatedAt: work.now,
      }),
    ),
  audit: (_steps, contact) => ({
    organisationId: contact.organisationId,
    action: 'contact.add',
    targetType: 'contact',
    targetId: contact.id,
    summary: `added ${contact.email} to their contact directory`,
    changes: { email: contact.email, displayName: contact.displayName },
  }),
});

/** `contacts.list`: the actor's directory by name, optionally searched (the Store pages over the search). */
export const listContacts = defineQuery({
  name: 'contacts.list',
  input: listContactsInputSchema,
  action: 'contact.manage',
  resource: ownDirectory,
  run: ({ tx, actor, input = {} }) => {
    const search = input.search?.toLowerCase();
    const matches = (c: Contact) => search === undefined || c.displayName.toLowerCase().includes(search) || normaliseEmail(c.email).includes(search);
    return tx.contacts.list(listQuery(where.eq('ownerId', actor.user.id), [{ field: 'displayName', direction: 'asc' }], input, search === undefined ? undefined : matches));
  },
});

/** The fields of an entry an update changes: only those that differ. */
function patchOf(contact: Contact, input: { readonly email?: string | undefined; readonly displayName?: string | undefined }): Partial<Pick<Contact, 'email' | 'displayName'>> {
  return {
    ...(input.email === undefined || input.email === contact.email ? {} : { email: input.email }),
    ...(input.displayName === undefined || input.displayName === contact.displayName ? {} : { displayName: input.displayName }),
  };
}

/** `contacts.update`: a new name or address for one of the actor's entries. */
export const updateContact = defineCommand({
  name: 'contacts.update',
  input: updateContactInputSchema,
  action: 'contact.manage',
  precheck: (input, context) => {
    if (input.email !== undefined) assertMailboxAllowed(context.profile, input.email, 'email');
  },
  load: ({ tx, input }) => loadContact(tx, input.contactId),
  resource: ({ loaded }) => contactResource(loaded),
  async run({ tx, work, input, loaded: contact }) {
    const patch = patchOf(contact, input);
    if (Object.keys(patch).length === 0) return contact;
    return uniqueAddress(() => tx.contacts.update(contact.id, { ...patch, updatedAt: work.now }));
  },
  audit: ({ input, loaded: contact }) => {
    const patch = patchOf(contact, input);
    if (Object.keys(patch).length === 0) return null;
    return {
      organisationId: contact.organisationId,
      action: 'contact.update',
      targetType: 'contact',
      targetId: contact.id,
      summary: `changed ${Object.keys(patch).join(' and ')} of a contact directory entry`,
      changes: patch,
    };
  },
});

/** `contacts.remove`: one of the actor's entries goes, and is returned. */
export const removeContact = defineCommand({
  name: 'contacts.remove',
  input: removeContactInputSchema,
  action: 'contact.manage',
  load: ({ tx, input }) => loadContact(tx, input.contactId),
  resource: ({ loaded }) => contactResource(loaded),
  async run({ tx, loaded: contact }) {
    await tx.contacts.delete(contact.id);
    return contact;
  },
  audit: ({ loaded: contact }) => ({
    organisationId: contact.organisationId,
    action: 'contact.remove',
    targetType: 'contact',
    targetId: contact.id,
    summary: `removed ${contact.email} from their contact directory`,
    changes: { email: contact.email },
  }),
});
