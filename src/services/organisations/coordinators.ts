/**
 * Coordinators of an organisation (EP-10): list and search them, paged, and send them all one
 * informational message. A coordinator is a holder of one of the profile's coordinator roles (admin roles
 * held at organisation or unit scope; in e:Presence organisation and unit coordinators).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import type { PolicyResource } from '../../policy/index';
import type { StoreSession } from '../../ports/store';
import { userResources } from '../accounts/user-facts';
import type { ServiceContext } from '../kernel/context';
import { defineCommand, defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { coordinatorRoles } from '../roles/profile-roles';
import { organisationResource } from './guards';
import { listCoordinatorsInputSchema, messageCoordinatorsInputSchema, type CoordinatorView } from './inputs';

/** The live coordinator assignments of an organisation, by user. */
async function coordinatorAssignments(tx: StoreSession, context: ServiceContext, organisationId: string): Promise<Map<string, RoleAssignment[]>> {
  const roles = coordinatorRoles(context.profile);
  const all =
    roles.length === 0
      ? []
      : await collectAll(tx.assignments, where.and(where.eq('organisationId', organisationId), where.in('role', [...roles]), where.in('status', ['invited', 'active', 'suspended'])), (a) => a);
  const byUser = new Map<string, RoleAssignment[]>();
  for (const assignment of all) byUser.set(assignment.userId, [...(byUser.get(assignment.userId) ?? []), assignment]);
  return byUser;
}

function toCoordinatorView(user: User, assignments: readonly RoleAssignment[]): CoordinatorView {
  return {
    id: user.id,
    givenName: user.givenName,
    familyName: user.familyName,
    email: user.email,
    phone: user.phone,
    emailConfirmed: user.emailConfirmedAt !== null,
    active: user.active,
    roles: assignments.map((a) => ({ role: a.role, unitId: a.unitId, status: a.status })),
  };
}

/** Whether a user's names or address contain the search, ignoring case. */
function matchesSearch(user: User, needle: string | undefined): boolean {
  if (needle === undefined) return true;
  return [user.givenName, user.familyName, user.email, `${user.givenName} ${user.familyName}`].some((text) => text.toLowerCase().includes(needle));
}

/** `coordinators.list` (EP-10): by family and given name, optionally searched; each row as EP-14 lets the actor see it. */
export const listCoordinators = defineQuery({
  name: 'coordinators.list',
  input: listCoordinatorsInputSchema,
  action: 'user.read_profile',
  load: ({ work, input }) => work.organisation(input.organisationId),
  // May the actor read a coordinator of this organisation at all? Asked of the policy for each coordinator role.
  resource: ({ loaded, context }): PolicyResource[] => {
    const probes = coordinatorRoles(context.profile).map((role) => ({ kind: 'user', organisationId: loaded.id, unitId: null, productId: null, role }));
    return probes.length === 0 ? [{ kind: 'user', organisationId: loaded.id }] : probes;
  },
  async run({ tx, context, input, loaded: organisation, policy }) {
    const byUser = await coordinatorAssignments(tx, context, organisation.id);
    const needle = input.search?.toLowerCase();
    // Each row is still asked of the policy: a coordinator is listed only if their profile may be read. The
    // engine is pure, so the check runs inside the Store's predicate with a principal made beforehand.
    // Relations the rules read are answered for every candidate at once, before paging.
    const candidates = [...byUser.keys()].map((id) => ({ kind: 'user', id, organisationId: organisation.id }));
    const principal = await policy.principalFor('user.read_profile', candidates);
    const readable = (user: User) =>
      userResources(context, user, { assignments: byUser.get(user.id) ?? [] }).some((resource) => context.policy.check(principal, 'user.read_profile', resource));
    const page = await tx.users.list(
      listQuery(where.and(where.in('id', [...byUser.keys()]), where.isNull('deletedAt')), [{ field: 'familyName' }, { field: 'givenName' }], input, (user) => matchesSearch(user, needle) && readable(user)),
    );
    return { items: page.items.map((user) => toCoordinatorView(user, byUser.get(user.id) ?? [])), nextCursor: page.nextCursor };
  },
});

/** `coordinators.message` (EP-10): one informational message to every coordinator but the sender. */
export const messageCoordinators = defineCommand({
  name: 'coordinators.message',
  input: messageCoordinatorsInputSchema,
  action: 'organisation.message_coordinators',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: ({ loaded }) => organisationResource(loaded),
  async run({ tx, work, context, input, actor, loaded: organisation }) {
    const byUser = await coordinatorAssignments(tx, context, organisation.id);
    byUser.delete(actor.user.id);
    const users = await collectAll(tx.users, where.and(where.in('id', [...byUser.keys()]), where.isNull('deletedAt')), (u) => u);
    const batch = work.id('message');
    let recipients = 0;
    for (const user of users) {
      const payload = { organisationName: organisation.name, subject: input.subject, body: input.body, from: `${actor.user.givenName} ${actor.user.familyName}` };
      if (work.notify(user, 'coordinators.message', payload, { idempotencyKey: `coordinators.message:${batch}:${user.id}` }) !== null) recipients += 1;
    }
    return { recipients };
  },
  audit: ({ input, loaded: organisation }, { recipients }) => ({
    organisationId: organisation.id,
    action: 'coordinators.message',
    targetType: 'organisation',
    targetId: organisation.id,
    summary: `sent "${input.subject}" to ${recipients} coordinator(s) of ${organisation.name}`,
    changes: { subject: input.subject, recipients },
  }),
});
