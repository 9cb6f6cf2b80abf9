/**
 * Manager oversight (1KA, KA-3 … KA-5, KA-8 … KA-11): "my users" and their resources through the policy's
 * query plans, reassignment by platform admins on an organisation's official request, and removal from
 * oversight (which removes the user from the organisation; their resources stay visible to the manager).
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { idSchema } from '../domain/primitives';
import { codeSchema } from '../domain/product';
import type { Resource } from '../domain/resource';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { PolityError } from '../errors';
import type { Page } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { settleSeat } from './licence-seats';
import { notifyUser } from './notify';
import { listQuery, pageInputShape } from './paging';
import { managerRole } from './profile-roles';
import { loadUser, userResources } from './user-facts';
import { userStateFilters, userStateWhere } from './users';

/** Input of {@link OversightApi.myUsers}. */
export const myUsersInputSchema = z
  .strictObject({
    /** `pending`, `confirmed`, `active` or `inactive`. */
    state: z.enum(userStateFilters).optional(),
    ...pageInputShape,
  })
  .optional();
/** Input of {@link OversightApi.myUsers}. */
export type MyUsersInput = z.input<typeof myUsersInputSchema>;

/** Input of {@link OversightApi.resources}. */
export const oversightResourcesInputSchema = z.strictObject({
  /** The kind of resource (`survey` in 1KA); the profile must declare `<kind>.read`. */
  kind: codeSchema,
  /**
   * `all`: every resource the actor may read (their own and their users', KA-9); `own`: only their own.
   * @defaultValue `all`
   */
  owner: z.enum(['all', 'own']).optional(),
  ...pageInputShape,
});
/** Input of {@link OversightApi.resources}. */
export type OversightResourcesInput = z.input<typeof oversightResourcesInputSchema>;

/** Input of {@link OversightApi.assignManager}. */
export const assignManagerInputSchema = z.strictObject({
  userId: idSchema,
  /** The new manager, or `null` for nobody (a manager may be overseen by nobody, KA-4). */
  managerId: idSchema.nullable(),
  /** The reference of the organisation's official request (KA-4), kept in the audit trail. */
  officialRequest: z.string().trim().min(1, 'give the reference of the official request (KA-4)').max(200, 'a reference has at most 200 characters'),
});
/** Input of {@link OversightApi.assignManager}. */
export type AssignManagerInput = z.input<typeof assignManagerInputSchema>;

/** Input of {@link OversightApi.remove}. */
export const removeFromOversightInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link OversightApi.remove}. */
export type RemoveFromOversightInput = z.input<typeof removeFromOversightInputSchema>;

/** `actor.oversight` (1KA). */
export interface OversightApi {
  /**
   * "My users" (KA-9): the users (and managers) assigned to the actor, through the query plan of
   * `user.read_profile`, optionally by state, paged.
   *
   * @throws {@link PolityError} `invalid_input`.
   * @example
   * ```ts
   * const page = await polity.as(managerId).oversight.myUsers({ state: 'pending' });
   * ```
   */
  myUsers(input?: MyUsersInput): Promise<Page<User>>;
  /**
   * The resources of a kind the actor may read (KA-5, KA-9, KA-11), through the query plan of `<kind>.read`:
   * all of them, or only their own.
   *
   * @throws {@link PolityError} `invalid_input`, also when the profile declares no `<kind>.read`.
   */
  resources(input: OversightResourcesInput): Promise<Page<Resource>>;
  /**
   * Changes who oversees an existing user (KA-4, KA-10): platform admins only, on the organisation's official
   * request, whose reference goes into the audit trail. The new manager holds the manager role in the user's
   * organisation. Both the new manager and the user are told.
   *
   * @throws {@link PolityError} `invalid_input` (a manager who is not one, or the user themselves); `not_found`;
   *   `forbidden` unless `user.assign_manager` is allowed.
   */
  assignManager(input: AssignManagerInput): Promise<User>;
  /**
   * Removes a user from the actor's oversight (KA-11): the user leaves the organisation (their roles in it are
   * removed), and their resources stay visible to the actor. Where the profile counts named licences, the
   * licence the user held or reserved goes back to the organisation's pool in the same transaction (MB-12).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless `user.remove_from_oversight` is allowed.
   */
  remove(input: RemoveFromOversightInput): Promise<User>;
}

