/**
 * `actor.licences: named licences of an organisation (MB-2…MB-5, MB-12) and requests for more (MB-3)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.licences: named licences of an organisation (MB-2…MB-5, MB-12) and requests for more (MB-3)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LicencesApi {}

/** Builds `actor.licences` for one acting user. */
export function licencesApi(context: ServiceContext, actorId: string): LicencesApi {
  void context;
  void actorId;
  return {};
}
