/**
 * What the account machine's effects do (its one typed effect map): a new activation link (and the
 * reservation that follows it), and a named licence taken or given back. Each licence effect settles the
 * person's seat on the account as just written (MB-3, MB-5, MB-12; a no-op in profiles that count no
 * licences): taking one may fail with `limit_exceeded`, rolling the whole command back.
 *
 * @module
 */
import type { ActivationToken, ActivationTokenPurpose } from '../../domain/activation-token';
import type { User } from '../../domain/user';
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
  /**
   * With `fresh`: the one role the new account was given in its organisation, so its seat is settled from
   * what this command wrote rather than read back.
   */
  readonly role?: string;
  /** A resend asked for by a person: throttled (`rate_limited` within the resend interval). */
  readonly resend?: boolean;
}

/** What the effects did: the link issued, if any, and the address it went to. */
export interface AccountEffectsDone {
  /** The address the activation e-mail went to, or `null` when none was written. */
  readonly sentTo: string | null;
  /** The activation token issued, or `null` when no effect issued one. */
  readonly token: ActivationToken | null;
}

/** What one handler did; every account effect moves the seat. */
type EffectOutcome = AccountEffectsDone;

const nothingIssued: EffectOutcome = Object.freeze({ sentTo: null, token: null });

/**
 * The handlers, by effect type. Every effect changes what the account needs of the pool (a link a
 * reservation follows, a licence taken or given back), so the seat is settled once after all of them.
 */
const accountEffects: EffectHandlers<AccountEffect, AccountEffectArgs, EffectOutcome> = {
  async send_activation(_effect, { work, user, purpose, payload, fresh, resend }) {
    const issued = await issueActivation(work, user, {
      purpose,
      ...(payload === undefined ? {} : { payload }),
      ...(fresh === undefined ? {} : { fresh }),
      ...(resend === undefined ? {} : { resend }),
    });
    return { sentTo: issued.sentTo, token: issued.token };
  },
  claim_licence: async () => nothingIssued,
  release_licence: async () => nothingIssued,
};

/**
 * Carries out the account machine's effects in order, then settles the person's seat on the account as
 * written (MB-3, MB-12), and says what was issued (a resend answers with the new link's expiry).
 *
 * @throws {@link PolityError} `rate_limited` for a resend within the resend interval; `limit_exceeded`
 *   when a licence is needed and none is free.
 */
export async function carryOutAccountEffects(effects: readonly AccountEffect[], args: AccountEffectArgs): Promise<AccountEffectsDone> {
  const outcomes = await runEffects(accountEffects, effects, args);
  const issued = outcomes.find((outcome) => outcome.token !== null) ?? nothingIssued;
  if (outcomes.length === 0) return issued;
  const fresh = args.fresh === true && args.role !== undefined ? { role: args.role, linkExpiresAt: issued.token?.expiresAt ?? null } : undefined;
  await settleSeat(args.work, args.user, fresh);
  return issued;
}

/**
 * Carries out the account machine's effects in order, then settles the person's seat on the account as
 * written (MB-3, MB-12).
 *
 * @returns The address the activation e-mail went to, or `null` when none was written.
 * @throws {@link PolityError} `limit_exceeded` when a licence is needed and none is free.
 */
export async function applyAccountEffects(effects: readonly AccountEffect[], args: AccountEffectArgs): Promise<string | null> {
  return (await carryOutAccountEffects(effects, args)).sentTo;
}
