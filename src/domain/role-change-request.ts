/**
 * Role-change requests (EP-6): a user asks to become organisation or unit coordinator.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, phoneSchema, timestampSchema } from './primitives';
import { roleNameSchema } from './role-assignment';

/** A request is `new` until a platform admin approves or rejects it. */
export const roleChangeRequestStatuses = ['new', 'approved', 'rejected'] as const;

/** Schema of a {@link RoleChangeRequest}. */
export const roleChangeRequestSchema = z.object({
  id: idSchema,
  requesterId: idSchema,
  /** Given by the requester, or by the identity registry (EP-7). */
  organisationId: idSchema,
  /** An existing unit asked for. */
  unitId: idSchema.nullable(),
  /** A unit to create on approval, when the requester's unit does not exist yet. */
  newUnitName: nameSchema.nullable(),
  phone: phoneSchema,
  purpose: z.string().trim().min(1, 'say what the role is for').max(1000, 'a purpose has at most 1000 characters'),
  requestedRole: roleNameSchema,
  status: z.enum(roleChangeRequestStatuses),
  decidedById: idSchema.nullable(),
  decidedAt: timestampSchema.nullable(),
  decisionNote: z.string().trim().max(1000, 'a note has at most 1000 characters').nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A request to be given a coordinator role. */
export type RoleChangeRequest = z.infer<typeof roleChangeRequestSchema>;
