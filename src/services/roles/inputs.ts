/**
 * The inputs of `actor.roleRequests` (EP-6, EP-7), and what they answer.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, nameSchema, phoneSchema } from '../../domain/primitives';
import { roleNameSchema, type RoleAssignment } from '../../domain/role-assignment';
import { roleChangeRequestStatuses, type RoleChangeRequest } from '../../domain/role-change-request';
import type { Unit } from '../../domain/unit';
import { pageInputShape } from '../kernel/paging';

/** Input of {@link RoleRequestsApi.file}. */
export const fileRoleRequestInputSchema = z
  .strictObject({
    /** The role asked for: one the profile grants through role-change requests (e:Presence: organisation or unit coordinator). */
    role: roleNameSchema,
    /** The organisation; may be left out when the identity registry knows the requester's organisation (EP-7). */
    organisationId: idSchema.optional(),
    /** An existing unit of the organisation (optional for an organisation role, EP-6). */
    unitId: idSchema.optional(),
    /** A unit that does not exist yet, created on approval. */
    newUnitName: nameSchema.optional(),
    /** A phone number to reach the requester. */
    phone: phoneSchema,
    /** What the role is for, in a few words. */
    purpose: z.string().trim().min(1, 'say what the role is for').max(1000, 'a purpose has at most 1000 characters'),
  })
  .refine((input) => input.unitId === undefined || input.newUnitName === undefined, {
    path: ['newUnitName'],
    message: 'name an existing unit or a new one, not both',
    params: { reason: 'two_units' },
  });
/** Input of {@link RoleRequestsApi.file}. */
export type FileRoleRequestInput = z.input<typeof fileRoleRequestInputSchema>;

/** Input of {@link RoleRequestsApi.list}. */
export const listRoleRequestsInputSchema = z
  .strictObject({ status: z.enum(roleChangeRequestStatuses).optional(), ...pageInputShape })
  .optional();
/** Input of {@link RoleRequestsApi.list}. */
export type ListRoleRequestsInput = z.input<typeof listRoleRequestsInputSchema>;

/** Input of {@link RoleRequestsApi.get}. */
export const getRoleRequestInputSchema = z.strictObject({ requestId: idSchema });
/** Input of {@link RoleRequestsApi.get}. */
export type GetRoleRequestInput = z.input<typeof getRoleRequestInputSchema>;

/** Input of {@link RoleRequestsApi.approve} and {@link RoleRequestsApi.reject}. */
export const decideRoleRequestInputSchema = z.strictObject({
  requestId: idSchema,
  /** A note for the requester and the trail. */
  note: z.string().trim().min(1, 'a note cannot be empty').max(1000, 'a note has at most 1000 characters').optional(),
});
/** Input of {@link RoleRequestsApi.approve} and {@link RoleRequestsApi.reject}. */
export type DecideRoleRequestInput = z.input<typeof decideRoleRequestInputSchema>;

/** What {@link RoleRequestsApi.approve} did. */
export interface ApproveRoleRequestResult {
  readonly request: RoleChangeRequest;
  /** The role now held. */
  readonly assignment: RoleAssignment;
  /** The unit created for the request, or `null`. */
  readonly createdUnit: Unit | null;
}
