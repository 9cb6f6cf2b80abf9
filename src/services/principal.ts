/**
 * Who is acting: the acting user's account and their active role assignments, as the policy engine reads them.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { RoleAssignment } from '../domain/role-assignment';
import type { User } from '../domain/user';
import { PolityError } from '../errors';
import type { Principal } from '../policy/index';
import type { StoreSession } from '../ports/store';

/** The acting user, loaded. */
export interface LoadedPrincipal {
  readonly user: User;
  /** The user's active assignments (suspended, invited and removed ones grant nothing). */
  readonly assignments: readonly RoleAssignment[];
  /** What the policy engine is given. */
  readonly principal: Principal;
}

/** At most this many assignments are loaded for one person; more is a data problem, not a use case. */
const maxAssignments = 1000;

/**
 * Loads the acting user and their active assignments.
 *
 * @throws {@link PolityError} `unauthenticated` when there is no such user or the account was deleted.
 */
export async function loadPrincipal(session: StoreSession, userId: string): Promise<LoadedPrincipal> {
  const user = await session.users.get(userId);
  if (user === null || user.deletedAt !== null) {
    throw new PolityError('unauthenticated', `no account ${userId}`, { details: { userId } });
  }
  const page = await session.assignments.list({
    where: where.and(where.eq('userId', userId), where.eq('status', 'active')),
    limit: maxAssignments,
  });
  const assignments = page.items;
  const principal: Principal = {
    id: user.id,
    assignments,
    attributes: { organisationId: user.organisationId, active: user.active },
  };
  return { user, assignments, principal };
}
