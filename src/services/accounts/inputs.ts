/**
 * The inputs of `actor.users`, `actor.account`, `polity.activation`, `polity.signIn` and
 * `polity.bootstrapPlatformAdmin`, and what they answer.
 *
 * @module
 */
import { z } from 'zod';
import { countrySchema, emailSchema, idSchema, languageSchema, nameSchema, phoneSchema, timeZoneSchema } from '../../domain/primitives';
import { roleNameSchema, type RoleAssignment } from '../../domain/role-assignment';
import { taxCodeSchema, type User } from '../../domain/user';
import type { Page } from '../../ports/store';
import { pageInputShape } from '../kernel/paging';
import type { LicenceSummary } from '../licences/pool';
import { newAccountShape } from './new-account';
import type { UserView } from './privacy';
import { userStateFilters } from './user-states';

// ------------------------------------------------------------------------------------------- users.add

/** Input of {@link UsersApi.add}. */
export const addUserInputSchema = z
  .strictObject({
    /**
     * The organisation the account belongs to. Left out only for platform staff: a role held at platform
     * scope (a Mégalis concierge, MB-10), whose account belongs to no organisation.
     */
    organisationId: idSchema.optional(),
    ...newAccountShape,
    /** The role the person gets at creation (MB-6: every new person gets one), at organisation scope unless a unit or product is named. */
    role: roleNameSchema,
    /** For a unit role (a unit coordinator, EP-4): the unit. */
    unitId: idSchema.optional(),
    /** For a product role (SC-4): the product of the organisation. */
    productId: idSchema.optional(),
    /**
     * The manager who will oversee the user (1KA, KA-3). Only those allowed `user.assign_manager` (platform
     * admins, KA-4) may name one; a manager's new users are assigned to that manager.
     */
    managerId: idSchema.optional(),
  })
  .refine((input) => input.unitId === undefined || input.productId === undefined, {
    path: ['productId'],
    message: 'a role is held at a unit or at a product, not both',
    params: { reason: 'two_scopes' },
  })
  .refine((input) => input.organisationId !== undefined || (input.unitId === undefined && input.productId === undefined && input.managerId === undefined), {
    path: ['organisationId'],
    message: 'a unit, a product or a manager belongs to an organisation: name it',
    params: { reason: 'organisation_required' },
  });

/** Input of {@link UsersApi.add}. */
export type AddUserInput = z.input<typeof addUserInputSchema>;

/** What {@link UsersApi.add} created. */
export interface AddUserResult {
  /** The new, pending account. */
  readonly user: User;
  /** Its role. */
  readonly assignment: RoleAssignment;
  /** Where the activation e-mail goes, or `null` when none was written. */
  readonly activationSentTo: string | null;
}

// ------------------------------------------------------------------------- reading and editing users

/** Input of {@link UsersApi.get}. */
export const getUserInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link UsersApi.get}. */
export type GetUserInput = z.input<typeof getUserInputSchema>;

/** Input of {@link UsersApi.list}. */
export const listUsersInputSchema = z.strictObject({
  organisationId: idSchema,
  /** `pending` (e-mail not confirmed), `confirmed`, `active` or `inactive`. */
  state: z.enum(userStateFilters).optional(),
  ...pageInputShape,
});
/** Input of {@link UsersApi.list}. */
export type ListUsersInput = z.input<typeof listUsersInputSchema>;

/**
 * A page of an organisation's users; where the profile counts licences and the actor may see the pool
 * (`licence_pool.read`), the organisation's licence counts beside it (MB-2).
 */
export type UsersPage = Page<UserView> & {
  /** Licensed users against allocated licences (MB-2), as `actor.licences.summary` gives them; absent where the profile counts no licences or the actor may not see them. */
  readonly licences?: LicenceSummary;
};

/**
 * Input of {@link UsersApi.update}: profile fields (MB-11, SC-6). The organisation is fixed (MB-11), the e-mail
 * has its own command, the work phone too (SC-7); a tax code change is asked of the policy
 * (`user.change_tax_code`, forbidden by SC-9), names too (`user.update_name`, SC-9).
 */
export const updateUserInputSchema = z
  .strictObject({
    userId: idSchema,
    title: z.string().trim().max(32, 'a title has at most 32 characters').nullable().optional(),
    givenName: nameSchema.optional(),
    familyName: nameSchema.optional(),
    taxCode: taxCodeSchema.optional(),
    phone: phoneSchema.nullable().optional(),
    country: countrySchema.nullable().optional(),
    postcode: z.string().trim().min(1, 'a postcode cannot be empty').max(16, 'a postcode has at most 16 characters').nullable().optional(),
    /** An IANA time zone (MB-11). */
    timeZone: timeZoneSchema.optional(),
    language: languageSchema.optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'userId'), { path: ['userId'], message: 'give at least one field to change', params: { reason: 'nothing_to_change' } });
/** Input of {@link UsersApi.update}. */
export type UpdateUserInput = z.input<typeof updateUserInputSchema>;

