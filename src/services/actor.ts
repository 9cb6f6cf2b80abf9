/**
 * An actor: polity as seen by one user. Every call made through it is authorised as that user.
 * Service areas (organisations, users, meetings …) hang on it as they land.
 *
 * @module
 */
import { idSchema } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import type { Decision, Explanation, PolicyResource } from '../policy/index';
import type { ServiceContext } from './context';
import { loadPrincipal, type LoadedPrincipal } from './principal';

/** polity as seen by one user. */
export interface Actor {
  /** The acting user's id. */
  readonly userId: string;
  /**
   * The acting user's account.
   * @throws {@link PolityError} `unauthenticated` when the account does not exist or was deleted.
   */
  me(): Promise<User>;
  /** The acting user with their active assignments, as the policy engine sees them. */
  principal(): Promise<LoadedPrincipal>;
  /** Whether the acting user may do `action` on `resource`, with the rule that decided. */
  can(action: string, resource: PolicyResource): Promise<Decision>;
  /** The full explanation of that decision: every matching rule, the role and scope it came through. */
  explain(action: string, resource: PolicyResource): Promise<Explanation>;
}

/**
 * Makes the {@link Actor} for a user id. Nothing is loaded until a call needs it, so an actor is cheap to
 * make per request.
 *
 * @throws {@link PolityError} `invalid_input` when the id is malformed.
 */
export function createActor(context: ServiceContext, userId: string): Actor {
  const id = parseWith(idSchema, userId, 'user id');
  const principal = () => loadPrincipal(context.store, id);
  return {
    userId: id,
    me: async () => (await principal()).user,
    principal,
    can: async (action, resource) => context.policy.decide((await principal()).principal, action, resource),
    explain: async (action, resource) => context.policy.explain((await principal()).principal, action, resource),
  };
}
