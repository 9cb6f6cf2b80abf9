/**
 * What one user sees of another (EP-14, KA-5, EP-10): the whole profile when the policy allows
 * `user.read_profile`; otherwise, for those who administer the user's organisation (who may add users to
 * it), only the reduced {@link UserReference}: enough to recognise and invite the person, none of their
 * personal details.
 *
 * @module
 */
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import type { PolicyResource, Principal } from '../../policy/index';
import type { Decider } from '../kernel/authorise';
import type { ServiceContext } from '../kernel/context';
import { userResources, type UserFacts } from './user-facts';

/**
 * The reduced view (EP-14): an organisation coordinator may invite the plain users they added, not read
 * their profile. Exactly these three fields; no e-mail, phone, tax code, address, time zone, language,
 * confirmation or activity status, manager or roles.
 */
export interface UserReference {
  readonly id: string;
  readonly organisationId: string | null;
  /** Given and family name, as a person picking an invitee would read it. */
  readonly displayName: string;
}

/** The fields of a {@link UserReference}, in order: the whole of what the reduced view discloses. */
export const userReferenceFields = ['id', 'organisationId', 'displayName'] as const satisfies readonly (keyof UserReference)[];

/** The whole profile (KA-5, SC-6), with the user's live role assignments. */
export interface FullUserView {
  readonly view: 'full';
  readonly user: User;
  readonly assignments: readonly RoleAssignment[];
}

/** The reduced view (EP-14). */
export interface ReferenceUserView {
  readonly view: 'reference';
  readonly user: UserReference;
}

/** What an actor sees of a user: `full` or `reference`. */
export type UserView = FullUserView | ReferenceUserView;

/** The reduced view of a user: built field by field, so nothing else can slip in. */
export function toUserReference(user: Pick<User, 'id' | 'organisationId' | 'givenName' | 'familyName'>): UserReference {
  return { id: user.id, organisationId: user.organisationId, displayName: `${user.givenName} ${user.familyName}` };
}

/** What the actor sees of one user, decided synchronously (inside a Store predicate, row by row). */
export type Viewer = (user: User, facts: UserFacts) => UserView | null;

/**
 * Prepares what the actor sees of some users: the two principals (`user.read_profile`, `user.create`) are
 * completed once for all their resources (relations answered for those users at once), and the returned
 * function decides each user without another read: `full` when the policy allows `user.read_profile` on
 * the user; `reference` when it allows `user.create` in the user's organisation (the people who add its
 * users, EP-13); else `null`.
 *
 * @param candidates - The users (with their facts) the viewer will be asked about; it answers for others
 *   too, but relation attributes were answered only for these.
 */
export async function viewerFor(context: ServiceContext, policy: Decider, candidates: readonly { readonly user: User; readonly facts: UserFacts }[]): Promise<Viewer> {
  const resources = candidates.flatMap(({ user, facts }) => userResources(context, user, facts));
  const reader = await policy.principalFor('user.read_profile', resources);
  const creator = await policy.principalFor('user.create', resources);
  const allowed = (principal: Principal, action: string, variants: readonly PolicyResource[]) => variants.some((resource) => context.policy.check(principal, action, resource));
  return (user, facts) => {
    const variants = userResources(context, user, facts);
    if (allowed(reader, 'user.read_profile', variants)) return { view: 'full', user, assignments: facts.assignments };
    if (user.organisationId !== null && allowed(creator, 'user.create', variants)) return { view: 'reference', user: toUserReference(user) };
    return null;
  };
}

/**
 * What the actor sees of a user, or `null` when nothing: `full` when the policy allows `user.read_profile`
 * on the user; `reference` when it allows `user.create` in the user's organisation (the people who add its
 * users, EP-13); else nothing.
 */
export async function viewOf(context: ServiceContext, policy: Decider, user: User, facts: UserFacts): Promise<UserView | null> {
  return (await viewerFor(context, policy, [{ user, facts }]))(user, facts);
}
