/**
 * Accounts: the profile fields of SC-6 and MB-11, identity source, and the two independent flags of EP-9
 * (e-mail confirmed, active).
 *
 * @module
 */
import { z } from 'zod';
import {
  countrySchema,
  emailSchema,
  idSchema,
  languageSchema,
  nameSchema,
  phoneSchema,
  timeZoneSchema,
  timestampSchema,
} from './primitives';

/** Where an identity comes from: a local account, or a single sign-on provider (TaxisNet, SPID …). */
export const identitySources = ['local', 'sso'] as const;

/** Schema of a tax code (codice fiscale, ΑΦΜ …): 4–32 letters or digits, kept as typed, compared upper-cased. */
export const taxCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{4,32}$/, 'a tax code has 4–32 letters or digits');

/** Schema of a {@link User}. */
export const userSchema = z.object({
  id: idSchema,
  /** The organisation the account belongs to; `null` for platform staff and people invited from outside. */
  organisationId: idSchema.nullable(),
  /** Civility or title (M., Mme, Dr …), MB-11. */
  title: z.string().trim().max(32, 'a title has at most 32 characters').nullable(),
  givenName: nameSchema,
  familyName: nameSchema,
  /** Never changes once set (SC-9). */
  taxCode: taxCodeSchema.nullable(),
  /** Unique on the platform, case-insensitively. */
  email: emailSchema,
  phone: phoneSchema.nullable(),
  /** Held only by users with an admin role and set only by the user themselves (SC-7). */
  workPhone: phoneSchema.nullable(),
  country: countrySchema.nullable(),
  postcode: z.string().trim().min(1, 'a postcode cannot be empty').max(16, 'a postcode has at most 16 characters').nullable(),
  timeZone: timeZoneSchema,
  language: languageSchema,
  identitySource: z.enum(identitySources),
  /** When an identity provider first vouched for the names; afterwards they no longer change (SC-9). */
  identityVerifiedAt: timestampSchema.nullable(),
  /** When the owner confirmed the e-mail address (EP-8, EP-9); `null` while pending. */
  emailConfirmedAt: timestampSchema.nullable(),
  /** When the owner accepted the terms and privacy statement (EP-8). */
  termsAcceptedAt: timestampSchema.nullable(),
  /** Independent of e-mail confirmation (EP-9). What deactivation blocks is the profile's choice (EP-11, MB-12). */
  active: z.boolean(),
  /** The manager overseeing this user (KA-3, KA-4); `null` when nobody does. */
  managerId: idSchema.nullable(),
  lastSignInAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Set when the account is deleted; the address may then be registered again. */
  deletedAt: timestampSchema.nullable(),
});

/** A person's account. */
export type User = z.infer<typeof userSchema>;
