/**
 * Reading and editing accounts: a user's view (EP-14, KA-5), the users of an organisation, profile fields
 * (MB-11, SC-9) and the work phone (SC-7).
 *
 * @module
 */
import { z } from 'zod';
import { where, type Filter } from '../domain/filter';
import { countrySchema, idSchema, languageSchema, nameSchema, phoneSchema, timeZoneSchema } from '../domain/primitives';
import { taxCodeSchema, type User } from '../domain/user';
import { parseWith } from '../domain/validate';
import type { Page } from '../ports/store';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { allows, authorise } from './authorise';
import type { ServiceContext } from './context';
import { countsLicences, readSummary, type LicenceSummary } from './licence-pool';
import { loadOrganisation } from './organisation-guards';
import { listQuery, pageInputShape } from './paging';
import { viewOf, type UserView } from './privacy';
import { assignmentsOf, loadUser, userResources } from './user-facts';

/** Input of {@link UsersApi.get}. */
export const getUserInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link UsersApi.get}. */
export type GetUserInput = z.input<typeof getUserInputSchema>;

/** Account states a list may be filtered by. */
export const userStateFilters = ['pending', 'confirmed', 'active', 'inactive'] as const;

/** Input of {@link UsersApi.list}. */
export const listUsersInputSchema = z.strictObject({
  organisationId: idSchema,
  /** `pending` (e-mail not confirmed), `confirmed`, `active` or `inactive`. */
  state: z.enum(userStateFilters).optional(),
  ...pageInputShape,
});
/** Input of {@link UsersApi.list}. */
export type ListUsersInput = z.input<typeof listUsersInputSchema>;

/**
 * Input of {@link UsersApi.update}: profile fields (MB-11, SC-6). The organisation is fixed (MB-11), the e-mail
 * has its own command, the work phone too (SC-7); a tax code change is asked of the policy
 * (`user.change_tax_code`, forbidden by SC-9), names too (`user.update_name`, SC-9).
 */
export const updateUserInputSchema = z
  .strictObject({
    userId: idSchema,
    title: z.string().trim().max(32, 'a title has at most 32 characters').nullable().optional(),
    givenName: nameSchema.optional(),
    familyName: nameSchema.optional(),
    taxCode: taxCodeSchema.optional(),
    phone: phoneSchema.nullable().optional(),
    country: countrySchema.nullable().optional(),
    postcode: z.string().trim().min(1, 'a postcode cannot be empty').max(16, 'a postcode has at most 16 characters').nullable().optional(),
    /** An IANA time zone (MB-11). */
    timeZone: timeZoneSchema.optional(),
    language: languageSchema.optional(),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'userId'), { path: ['userId'], message: 'give at least one field to change', params: { reason: 'nothing_to_change' } });
/** Input of {@link UsersApi.update}. */
export type UpdateUserInput = z.input<typeof updateUserInputSchema>;

/** Input of {@link UsersApi.setWorkPhone}. */
export const setWorkPhoneInputSchema = z.strictObject({ userId: idSchema, workPhone: phoneSchema.nullable() });
/** Input of {@link UsersApi.setWorkPhone}. */
export type SetWorkPhoneInput = z.input<typeof setWorkPhoneInputSchema>;

/**
 * A user as the actor may see them. See {@link UsersApi.get}.
 *
 * @throws {@link PolityError} as {@link UsersApi.get}.
 */
export async function getUser(context: ServiceContext, actorId: string, input: GetUserInput): Promise<UserView> {
  const data = parseWith(getUserInputSchema, input, 'input of users.get');
  return runCommand(context, actorId, { action: 'user.read_profile' }, async (tx, actor) => {
    const { user, facts } = await loadUser(tx, data.userId);
    const view = viewOf(context, actor, user, facts);
    if (view !== null) return view;
    authorise(context, actor, 'user.read_profile', userResources(context, user, facts));
    /* c8 ignore next */
    throw new Error('unreachable: authorise throws when nothing is visible');
  });
}

/** The store filter of an account-state filter (also used by "my users", KA-9). */
export function userStateWhere(state: (typeof userStateFilters)[number] | undefined): Filter[] {
  switch (state) {
    case undefined:
      return [];
    case 'pending':
      return [where.isNull('emailConfirmedAt')];
    case 'confirmed':
      return [where.not(where.isNull('emailConfirmedAt'))];
    case 'active':
      return [where.eq('active', true)];
    case 'inactive':
      return [where.eq('active', false)];
  }
}

/**
 * A page of an organisation's users; where the profile counts licences and the actor may see the pool
 * (`licence_pool.read`), the organisation's licence counts beside it (MB-2).
 */
