/**
 * `actor.contacts: the acting user's personal contact directory (MB-7)`.
 *
 * @module
 */
import type { ServiceContext } from './context';

/** `actor.contacts: the acting user's personal contact directory (MB-7)`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ContactsApi {}

/** Builds `actor.contacts` for one acting user. */
export function contactsApi(context: ServiceContext, actorId: string): ContactsApi {
  void context;
  void actorId;
  return {};
}