/** Input of {@link UsersApi.setWorkPhone}. */
export const setWorkPhoneInputSchema = z.strictObject({ userId: idSchema, workPhone: phoneSchema.nullable() });
/** Input of {@link UsersApi.setWorkPhone}. */
export type SetWorkPhoneInput = z.input<typeof setWorkPhoneInputSchema>;

// ---------------------------------------------------------------------------------- the lifecycle

/** Input of the commands that act on one account: deactivate, reactivate, delete, resend. */
export const userTargetInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link UsersApi.deactivate}, {@link UsersApi.reactivate}, {@link UsersApi.delete}, {@link UsersApi.resendActivation}. */
export type UserTargetInput = z.input<typeof userTargetInputSchema>;

/** Input of {@link UsersApi.changeEmail}. */
export const changeEmailInputSchema = z.strictObject({ userId: idSchema, email: emailSchema });
/** Input of {@link UsersApi.changeEmail}. */
export type ChangeEmailInput = z.input<typeof changeEmailInputSchema>;

/** What a resend did. */
export interface ResendResult {
  /** The address the new link goes to, or `null` when no mail was written (a deactivated account, EP-11). */
  readonly sentTo: string | null;
  /** When the new link stops working. */
  readonly expiresAt: Date;
}

// ---------------------------------------------------------------------------------- actor.account

/** Input of {@link AccountApi.acceptTerms}: nothing, or the version of the terms accepted. */
export const acceptTermsInputSchema = z
  .strictObject({
    /** The version of the terms and privacy statement the person read, kept in the audit trail. */
    version: z.string().trim().min(1, 'a version cannot be empty').max(64, 'a version has at most 64 characters').optional(),
  })
  .optional();
/** Input of {@link AccountApi.acceptTerms}. */
export type AcceptTermsInput = z.input<typeof acceptTermsInputSchema>;

// ----------------------------------------------------------------------------- polity.activation

/** Input of {@link ActivationApi.confirm}. */
export const confirmActivationInputSchema = z.strictObject({
  /** The secret from the link, exactly as received. */
  token: z.string().min(8, 'not an activation token').max(512, 'not an activation token'),
  /** Whether the person accepted the terms and privacy statement on the same page (EP-8). */
  acceptTerms: z.boolean().optional(),
});
/** Input of {@link ActivationApi.confirm}. */
export type ConfirmActivationInput = z.input<typeof confirmActivationInputSchema>;

/** What {@link ActivationApi.confirm} did. */
export interface ConfirmActivationResult {
  /** The account, its e-mail now confirmed. */
  readonly user: User;
}

// --------------------------------------------------------------------------------- polity.signIn

/** Input of {@link Polity.signIn}. Name the account by `userId` or by `email`, not both. */
export const signInInputSchema = z
  .strictObject({
    userId: idSchema.optional(),
    /** Matched among accounts not deleted whatever its case, as the addresses' unique constraint compares them; prefer `userId`. */
    email: emailSchema.optional(),
    /**
     * How the host authenticated the person: `local` (its own password) or `sso` (an identity provider that
     * vouches for the names: they are "verified" from then on and no longer change, SC-9).
     * @defaultValue `local`
     */
    method: z.enum(['local', 'sso']).optional(),
    /** The tax code the identity provider gave (`sso` only); recorded when the account has none (SC-9: it never changes). */
    taxCode: taxCodeSchema.optional(),
  })
  .refine((input) => (input.userId === undefined) !== (input.email === undefined), {
    path: ['userId'],
    message: 'name the account by userId or by email, not both',
    params: { reason: 'one_of' },
  })
  .refine((input) => input.taxCode === undefined || input.method === 'sso', {
    path: ['taxCode'],
    message: 'a tax code comes only from an identity provider (method "sso")',
    params: { reason: 'sso_only' },
  });

/** Input of {@link Polity.signIn}. */
export type SignInInput = z.input<typeof signInInputSchema>;

/** What {@link Polity.signIn} recorded, and what the person must still do before acting (EP-8). */
export interface SignInResult {
  readonly user: User;
  /** Whether this was the account's first recorded sign-in. */
  readonly firstSignIn: boolean;
  /** Steps left before the e-mail gate opens (EP-8): empty when the person may act. */
  readonly pending: readonly ('confirm_email' | 'accept_terms')[];
}

// ----------------------------------------------------------------- polity.bootstrapPlatformAdmin

/** Input of {@link Polity.bootstrapPlatformAdmin}. */
export const bootstrapInputSchema = z.strictObject({
  email: emailSchema,
  givenName: nameSchema,
  familyName: nameSchema,
  taxCode: taxCodeSchema.optional(),
  /** Defaults to the profile's language. */
  language: languageSchema.optional(),
  /** @defaultValue `UTC` */
  timeZone: timeZoneSchema.optional(),
  identitySource: z.enum(['local', 'sso']).optional(),
});

/** Input of {@link Polity.bootstrapPlatformAdmin}. */
export type BootstrapInput = z.input<typeof bootstrapInputSchema>;

/** What {@link Polity.bootstrapPlatformAdmin} created. */
export interface BootstrapResult {
  readonly user: User;
  readonly assignment: RoleAssignment;
}
