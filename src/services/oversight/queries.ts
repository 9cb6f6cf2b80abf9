/**
 * What a manager reads of the people they oversee (KA-5, KA-9, KA-11): "my users" and the resources the
 * policy lets them read, both through query plans.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { invalidInput } from '../../errors';
import { userStateWhere } from '../accounts/user-states';
import { defineQuery } from '../kernel/define';
import { listQuery } from '../kernel/paging';
import { myUsersInputSchema, oversightResourcesInputSchema } from './inputs';

/** `oversight.myUsers` (KA-9): the users (and managers) assigned to the actor, through the plan of `user.read_profile`. */
export const myUsers = defineQuery({
  name: 'oversight.myUsers',
  input: myUsersInputSchema,
  action: 'user.read_profile',
  resource: 'plan',
  async run({ tx, input, actor, policy }) {
    const page = input ?? {};
    const plan = await policy.plan('user.read_profile', 'user');
    return tx.users.list(listQuery(where.and(plan, where.eq('managerId', actor.user.id), where.isNull('deletedAt'), ...userStateWhere(page.state)), [{ field: 'id' }], page));
  },
});

/** `oversight.resources` (KA-5, KA-9, KA-11): the resources of a kind the actor may read, all or own. */
export const oversightResources = defineQuery({
  name: 'oversight.resources',
  input: oversightResourcesInputSchema,
  // `precheck` refuses a kind the profile declares no `<kind>.read` for.
  action: (input) => `${input.kind}.read`,
  precheck: (input, context) => {
    const action = `${input.kind}.read`;
    if (!context.policy.hasAction(action)) throw invalidInput('kind', `${context.profile.name} declares no ${action}`, 'unknown_action');
  },
  resource: 'plan',
  async run({ tx, input, actor, policy }) {
    const plan = await policy.plan(`${input.kind}.read`, input.kind);
    const own = input.owner === 'own' ? [where.eq('ownerId', actor.user.id)] : [];
    return tx.resources.list(listQuery(where.and(plan, where.eq('kind', input.kind), ...own), [{ field: 'id' }], input));
  },
});
