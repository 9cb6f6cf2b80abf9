/**
 * `actor.contacts`: the acting user's personal contact directory (MB-7), kept by polity so that invitations
 * can name a contact. Only the owner sees and changes it, as the policy's `contact.manage` says (Mégalis has
 * the rule; other profiles answer `forbidden`). An entry is what its owner typed, an address and a name:
 * adding or changing one never looks the address up, so the directory tells nobody whether an address has an
 * account. An invitation naming an entry finds the account when it is sent, as one naming an address does.
 *
 * @module
 */
import { z } from 'zod';
import type { Contact } from '../domain/contact';
import { where } from '../domain/filter';
import { emailSchema, idSchema, normaliseEmail } from '../domain/primitives';
import { parseWith } from '../domain/validate';
import { isPolityError, PolityError } from '../errors';
import type { PolicyResource } from '../policy/index';
import type { Page, StoreSession } from '../ports/store';
import { assertMailboxAllowed } from './accounts';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { pageInputShape, pageMatching } from './paging';
import type { LoadedPrincipal } from './principal';

const displayNameSchema = z.string().trim().min(1, 'a name cannot be empty').max(200, 'a name has at most 200 characters');

/** Input of {@link ContactsApi.add}. */
export const addContactInputSchema = z.strictObject({
  /** The address; a generic mailbox (`info@…`) is refused where the profile forbids them. */
  email: emailSchema,
  /** The name shown in the directory, as the owner wants it (required: an address is never looked up). */
  displayName: displayNameSchema,
});
/** Input of {@link ContactsApi.add}. */
export type AddContactInput = z.input<typeof addContactInputSchema>;

/** Input of {@link ContactsApi.list}. */
export const listContactsInputSchema = z
  .strictObject({
    /** Only entries whose name or address contains this text, case-insensitively. */
    search: z.string().trim().min(1, 'a search cannot be empty').max(200, 'a search has at most 200 characters').optional(),
    ...pageInputShape,
  })
  .optional();
/** Input of {@link ContactsApi.list}. */
export type ListContactsInput = z.input<typeof listContactsInputSchema>;

/** Input of {@link ContactsApi.update}. */
export const updateContactInputSchema = z
  .strictObject({ contactId: idSchema, email: emailSchema.optional(), displayName: displayNameSchema.optional() })
  .refine((input) => input.email !== undefined || input.displayName !== undefined, {
    path: [],
    message: 'say what to change: email or displayName',
    params: { reason: 'nothing_to_change' },
  });
/** Input of {@link ContactsApi.update}. */
export type UpdateContactInput = z.input<typeof updateContactInputSchema>;

/** Input of {@link ContactsApi.remove}. */
export const removeContactInputSchema = z.strictObject({ contactId: idSchema });
/** Input of {@link ContactsApi.remove}. */
export type RemoveContactInput = z.input<typeof removeContactInputSchema>;

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

/** A directory entry (or the directory itself, without `id`) as a policy resource. */
function contactResource(contact: Pick<Contact, 'ownerId' | 'organisationId'> & { readonly id?: string }): PolicyResource {
  return { kind: 'contact', ...(contact.id === undefined ? {} : { id: contact.id }), organisationId: contact.organisationId, ownerId: contact.ownerId };
}

function ownDirectory(actor: LoadedPrincipal): PolicyResource {
  return contactResource({ ownerId: actor.user.id, organisationId: actor.user.organisationId });
}

async function loadContact(tx: StoreSession, contactId: string): Promise<Contact> {
  const contact = await tx.contacts.get(contactId);
  if (contact === null) throw new PolityError('not_found', `no contact ${contactId}`, { details: { contactId } });
  return contact;
}

/** Turns the store's unique-constraint refusal into the directory's own message. */
async function uniqueAddress<T>(email: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPolityError(error, 'conflict') && error.details?.constraint === 'contacts.email') {
      throw new PolityError('conflict', `${email} is already in your directory`, { details: { constraint: 'contacts.email', field: 'email' }, cause: error });
    }
    throw error;
  }
}

