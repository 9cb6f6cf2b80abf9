/**
 * `actor.statistics: meetings held, participants, participant-hours and licences per organisation and period (MB-9, MB-10)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.statistics: meetings held, participants, participant-hours and licences per organisation and period (MB-9, MB-10)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface StatisticsApi {}

/** Builds `actor.statistics` for one acting user. */
export function statisticsApi(context: ServiceContext, actorId: string): StatisticsApi {
  void context;
  void actorId;
  return {};
}
