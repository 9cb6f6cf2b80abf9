/**
 * `actor.meetings: scheduling, changing and cancelling meetings under the profile's limits (EP-1…EP-5, EP-15, EP-17, MB-7…MB-10)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.meetings: scheduling, changing and cancelling meetings under the profile's limits (EP-1…EP-5, EP-15, EP-17, MB-7…MB-10)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MeetingsApi {}

/** Builds `actor.meetings` for one acting user. */
export function meetingsApi(context: ServiceContext, actorId: string): MeetingsApi {
  void context;
  void actorId;
  return {};
}
