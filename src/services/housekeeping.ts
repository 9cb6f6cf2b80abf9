/**
 * Housekeeping, as e:Presence runs it: activation links that can no longer be used are purged, and accounts
 * whose e-mail was never confirmed are deleted once they are older than the configured age. Where the
 * profile counts licences, licences reserved for invitations whose link expired are given back first.
 * Run it from a scheduled job; it is idempotent.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { parseWith } from '../domain/validate';
import { accountMachine, accountPatch, accountState } from '../workflows/account-machine';
import { transition } from '../workflows/machine';
import { appendAudit } from './audit';
import type { ServiceContext } from './context';
import { lapseExpiredReservations, settleSeat } from './licence-seats';
import { revokeActivations } from './tokens';
import { hasMeetings } from './user-facts';

/** Input of {@link HousekeepingApi.run}. */
export const housekeepingInputSchema = z
  .strictObject({
    /**
     * At most this many accounts are purged per run, so one run stays short.
     * @defaultValue 500
     */
    maxAccounts: z.number().int('a count is a whole number').min(1, 'at least 1').max(10_000, 'at most 10000').optional(),
    /**
     * At most this many expired licence reservations are given back per run.
     * @defaultValue 1000
     */
    maxReservations: z.number().int('a count is a whole number').min(1, 'at least 1').max(10_000, 'at most 10000').optional(),
  })
  .optional();
/** Input of {@link HousekeepingApi.run}. */
export type HousekeepingInput = z.input<typeof housekeepingInputSchema>;

/** What a housekeeping run removed. */
export interface HousekeepingReport {
  /** Activation links removed: expired, used or replaced. */
  readonly tokensPurged: number;
  /** Accounts deleted because their e-mail was never confirmed within the configured age. */
  readonly accountsPurged: number;
  /** Ids of those accounts. */
  readonly purgedUserIds: readonly string[];
  /** Licences reserved for invitations whose activation link expired, given back to their pools (0 where the profile counts no licences). */
  readonly reservationsLapsed: number;
}

/** `polity.housekeeping`. */
export interface HousekeepingApi {
  /**
   * Purges activation links that can no longer be used, and deletes accounts never confirmed within
   * `unconfirmedAccountMaxAgeMs` of their creation (a changed address awaiting confirmation does not count:
   * the account was confirmed once). An account that created or joined a meeting is kept (EP-11). Each
   * deletion is its own transaction with an audit event whose actor is the system. Before that, licences
   * reserved for pending invitations whose link has expired are given back (`licence.lapse` events); a
   * purged account gives back whatever it still held.
   *
   * @throws {@link PolityError} `invalid_input` for a malformed input.
   * @example
   * ```ts
   * const report = await polity.housekeeping.run();
   * console.log(report.tokensPurged, report.accountsPurged, report.reservationsLapsed);
   * ```
   */
  run(input?: HousekeepingInput): Promise<HousekeepingReport>;
}

async function run(context: ServiceContext, input: HousekeepingInput): Promise<HousekeepingReport> {
  const data = parseWith(housekeepingInputSchema, input, 'input of housekeeping.run');
  const now = context.clock.now();
  const cutoff = new Date(now.getTime() - context.accounts.unconfirmedAccountMaxAgeMs);
  // Before the accounts: a lapsed reservation is the common case, a purge the rare one.
  const reservationsLapsed = await lapseExpiredReservations(context, data?.maxReservations ?? 1000);
  const candidates = await context.store.users.list({
    where: where.and(where.isNull('emailConfirmedAt'), where.isNull('deletedAt'), where.lt('createdAt', cutoff)),
    orderBy: [{ field: 'createdAt' }],
    limit: data?.maxAccounts ?? 500,
  });
  const purged: string[] = [];
  for (const candidate of candidates.items) {
    const done = await context.store.transaction(async (tx) => {
      const user = await tx.users.get(candidate.id);
      if (user === null || user.deletedAt !== null || user.emailConfirmedAt !== null) return false;
      // "Never confirmed": an account whose changed address awaits confirmation was confirmed before.
      const confirmedOnce = await tx.audit.count(where.and(where.eq('targetId', user.id), where.eq('action', 'account.confirm')));
      if (confirmedOnce > 0) return false;
      const from = accountState(user);
      const result = transition(accountMachine, from, { type: 'delete' }, { context: { hasMeetings: await hasMeetings(tx, user.id), identitySource: user.identitySource } });
      if (!result.ok) return false;
      const at = context.clock.now();
      const deleted = await tx.users.update(user.id, { ...accountPatch(from, result.state, at), updatedAt: at });
      await settleSeat(tx, context, deleted, null);
      await tx.assignments.guardedUpdate({ where: where.and(where.eq('userId', user.id), where.not(where.eq('status', 'removed'))), set: { status: 'removed', updatedAt: at } });
      await revokeActivations(tx, user.id, at);
      await appendAudit(tx, context, {
        organisationId: user.organisationId,
        actorId: null,
        action: 'user.purge',
        targetType: 'user',
        targetId: user.id,
        summary: `deleted the account of ${user.email}: its e-mail was never confirmed within ${Math.round(context.accounts.unconfirmedAccountMaxAgeMs / 86_400_000)} days`,
        changes: { state: result.state, previousState: from, createdAt: user.createdAt.toISOString() },
      });
      return true;
    });
    if (done) purged.push(candidate.id);
  }
  // After the accounts, so the links their deletion revoked go in the same run.
  const tokensPurged = await context.store.activationTokens.deleteWhere(
    where.or(where.lte('expiresAt', now), where.not(where.isNull('usedAt')), where.not(where.isNull('revokedAt'))),
  );
  return { tokensPurged, accountsPurged: purged.length, purgedUserIds: purged, reservationsLapsed };
}

/** Builds `polity.housekeeping`. */
export function housekeepingApi(context: ServiceContext): HousekeepingApi {
  return { run: (input) => run(context, input) };
}
