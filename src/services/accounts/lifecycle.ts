/**
 * The account lifecycle as commands (EP-9, EP-11, EP-12, EP-16, EP-17, MB-1, MB-5): deactivate, reactivate,
 * delete, resend the activation e-mail, change the e-mail address. Each locks the account it decides on,
 * goes through the policy, then the account machine (which names the action each event is checked with),
 * then writes the patch and carries out the machine's effects through its one effect map.
 *
 * @module
 */
import { where } from '../../domain/filter';
import { normaliseEmail } from '../../domain/primitives';
import type { User } from '../../domain/user';
import { forbidden } from '../../errors';
import type { PolicyResource } from '../../policy/index';
import { accountMachine, accountPatch, accountState, type AccountEventType, type AccountRole } from '../../workflows/account-machine';
import { actionOf, transitionOrThrow } from '../../workflows/machine';
import { defineCommand, type LoadedSteps } from '../kernel/define';
import type { AuditEntry, Work } from '../kernel/work';
import { applyAccountEffects, carryOutAccountEffects } from './account-effects';
import { changeEmailInputSchema, userTargetInputSchema, type ResendResult } from './inputs';
import { accountRolesFor } from './machine-roles';
import { asEmailInUse, assertMailboxAllowed } from './new-account';
import { revokeActivations } from './tokens';
import { loadUser, userResources, type UserFacts } from './user-facts';

/** What a lifecycle command loads: the target account, locked, with its facts. */
type Target = LoadedSteps<unknown, { readonly user: User; readonly facts: UserFacts }>;

/** The target account as policy resources (one variant per unit and product it holds a role in, SC-9). */
function targetResources({ context, loaded }: Target): PolicyResource[] {
  return userResources(context, loaded.user, loaded.facts);
}

/**
 * What a deleted account leaves behind: no role, no usable link, and the users it oversaw are overseen by
 * nobody (KA-4). Shared with housekeeping's purge.
 */
export async function retireAccount(work: Work, userId: string): Promise<void> {
  const { tx, now } = work;
  await tx.assignments.guardedUpdate({ where: where.and(where.eq('userId', userId), where.not(where.eq('status', 'removed'))), set: { status: 'removed', updatedAt: now } });
  await revokeActivations(work, userId);
  await tx.users.guardedUpdate({ where: where.eq('managerId', userId), set: { managerId: null, updatedAt: now } });
}

/** The audit event of a state change: the states before and after. */
function stateAudit(action: string, summary: string, before: User, after: User): AuditEntry {
  return { organisationId: before.organisationId, action, targetType: 'user', targetId: before.id, summary, changes: { state: accountState(after), previousState: accountState(before) } };
}

/**
 * `users.deactivate` / `users.reactivate` / `users.delete`: the account is locked, so two changes of one
 * account (a deactivation and a deletion, two reactivations) run one after the other. Reactivating takes a
 * licence through the pool's guarded write (MB-3).
 */
function lifecycleCommand(event: Extract<AccountEventType, 'deactivate' | 'reactivate' | 'delete'>, verb: string) {
  const action = actionOf(accountMachine, event);
  return defineCommand({
    name: `users.${event}`,
    input: userTargetInputSchema,
    action,
    load: ({ tx, input, actor }) => {
      // Nobody deletes themselves: the account machine gives `delete` to administrators only.
      if (event === 'delete' && input.userId === actor.user.id) {
        throw forbidden(action, 'self_delete', { summary: 'Nobody deletes their own account; ask an administrator.', reason: 'self_delete' });
      }
      return loadUser(tx, input.userId, { lock: 'update', meetings: event === 'delete' });
    },
    resource: targetResources,
    async run({ tx, work, actor, policy, loaded: { user, facts }, resource }) {
      const roles = await accountRolesFor(policy, actor, user, action, resource!);
      const from = accountState(user);
      const result = transitionOrThrow(accountMachine, from, { type: event }, { context: { hasMeetings: facts.hasMeetings ?? true, identitySource: user.identitySource }, roles });
      const updated = await tx.users.update(user.id, { ...accountPatch(from, result.state, work.now), updatedAt: work.now });
      await applyAccountEffects(result.effects, { work, user: updated, purpose: 'activation' });
      if (event === 'delete') await retireAccount(work, user.id);
      return updated;
    },
    audit: ({ loaded: { user } }, updated) => stateAudit(`user.${event}`, `${verb} the account of ${user.email}`, user, updated),
  });
}

