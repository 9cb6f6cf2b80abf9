/**
 * `actor.account`: what a person does on their own account before the e-mail gate opens (EP-8): accept the
 * terms and the privacy statement, ask for a new activation link. These act only on the actor's own
 * account, so they need no role: the same way confirming a link needs none, the link itself being the proof.
 *
 * @module
 */
import { z } from 'zod';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { resend, type ResendResult } from './user-lifecycle';

/** Input of {@link AccountApi.acceptTerms}: nothing, or the version of the terms accepted. */
export const acceptTermsInputSchema = z
  .strictObject({
    /** The version of the terms and privacy statement the person read, kept in the audit trail. */
    version: z.string().trim().min(1, 'a version cannot be empty').max(64, 'a version has at most 64 characters').optional(),
  })
  .optional();
/** Input of {@link AccountApi.acceptTerms}. */
export type AcceptTermsInput = z.input<typeof acceptTermsInputSchema>;

/** `actor.account`: the actor's own account, before and after the e-mail gate. */
export interface AccountApi {
  /**
   * Records that the actor accepted the terms and the privacy statement (EP-8). Allowed before the e-mail is
   * confirmed; accepting twice changes nothing.
   *
   * @throws {@link PolityError} `invalid_input`; `unauthenticated` for an unknown, deleted or (EP-11) deactivated account.
   * @example
   * ```ts
   * await polity.as(userId).account.acceptTerms({ version: '2025-01' });
   * ```
   */
  acceptTerms(input?: AcceptTermsInput): Promise<User>;
  /**
   * Sends the actor a new activation link, while their e-mail is pending (EP-9). Earlier links stop working;
   * resends are throttled.
   *
   * @throws {@link PolityError} `unauthenticated`; `invalid_transition` when the e-mail is already confirmed;
   *   `rate_limited` (with `details.retryAfterMs`) within the resend interval.
   */
  resendActivation(): Promise<ResendResult>;
}

async function acceptTerms(context: ServiceContext, actorId: string, input: AcceptTermsInput): Promise<User> {
  const data = parseWith(acceptTermsInputSchema, input, 'input of account.acceptTerms');
  return runCommand(context, actorId, { action: 'account.accept_terms', gate: false }, async (tx, actor) => {
    if (actor.user.termsAcceptedAt !== null) return actor.user;
    const now = context.clock.now();
    const updated = await tx.users.update(actor.user.id, { termsAcceptedAt: now, updatedAt: now });
    await appendAudit(tx, context, {
      organisationId: actor.user.organisationId,
      actorId: actor.user.id,
      action: 'account.accept_terms',
      targetType: 'user',
      targetId: actor.user.id,
      summary: `accepted the terms and the privacy statement${data?.version === undefined ? '' : ` (version ${data.version})`}`,
      changes: { termsAcceptedAt: now.toISOString(), ...(data?.version === undefined ? {} : { version: data.version }) },
    });
    return updated;
  });
}

/** Builds `actor.account` for one acting user. */
export function accountApi(context: ServiceContext, actorId: string): AccountApi {
  return {
    acceptTerms: (input) => acceptTerms(context, actorId, input),
    resendActivation: () =>
      runCommand(context, actorId, { action: 'account.resend_activation', gate: false }, (tx, actor) => resend(tx, context, actor, actor.user, ['self'])),
  };
}
