/**
 * `actor.planning: an organisation's meetings in a date range, shown in a time zone (MB-10)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.planning: an organisation's meetings in a date range, shown in a time zone (MB-10)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PlanningApi {}

/** Builds `actor.planning` for one acting user. */
export function planningApi(context: ServiceContext, actorId: string): PlanningApi {
  void context;
  void actorId;
  return {};
}
