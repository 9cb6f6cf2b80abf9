/**
 * What services read from a profile's roles: how high a role stands, which roles count as
 * administrators or coordinators, which may be asked for, and whether the profile has managers who
 * oversee users (1KA). Derived once per profile, never configured separately.
 *
 * @module
 */
import type { Scope, ScopeType } from '../../domain/scope';
import { forbidden, invalidInput } from '../../errors';
import type { GrantDecision, Principal, RoleGraph } from '../../policy/index';
import type { Profile, RoleDefinition } from '../../profiles/index';
import type { ServiceContext } from '../kernel/context';

/** How many roles' powers a role has (itself included): a role including another stands higher. */
export function roleRank(graph: RoleGraph, role: string): number {
  return graph.powersOf(role).length;
}

/** The highest of some roles (the one with the most powers), or `null` for none. */
export function highestRole(graph: RoleGraph, roles: Iterable<string>): string | null {
  let best: string | null = null;
  for (const role of roles) {
    if (!graph.has(role)) continue;
    if (best === null || roleRank(graph, role) > roleRank(graph, best)) best = role;
  }
  return best;
}

/**
 * Roles with powers beyond another role of the profile (they inherit one): e:Presence coordinators,
 * Mégalis delegated organisers and administrators, the 1KA manager, the selfcare product admin. Used for
 * SC-7's "admin role" (`hasAdminRole`).
 */
export function adminRoles(profile: Profile): readonly RoleDefinition[] {
  return profile.roles.filter((role) => (role.inherits ?? []).length > 0);
}

/**
 * The coordinator roles of an organisation (EP-10): admin roles assignable inside an organisation (at
 * organisation or unit scope). In e:Presence: unit and organisation coordinators.
 */
export function coordinatorRoles(profile: Profile): readonly string[] {
  return adminRoles(profile)
    .filter((role) => role.assignableAt.some((scope) => scope === 'organisation' || scope === 'unit'))
    .map((role) => role.name);
}

/**
 * The roles a role-change request may ask for (EP-6): admin roles that the profile's grant rules give
 * through the `roleChangeRequest` workflow. In e:Presence: organisation and unit coordinator.
 */
export function requestableRoles(profile: Profile): readonly string[] {
  const admin = new Set(adminRoles(profile).map((role) => role.name));
  const names = new Set<string>();
  for (const rule of profile.grants.rules) {
    if (rule.workflow !== 'roleChangeRequest') continue;
    for (const role of rule.roles) if (admin.has(role)) names.add(role);
  }
  return [...names];
}

/**
 * The manager role of a profile with oversight (KA-3 … KA-11): its `organisationFounderRole`, when its rules
 * read `principal.overseenUserIds`. `null` for profiles without managers.
 */
export function managerRole(profile: Profile): string | null {
  if (profile.organisationFounderRole === undefined) return null;
  const readsOversight = profile.rules.some((rule) => rule.when !== undefined && JSON.stringify(rule.when).includes('"principal.overseenUserIds"'));
  return readsOversight ? profile.organisationFounderRole : null;
}

/** The lowest roles of a profile: those inheriting nothing ("ordinary" users, KA-3). */
export function isOrdinaryRole(profile: Profile, role: string): boolean {
  return (profile.roles.find((r) => r.name === role)?.inherits ?? []).length === 0;
}

/** The scope types a role may be held at, or `null` when the profile does not declare the role. */
export function assignableScopes(profile: Profile, role: string): readonly ScopeType[] | null {
  return profile.roles.find((r) => r.name === role)?.assignableAt ?? null;
}

/**
 * Checks, before anything is loaded, that a role is declared by the profile and assignable at a scope type:
 * an unknown role is `invalid_input`, never a silent "no".
 *
 * @throws {@link PolityError} `invalid_input` naming `path` (`unknown_role`), or `scopePath` (`not_assignable`).
 */
export function assertAssignableRole(profile: Profile, role: string, scopeType: ScopeType, path = 'role', scopePath = path): void {
  const scopes = assignableScopes(profile, role);
  if (scopes === null) throw invalidInput(path, `unknown role: the profile declares ${profile.roles.map((r) => r.name).join(', ')}`, 'unknown_role');
  if (!scopes.includes(scopeType)) throw invalidInput(scopePath, `this role is held at ${scopes.join(' or ')} scope, not at ${scopeType} scope`, 'not_assignable');
}

/**
 * Asserts that the actor may give `role` at `scope` (the profile's grant rules: no escalation, KA-2), and,
 * unless `workflow` names the workflow the grant goes through, that the role is not one given only through
 * a workflow (a role-change request, a nomination).
 *
 * @returns The allowing grant decision.
 * @throws {@link PolityError} `forbidden` (`action: 'role.grant'`): `grant_denied` with the grant decision
 *   as explanation, or `workflow_only`.
 */
export function assertGrantable(context: Pick<ServiceContext, 'policy'>, principal: Principal, role: string, scope: Scope, workflow: string | null = null): Extract<GrantDecision, { allowed: true }> {
  const grant = context.policy.decideGrant(principal, role, scope);
  if (!grant.allowed) throw forbidden('role.grant', 'grant_denied', grant);
  if (grant.workflow !== null && grant.workflow !== workflow) {
    throw forbidden('role.grant', 'workflow_only', { reason: 'workflow_only', summary: `${role} is given only through the ${grant.workflow} workflow (${grant.source}).`, sources: [grant.source], workflow: grant.workflow });
  }
  return grant;
}

