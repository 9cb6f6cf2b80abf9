/**
 * Who is acting: the acting user's account and their active role assignments, plus the principal
 * attributes the profile's rules read (`principal.overseenUserIds` …), as the policy engine reads them.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { RoleAssignment } from '../domain/role-assignment';
import type { User } from '../domain/user';
import { PolityError } from '../errors';
import { conditionRefs } from '../policy/condition';
import type { Principal, PrincipalAssignment } from '../policy/index';
import type { StoreSession } from '../ports/store';
import type { Profile } from '../profiles/index';
import { collectIds } from './paging';

/** The acting user, loaded. */
export interface LoadedPrincipal {
  readonly user: User;
  /** The user's active assignments as stored (suspended, invited and removed ones grant nothing). */
  readonly assignments: readonly RoleAssignment[];
  /** Organisations among the assignments' that are suspended: their assignments grant nothing. */
  readonly suspendedOrganisationIds: readonly string[];
  /** What the policy engine is given. */
  readonly principal: Principal;
}

/** At most this many assignments are loaded for one person; more is a data problem, not a use case. */
const maxAssignments = 1000;

/**
 * The status an assignment is shown with while its organisation is suspended: not `active`, so the engine
 * ignores it (and lists it as ignored in explanations), while the stored assignment stays untouched.
 */
export const suspendedOrganisationStatus = 'organisation_suspended';

/** Loads one principal attribute, given the person's active assignments (already loaded) and the profile. */
type AttributeLoader = (session: StoreSession, user: User, profile: Profile, assignments: readonly RoleAssignment[]) => Promise<readonly string[]>;

/**
 * EP-4 and its open point: the people whose meetings held for a unit an organisation coordinator does not
 * supervise, for a person holding, at organisation scope, an admin role (one inheriting another: an
 * e:Presence organisation coordinator):
 *
 * - the other holders of such a role in an organisation where this person holds one (a peer organisation
 *   coordinator's meetings stay theirs, RULES.md open point);
 * - the holders of an admin role at platform scope (platform staff: the e:Presence platform admin), whose
 *   bookings in a unit are theirs, not the unit's coordinators'.
 *
 * So rule `ep-4-manage-unit-meetings` reads "held for a unit, and not organised by another coordinator or
 * platform staff". Empty for anyone holding no organisation-scope admin role (the rule reads it for no one else).
 */
async function peerCoordinatorIds(session: StoreSession, user: User, profile: Profile, assignments: readonly RoleAssignment[]): Promise<readonly string[]> {
  const isAdminRole = (role: Profile['roles'][number]) => (role.inherits ?? []).length > 0;
  const adminRoles = profile.roles.filter((role) => isAdminRole(role) && role.assignableAt.includes('organisation')).map((role) => role.name);
  const platformRoles = profile.roles.filter((role) => isAdminRole(role) && role.assignableAt.includes('platform')).map((role) => role.name);
  const isAdminHere = (a: Pick<RoleAssignment, 'scopeType' | 'role' | 'status'>) => a.scopeType === 'organisation' && a.status === 'active' && adminRoles.includes(a.role);
  const mine = [...new Set(assignments.filter(isAdminHere).map((a) => a.organisationId).filter((id): id is string => id !== null))];
  if (mine.length === 0) return [];
  const active = where.eq('status', 'active');
  const peers = where.and(where.in('organisationId', mine), where.eq('scopeType', 'organisation'), where.in('role', adminRoles), active);
  const staff = platformRoles.length === 0 ? null : where.and(where.eq('scopeType', 'platform'), where.in('role', platformRoles), active);
  const ids = await collectIds(session.assignments, staff === null ? peers : where.or(peers, staff), (a) => a.userId);
  return [...new Set(ids)].filter((id) => id !== user.id).sort();
}

/**
 * The principal attributes services know how to load, by name. A profile whose rules read one of them
 * gets it; others are never queried.
 */
const attributeLoaders: Readonly<Record<string, AttributeLoader>> = {
  // KA-3…KA-5: the users (and managers) assigned to this manager.
  overseenUserIds: (session, user) =>
    collectIds(session.users, where.and(where.eq('managerId', user.id), where.isNull('deletedAt')), (u) => u.id),
  // KA-11: users removed from this manager's oversight, whose resources stay visible.
  formerlyOverseenUserIds: (session, user) => collectIds(session.formerOversights, where.eq('managerId', user.id), (o) => o.userId),
  // EP-3: meetings the person is invited to, in any organisation.
  invitedMeetingIds: (session, user) => collectIds(session.participants, where.eq('userId', user.id), (p) => p.meetingId),
  // EP-4 open point: another organisation coordinator's meetings, and platform staff's, are not supervised by them.
  peerCoordinatorIds,
};

const attributesByProfile = new WeakMap<Profile, readonly string[]>();

/** The `principal.*` attributes a profile's rules read (besides `principal.id`), computed once per profile. */
export function principalAttributesOf(profile: Profile): readonly string[] {
  let names = attributesByProfile.get(profile);
  if (names === undefined) {
    const found = new Set<string>();
    for (const rule of profile.rules) {
      if (rule.when === undefined) continue;
      for (const ref of conditionRefs(rule.when)) if (ref.startsWith('principal.') && ref !== 'principal.id') found.add(ref.slice('principal.'.length));
    }
    names = [...found].sort();
    attributesByProfile.set(profile, names);
  }
  return names;
}

/**
 * Loads the acting user, their active assignments and, when a profile is given, the principal attributes
 * its rules read. Assignments in a suspended organisation are handed to the engine as not active.
 * Every principal has `organisationId` and `active`, from the account. Other attributes polity does not
 * know how to load yet (`coEditedSurveyIds`, a later issue) are empty lists, so rules reading them fail
 * closed.
 *
 * @throws {@link PolityError} `unauthenticated` when there is no such user or the account was deleted.
 */
export async function loadPrincipal(session: StoreSession, userId: string, profile?: Profile): Promise<LoadedPrincipal> {
  const user = await session.users.get(userId);
  if (user === null || user.deletedAt !== null) {
    throw new PolityError('unauthenticated', `no account ${userId}`, { details: { userId } });
  }
  const page = await session.assignments.list({
    where: where.and(where.eq('userId', userId), where.eq('status', 'active')),
    limit: maxAssignments,
  });
  const assignments = page.items;
  const organisationIds = [...new Set(assignments.map((a) => a.organisationId).filter((id): id is string => id !== null))];
  const suspended =
    organisationIds.length === 0
      ? []
      : (await session.organisations.list({ where: where.and(where.in('id', organisationIds), where.eq('status', 'suspended')), limit: maxAssignments })).items.map(
          (o) => o.id,
        );
  const seen: PrincipalAssignment[] = assignments.map((a) =>
    a.organisationId !== null && suspended.includes(a.organisationId) ? { ...a, status: suspendedOrganisationStatus } : a,
  );
  const attributes: Record<string, unknown> = { organisationId: user.organisationId, active: user.active };
  for (const name of profile === undefined ? [] : principalAttributesOf(profile)) {
    const loader = attributeLoaders[name];
    if (loader !== undefined && profile !== undefined) attributes[name] = await loader(session, user, profile, assignments);
    // Set from the account above (`organisationId`, `active`): kept as they are, never replaced by a list.
    else if (!Object.hasOwn(attributes, name)) attributes[name] = [];
  }
  const principal: Principal = { id: user.id, assignments: seen, attributes };
  return { user, assignments, suspendedOrganisationIds: suspended, principal };
}
