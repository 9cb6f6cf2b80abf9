/**
 * Activation tokens: a random secret goes out in the link; only its SHA-256 is stored. Issuing a new one
 * revokes the previous ones, so only the latest link works; resends are throttled.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ActivationToken, ActivationTokenPurpose } from '../../domain/activation-token';
import { where } from '../../domain/filter';
import type { User } from '../../domain/user';
import { rateLimited } from '../../errors';
import type { Work } from '../kernel/work';

/** The SHA-256 of a token, in lower-case hex: what is stored and looked up, never the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What issuing an activation link did. */
export interface IssuedActivation {
  readonly token: ActivationToken;
  /** The address the e-mail goes to, or `null` when no mail was written (a deactivated account, EP-11). */
  readonly sentTo: string | null;
}

/** Options of {@link issueActivation}. */
export interface IssueActivationOptions {
  readonly purpose: ActivationTokenPurpose;
  /** A resend: refused with `rate_limited` when the last link is younger than the resend interval. */
  readonly resend?: boolean;
  /** Extra data for the e-mail template (who invited, which organisation …). */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** The account was created by this command: it has no earlier link to revoke. */
  readonly fresh?: boolean;
}

/**
 * Issues an activation link for a user's current address, in the caller's transaction: revokes every link
 * still usable, stores the new token's hash with its expiry, and writes the "Account activation" e-mail
 * (kind `account.activation`) carrying the link the host builds with `activationUrl(token)`.
 *
 * @throws {@link PolityError} `rate_limited` (with `retryAfterMs`) for a resend within the resend interval.
 */
export async function issueActivation(work: Work, user: User, options: IssueActivationOptions): Promise<IssuedActivation> {
  const { tx, context, now } = work;
  if (options.resend === true) {
    const last = (await tx.activationTokens.list({ where: where.eq('userId', user.id), orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: 1 })).items[0];
    const wait = last === undefined ? 0 : last.createdAt.getTime() + context.accounts.activationResendIntervalMs - now.getTime();
    if (wait > 0) throw rateLimited(wait, `an activation e-mail was sent to this account less than ${Math.round(context.accounts.activationResendIntervalMs / 1000)} s ago`);
  }
  if (options.fresh !== true) await revokeActivations(work, user.id);
  const secret = context.ids.secret();
  const token = await tx.activationTokens.insert({
    id: work.id('token'),
    organisationId: user.organisationId,
    userId: user.id,
    tokenHash: hashToken(secret),
    purpose: options.purpose,
    email: user.email,
    expiresAt: new Date(now.getTime() + context.accounts.activationTokenTtlMs),
    usedAt: null,
    revokedAt: null,
    createdAt: now,
  });
  const message = work.notify(user, 'account.activation', {
    ...options.payload,
    purpose: options.purpose,
    givenName: user.givenName,
    link: context.accounts.activationUrl(secret),
    expiresAt: token.expiresAt.toISOString(),
  });
  return { token, sentTo: message === null ? null : message.recipientEmail };
}

/** Revokes every link of a user still usable (on confirmation, deletion, a new link …). */
export async function revokeActivations(work: Work, userId: string): Promise<void> {
  await work.tx.activationTokens.guardedUpdate({
    where: where.and(where.eq('userId', userId), where.isNull('usedAt'), where.isNull('revokedAt')),
    set: { revokedAt: work.now },
  });
}
