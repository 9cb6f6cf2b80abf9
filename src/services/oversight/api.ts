/**
 * `actor.oversight`: manager oversight (1KA, KA-3 … KA-5, KA-8 … KA-11): "my users" and their resources
 * through the policy's query plans, reassignment by platform admins on an organisation's official request,
 * and removal from oversight (which removes the user from the organisation; their resources stay visible to
 * the manager).
 *
 * @module
 */
import type { Resource } from '../../domain/resource';
import type { User } from '../../domain/user';
import type { Page } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { bindAll } from '../kernel/pipeline';
import { assignManager, removeFromOversight } from './changes';
import type { AssignManagerInput, MyUsersInput, OversightResourcesInput, RemoveFromOversightInput } from './inputs';
import { myUsers, oversightResources } from './queries';

export {
  assignManagerInputSchema,
  myUsersInputSchema,
  oversightResourcesInputSchema,
  removeFromOversightInputSchema,
  type AssignManagerInput,
  type MyUsersInput,
  type OversightResourcesInput,
  type RemoveFromOversightInput,
} from './inputs';

/** `actor.oversight` (1KA). */
export interface OversightApi {
  /**
   * "My users" (KA-9): the users (and managers) assigned to the actor, through the query plan of
   * `user.read_profile`, optionally by state, paged.
   *
   * @throws {@link PolityError} `invalid_input`.
   * @example
   * ```ts
   * const page = await polity.as(managerId).oversight.myUsers({ state: 'pending' });
   * ```
   */
  myUsers(input?: MyUsersInput): Promise<Page<User>>;
  /**
   * The resources of a kind the actor may read (KA-5, KA-9, KA-11), through the query plan of `<kind>.read`:
   * all of them, or only their own.
   *
   * @throws {@link PolityError} `invalid_input`, also when the profile declares no `<kind>.read`.
   */
  resources(input: OversightResourcesInput): Promise<Page<Resource>>;
  /**
   * Changes who oversees an existing user (KA-4, KA-10): platform admins only, on the organisation's official
   * request, whose reference goes into the audit trail. The new manager holds the manager role in the user's
   * organisation. Both the new manager and the user are told.
   *
   * @throws {@link PolityError} `invalid_input` (a manager who is not one, or the user themselves); `not_found`;
   *   `forbidden` unless `user.assign_manager` is allowed.
   */
  assignManager(input: AssignManagerInput): Promise<User>;
  /**
   * Removes a user from the actor's oversight (KA-11): the user leaves the organisation (their roles in it are
   * removed), and their resources stay visible to the actor. Where the profile counts named licences, the
   * licence the user held or reserved goes back to the organisation's pool in the same transaction (MB-12).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `user.remove_from_oversight` is allowed.
   */
  remove(input: RemoveFromOversightInput): Promise<User>;
}

/** The namespaces of this area, as an actor carries them. */
export interface OversightNamespaces {
  readonly oversight: OversightApi;
}

/** Builds `actor.oversight` for one acting user. */
export function oversightArea(context: ServiceContext, actorId: string): OversightNamespaces {
  return {
    oversight: bindAll(context, actorId, { myUsers, resources: oversightResources, assignManager, remove: removeFromOversight }),
  };
}
