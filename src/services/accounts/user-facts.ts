/**
 * A user as the policy engine sees them: the stored account plus the facts rules read, derived from the
 * user's assignments and meetings (`role`, `hasMeetings`, `hasAdminRole`, `emailConfirmed` …).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import { notFound } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import type { ReadOptions, StoreSession } from '../../ports/store';
import type { ServiceContext } from '../kernel/context';
import { collectAll } from '../kernel/paging';
import { adminRoles, highestRole } from '../roles/profile-roles';

/** What is known about a user besides the account. */
export interface UserFacts {
  /** The user's assignments that still count (`invited`, `active`, `suspended`; not `removed`). */
  readonly assignments: readonly RoleAssignment[];
  /** Whether they created or joined a meeting (EP-11, EP-16); `undefined` when not loaded. */
  readonly hasMeetings?: boolean;
}

const liveStatuses = ['invited', 'active', 'suspended'] as const;

/** The live assignments of some users, by user id, in one query. */
export async function assignmentsOf(session: StoreSession, userIds: readonly string[]): Promise<Map<string, RoleAssignment[]>> {
  const byUser = new Map<string, RoleAssignment[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const all = await collectAll(session.assignments, where.and(where.in('userId', [...userIds]), where.in('status', [...liveStatuses])), (a) => a);
  for (const assignment of all) byUser.get(assignment.userId)?.push(assignment);
  return byUser;
}

/**
 * Whether a user created or joined at least one meeting (EP-11, EP-16): they organised or booked one, or a
 * participation of theirs has a `joinedAt`. An invitation never answered does not count.
 */
export async function hasMeetings(session: StoreSession, userId: string): Promise<boolean> {
  const created = await session.meetings.count(where.or(where.eq('organiserId', userId), where.eq('createdById', userId)));
  if (created > 0) return true;
  return (await session.participants.count(where.and(where.eq('userId', userId), where.not(where.isNull('joinedAt'))))) > 0;
}

/** Options of {@link loadUser}. */
export interface LoadUserOptions {
  /** Also read whether they created or joined a meeting (EP-11, EP-16). */
  readonly meetings?: boolean;
  /** Find a deleted account too. */
  readonly includeDeleted?: boolean;
  /** Lock the account for the command that changes it (concurrent changes of one account run one after the other). */
  readonly lock?: ReadOptions['lock'];
}

/**
 * Loads a user that must exist and not be deleted, with their facts.
 *
 * @throws {@link PolityError} `not_found` when there is no such user or the account was deleted.
 */
export async function loadUser(session: StoreSession, userId: string, options: LoadUserOptions = {}): Promise<{ user: User; facts: UserFacts }> {
  const user = await session.users.get(userId, options.lock === undefined ? undefined : { lock: options.lock });
  if (user === null || (user.deletedAt !== null && options.includeDeleted !== true)) throw notFound('user', userId);
  const assignments = (await assignmentsOf(session, [userId])).get(userId) ?? [];
  return { user, facts: options.meetings === true ? { assignments, hasMeetings: await hasMeetings(session, userId) } : { assignments } };
}

/**
 * The user as policy resources: one for the account in its organisation, then one per unit and per product
 * they hold a role in, so that a rule reaching the user through any of them applies (SC-9). Attributes:
 * `role` (the highest role held in the user's organisation), `emailConfirmed`, `active`, `identitySource`,
 * `identityVerified`, `hasAdminRole` (an active admin role, SC-7), `managerId`, and `hasMeetings` when loaded.
 */
export function userResources(context: Pick<ServiceContext, 'policy' | 'profile'>, user: User, facts: UserFacts): PolicyResource[] {
  const inOrganisation = facts.assignments.filter((a) => a.organisationId === user.organisationId && a.status !== 'suspended');
  const admin = new Set(adminRoles(context.profile).map((role) => role.name));
  const base: PolicyResource = {
    kind: 'user',
    id: user.id,
    organisationId: user.organisationId,
    unitId: null,
    productId: null,
    role: highestRole(context.policy.roles, inOrganisation.map((a) => a.role)),
    emailConfirmed: user.emailConfirmedAt !== null,
    active: user.active,
    identitySource: user.identitySource,
    identityVerified: user.identityVerifiedAt !== null,
    hasAdminRole: facts.assignments.some((a) => a.status === 'active' && admin.has(a.role)),
    managerId: user.managerId,
    ...(facts.hasMeetings === undefined ? {} : { hasMeetings: facts.hasMeetings }),
  };
  const variants: PolicyResource[] = [base];
  const seen = new Set<string>();
  for (const a of inOrganisation) {
    if (a.unitId !== null && !seen.has(`u:${a.unitId}`)) {
      seen.add(`u:${a.unitId}`);
      variants.push({ ...base, unitId: a.unitId });
    }
    if (a.productId !== null && !seen.has(`p:${a.productId}`)) {
      seen.add(`p:${a.productId}`);
      variants.push({ ...base, productId: a.productId });
    }
  }
  return variants;
}
