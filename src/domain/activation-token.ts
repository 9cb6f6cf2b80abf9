/**
 * Activation tokens (EP-8, EP-9, EP-13, KA-1, KA-8): the single-use secret behind an "Account activation"
 * link. Only a hash of the secret is stored; the secret itself exists in the link sent by e-mail.
 *
 * @module
 */
import { z } from 'zod';
import { emailSchema, idSchema, timestampSchema } from './primitives';

/**
 * Why a token was issued: `activation` for a new account (or a resend), `email_change` when a changed
 * address must be confirmed again (EP-8).
 */
export const activationTokenPurposes = ['activation', 'email_change'] as const;

/** One of the {@link activationTokenPurposes}. */
export type ActivationTokenPurpose = (typeof activationTokenPurposes)[number];

/** A SHA-256 digest in lower-case hex: 64 characters. */
export const tokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a token hash is 64 lower-case hex digits (SHA-256)');

/** Schema of an {@link ActivationToken}. */
export const activationTokenSchema = z
  .object({
    id: idSchema,
    /** The account's organisation, so tenant data carries its organisation; `null` for accounts without one. */
    organisationId: idSchema.nullable(),
    userId: idSchema,
    /** SHA-256 of the secret, hex. Unique. The secret itself is never stored. */
    tokenHash: tokenHashSchema,
    purpose: z.enum(activationTokenPurposes),
    /** The address the link was sent to: a token confirms that address only, not a later one. */
    email: emailSchema,
    /** After this instant the link no longer works. */
    expiresAt: timestampSchema,
    /** When the link was followed; a used token never works again. */
    usedAt: timestampSchema.nullable(),
    /** When a newer link (a resend, a changed address) or a confirmation made this one void. */
    revokedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
  })
  .refine((t) => t.expiresAt.getTime() > t.createdAt.getTime(), {
    path: ['expiresAt'],
    message: 'a token expires after it is created',
    params: { reason: 'expires_before_creation' },
  });

/** The stored trace of an activation link: its hash, whose account, until when, and whether it was used. */
export type ActivationToken = z.infer<typeof activationTokenSchema>;

/** Whether a token can still confirm an address at `now`: not used, not revoked, not expired. Pure. */
export function isTokenUsable(token: Pick<ActivationToken, 'usedAt' | 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return token.usedAt === null && token.revokedAt === null && token.expiresAt.getTime() > now.getTime();
}