async function add(context: ServiceContext, actorId: string, input: AddContactInput): Promise<Contact> {
  const data = parseWith(addContactInputSchema, input, 'input of contacts.add');
  assertMailboxAllowed(context.profile, data.email, 'email');
  return runCommand(context, actorId, { action: 'contact.manage' }, async (tx, actor) => {
    authorise(context, actor, 'contact.manage', ownDirectory(actor));
    const now = context.clock.now();
    const contact = await uniqueAddress(data.email, () =>
      tx.contacts.insert({
        id: context.ids.id('contact'),
        ownerId: actor.user.id,
        organisationId: actor.user.organisationId,
        email: data.email,
        displayName: data.displayName,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await appendAudit(tx, context, {
      organisationId: actor.user.organisationId,
      actorId: actor.user.id,
      action: 'contact.add',
      targetType: 'contact',
      targetId: contact.id,
      summary: `added ${contact.email} to their contact directory`,
      changes: { email: contact.email, displayName: contact.displayName },
    });
    return contact;
  });
}

async function list(context: ServiceContext, actorId: string, input: ListContactsInput): Promise<Page<Contact>> {
  const data = parseWith(listContactsInputSchema, input, 'input of contacts.list') ?? {};
  return runCommand(context, actorId, { action: 'contact.manage' }, async (tx, actor) => {
    authorise(context, actor, 'contact.manage', ownDirectory(actor));
    const search = data.search?.toLowerCase();
    const matches = (c: Contact) => search === undefined || c.displayName.toLowerCase().includes(search) || normaliseEmail(c.email).includes(search);
    return pageMatching(tx.contacts, where.eq('ownerId', actor.user.id), [{ field: 'displayName', direction: 'asc' }], data, matches);
  });
}

async function update(context: ServiceContext, actorId: string, input: UpdateContactInput): Promise<Contact> {
  const data = parseWith(updateContactInputSchema, input, 'input of contacts.update');
  if (data.email !== undefined) assertMailboxAllowed(context.profile, data.email, 'email');
  return runCommand(context, actorId, { action: 'contact.manage' }, async (tx, actor) => {
    const contact = await loadContact(tx, data.contactId);
    authorise(context, actor, 'contact.manage', contactResource(contact));
    const email = data.email ?? contact.email;
    const patch: Partial<Contact> = {
      ...(email === contact.email ? {} : { email }),
      ...(data.displayName === undefined || data.displayName === contact.displayName ? {} : { displayName: data.displayName }),
    };
    if (Object.keys(patch).length === 0) return contact;
    const updated = await uniqueAddress(email, () => tx.contacts.update(contact.id, { ...patch, updatedAt: context.clock.now() }));
    await appendAudit(tx, context, {
      organisationId: contact.organisationId,
      actorId: actor.user.id,
      action: 'contact.update',
      targetType: 'contact',
      targetId: contact.id,
      summary: `changed ${Object.keys(patch).join(' and ')} of a contact directory entry`,
      changes: patch,
    });
    return updated;
  });
}

async function remove(context: ServiceContext, actorId: string, input: RemoveContactInput): Promise<Contact> {
  const data = parseWith(removeContactInputSchema, input, 'input of contacts.remove');
  return runCommand(context, actorId, { action: 'contact.manage' }, async (tx, actor) => {
    const contact = await loadContact(tx, data.contactId);
    authorise(context, actor, 'contact.manage', contactResource(contact));
    await tx.contacts.delete(contact.id);
    await appendAudit(tx, context, {
      organisationId: contact.organisationId,
      actorId: actor.user.id,
      action: 'contact.remove',
      targetType: 'contact',
      targetId: contact.id,
      summary: `removed ${contact.email} from their contact directory`,
      changes: { email: contact.email },
    });
    return contact;
  });
}

/** Builds `actor.contacts` for one acting user. */
export function contactsApi(context: ServiceContext, actorId: string): ContactsApi {
  return {
    add: (input) => add(context, actorId, input),
    list: (input) => list(context, actorId, input),
    update: (input) => update(context, actorId, input),
    remove: (input) => remove(context, actorId, input),
  };
}
