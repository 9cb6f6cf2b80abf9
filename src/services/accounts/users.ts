/**
 * Reading and editing accounts: a user's view (EP-14, KA-5), the users of an organisation, profile fields
 * (MB-11, SC-9) and the work phone (SC-7).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { User } from '../../domain/user';
import { internal } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import { defineCommand, defineQuery } from '../kernel/define';
import { collectAll, listQuery } from '../kernel/paging';
import { countsLicences, readSummary } from '../licences/pool';
import { getUserInputSchema, listUsersInputSchema, setWorkPhoneInputSchema, updateUserInputSchema, type UsersPage } from './inputs';
import { viewerFor, viewOf, type UserView } from './privacy';
import { assignmentsOf, loadUser, userResources } from './user-facts';
import { userStateWhere } from './user-states';

/**
 * `users.get`: the full profile or the reduced view. Which one is two decisions (`user.read_profile`, else
 * `user.create` in the user's organisation), so the body asks the policy, not the kernel; when neither
 * allows, the refusal explains `user.read_profile`.
 */
export const getUser = defineQuery({
  name: 'users.get',
  input: getUserInputSchema,
  action: 'user.read_profile',
  load: ({ tx, input }) => loadUser(tx, input.userId),
  resource: 'view',
  async run({ context, policy, loaded: { user, facts } }): Promise<UserView> {
    const view = await viewOf(context, policy, user, facts);
    if (view !== null) return view;
    await policy.authorise('user.read_profile', userResources(context, user, facts));
    /* c8 ignore next */
    throw internal('unreachable: authorise throws when nothing is visible');
  },
});

/**
 * `users.list`: the users of an organisation by id, each as the actor may see them. Listing at all needs
 * `user.create` or `user.read_profile` in the organisation (two actions: the body asks). Each row is a
 * policy decision too, made inside the Store's predicate so that a page is never short: the facts of every
 * user the filter matches, and the two principals for them, are read first, in the query's one snapshot.
 */
export const listUsers = defineQuery({
  name: 'users.list',
  input: listUsersInputSchema,
  action: 'user.read_profile',
  load: ({ work, input }) => work.organisation(input.organisationId),
  resource: 'view',
  async run({ tx, context, input, policy, loaded: organisation }): Promise<UsersPage> {
    const scope: PolicyResource = { kind: 'user', organisationId: organisation.id, unitId: null, productId: null };
    if (!(await policy.allows('user.create', scope))) await policy.authorise('user.read_profile', scope);
    const filter = where.and(where.eq('organisationId', organisation.id), where.isNull('deletedAt'), ...userStateWhere(input.state));
    const candidates = await collectAll(tx.users, filter, (user) => user);
    const byUser = await assignmentsOf(tx, candidates.map((user) => user.id));
    const factsOf = (user: User) => ({ assignments: byUser.get(user.id) ?? [] });
    const view = await viewerFor(context, policy, candidates.map((user) => ({ user, facts: factsOf(user) })));
    const page = await tx.users.list(listQuery(filter, [{ field: 'id' }], input, (user) => view(user, factsOf(user)) !== null));
    const items = page.items.map((user) => view(user, factsOf(user))).filter((item): item is UserView => item !== null);
    // MB-2: the list shows licensed users against allocated licences, counted in the same snapshot.
    const licensed = countsLicences(context.profile) && (await policy.allows('licence_pool.read', { kind: 'licence_pool', organisationId: organisation.id }));
    return licensed ? { items, nextCursor: page.nextCursor, licences: await readSummary(tx, organisation.id) } : { items, nextCursor: page.nextCursor };
  },
});

/** The profile fields `users.update` edits. */
const profileFields = ['title', 'givenName', 'familyName', 'taxCode', 'phone', 'country', 'postcode', 'timeZone', 'language'] as const;

/** The changes an update makes to the profile. */
type ProfileChanges = Partial<Pick<User, (typeof profileFields)[number]>>;

/** The profile fields an update changes: only those given and different from the account's. */
function profileChanges(user: User, input: Readonly<Partial<Record<(typeof profileFields)[number], unknown>>>): ProfileChanges {
  const changes: Record<string, unknown> = {};
  for (const field of profileFields) {
    const value = input[field];
    if (value !== undefined && value !== user[field]) changes[field] = value;
  }
  return changes as ProfileChanges;
}

/**
 * `users.update` (MB-11, SC-9). Each kind of change is its own decision, so a profile can forbid one (SC-9)
 * and allow the rest: names need `user.update_name`, a tax code `user.change_tax_code` (asked first, in that
 * order), then every edit `user.update`. The account is locked: a concurrent sign-in that makes the names
 * verified (SC-9) waits, or is waited for.
 */
export const updateUser = defineCommand({
  name: 'users.update',
  input: updateUserInputSchema,
  action: 'user.update',
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: ({ context, loaded: { user, facts } }) => userResources(context, user, facts),
  // Each kind of change is its own decision, so a profile can forbid one (SC-9) and allow the rest; a call
  // that changes nothing is asked as `user.update`.
  actions({ input, loaded: { user } }) {
    const fields = Object.keys(profileChanges(user, input));
    if (fields.length === 0) return ['user.update'];
    return [
      ...(fields.some((f) => f === 'givenName' || f === 'familyName') ? ['user.update_name'] : []),
      ...(fields.includes('taxCode') ? ['user.change_tax_code'] : []),
      ...(fields.some((f) => f !== 'givenName' && f !== 'familyName' && f !== 'taxCode') ? ['user.update'] : []),
    ];
  },
  async run({ tx, work, input, loaded: { user } }) {
    const changes = profileChanges(user, input);
    return Object.keys(changes).length === 0 ? user : tx.users.update(user.id, { ...changes, updatedAt: work.now });
  },
  audit: ({ input, loaded: { user } }) => {
    const changes = profileChanges(user, input);
    const fields = Object.keys(changes);
    if (fields.length === 0) return null;
    return { organisationId: user.organisationId, action: 'user.update', targetType: 'user', targetId: user.id, summary: `changed ${fields.join(', ')} of user ${user.id}`, changes };
  },
});

/** `users.setWorkPhone` (SC-7: only by its owner, while they hold an admin role). The account is locked. */
export const setWorkPhone = defineCommand({
  name: 'users.setWorkPhone',
  input: setWorkPhoneInputSchema,
  action: 'user.set_work_phone',
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: ({ context, loaded: { user, facts } }) => userResources(context, user, facts),
  run: async ({ tx, work, input, loaded: { user } }) => (user.workPhone === input.workPhone ? user : tx.users.update(user.id, { workPhone: input.workPhone, updatedAt: work.now })),
  audit: ({ input, loaded: { user } }) =>
    user.workPhone === input.workPhone
      ? null
      : {
          organisationId: user.organisationId,
          action: 'user.set_work_phone',
          targetType: 'user',
          targetId: user.id,
          summary: input.workPhone === null ? `cleared the work phone of user ${user.id}` : `set the work phone of user ${user.id}`,
          changes: { workPhone: input.workPhone },
        },
});
