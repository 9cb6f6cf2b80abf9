/**
 * The input of `polity.housekeeping.run()`, and what a run reports.
 *
 * @module
 */
import { z } from 'zod';

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