function invalid(path: string, message: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

async function myUsers(context: ServiceContext, actorId: string, input: MyUsersInput): Promise<Page<User>> {
  const data = parseWith(myUsersInputSchema, input, 'input of oversight.myUsers') ?? {};
  return runCommand(context, actorId, { action: 'user.read_profile' }, async (tx, actor) => {
    const plan = context.policy.plan(actor.principal, 'user.read_profile', 'user');
    return tx.users.list(
      listQuery(where.and(plan, where.eq('managerId', actor.user.id), where.isNull('deletedAt'), ...userStateWhere(data.state)), [{ field: 'id' }], data),
    );
  });
}

async function resources(context: ServiceContext, actorId: string, input: OversightResourcesInput): Promise<Page<Resource>> {
  const data = parseWith(oversightResourcesInputSchema, input, 'input of oversight.resources');
  const action = `${data.kind}.read`;
  if (!context.policy.hasAction(action)) throw invalid('kind', `${context.profile.name} declares no ${action}`, 'unknown_action');
  return runCommand(context, actorId, { action }, async (tx, actor) => {
    const plan = context.policy.plan(actor.principal, action, data.kind);
    const own = data.owner === 'own' ? [where.eq('ownerId', actor.user.id)] : [];
    return tx.resources.list(listQuery(where.and(plan, where.eq('kind', data.kind), ...own), [{ field: 'id' }], data));
  });
}

async function assignManager(context: ServiceContext, actorId: string, input: AssignManagerInput): Promise<User> {
  const data = parseWith(assignManagerInputSchema, input, 'input of oversight.assignManager');
  if (data.managerId === data.userId) throw invalid('managerId', 'a user does not oversee themselves', 'self_oversight');
  return runCommand(context, actorId, { action: 'user.assign_manager' }, async (tx, actor) => {
    const { user, facts } = await loadUser(tx, data.userId);
    authorise(context, actor, 'user.assign_manager', userResources(context, user, facts));
    const role = managerRole(context.profile);
    if (role === null) throw invalid('managerId', `${context.profile.name} has no managers overseeing users`, 'no_oversight');
    let manager: User | null = null;
    if (data.managerId !== null) {
      manager = (await loadUser(tx, data.managerId)).user;
      const holds = await tx.assignments.count(
        where.and(where.eq('userId', manager.id), where.eq('role', role), where.eq('organisationId', user.organisationId ?? ''), where.eq('status', 'active')),
      );
      if (holds === 0 || user.organisationId === null) throw invalid('managerId', `user ${manager.id} is not a ${role} of the user's organisation`, 'not_a_manager');
    }
    if (user.managerId === data.managerId) return user;
    const now = context.clock.now();
    const updated = await tx.users.update(user.id, { managerId: data.managerId, updatedAt: now });
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: actor.user.id,
      action: 'oversight.assign',
      targetType: 'user',
      targetId: user.id,
      summary: `${data.managerId === null ? 'left user unassigned' : `assigned the user to manager ${data.managerId}`} on official request ${data.officialRequest} (KA-4)`,
      changes: { managerId: data.managerId, previousManagerId: user.managerId, officialRequest: data.officialRequest },
    });
    if (manager !== null) {
      await notifyUser(tx, context, manager, 'oversight.user_assigned', { userId: user.id, givenName: user.givenName, familyName: user.familyName, email: user.email });
    }
    await notifyUser(tx, context, updated, 'oversight.manager_changed', { managerId: data.managerId, ...(manager === null ? {} : { manager: `${manager.givenName} ${manager.familyName}` }) });
    return updated;
  });
}

async function remove(context: ServiceContext, actorId: string, input: RemoveFromOversightInput): Promise<User> {
  const data = parseWith(removeFromOversightInputSchema, input, 'input of oversight.remove');
  return runCommand(context, actorId, { action: 'user.remove_from_oversight' }, async (tx, actor) => {
    const { user, facts } = await loadUser(tx, data.userId);
    authorise(context, actor, 'user.remove_from_oversight', userResources(context, user, facts));
    const organisationId = user.organisationId;
    if (organisationId === null) throw new PolityError('conflict', 'the user belongs to no organisation', { details: { constraint: 'oversight.no_organisation' } });
    const now = context.clock.now();
    const managerId = user.managerId ?? actor.user.id;
    // KA-11: leaving the oversight is leaving the organisation; the former manager keeps seeing the resources.
    await tx.assignments.guardedUpdate({
      where: where.and(where.eq('userId', user.id), where.eq('organisationId', organisationId), where.not(where.eq('status', 'removed'))),
      set: { status: 'removed', updatedAt: now },
    });
    const existing = await tx.formerOversights.findOne(where.and(where.eq('managerId', managerId), where.eq('userId', user.id)));
    if (existing === null) {
      await tx.formerOversights.insert({ id: context.ids.id('oversight'), organisationId, managerId, userId: user.id, endedById: actor.user.id, endedAt: now });
    } else {
      await tx.formerOversights.update(existing.id, { organisationId, endedById: actor.user.id, endedAt: now });
    }
    const updated = await tx.users.update(user.id, { organisationId: null, managerId: null, updatedAt: now });
    // MB-12: with no organisation and no role, the person holds no named licence: it goes back to the pool.
    await settleSeat(tx, context, updated, actor.user.id);
    await appendAudit(tx, context, {
      organisationId,
      actorId: actor.user.id,
      action: 'oversight.remove',
      targetType: 'user',
      targetId: user.id,
      summary: `removed ${user.email} from the oversight of ${managerId} and from the organisation; their resources stay visible to that manager (KA-11)`,
      changes: { organisationId: null, previousOrganisationId: organisationId, managerId: null, previousManagerId: user.managerId },
    });
    return updated;
  });
}

/** Builds `actor.oversight` for one acting user. */
export function oversightApi(context: ServiceContext, actorId: string): OversightApi {
  return {
    myUsers: (input) => myUsers(context, actorId, input),
    resources: (input) => resources(context, actorId, input),
    assignManager: (input) => assignManager(context, actorId, input),
    remove: (input) => remove(context, actorId, input),
  };
}
