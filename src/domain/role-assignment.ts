/**
 * Role assignments: (user, role, scope, status). Only `active` assignments grant anything.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';
import { scopeFromFields, scopeTypes, type Scope } from './scope';

/** A role's name in a profile: lower snake case, e.g. `organisation_coordinator`. */
export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a role name is lower snake case, starting with a letter, at most 64 characters');

/**
 * The lifecycle of an assignment: `invited` (waiting for the person), `active`, `suspended` (kept for
 * reactivation, grants nothing, SC-12) and `removed` (final).
 */
export const assignmentStatuses = ['invited', 'active', 'suspended', 'removed'] as const;

/** Schema of a {@link RoleAssignment}. */
export const roleAssignmentSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    role: roleNameSchema,
    scopeType: z.enum(scopeTypes),
    organisationId: idSchema.nullable(),
    unitId: idSchema.nullable(),
    productId: idSchema.nullable(),
    status: z.enum(assignmentStatuses),
    /** Who granted it; `null` for the bootstrap of the first platform admin. */
    grantedById: idSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .refine((a) => scopeFromFields(a) !== null, {
    path: ['scopeType'],
    message: 'the scope ids do not match the scope type',
    params: { reason: 'scope_mismatch' },
  });

/** A role held by a user at a scope. */
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

/** The scope of a stored assignment (its columns were checked when it was written). */
export function assignmentScope(assignment: RoleAssignment): Scope {
  const scope = scopeFromFields(assignment);
  if (scope === null) throw new TypeError(`assignment ${assignment.id} has inconsistent scope columns`);
  return scope;
}
