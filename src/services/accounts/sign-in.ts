/**
 * The sign-in boundary: the host authenticates (password, TaxisNet, SPID …); polity records the sign-in,
 * links a single sign-on (which makes the names "verified", SC-9), and says who may not sign in at all.
 * Passwords stay the host's (MB-11's password fields belong to its sign-in).
 *
 * @module
 */
import type { User } from '../../domain/user';
import { conflict, unauthenticated } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { deactivationBlocks } from '../kernel/acting-user';
import { defineSystemCommand } from '../kernel/define';
import { signInInputSchema, type SignInResult } from './inputs';

/**
 * The account signing in, locked: two sign-ins of one account run one after the other (one is the first),
 * and a rename racing an SSO sign-in sees the names verified, or is seen by it.
 */
async function lockAccount(tx: StoreSession, userId: string | undefined, email: string | undefined): Promise<User | null> {
  if (userId !== undefined) {
    const user = await tx.users.get(userId, { lock: 'update' });
    return user === null || user.deletedAt !== null ? null : user;
  }
  // Addresses keep the case people typed: look the address up as the users.email constraint compares it
  // (lower-cased, among accounts not deleted), one indexed look-up whatever case it was typed in.
  return email === undefined ? null : tx.users.findUnique('users.email', { email }, { lock: 'update' });
}

/** What a sign-in changes: the time, and for a single sign-on the verified names and a first tax code (SC-9). */
function signInPatch(user: User, method: 'local' | 'sso', taxCode: string | undefined, now: Date): Partial<Omit<User, 'id'>> {
  const patch: Partial<Omit<User, 'id'>> = { lastSignInAt: now, updatedAt: now };
  if (method !== 'sso') return patch;
  if (user.identityVerifiedAt === null) patch.identityVerifiedAt = now;
  if (taxCode === undefined) return patch;
  if (user.taxCode === null) patch.taxCode = taxCode;
  else if (user.taxCode.toUpperCase() !== taxCode.trim().toUpperCase()) {
    throw conflict('user.tax_code_fixed', 'the identity provider gives another tax code than the account holds: a tax code never changes', { source: 'SC-9', userId: user.id });
  }
  return patch;
}

/**
 * `signIn`: records a sign-in the host has authenticated. Answers `unauthenticated` for an unknown or
 * deleted account, and for a deactivated one where the profile makes deactivation block sign-in (EP-11;
 * Mégalis does not, MB-12). A pending account may sign in: `pending` says what it must do before acting (EP-8).
 */
export const signIn = defineSystemCommand({
  name: 'signIn',
  input: signInInputSchema,
  async run({ tx, work, input, context }): Promise<SignInResult> {
    const user = await lockAccount(tx, input.userId, input.email);
    if (user === null) throw unauthenticated('unknown');
    if (!user.active && deactivationBlocks(context)) throw unauthenticated('deactivated', 'EP-11');
    work.actAs(user.id);
    const method = input.method ?? 'local';
    const patch = signInPatch(user, method, input.taxCode, work.now);
    const updated = await tx.users.update(user.id, patch);
    work.audit({
      organisationId: user.organisationId,
      action: 'user.sign_in',
      targetType: 'user',
      targetId: user.id,
      summary: `signed in (${method})${patch.identityVerifiedAt === undefined ? '' : '; the identity provider now vouches for the names'}`,
      changes: { method, ...(patch.identityVerifiedAt === undefined ? {} : { identityVerifiedAt: work.now.toISOString() }), ...(patch.taxCode === undefined ? {} : { taxCode: patch.taxCode }) },
    });
    const pending: ('confirm_email' | 'accept_terms')[] = [];
    if (context.profile.accounts.requireConfirmedEmail === true && updated.emailConfirmedAt === null) pending.push('confirm_email');
    if (context.profile.accounts.requireTermsAcceptance === true && updated.termsAcceptedAt === null) pending.push('accept_terms');
    return { user: updated, firstSignIn: user.lastSignInAt === null, pending };
  },
});
