/**
 * The account lifecycle as commands (EP-9, EP-11, EP-12, EP-16, EP-17, MB-1, MB-5): deactivate, reactivate,
 * delete, resend the activation e-mail, change the e-mail address. Each goes through the policy, then the
 * account machine, then writes the patch and carries out the effects in one transaction.
 *
 * @module
 */
import { z } from 'zod';
import { where } from '../domain/filter';
import { emailSchema, idSchema, normaliseEmail } from '../domain/primitives';
import type { User } from '../domain/user';
import { parseWith } from '../domain/validate';
import { isPolityError, PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import { accountMachine, accountPatch, accountState, type AccountEffect, type AccountEventType } from '../workflows/account-machine';
import { transitionOrThrow } from '../workflows/machine';
import { assertMailboxAllowed } from './accounts';
import { accountRolesFor } from './account-roles';
import { runCommand } from './acting';
import { appendAudit } from './audit';
import { authorise } from './authorise';
import type { ServiceContext } from './context';
import { settleSeat } from './licence-seats';
import type { LoadedPrincipal } from './principal';
import { issueActivation, revokeActivations } from './tokens';
import { loadUser, userResources, type UserFacts } from './user-facts';

/** Input of the commands that act on one account: deactivate, reactivate, delete, resend. */
export const userTargetInputSchema = z.strictObject({ userId: idSchema });
/** Input of {@link UsersApi.deactivate}, {@link UsersApi.reactivate}, {@link UsersApi.delete}, {@link UsersApi.resendActivation}. */
export type UserTargetInput = z.input<typeof userTargetInputSchema>;

/** Input of {@link UsersApi.changeEmail}. */
export const changeEmailInputSchema = z.strictObject({ userId: idSchema, email: emailSchema });
/** Input of {@link UsersApi.changeEmail}. */
export type ChangeEmailInput = z.input<typeof changeEmailInputSchema>;

/** What a resend did. */
export interface ResendResult {
  /** The address the new link goes to, or `null` when no mail was written (a deactivated account, EP-11). */
  readonly sentTo: string | null;
  /** When the new link stops working. */
  readonly expiresAt: Date;
}

/** The policy action and the machine event of each lifecycle command. */
const commands = {
  deactivate: { action: 'user.deactivate', event: 'deactivate', verb: 'deactivated' },
  reactivate: { action: 'user.activate', event: 'reactivate', verb: 'reactivated' },
  delete: { action: 'user.delete', event: 'delete', verb: 'deleted' },
} as const satisfies Record<string, { action: string; event: AccountEventType; verb: string }>;

/**
 * Carries out the account machine's effects that concern the account itself. The licence effects settle the
 * person's seat on the account as just written (MB-3, MB-5, MB-12; a no-op in profiles that count no
 * licences): `claim_licence` may fail with `limit_exceeded`, rolling the whole command back.
 */
async function applyEffects(tx: StoreSession, context: ServiceContext, user: User, effects: readonly AccountEffect[], purpose: 'activation' | 'email_change', actorId: string): Promise<string | null> {
  let sentTo: string | null = null;
  for (const effect of effects) {
    switch (effect.type) {
      case 'send_activation':
        sentTo = (await issueActivation(tx, context, user, { purpose })).sentTo;
        // A pending account's reservation follows its link (a changed address gets a new one).
        await settleSeat(tx, context, user, actorId);
        break;
      case 'claim_licence':
      case 'release_licence':
        await settleSeat(tx, context, user, actorId);
        break;
    }
  }
  return sentTo;
}

/** What a lifecycle command needs once loaded and authorised. */
interface Authorised {
  readonly user: User;
  readonly facts: UserFacts;
  readonly roles: ReturnType<typeof accountRolesFor>;
}

async function loadAndAuthorise(tx: StoreSession, context: ServiceContext, actor: LoadedPrincipal, userId: string, action: string, meetings: boolean): Promise<Authorised> {
  const { user, facts } = await loadUser(tx, userId, { meetings });
  const resource = authorise(context, actor, action, userResources(context, user, facts));
  return { user, facts, roles: accountRolesFor(context, actor, user, action, resource) };
}

async function lifecycle(context: ServiceContext, actorId: string, input: UserTargetInput, name: keyof typeof commands): Promise<User> {
  const data = parseWith(userTargetInputSchema, input, `input of users.${name}`);
  const { action, event, verb } = commands[name];
  return runCommand(context, actorId, { action }, async (tx, actor) => {
    if (name === 'delete' && data.userId === actor.user.id) {
      // Nobody deletes themselves: the account machine gives `delete` to administrators only.
      throw new PolityError('forbidden', 'nobody deletes their own account', {
        details: { action, explanation: { reason: 'self_delete', summary: 'Nobody deletes their own account; ask an administrator.' } },
      });
    }
    const { user, facts, roles } = await loadAndAuthorise(tx, context, actor, data.userId, action, name === 'delete');
    const from = accountState(user);
    const result = transitionOrThrow(accountMachine, from, { type: event }, {
      context: { hasMeetings: facts.hasMeetings ?? true, identitySource: user.identitySource },
      roles,
    });
    const now = context.clock.now();
    const updated = await tx.users.update(user.id, { ...accountPatch(from, result.state, now), updatedAt: now });
    await applyEffects(tx, context, updated, result.effects, 'activation', actor.user.id);
    if (name === 'delete') {
      // A deleted account keeps no role and no usable link; users it oversaw are overseen by nobody (KA-4).
      await tx.assignments.guardedUpdate({ where: where.and(where.eq('userId', user.id), where.not(where.eq('status', 'removed'))), set: { status: 'removed', updatedAt: now } });
      await revokeActivations(tx, user.id, now);
      await tx.users.guardedUpdate({ where: where.eq('managerId', user.id), set: { managerId: null, updatedAt: now } });
    }
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: actor.user.id,
      action: `user.${name}`,
      targetType: 'user',
      targetId: user.id,
      summary: `${verb} the account of ${user.email}`,
      changes: { state: result.state, previousState: from },
    });
    return updated;
  });
}