export type UsersPage = Page<UserView> & {
  /** Licensed users against allocated licences (MB-2), as `actor.licences.summary` gives them; absent where the profile counts no licences or the actor may not see them. */
  readonly licences?: LicenceSummary;
};

/**
 * The users of an organisation, each as the actor may see them. See {@link UsersApi.list}.
 *
 * @throws {@link PolityError} as {@link UsersApi.list}.
 */
export async function listUsers(context: ServiceContext, actorId: string, input: ListUsersInput): Promise<UsersPage> {
  const data = parseWith(listUsersInputSchema, input, 'input of users.list');
  return runCommand(context, actorId, { action: 'user.read_profile' }, async (tx, actor) => {
    const organisation = await loadOrganisation(tx, data.organisationId);
    const scope = { kind: 'user', organisationId: organisation.id, unitId: null, productId: null };
    if (!allows(context, actor, 'user.create', scope)) authorise(context, actor, 'user.read_profile', scope);
    const page = await tx.users.list(
      listQuery(where.and(where.eq('organisationId', organisation.id), where.isNull('deletedAt'), ...userStateWhere(data.state)), [{ field: 'id' }], data),
    );
    const byUser = await assignmentsOf(tx, page.items.map((u) => u.id));
    const items: UserView[] = [];
    for (const user of page.items) {
      const view = viewOf(context, actor, user, { assignments: byUser.get(user.id) ?? [] });
      if (view !== null) items.push(view);
    }
    // MB-2: the list shows licensed users against allocated licences, counted in the same transaction.
    const licensed = countsLicences(context.profile) && allows(context, actor, 'licence_pool.read', { kind: 'licence_pool', organisationId: organisation.id });
    return licensed ? { items, nextCursor: page.nextCursor, licences: await readSummary(tx, organisation.id) } : { items, nextCursor: page.nextCursor };
  });
}

/**
 * Edits profile fields. See {@link UsersApi.update}.
 *
 * @throws {@link PolityError} as {@link UsersApi.update}.
 */
export async function updateUser(context: ServiceContext, actorId: string, input: UpdateUserInput): Promise<User> {
  const data = parseWith(updateUserInputSchema, input, 'input of users.update');
  return runCommand(context, actorId, { action: 'user.update' }, async (tx, actor) => {
    const { user, facts } = await loadUser(tx, data.userId);
    const resources = userResources(context, user, facts);
    const changes: Partial<Omit<User, 'id'>> = {};
    for (const field of ['title', 'givenName', 'familyName', 'taxCode', 'phone', 'country', 'postcode', 'timeZone', 'language'] as const) {
      const value = data[field];
      if (value !== undefined && value !== user[field]) (changes as Record<string, unknown>)[field] = value;
    }
    const fields = Object.keys(changes);
    if (fields.length === 0) {
      authorise(context, actor, 'user.update', resources);
      return user;
    }
    // Each kind of change is its own decision, so a profile can forbid one (SC-9) and allow the rest.
    if (changes.givenName !== undefined || changes.familyName !== undefined) authorise(context, actor, 'user.update_name', resources);
    if (changes.taxCode !== undefined) authorise(context, actor, 'user.change_tax_code', resources);
    if (fields.some((f) => f !== 'givenName' && f !== 'familyName' && f !== 'taxCode')) authorise(context, actor, 'user.update', resources);
    const updated = await tx.users.update(user.id, { ...changes, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: actor.user.id,
      action: 'user.update',
      targetType: 'user',
      targetId: user.id,
      summary: `changed ${fields.join(', ')} of user ${user.id}`,
      changes,
    });
    return updated;
  });
}

/**
 * Sets or clears the work phone (SC-7). See {@link UsersApi.setWorkPhone}.
 *
 * @throws {@link PolityError} as {@link UsersApi.setWorkPhone}.
 */
export async function setWorkPhone(context: ServiceContext, actorId: string, input: SetWorkPhoneInput): Promise<User> {
  const data = parseWith(setWorkPhoneInputSchema, input, 'input of users.setWorkPhone');
  return runCommand(context, actorId, { action: 'user.set_work_phone' }, async (tx, actor) => {
    const { user, facts } = await loadUser(tx, data.userId);
    authorise(context, actor, 'user.set_work_phone', userResources(context, user, facts));
    if (user.workPhone === data.workPhone) return user;
    const updated = await tx.users.update(user.id, { workPhone: data.workPhone, updatedAt: context.clock.now() });
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: actor.user.id,
      action: 'user.set_work_phone',
      targetType: 'user',
      targetId: user.id,
      summary: data.workPhone === null ? `cleared the work phone of user ${user.id}` : `set the work phone of user ${user.id}`,
      changes: { workPhone: data.workPhone },
    });
    return updated;
  });
}
