/**
 * Confirming an activation link (EP-8, EP-9): the one call the host makes when someone opens the link it
 * built with `activationUrl(token)`. The token is the proof: it needs no signed-in actor.
 *
 * @module
 */
import { z } from 'zod';
import { isTokenUsable } from '../domain/activation-token';
import { where } from '../domain/filter';
import { normaliseEmail } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import { accountMachine, accountPatch, accountState } from '../workflows/account-machine';
import { transitionOrThrow } from '../workflows/machine';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { settleSeat } from './licence-seats';
import { hashToken, revokeActivations } from './tokens';

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

/** `polity.activation`: the activation link's landing call. */
export interface ActivationApi {
  /**
   * Confirms the e-mail address the link was sent to (EP-8, EP-9): the account leaves `pending`, the link is
   * used up, and every other link of the account stops working. With `acceptTerms: true` the acceptance of the
   * terms is recorded too. Where the profile counts licences, the licence reserved when the person was invited
   * becomes a held one (MB-12); this never fails for lack of licences. An active account with a licensed role
   * and no reservation (none is made for a role given later) takes a free licence instead.
   *
   * @throws {@link PolityError} `invalid_input` on `token`: `token_invalid` for a link that is unknown, used,
   *   replaced by a newer one or for an address the account no longer has; `token_expired` for an expired one
   *   (the person may ask for a new link); `limit_exceeded` only for an account that needs a licence, holds no
   *   reservation, and finds none free (MB-3).
   * @example
   * ```ts
   * // In the host's route for the link built by activationUrl(token):
   * const { user } = await polity.activation.confirm({ token, acceptTerms: true });
   * ```
   */
  confirm(input: ConfirmActivationInput): Promise<ConfirmActivationResult>;
}

function invalidToken(code: 'token_invalid' | 'token_expired'): PolityError<'invalid_input'> {
  const message = code === 'token_expired' ? 'this activation link has expired: ask for a new one' : 'this activation link is not valid';
  return new PolityError('invalid_input', message, { details: { issues: [{ path: 'token', message, code }] } });
}

async function confirm(context: ServiceContext, input: ConfirmActivationInput): Promise<ConfirmActivationResult> {
  const data = parseWith(confirmActivationInputSchema, input, 'input of activation.confirm');
  const tokenHash = hashToken(data.token);
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const token = await tx.activationTokens.findOne(where.eq('tokenHash', tokenHash));
    // Unknown, used and replaced links answer alike, so a link tells nothing about accounts.
    if (token === null || token.usedAt !== null || token.revokedAt !== null) throw invalidToken('token_invalid');
    if (!isTokenUsable(token, now)) throw invalidToken('token_expired');
    const user = await tx.users.get(token.userId);
    if (user === null || user.deletedAt !== null || normaliseEmail(user.email) !== normaliseEmail(token.email)) throw invalidToken('token_invalid');
    const from = accountState(user);
    const result = transitionOrThrow(accountMachine, from, { type: 'confirm_email' }, {
      context: { hasMeetings: false, identitySource: user.identitySource },
      roles: ['self'],
    });
    await tx.activationTokens.update(token.id, { usedAt: now });
    await revokeActivations(tx, user.id, now);
    const terms = data.acceptTerms === true && user.termsAcceptedAt === null ? { termsAcceptedAt: now } : {};
    const updated = await tx.users.update(user.id, { ...accountPatch(from, result.state, now), ...terms, updatedAt: now });
    // The licence reserved at the invitation becomes a held one: never refused for lack of licences (MB-3, MB-12).
    await settleSeat(tx, context, updated, user.id);
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: user.id,
      action: 'account.confirm',
      targetType: 'user',
      targetId: user.id,
      summary: `confirmed the e-mail address ${user.email}${'termsAcceptedAt' in terms ? ' and accepted the terms' : ''}`,
      changes: { emailConfirmedAt: now.toISOString(), ...('termsAcceptedAt' in terms ? { termsAcceptedAt: now.toISOString() } : {}) },
    });
    return { user: updated };
  });
}

/** Builds `polity.activation`. */
export function activationApi(context: ServiceContext): ActivationApi {
  return { confirm: (input) => confirm(context, input) };
}
