/**
 * Housekeeping, as e:Presence runs it: activation links that can no longer be used are purged, and accounts
 * whose e-mail was never confirmed are deleted once they are older than the configured age. Where the
 * profile counts licences, licences reserved for invitations whose link expired are given back first.
 * Each reservation and each account is its own system command (its own transaction, its audit event naming
 * the system), so one run never holds many locks and a failure loses one item, not the run. Idempotent.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../../domain/filter';
import { idSchema } from '../../domain/primitives';
import type { User } from '../../domain/user';
import { parseWith } from '../../domain/validate';
import { accountMachine, accountPatch, accountState, type AccountState } from '../../workflows/account-machine';
import { transition } from '../../workflows/machine';
import { applyAccountEffects } from '../accounts/account-effects';
import { retireAccount } from '../accounts/lifecycle';
import { hasMeetings } from '../accounts/user-facts';
import type { ServiceContext } from '../kernel/context';
import { defineSystemCommand } from '../kernel/define';
import { runAsSystem } from '../kernel/pipeline';
import { lapseReservation } from '../licences/lapse';
import { countsLicences } from '../licences/pool';
import { housekeepingInputSchema, type HousekeepingInput, type HousekeepingReport } from './inputs';

const day = 86_400_000;

/** Gives back one expired reservation (`licence.lapse`); the seat is locked and read again first. */
const lapseOne = defineSystemCommand({
  name: 'housekeeping.lapse',
  input: z.strictObject({ seatId: idSchema }),
  run: ({ work, input }) => lapseReservation(work, input.seatId),
});

/** What a purge deleted. */
interface Purged {
  readonly user: User;
  readonly from: AccountState;
  readonly to: AccountState;
}

/**
 * Deletes one account never confirmed, read again and locked: a confirmation at the same time either
 * comes first (the account is then kept) or finds it deleted. "Never confirmed": an account whose changed
 * address awaits confirmation was confirmed once, and is kept; so is one that created or joined a meeting
 * (EP-11, the machine's guard).
 */
const purgeOne = defineSystemCommand({
  name: 'housekeeping.purge',
  input: z.strictObject({ userId: idSchema }),
  async run({ tx, work, input }): Promise<Purged | null> {
    const user = await tx.users.get(input.userId, { lock: 'update' });
    if (user === null || user.deletedAt !== null || user.emailConfirmedAt !== null) return null;
    const confirmedOnce = await tx.audit.count(where.and(where.eq('targetId', user.id), where.eq('action', 'account.confirm')));
    if (confirmedOnce > 0) return null;
    const from = accountState(user);
    const result = transition(accountMachine, from, { type: 'delete' }, { context: { hasMeetings: await hasMeetings(tx, user.id), identitySource: user.identitySource } });
    if (!result.ok) return null;
    const deleted = await tx.users.update(user.id, { ...accountPatch(from, result.state, work.now), updatedAt: work.now });
    await applyAccountEffects(result.effects, { work, user: deleted, purpose: 'activation' });
    await retireAccount(work, user.id);
    return { user, from, to: result.state };
  },
  audit: ({ context }, purged) =>
    purged === null
      ? null
      : {
          organisationId: purged.user.organisationId,
          action: 'user.purge',
          targetType: 'user',
          targetId: purged.user.id,
          summary: `deleted the account of ${purged.user.email}: its e-mail was never confirmed within ${Math.round(context.accounts.unconfirmedAccountMaxAgeMs / day)} days`,
          changes: { state: purged.to, previousState: purged.from, createdAt: purged.user.createdAt.toISOString() },
        },
});

/** Removes the activation links that can no longer be used: expired, used or replaced. */
const purgeLinks = defineSystemCommand({
  name: 'housekeeping.purgeLinks',
  input: z.undefined(),
  run: ({ tx, work }) => tx.activationTokens.deleteWhere(where.or(where.lte('expiresAt', work.now), where.not(where.isNull('usedAt')), where.not(where.isNull('revokedAt')))),
});

/** Lapses expired reservations across every organisation, oldest first, one command each (0 where no licences count). */
async function lapseExpired(context: ServiceContext, now: Date, limit: number): Promise<number> {
  if (!countsLicences(context.profile)) return 0;
  const expired = await context.store.licenceSeats.list({ where: where.and(where.eq('status', 'reserved'), where.lte('expiresAt', now)), orderBy: [{ field: 'createdAt' }], limit });
  let lapsed = 0;
  for (const seat of expired.items) if (await runAsSystem(context, lapseOne, { seatId: seat.id })) lapsed += 1;
  return lapsed;
}

/** Purges the accounts never confirmed since before the cutoff, oldest first, one command each. */
async function purgeUnconfirmed(context: ServiceContext, now: Date, limit: number): Promise<string[]> {
  const cutoff = new Date(now.getTime() - context.accounts.unconfirmedAccountMaxAgeMs);
  const candidates = await context.store.users.list({
    where: where.and(where.isNull('emailConfirmedAt'), where.isNull('deletedAt'), where.lt('createdAt', cutoff)),
    orderBy: [{ field: 'createdAt' }],
    limit,
  });
  const purged: string[] = [];
  for (const candidate of candidates.items) if ((await runAsSystem(context, purgeOne, { userId: candidate.id })) !== null) purged.push(candidate.id);
  return purged;
}

/**
 * A housekeeping run. Not a command itself: the candidates are listed outside any transaction, and each is
 * handled by its own system command, which reads it again under a lock.
 *
 * @throws {@link PolityError} `invalid_input` for a malformed input.
 */
export async function runHousekeeping(context: ServiceContext, raw: HousekeepingInput): Promise<HousekeepingReport> {
  const input = parseWith(housekeepingInputSchema, raw, 'input of housekeeping.run');
  // The run's instant, for choosing candidates; each command writes with its own.
  const now = context.clock.now();
  // Before the accounts: a lapsed reservation is the common case, a purge the rare one.
  const reservationsLapsed = await lapseExpired(context, now, input?.maxReservations ?? 1000);
  const purged = await purgeUnconfirmed(context, now, input?.maxAccounts ?? 500);
  // After the accounts, so the links their deletion revoked go in the same run.
  const tokensPurged = await runAsSystem(context, purgeLinks, undefined);
  return { tokensPurged, accountsPurged: purged.length, purgedUserIds: purged, reservationsLapsed };
}
