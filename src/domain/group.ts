/**
 * Groups of users on one product of one organisation (SC-14).
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timestampSchema } from './primitives';

/** A group is `active`, `suspended` (cannot be changed) or `deleted`. */
export const groupStatuses = ['active', 'suspended', 'deleted'] as const;

/** Schema of a {@link Group}. */
export const groupSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  productId: idSchema,
  /** Unique per organisation and product among groups not deleted, case-insensitively. */
  name: nameSchema,
  description: z.string().trim().max(1000, 'a description has at most 1000 characters').nullable(),
  status: z.enum(groupStatuses),
  memberIds: z.array(idSchema).refine((ids) => new Set(ids).size === ids.length, 'a user is in a group at most once'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A group of users on a product. */
export type Group = z.infer<typeof groupSchema>;
