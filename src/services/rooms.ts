/**
 * `actor.rooms: permanent virtual meeting rooms and their aliases (MB-10)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.rooms: permanent virtual meeting rooms and their aliases (MB-10)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RoomsApi {}

/** Builds `actor.rooms` for one acting user. */
export function roomsApi(context: ServiceContext, actorId: string): RoomsApi {
  void context;
  void actorId;
  return {};
}