/**
 * Sends the activation e-mail of a pending account again, as an administrator. See {@link UsersApi.resendActivation}.
 *
 * @throws {@link PolityError} as {@link UsersApi.resendActivation}.
 */
export async function resendActivation(context: ServiceContext, actorId: string, input: UserTargetInput): Promise<ResendResult> {
  const data = parseWith(userTargetInputSchema, input, 'input of users.resendActivation');
  return runCommand(context, actorId, { action: 'user.resend_activation' }, async (tx, actor) => {
    const { user, roles } = await loadAndAuthorise(tx, context, actor, data.userId, 'user.resend_activation', false);
    return resend(tx, context, actor, user, roles);
  });
}

/** The resend itself, shared with `actor.account.resendActivation()`. */
export async function resend(tx: StoreSession, context: ServiceContext, actor: LoadedPrincipal, user: User, roles: Authorised['roles']): Promise<ResendResult> {
  const from = accountState(user);
  transitionOrThrow(accountMachine, from, { type: 'resend_activation' }, { context: { hasMeetings: false, identitySource: user.identitySource }, roles });
  const issued = await issueActivation(tx, context, user, { purpose: 'activation', resend: true });
  // The reservation follows the new link: extended, or taken again if it lapsed (`limit_exceeded` when none is free).
  await settleSeat(tx, context, user, actor.user.id);
  await appendAudit(tx, context, {
    organisationId: user.organisationId,
    actorId: actor.user.id,
    action: 'user.resend_activation',
    targetType: 'user',
    targetId: user.id,
    summary: `sent a new activation link to ${user.email}; earlier links no longer work`,
    changes: { expiresAt: issued.token.expiresAt.toISOString() },
  });
  return { sentTo: issued.sentTo, expiresAt: issued.token.expiresAt };
}

/**
 * Changes an account's e-mail address. See {@link UsersApi.changeEmail}.
 *
 * @throws {@link PolityError} as {@link UsersApi.changeEmail}.
 */
export async function changeEmail(context: ServiceContext, actorId: string, input: ChangeEmailInput): Promise<User> {
  const data = parseWith(changeEmailInputSchema, input, 'input of users.changeEmail');
  assertMailboxAllowed(context.profile, data.email, 'email');
  return runCommand(context, actorId, { action: 'user.change_email' }, async (tx, actor) => {
    const { user, roles } = await loadAndAuthorise(tx, context, actor, data.userId, 'user.change_email', false);
    if (normaliseEmail(user.email) === normaliseEmail(data.email)) return user;
    const from = accountState(user);
    const result = transitionOrThrow(accountMachine, from, { type: 'change_email' }, { context: { hasMeetings: false, identitySource: user.identitySource }, roles });
    const now = context.clock.now();
    let updated: User;
    try {
      updated = await tx.users.update(user.id, { email: data.email, ...accountPatch(from, result.state, now), updatedAt: now });
    } catch (error) {
      if (isPolityError(error, 'conflict') && error.details?.constraint === 'users.email') {
        throw new PolityError('conflict', `e-mail in use: ${data.email} already has an account`, { details: { constraint: 'users.email', field: 'email' }, cause: error });
      }
      throw error;
    }
    // The new address must be confirmed again (EP-8): the link goes there, older links stop working.
    await applyEffects(tx, context, updated, result.effects, 'email_change', actor.user.id);
    await appendAudit(tx, context, {
      organisationId: user.organisationId,
      actorId: actor.user.id,
      action: 'user.change_email',
      targetType: 'user',
      targetId: user.id,
      summary: `changed the e-mail address of user ${user.id}; the new address awaits confirmation`,
      changes: { email: data.email, previousEmail: user.email, state: result.state },
    });
    return updated;
  });
}

/** Deactivates an account. See {@link UsersApi.deactivate}. @throws {@link PolityError} as {@link UsersApi.deactivate}. */
export function deactivateUser(context: ServiceContext, actorId: string, input: UserTargetInput): Promise<User> {
  return lifecycle(context, actorId, input, 'deactivate');
}

/** Reactivates an account. See {@link UsersApi.reactivate}. @throws {@link PolityError} as {@link UsersApi.reactivate}. */
export function reactivateUser(context: ServiceContext, actorId: string, input: UserTargetInput): Promise<User> {
  return lifecycle(context, actorId, input, 'reactivate');
}

/** Deletes an account. See {@link UsersApi.delete}. @throws {@link PolityError} as {@link UsersApi.delete}. */
export function deleteUser(context: ServiceContext, actorId: string, input: UserTargetInput): Promise<User> {
  return lifecycle(context, actorId, input, 'delete');
}
