/**
 * Mapping the actor onto the account machine's abstract roles (`self`, `organisation_admin`,
 * `platform_admin`) once the policy has allowed the command: the machine then adds what it knows of the
 * lifecycle (only the owner confirms; a deactivated user does not reactivate themselves, MB-5).
 *
 * @module
 */
import type { User } from '../domain/user';
import type { PolicyResource } from '../policy/index';
import type { AccountRole } from '../workflows/account-machine';
import type { ServiceContext } from './context';
import type { LoadedPrincipal } from './principal';

/**
 * The abstract roles the actor holds towards a target account for an allowed action: `self` when acting on
 * their own account, and `platform_admin` or `organisation_admin` when a rule of a held role (not a rule for
 * anyone) allowed it, by the scope of that role.
 */
export function accountRolesFor(context: ServiceContext, actor: LoadedPrincipal, target: User, action: string, resource: PolicyResource): AccountRole[] {
  const roles: AccountRole[] = [];
  if (actor.user.id === target.id) roles.push('self');
  const explanation = context.policy.explain(actor.principal, action, resource);
  for (const match of explanation.allowedBy) {
    if (match.via.scope === null) continue;
    const role: AccountRole = match.via.scope.type === 'platform' ? 'platform_admin' : 'organisation_admin';
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}
