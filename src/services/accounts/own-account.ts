/**
 * `actor.account`: what a person does on their own account before the e-mail gate opens (EP-8): accept the
 * terms and the privacy statement, ask for a new activation link. These act only on the actor's own
 * account, so they need no role: the same way confirming a link needs none, the link itself being the proof.
 *
 * @module
 */
import { z } from 'zod';
import type { User } from '../../domain/user';
import { unauthenticated } from '../../errors';
import type { StoreSession } from '../../ports/store';
import { defineCommand } from '../kernel/define';
import { acceptTermsInputSchema } from './inputs';
import { resend, resendAudit } from './lifecycle';

/**
 * The actor's own account, read again and locked for the command that changes it: two acceptances (or two
 * resends) at once run one after the other, and the second finds what the first did.
 */
async function lockOwnAccount(tx: StoreSession, userId: string): Promise<User> {
  const user = await tx.users.get(userId, { lock: 'update' });
  // The acting user was just loaded in this transaction; an account is never removed, only marked deleted.
  if (user === null) throw unauthenticated('unknown');
  return user;
}

/** `account.acceptTerms` (EP-8): allowed before the e-mail is confirmed; accepting twice changes nothing. */
export const acceptTerms = defineCommand({
  name: 'account.acceptTerms',
  input: acceptTermsInputSchema,
  action: 'account.accept_terms',
  gate: false,
  load: ({ tx, actor }) => lockOwnAccount(tx, actor.user.id),
  resource: 'self',
  run: async ({ tx, work, loaded: user }) => (user.termsAcceptedAt !== null ? user : tx.users.update(user.id, { termsAcceptedAt: work.now, updatedAt: work.now })),
  audit: ({ input, work, loaded: user }) => {
    if (user.termsAcceptedAt !== null) return null;
    const version = input?.version;
    return {
      organisationId: user.organisationId,
      action: 'account.accept_terms',
      targetType: 'user',
      targetId: user.id,
      summary: `accepted the terms and the privacy statement${version === undefined ? '' : ` (version ${version})`}`,
      changes: { termsAcceptedAt: work.now.toISOString(), ...(version === undefined ? {} : { version }) },
    };
  },
});

/** `account.resendActivation` (EP-9): a new link for the actor's own pending account, throttled. */
export const resendOwnActivation = defineCommand({
  name: 'account.resendActivation',
  input: z.undefined(),
  action: 'account.resend_activation',
  gate: false,
  load: ({ tx, actor }) => lockOwnAccount(tx, actor.user.id),
  resource: 'self',
  run: ({ work, loaded: user }) => resend(work, user, ['self']),
  audit: ({ loaded: user }, result) => resendAudit(user, result),
});
