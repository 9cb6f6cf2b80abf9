/**
 * Mapping the actor onto the account machine's abstract roles (`self`, `organisation_admin`,
 * `platform_admin`) once the policy has allowed the command: the machine then adds what it knows of the
 * lifecycle (only the owner confirms; a deactivated user does not reactivate themselves, MB-5).
 *
 * @module
 */
import type { User } from '../../domain/user';
import type { PolicyResource } from '../../policy/index';
import type { AccountRole } from '../../workflows/account-machine';
import type { LoadedPrincipal } from '../kernel/acting-user';
import type { Decider } from '../kernel/authorise';

/**
 * The abstract roles the actor holds towards a target account for an allowed action: `self` when acting on
 * their own account, and `platform_admin` or `organisation_admin` when a rule of a held role (not a rule for
 * anyone) allowed it, by the scope of that role.
 *
 * @param resource - The variant of the target the policy allowed `action` on.
 */
export async function accountRolesFor(policy: Decider, actor: LoadedPrincipal, target: User, action: string, resource: PolicyResource): Promise<AccountRole[]> {
  const roles: AccountRole[] = [];
  if (actor.user.id === target.id) roles.push('self');
  const explanation = await policy.explain(action, resource);
  for (const match of explanation.allowedBy) {
    if (match.via.scope === null) continue;
    const role: AccountRole = match.via.scope.type === 'platform' ? 'platform_admin' : 'organisation_admin';
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}