/** `users.deactivate` (EP-11, MB-4, MB-5). */
export const deactivateUser = lifecycleCommand('deactivate', 'deactivated');
/** `users.reactivate` (MB-3, MB-5). */
export const reactivateUser = lifecycleCommand('reactivate', 'reactivated');
/** `users.delete` (EP-16, MB-1; EP-11: never an account that created or joined a meeting). */
export const deleteUser = lifecycleCommand('delete', 'deleted');

/**
 * A new activation link for a pending account (EP-9), shared with `actor.account.resendActivation()`: the
 * machine says whether the account may get one, the effect issues it (throttled: `rate_limited`), and the
 * licence reservation follows the new link: extended, or taken again if it lapsed (`limit_exceeded` when
 * none is free). The caller has locked the account, so two resends never both pass the throttle.
 */
export async function resend(work: Work, user: User, roles: readonly AccountRole[]): Promise<ResendResult> {
  const result = transitionOrThrow(accountMachine, accountState(user), { type: 'resend_activation' }, { context: { hasMeetings: false, identitySource: user.identitySource }, roles });
  const { sentTo, token } = await carryOutAccountEffects(result.effects, { work, user, purpose: 'activation', resend: true });
  // `resend_activation` always sends a link: its effect map issued one.
  return { sentTo, expiresAt: token!.expiresAt };
}

/** The audit event of a resend. */
export function resendAudit(user: User, result: ResendResult): AuditEntry {
  return {
    organisationId: user.organisationId,
    action: 'user.resend_activation',
    targetType: 'user',
    targetId: user.id,
    summary: `sent a new activation link to ${user.email}; earlier links no longer work`,
    changes: { expiresAt: result.expiresAt.toISOString() },
  };
}

/** `users.resendActivation` (EP-9), as an administrator of the account. */
export const resendActivation = defineCommand({
  name: 'users.resendActivation',
  input: userTargetInputSchema,
  action: actionOf(accountMachine, 'resend_activation'),
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: targetResources,
  run: async ({ work, actor, policy, loaded: { user }, resource }) => resend(work, user, await accountRolesFor(policy, actor, user, 'user.resend_activation', resource!)),
  audit: ({ loaded: { user } }, result) => resendAudit(user, result),
});

/** Whether two addresses are the same, as the `users.email` constraint compares them. */
function sameAddress(a: string, b: string): boolean {
  return normaliseEmail(a) === normaliseEmail(b);
}

/**
 * `users.changeEmail` (SC-9, EP-12, EP-8): the new address must be confirmed again, so a link goes there
 * and older links stop working. The account is locked; the `users.email` unique constraint keeps one
 * account per address.
 */
export const changeEmail = defineCommand({
  name: 'users.changeEmail',
  input: changeEmailInputSchema,
  action: actionOf(accountMachine, 'change_email'),
  precheck: (input, context) => assertMailboxAllowed(context.profile, input.email, 'email'),
  load: ({ tx, input }) => loadUser(tx, input.userId, { lock: 'update' }),
  resource: targetResources,
  async run({ tx, work, input, actor, policy, loaded: { user }, resource }) {
    if (sameAddress(user.email, input.email)) return user;
    const roles = await accountRolesFor(policy, actor, user, 'user.change_email', resource!);
    const from = accountState(user);
    const result = transitionOrThrow(accountMachine, from, { type: 'change_email' }, { context: { hasMeetings: false, identitySource: user.identitySource }, roles });
    let updated: User;
    try {
      updated = await tx.users.update(user.id, { email: input.email, ...accountPatch(from, result.state, work.now), updatedAt: work.now });
    } catch (error) {
      throw asEmailInUse(error, 'e-mail in use: the address already has an account');
    }
    await applyAccountEffects(result.effects, { work, user: updated, purpose: 'email_change' });
    return updated;
  },
  audit: ({ input, loaded: { user } }, updated) =>
    sameAddress(user.email, input.email)
      ? null
      : {
          organisationId: user.organisationId,
          action: 'user.change_email',
          targetType: 'user',
          targetId: user.id,
          summary: `changed the e-mail address of user ${user.id}; the new address awaits confirmation`,
          changes: { email: input.email, previousEmail: user.email, state: accountState(updated) },
        },
});
