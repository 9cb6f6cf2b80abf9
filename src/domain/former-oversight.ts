/**
 * Former oversight (KA-11): when a manager removes a user from their oversight, the user leaves the
 * organisation but their resources stay visible to that manager. This record is what keeps them visible.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';

/** Schema of a {@link FormerOversight}. */
export const formerOversightSchema = z
  .object({
    id: idSchema,
    /** The organisation the user was removed from (the resources stay in it). */
    organisationId: idSchema,
    /** The manager who oversaw the user and keeps seeing their resources. */
    managerId: idSchema,
    /** The user removed from oversight. */
    userId: idSchema,
    /** Who removed them (the manager, KA-11). */
    endedById: idSchema,
    endedAt: timestampSchema,
  })
  .refine((o) => o.managerId !== o.userId, { path: ['userId'], message: 'a manager does not oversee themselves', params: { reason: 'self_oversight' } });

/** A user a manager used to oversee (KA-11). Unique per manager and user. */
export type FormerOversight = z.infer<typeof formerOversightSchema>;
