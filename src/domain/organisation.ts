/**
 * Organisations (Φορέας, ente, virtualna domena, entité): the tenants of a platform.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, timestampSchema } from './primitives';

/** An organisation is `active`, or `suspended`: its members cannot act, and nothing is deleted. */
export const organisationStatuses = ['active', 'suspended'] as const;

/** Schema of an {@link Organisation}. */
export const organisationSchema = z.object({
  id: idSchema,
  name: nameSchema,
  /** The organisation's official identifier where the platform has one (an IPA code, a tax number); unique. */
  code: z.string().trim().min(1, 'a code cannot be empty').max(64, 'a code has at most 64 characters').nullable(),
  status: z.enum(organisationStatuses),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** An organisation: a tenant whose data no other organisation reads. */
export type Organisation = z.infer<typeof organisationSchema>;
