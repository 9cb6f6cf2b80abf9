/**
 * What the account machine's effects do (its one typed effect map): a new activation link (and the
 * reservation that follows it), and a named licence taken or given back. Each licence effect settles the
 * person's seat on the account as just written (MB-3, MB-5, MB-12; a no-op in profiles that count no
 * licences): taking one may fail with `limit_exceeded`, rolling the whole command back.
 *
 * @module
 */
import type { User } from '../../domain/user';
import type { ActivationTokenPurpose } from '../../domain/activation-token';
import type { AccountEffect } from '../../workflows/account-machine';
import { runEffects, type EffectHandlers } from '../kernel/effects';
import type { Work } from '../kernel/work';
import { settleSeat } from '../licences/seats';
import { issueActivation } from './tokens';

/** What the account effects act on. */
export interface AccountEffectArgs {
  readonly work: Work;
  /** The account as just written. */
  readonly user: User;
  /** Why the link goes out: a new account, or a changed address to confirm. */
  readonly purpose: ActivationTokenPurpose;
  /** Extra data for the activation e-mail (who invited, which organisation). */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** The account was created by this command (no earlier link to revoke). */
  readonly fresh?: boolean;
}

/** What one handler did: the address a link went to, if any; every account effect moves the seat. */
interface EffectOutcome {
  readonly sentTo: string | null;
}

/**
 * The handlers, by effect type. Every effect changes what the account needs of the pool (a link a
 * reservation follows, a licence taken or given back), so the seat is settled once after all of them.
 */
const accountEffects: EffectHandlers<AccountEffect, AccountEffectArgs, EffectOutcome> = {
  async send_activation(_effect, { work, user, purpose, payload, fresh }) {
    const issued = await issueActivation(work, user, { purpose, ...(payload === undefined ? {} : { payload }), ...(fresh === undefined ? {} : { fresh }) });
    return { sentTo: issued.sentTo };
  },
  claim_licence: async () => ({ sentTo: null }),
  release_licence: async () => ({ sentTo: null }),
};

/**
 * Carries out the account machine's effects in order, then settles the person's seat on the account as
 * written (MB-3, MB-12).
 *
 * @returns The address the activation e-mail went to, or `null` when none was written.
 * @throws {@link PolityError} `limit_exceeded` when a licence is needed and none is free.
 */
export async function applyAccountEffects(effects: readonly AccountEffect[], args: AccountEffectArgs): Promise<string | null> {
  const outcomes = await runEffects(accountEffects, effects, args);
  if (outcomes.length > 0) await settleSeat(args.work, args.user);
  return outcomes.find((outcome) => outcome.sentTo !== null)?.sentTo ?? null;
}
