/**
 * A user's personal contact directory (MB-7): people they invite often, registered or not. An entry holds
 * only what its owner typed (an address and a name): whether the address has an account is never stored
 * nor shown, so the directory cannot be used to probe which addresses are registered. An invitation naming
 * an entry finds the account, if any, when it is sent.
 *
 * @module
 */
import { z } from 'zod';
import { emailSchema, idSchema, timestampSchema } from './primitives';

/** Schema of a {@link Contact}. */
export const contactSchema = z.object({
  id: idSchema,
  /** Whose directory it is in; only they see and change it (MB-7). */
  ownerId: idSchema,
  /** The owner's organisation (`null` for platform staff), so tenant data is always tagged with its tenant. */
  organisationId: idSchema.nullable(),
  /** The address, unique (case-insensitively) within one owner's directory. */
  email: emailSchema,
  /** The name shown in the directory, as the owner typed it. */
  displayName: z.string().trim().min(1, 'a name is required').max(200, 'a name has at most 200 characters'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** One entry of a personal contact directory. */
export type Contact = z.infer<typeof contactSchema>;
