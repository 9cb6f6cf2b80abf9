/**
 * The inputs of `actor.contacts` (MB-7), as strict zod schemas: bad input is refused before the store is touched.
 *
 * @module
 */
import { z } from 'zod';
import { emailSchema, idSchema } from '../../domain/primitives';
import { pageInputShape } from '../kernel/paging';

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

