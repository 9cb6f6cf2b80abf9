/**
 * `polity.housekeeping`: the scheduled clean-up of links and accounts nobody confirmed.
 *
 * @module
 */
import type { ServiceContext } from '../kernel/context';
import type { HousekeepingInput, HousekeepingReport } from './inputs';
import { runHousekeeping } from './run';

export { housekeepingInputSchema, type HousekeepingInput, type HousekeepingReport } from './inputs';

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

/** Builds `polity.housekeeping`. */
export function housekeepingApi(context: ServiceContext): HousekeepingApi {
  return { run: (input) => runHousekeeping(context, input) };
}
