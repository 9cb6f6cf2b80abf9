/**
 * The sign-in boundary: the host authenticates (password, TaxisNet, SPID …); polity records the sign-in,
 * links a single sign-on (which makes the names "verified", SC-9), and says who may not sign in at all.
 * Passwords stay the host's (MB-11's password fields belong to its sign-in).
 *
 * @module
 */
import { z } from 'zod';
import { emailSchema, idSchema } from '../domain/primitives';
import { taxCodeSchema, type User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import { deactivationBlocks } from './acting';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';

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

async function findAccount(tx: StoreSession, userId: string | undefined, email: string | undefined): Promise<User | null> {
  if (userId !== undefined) {
    const user = await tx.users.get(userId);
    return user === null || user.deletedAt !== null ? null : user;
  }
  // Addresses keep the case people typed: look the address up as the users.email constraint compares it
  // (lower-cased, among accounts not deleted), one indexed look-up whatever case it was typed in.
  return email === undefined ? null : tx.users.findUnique('users.email', { email });
}

/**
 * Records a sign-in the host has authenticated. Answers `unauthenticated` for an unknown or deleted account,
 * and for a deactivated one where the profile makes deactivation block sign-in (EP-11; Mégalis does not,
 * MB-12). A pending account may sign in: `pending` says what it must do before acting (EP-8).
 *
 * @throws {@link PolityError} `invalid_input`; `unauthenticated` as above; `conflict` when the identity
 *   provider gives a tax code other than the account's (SC-9: it never changes).
 * @example
 * ```ts
 * const { user, pending } = await polity.signIn({ email: 'maria@city.example', method: 'sso' });
 * if (pending.length === 0) await polity.as(user.id).units.list({ organisationId: user.organisationId ?? '' });
 * ```
 */
export async function signIn(context: ServiceContext, input: SignInInput): Promise<SignInResult> {
  const data = parseWith(signInInputSchema, input, 'input of signIn');
  return context.store.transaction(async (tx) => {
    const user = await findAccount(tx, data.userId, data.email);
    if (user === null) throw new PolityError('unauthenticated', 'no such account', { details: { reason: 'unknown' } });
    if (!user.active && deactivationBlocks(context)) {
      throw new PolityError('unauthenticated', 'this account is deactivated and may not sign in (EP-11)', { details: { reason: 'deactivated', source: 'EP-11', userId: user.id } });
    }
    const now = context.clock.now();
    const method = data.method ?? 'local';
    const patch: Partial<Omit<User, 'id'>> = { lastSignInAt: now, updatedAt: now };
    if (method === 'sso') {
      if (user.identityVerifiedAt === null) patch.identityVerifiedAt = now;
      if (data.taxCode !== undefined) {
        if (user.taxCode === null) patch.taxCode = data.taxCode;
        else if (user.taxCode.toUpperCase() !== data.taxCode.trim().toUpperCase()) {
          throw new PolityError('conflict', 'the identity provider gives another tax code than the account holds (SC-9: it never changes)', {
            details: { constraint: 'user.tax_code_fixed', source: 'SC-9', userId: user.id },
          });
        }
      }
    }
    const updated = await tx.users.update(user.id, patch);
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: user.id,
      action: 'user.sign_in',
      targetType: 'user',
      targetId: user.id,
      summary: `signed in (${method})${patch.identityVerifiedAt === undefined ? '' : '; the identity provider now vouches for the names'}`,
      changes: { method, ...(patch.identityVerifiedAt === undefined ? {} : { identityVerifiedAt: now.toISOString() }), ...(patch.taxCode === undefined ? {} : { taxCode: patch.taxCode }) },
    });
    const pending: ('confirm_email' | 'accept_terms')[] = [];
    if (context.profile.accounts.requireConfirmedEmail === true && updated.emailConfirmedAt === null) pending.push('confirm_email');
    if (context.profile.accounts.requireTermsAcceptance === true && updated.termsAcceptedAt === null) pending.push('accept_terms');
    return { user: updated, firstSignIn: user.lastSignInAt === null, pending };
  });
}
