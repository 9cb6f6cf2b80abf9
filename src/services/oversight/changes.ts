/**
 * Changing who oversees whom (KA-4, KA-10, KA-11): platform admins reassign a user on the organisation's
 * official request; a manager removes a user from their oversight, which removes them from the
 * organisation. Both lock the user they change, so two changes of one user run one after the other.
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { User } from '../../domain/user';
import { conflict, invalidInput } from '../../errors';
import { loadUser, userResources } from '../accounts/user-facts';
import { defineCommand } from '../kernel/define';
import type { Work } from '../kernel/work';
import { settleSeat } from '../licences/seats';
import { managerRole } from '../roles/profile-roles';
import { assignManagerInputSchema, removeFromOversightInputSchema } from './inputs';

/**
 * The new manager, who must hold the manager role in the user's organisation (`null`: overseen by nobody).
 *
 * @throws {@link PolityError} `invalid_input` on `managerId` (`no_oversight`, `not_a_manager`); `not_found`.
 */
async function newManager(work: Work, user: User, managerId: string | null): Promise<User | null> {
  const role = managerRole(work.context.profile);
  if (role === null) throw invalidInput('managerId', `${work.context.profile.name} has no managers overseeing users`, 'no_oversight');
  if (managerId === null) return null;
  // Shared: the new manager cannot be deleted or lose the role while they are given the user.
  const manager = (await loadUser(work.tx, managerId, { lock: 'share' })).user;
  const holds =
    user.organisationId === null
      ? 0
      : await work.tx.assignments.count(where.and(where.eq('userId', manager.id), where.eq('role', role), where.eq('organisationId', user.organisationId), where.eq('status', 'active')));
  if (holds === 0) throw invalidInput('managerId', `the manager named is not a ${role} of the user's organisation`, 'not_a_manager');
  return manager;
}

/** `oversight.assignManager` (KA-4, KA-10): platform admins, on the organisation's official request. */
export const assignManager = defineCommand({
  name: 'oversight.assignManager',
  input: assignManagerInputSchema,
  action: 'user.assign_manager',
  precheck: (input) => {
    if (input.managerId === input.userId) throw invalidInput('managerId', 'a user does not oversee themselves', 'self_oversight');
  },
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: ({ context, loaded }) => userResources(context, loaded.user, loaded.facts),
  async run({ tx, work, input, loaded: { user } }) {
    const manager = await newManager(work, user, input.managerId);
    if (user.managerId === input.managerId) return user;
    const updated = await tx.users.update(user.id, { managerId: input.managerId, updatedAt: work.now });
    work.audit({
      organisationId: user.organisationId,
      action: 'oversight.assign',
      targetType: 'user',
      targetId: user.id,
      summary: `${input.managerId === null ? 'left user unassigned' : `assigned the user to manager ${input.managerId}`} on official request ${input.officialRequest} (KA-4)`,
      changes: { managerId: input.managerId, previousManagerId: user.managerId, officialRequest: input.officialRequest },
    });
    if (manager !== null) work.notify(manager, 'oversight.user_assigned', { userId: user.id, givenName: user.givenName, familyName: user.familyName, email: user.email });
    work.notify(updated, 'oversight.manager_changed', { managerId: input.managerId, ...(manager === null ? {} : { manager: `${manager.givenName} ${manager.familyName}` }) });
    return updated;
  },
});

/** Records that a manager no longer oversees a user, keeping what they may still see (KA-11). */
async function recordFormerOversight(work: Work, organisationId: string, managerId: string, userId: string, endedById: string): Promise<void> {
  const { tx } = work;
  const existing = await tx.formerOversights.findUnique('formerOversights.pair', { managerId, userId });
  if (existing === null) {
    await tx.formerOversights.insert({ id: work.id('oversight'), organisationId, managerId, userId, endedById, endedAt: work.now });
  } else {
    await tx.formerOversights.update(existing.id, { organisationId, endedById, endedAt: work.now });
  }
}

/** `oversight.remove` (KA-11): the user leaves the organisation; their resources stay visible to the manager. */
export const removeFromOversight = defineCommand({
  name: 'oversight.remove',
  input: removeFromOversightInputSchema,
  action: 'user.remove_from_oversight',
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: ({ context, loaded }) => userResources(context, loaded.user, loaded.facts),
  async run({ tx, work, actor, loaded: { user } }) {
    const organisationId = user.organisationId;
    if (organisationId === null) throw conflict('oversight.no_organisation', 'the user belongs to no organisation');
    const managerId = user.managerId ?? actor.user.id;
    // KA-11: leaving the oversight is leaving the organisation; the former manager keeps seeing the resources.
    await tx.assignments.guardedUpdate({
      where: where.and(where.eq('userId', user.id), where.eq('organisationId', organisationId), where.not(where.eq('status', 'removed'))),
      set: { status: 'removed', updatedAt: work.now },
    });
    await recordFormerOversight(work, organisationId, managerId, user.id, actor.user.id);
    const updated = await tx.users.update(user.id, { organisationId: null, managerId: null, updatedAt: work.now });
    // MB-12: with no organisation and no role, the person holds no named licence: it goes back to the pool.
    await settleSeat(work, updated);
    work.audit({
      organisationId,
      action: 'oversight.remove',
      targetType: 'user',
      targetId: user.id,
      summary: `removed ${user.email} from the oversight of ${managerId} and from the organisation; their resources stay visible to that manager (KA-11)`,
      changes: { organisationId: null, previousOrganisationId: organisationId, managerId: null, previousManagerId: user.managerId },
    });
    return updated;
  },
});
