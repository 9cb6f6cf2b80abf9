/**
 * Confirming an activation link (EP-8, EP-9): the one call the host makes when someone opens the link it
 * built with `activationUrl(token)`. The token is the proof: it needs no signed-in actor, and the person it
 * belongs to is the actor of what it records.
 *
 * @module
 */
import { isTokenUsable } from '../../domain/activation-token';
import { normaliseEmail } from '../../domain/primitives';
import { invalidInput, type PolityError } from '../../errors';
import { accountMachine, accountPatch, accountState } from '../../workflows/account-machine';
import { transitionOrThrow } from '../../workflows/machine';
import { defineSystemCommand } from '../kernel/define';
import { settleSeat } from '../licences/seats';
import { confirmActivationInputSchema, type ConfirmActivationResult } from './inputs';
import { hashToken, revokeActivations } from './tokens';

function invalidToken(code: 'token_invalid' | 'token_expired'): PolityError<'invalid_input'> {
  return invalidInput('token', code === 'token_expired' ? 'this activation link has expired: ask for a new one' : 'this activation link is not valid', code);
}

/**
 * `activation.confirm`. The account and its link are locked: two confirmations of one link run one after
 * the other and the second finds it used; a resend (which locks the account) either comes before and
 * revokes the link, or after and finds the account confirmed.
 */
export const confirmActivation = defineSystemCommand({
  name: 'activation.confirm',
  input: confirmActivationInputSchema,
  async run({ tx, work, input }): Promise<ConfirmActivationResult> {
    const { now } = work;
    const key = { tokenHash: hashToken(input.token) };
    const found = await tx.activationTokens.findUnique('activationTokens.hash', key);
    // The account first, then its link, in the order every command on an account takes them (a resend, an
    // address change, a deletion lock the account and then revoke its links), so none of them deadlocks
    // with a confirmation; the link is read again under its lock.
    const user = found === null ? null : await tx.users.get(found.userId, { lock: 'update' });
    const token = user === null ? null : await tx.activationTokens.findUnique('activationTokens.hash', key, { lock: 'update' });
    // Unknown, used and replaced links answer alike, so a link tells nothing about accounts.
    if (token === null || token.usedAt !== null || token.revokedAt !== null) throw invalidToken('token_invalid');
    if (!isTokenUsable(token, now)) throw invalidToken('token_expired');
    if (user === null || user.deletedAt !== null || normaliseEmail(user.email) !== normaliseEmail(token.email)) throw invalidToken('token_invalid');
    work.actAs(user.id);
    const from = accountState(user);
    const result = transitionOrThrow(accountMachine, from, { type: 'confirm_email' }, { context: { hasMeetings: false, identitySource: user.identitySource }, roles: ['self'] });
    await tx.activationTokens.update(token.id, { usedAt: now });
    await revokeActivations(work, user.id);
    const terms = input.acceptTerms === true && user.termsAcceptedAt === null ? { termsAcceptedAt: now } : {};
    const updated = await tx.users.update(user.id, { ...accountPatch(from, result.state, now), ...terms, updatedAt: now });
    // The licence reserved at the invitation becomes a held one: never refused for lack of licences (MB-3, MB-12).
    await settleSeat(work, updated);
    work.audit({
      organisationId: user.organisationId,
      action: 'account.confirm',
      targetType: 'user',
      targetId: user.id,
      summary: `confirmed the e-mail address ${user.email}${'termsAcceptedAt' in terms ? ' and accepted the terms' : ''}`,
      changes: { emailConfirmedAt: now.toISOString(), ...('termsAcceptedAt' in terms ? { termsAcceptedAt: now.toISOString() } : {}) },
    });
    return { user: updated };
  },
});
