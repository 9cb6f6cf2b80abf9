/**
 * The inputs of `actor.organisations`, `actor.units` and `actor.coordinators`, and what they answer.
 *
 * @module
 */
import { z } from 'zod';
import type { Organisation } from '../../domain/organisation';
import { idSchema, nameSchema } from '../../domain/primitives';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import { newAccountShape } from '../accounts/new-account';
import { pageInputShape } from '../kernel/paging';

const codeField = z.string().trim().min(1, 'a code cannot be empty').max(64, 'a code has at most 64 characters');

/** Input of {@link OrganisationsApi.create}. */
export const createOrganisationInputSchema = z.strictObject({
  name: nameSchema,
  /** The official identifier (IPA code, tax number …), unique on the platform; matched by the identity registry (EP-7). */
  code: codeField.nullable().optional(),
  /**
   * The person responsible for the organisation. Required where the profile names a founder role (1KA: they
   * become its first manager, KA-1); refused where it names none.
   */
  responsible: z.strictObject(newAccountShape).optional(),
});

/** Input of {@link OrganisationsApi.create}. */
export type CreateOrganisationInput = z.input<typeof createOrganisationInputSchema>;

/** What {@link OrganisationsApi.create} created. */
export interface CreateOrganisationResult {
  readonly organisation: Organisation;
  /** The responsible person's new, pending account (KA-1), or `null` when the profile has no founder role. */
  readonly responsible: User | null;
}

/** Input of {@link OrganisationsApi.update}. */
export const updateOrganisationInputSchema = z
  .strictObject({ organisationId: idSchema, name: nameSchema.optional(), code: codeField.nullable().optional() })
  .refine((input) => input.name !== undefined || input.code !== undefined, { path: ['name'], message: 'give a new name or code', params: { reason: 'nothing_to_change' } });

/** Input of {@link OrganisationsApi.update}. */
export type UpdateOrganisationInput = z.input<typeof updateOrganisationInputSchema>;

/** Input of {@link OrganisationsApi.suspend} and {@link OrganisationsApi.resume}. */
export const organisationStatusInputSchema = z.strictObject({
  organisationId: idSchema,
  /** Why, for the audit trail. */
  reason: z.string().trim().min(1, 'a reason cannot be empty').max(500, 'a reason has at most 500 characters').optional(),
});

/** Input of {@link OrganisationsApi.suspend} and {@link OrganisationsApi.resume}. */
export type OrganisationStatusInput = z.input<typeof organisationStatusInputSchema>;

/** Input of {@link UnitsApi.create}. */
export const createUnitInputSchema = z.strictObject({
  organisationId: idSchema,
  name: nameSchema,
  /** The unit it sits in; directly under the organisation when absent or `null`. */
  parentId: idSchema.nullable().optional(),
});
/** Input of {@link UnitsApi.create}. */
export type CreateUnitInput = z.input<typeof createUnitInputSchema>;

/** Input of {@link UnitsApi.rename}. */
export const renameUnitInputSchema = z.strictObject({ unitId: idSchema, name: nameSchema });
/** Input of {@link UnitsApi.rename}. */
export type RenameUnitInput = z.input<typeof renameUnitInputSchema>;

/** Input of {@link UnitsApi.move}. */
export const moveUnitInputSchema = z.strictObject({
  unitId: idSchema,
  /** The new parent unit in the same organisation, or `null` for directly under the organisation. */
  parentId: idSchema.nullable(),
});
/** Input of {@link UnitsApi.move}. */
export type MoveUnitInput = z.input<typeof moveUnitInputSchema>;

/** Input of {@link UnitsApi.delete}. */
export const deleteUnitInputSchema = z.strictObject({ unitId: idSchema });
/** Input of {@link UnitsApi.delete}. */
export type DeleteUnitInput = z.input<typeof deleteUnitInputSchema>;

/** Input of {@link UnitsApi.list}. */
export const listUnitsInputSchema = z.strictObject({ organisationId: idSchema, ...pageInputShape });
/** Input of {@link UnitsApi.list}. */
export type ListUnitsInput = z.input<typeof listUnitsInputSchema>;

/**
 * A coordinator as their organisation coordinator sees them (EP-10, EP-14): names, e-mail, phone,
 * confirmation status, active flag and coordinator roles; nothing else of the profile.
 */
export interface CoordinatorView {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: string | null;
  /** Whether the e-mail is confirmed (EP-9: otherwise the account is pending). */
  readonly emailConfirmed: boolean;
  readonly active: boolean;
  /** The coordinator roles held in the organisation, with the unit for unit roles. */
  readonly roles: readonly { readonly role: string; readonly unitId: string | null; readonly status: RoleAssignment['status'] }[];
}

/** Input of {@link CoordinatorsApi.list}. */
export const listCoordinatorsInputSchema = z.strictObject({
  organisationId: idSchema,
  /** Matches names and e-mail addresses containing it, ignoring case. */
  search: z.string().trim().min(1, 'a search cannot be empty').max(200, 'a search has at most 200 characters').optional(),
  ...pageInputShape,
});
/** Input of {@link CoordinatorsApi.list}. */
export type ListCoordinatorsInput = z.input<typeof listCoordinatorsInputSchema>;

/** Input of {@link CoordinatorsApi.message}. */
export const messageCoordinatorsInputSchema = z.strictObject({
  organisationId: idSchema,
  subject: z.string().trim().min(1, 'a subject cannot be empty').max(200, 'a subject has at most 200 characters'),
  body: z.string().trim().min(1, 'a message cannot be empty').max(5000, 'a message has at most 5000 characters'),
});
/** Input of {@link CoordinatorsApi.message}. */
export type MessageCoordinatorsInput = z.input<typeof messageCoordinatorsInputSchema>;

/** What {@link CoordinatorsApi.message} sent. */
export interface MessageCoordinatorsResult {
  /** How many messages were written to the outbox (deactivated accounts get none where deactivation blocks sign-in). */
  readonly recipients: number;
}

