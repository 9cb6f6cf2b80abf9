/**
 * The account lifecycle: e-mail confirmation (EP-8, EP-9) and the active flag (EP-11, MB-12) are two
 * independent flags, so an account is in one of four live states (pending or confirmed × active or
 * inactive) until it is deleted, which is final.
 *
 * The state is not stored: {@link accountState} derives it from a user's `emailConfirmedAt`, `active` and
 * `deletedAt`, and {@link accountPatch} says which of those fields a transition changes. Services apply the
 * patch with the Clock's time and carry out the effects (activation mail through the outbox, licence seat).
 *
 * @module
 */
import type { User } from '../domain/user';
import { defineMachine } from './machine';

/** The account states, in the order docs list them. */
export const accountStates = ['pending_active', 'pending_inactive', 'confirmed_active', 'confirmed_inactive', 'deleted'] as const;

/**
 * Where an account is. `pending_*`: the e-mail is not confirmed yet (EP-9); `*_active`: the active flag is on
 * (EP-11: may sign in; MB-12: holds a licence); `deleted`: final.
 */
export type AccountState = (typeof accountStates)[number];

/**
 * The abstract roles that fire account events; services map the profile's real roles onto them.
 *
 * - `self`: the account's owner acting on their own account.
 * - `organisation_admin`: an administrator of the account's organisation (e:Presence organisation coordinator,
 *   Mégalis administrator, 1KA manager of the user …).
 * - `platform_admin`: platform staff (super admin, concierge, support).
 */
export const accountRoles = ['self', 'organisation_admin', 'platform_admin'] as const;

/** One of {@link accountRoles}. */
export type AccountRole = (typeof accountRoles)[number];

/**
 * The account events. None carries data: the new address of `change_email` is written by the service, the
 * machine only decides that it must be confirmed again.
 */
export type AccountEvent =
  | {
      /** The owner followed the activation link (EP-8, EP-9). */
      readonly type: 'confirm_email';
    }
  | {
      /** Send the activation link again, while pending (EP-9). */
      readonly type: 'resend_activation';
    }
  | {
      /** Turn the active flag off (EP-11, MB-4, MB-5). */
      readonly type: 'deactivate';
    }
  | {
      /** Turn the active flag on again (MB-5). */
      readonly type: 'reactivate';
    }
  | {
      /** The e-mail address changed: it must be confirmed again (EP-8, EP-12). */
      readonly type: 'change_email';
    }
  | {
      /** Delete the account for good (EP-11, EP-16). */
      readonly type: 'delete';
    };

/** The account event types, in declaration order. */
export type AccountEventType = AccountEvent['type'];

/**
 * What a service does after an account transition, inside the same transaction.
 *
 * - `send_activation`: enqueue an "Account activation" mail with a confirmation link to the account's current
 *   address (after `change_email`, the new one) (EP-9, EP-13).
 * - `claim_licence`: take one of the organisation's named licences with the guarded write, failing with
 *   `limit_exceeded` at the cap (MB-3, MB-12). Profiles that count no licences ignore it.
 * - `release_licence`: give that licence back (MB-5, MB-12). Profiles that count no licences ignore it.
 */
export type AccountEffect =
  | {
      /** Enqueue the activation mail to the account's current address. */
      readonly type: 'send_activation';
    }
  | {
      /** Take a named licence (guarded write; `limit_exceeded` at the cap). */
      readonly type: 'claim_licence';
    }
  | {
      /** Give the named licence back. */
      readonly type: 'release_licence';
    };

/** The facts the account guards read; the service loads them before calling `transition`. */
export interface AccountContext {
  /** Whether the account ever created or joined a meeting (EP-11, EP-16). */
  readonly hasMeetings: boolean;
  /** Where the identity comes from; an `sso` e-mail cannot change (EP-12). */
  readonly identitySource: User['identitySource'];
}

/** Guard of `delete`: an account that created or joined a meeting may only be deactivated (EP-11, EP-16). */
const neverInAMeeting = {
  name: 'never_in_a_meeting',
  source: 'EP-11',
  seeAlso: ['EP-16'],
  description: 'an account that created or joined a meeting cannot be deleted, only deactivated',
  check: (context: AccountContext) => !context.hasMeetings,
} as const;

/** Guard of `change_email`: the address of a single-sign-on identity comes from the provider (EP-12). */
const localIdentity = {
  name: 'local_identity',
  source: 'EP-12',
  description: 'the e-mail address of a single-sign-on identity cannot be changed',
  check: (context: AccountContext) => context.identitySource === 'local',
} as const;

/** Who may administer an account: its organisation's administrators and platform staff (EP-11, EP-17, MB-1, MB-5). */
const administrators = ['organisation_admin', 'platform_admin'] as const satisfies readonly AccountRole[];

/**
 * The account lifecycle machine. Choices where the rules leave room, and why:
 *
 * - **Initial state `pending_active`.** EP-9: an account is created pending, with an activation mail, and active
 *   unless its creator says otherwise; creation is not an event here, the service creating a user sends that
 *   first activation mail itself. An account created inactive (a Mégalis user without a licence yet) is simply
 *   `pending_inactive` through {@link accountState}.
 * - **`confirm_email`** (pending → confirmed, the active flag unchanged, EP-9's independence): only `self`,
 *   since only the owner of the address holds the link (EP-8). An SSO account confirms like any other: EP-8
 *   asks every user for a confirmed address.
 * - **`resend_activation`** (only while pending, a self-transition with effect `send_activation`): the
 *   organisation admin may resend (EP-9), platform staff too, and `self`, because a person whose link
 *   expired would expect to ask for a new one. Rate limiting is the service's job (`rate_limited`).
 * - **`deactivate`** (active → inactive, any confirmation; effect `release_licence`): administrators (EP-11,
 *   MB-5) and `self`, for the administrator or delegated organiser who does not schedule and gives back
 *   their licence (MB-4). Which roles may deactivate *themselves* is the policy's call; the machine allows
 *   `self` at all.
 * - **`reactivate`** (inactive → active; effect `claim_licence`, which may fail at the cap, MB-3): administrators
 *   only. Not `self`: a deactivated user turning themselves back on would bypass the administrator's decision
 *   (MB-5); an administrator who deactivated themselves keeps their powers (MB-12) and reactivates as
 *   `organisation_admin`.
 * - **`change_email`** (a confirmed account goes back to pending, a pending one stays pending; effect
 *   `send_activation` to the new address): EP-8's open point, a changed local address must be confirmed
 *   again. Refused for SSO identities by guard `local_identity` (EP-12). Fired by `self` (SC-9: a user edits
 *   their own contact e-mail) and administrators (EP-11: the coordinator edits the account).
 * - **`delete`** (any live state → `deleted`, final): administrators (MB-1, EP-16, EP-17), guarded by
 *   `never_in_a_meeting` (EP-11, EP-16). An active account also releases its licence. Not `self`: no rule
 *   lets people delete their own account, and a deletion ends the audit trail's subject.
 *
 * @example
 * ```ts
 * import { accountMachine, accountPatch, accountState, transition } from 'polity';
 *
 * const user = { emailConfirmedAt: null, active: true, deletedAt: null };
 * const from = accountState(user); // 'pending_active'
 * const result = transition(accountMachine, from, { type: 'confirm_email' }, {
 *   context: { hasMeetings: false, identitySource: 'local' },
 *   roles: ['self'],
 * });
 * if (result.ok) {
 *   const patch = accountPatch(from, result.state, new Date('2025-01-01T00:00:00Z')); // { emailConfirmedAt: 2025-01-01 }
 * }
 * ```
 */
export const accountMachine = defineMachine({
  id: 'account',
  states: accountStates,
  initial: 'pending_active',
  final: ['deleted'],
  roles: accountRoles,
  types: {} as { context: AccountContext; events: AccountEvent; effects: AccountEffect },
  creation: {
    action: 'user.create',
    effects: [{ type: 'send_activation' }, { type: 'claim_licence' }],
    sources: ['EP-9', 'EP-13', 'KA-1', 'KA-8', 'MB-3', 'MB-12'],
    description: 'An account is created pending, active, with its first role; a licensed role reserves a licence until the link expires.',
  },
  events: {
    confirm_email: [
      {
        from: 'pending_active',
        to: 'confirmed_active',
        roles: ['self'],
        sources: ['EP-8', 'EP-9'],
        description: 'The owner follows the activation link.',
      },
      {
        from: 'pending_inactive',
        to: 'confirmed_inactive',
        roles: ['self'],
        sources: ['EP-8', 'EP-9'],
        description: 'The owner follows the link; the account stays inactive.',
      },
    ],
    resend_activation: [
      {
        from: 'pending_active',
        to: 'pending_active',
        roles: ['self', ...administrators],
        action: 'user.resend_activation',
        effects: [{ type: 'send_activation' }],
        sources: ['EP-9'],
        description: 'A new link goes to the same address.',
      },
      {
        from: 'pending_inactive',
        to: 'pending_inactive',
        roles: ['self', ...administrators],
        action: 'user.resend_activation',
        effects: [{ type: 'send_activation' }],
        sources: ['EP-9'],
        description: 'A new link goes to the same address.',
      },
    ],
    deactivate: [
      {
        from: 'pending_active',
        to: 'pending_inactive',
        roles: ['self', ...administrators],
        action: 'user.deactivate',
        effects: [{ type: 'release_licence' }],
        sources: ['EP-11', 'MB-4', 'MB-5', 'MB-12'],
        description: 'The confirmation stays pending.',
      },
      {
        from: 'confirmed_active',
        to: 'confirmed_inactive',
        roles: ['self', ...administrators],
        action: 'user.deactivate',
        effects: [{ type: 'release_licence' }],
        sources: ['EP-11', 'MB-4', 'MB-5', 'MB-12'],
        description: 'The confirmation is kept.',
      },
    ],
    reactivate: [
      {
        from: 'pending_inactive',
        to: 'pending_active',
        roles: administrators,
        action: 'user.activate',
        effects: [{ type: 'claim_licence' }],
        sources: ['MB-3', 'MB-5', 'MB-12'],
        description: 'Fails at the licence cap when the profile counts licences.',
      },
      {
        from: 'confirmed_inactive',
        to: 'confirmed_active',
        roles: administrators,
        action: 'user.activate',
        effects: [{ type: 'claim_licence' }],
        sources: ['MB-3', 'MB-5', 'MB-12'],
        description: 'Fails at the licence cap when the profile counts licences.',
      },
    ],
    change_email: [
      {
        from: ['pending_active', 'confirmed_active'],
        to: 'pending_active',
        guard: localIdentity,
        roles: ['self', ...administrators],
        action: 'user.change_email',
        effects: [{ type: 'send_activation' }],
        sources: ['EP-8', 'EP-12', 'SC-9'],
        description: 'A changed local address must be confirmed again.',
      },
      {
        from: ['pending_inactive', 'confirmed_inactive'],
        to: 'pending_inactive',
        guard: localIdentity,
        roles: ['self', ...administrators],
        action: 'user.change_email',
        effects: [{ type: 'send_activation' }],
        sources: ['EP-8', 'EP-12', 'SC-9'],
        description: 'A changed local address must be confirmed again.',
      },
    ],
    delete: [
      {
        from: ['pending_active', 'confirmed_active'],
        to: 'deleted',
        guard: neverInAMeeting,
        roles: administrators,
        action: 'user.delete',
        effects: [{ type: 'release_licence' }],
        sources: ['EP-11', 'EP-16', 'MB-1'],
        description: 'An active account gives its licence back.',
      },
      {
        from: ['pending_inactive', 'confirmed_inactive'],
        to: 'deleted',
        guard: neverInAMeeting,
        roles: administrators,
        action: 'user.delete',
        sources: ['EP-11', 'EP-16', 'MB-1'],
        description: 'An inactive account holds no licence.',
      },
    ],
  },
});

/** The account fields that make up its state. */
export type AccountStateFields = Pick<User, 'emailConfirmedAt' | 'active' | 'deletedAt'>;

/**
 * The state of an account, from its fields: `deleted` once `deletedAt` is set, else pending or confirmed by
 * `emailConfirmedAt`, and active or inactive by `active`.
 *
 * @example
 * ```ts
 * import { accountState } from 'polity';
 *
 * accountState({ emailConfirmedAt: new Date(), active: false, deletedAt: null }); // 'confirmed_inactive'
 * ```
 */
export function accountState(user: AccountStateFields): AccountState {
  if (user.deletedAt !== null) return 'deleted';
  if (user.emailConfirmedAt === null) return user.active ? 'pending_active' : 'pending_inactive';
  return user.active ? 'confirmed_active' : 'confirmed_inactive';
}

/**
 * The flags a state implies. `emailConfirmed` is absent for `deleted`: deleting does not touch it. A deleted
 * account is not active, so it counts for no licence (MB-12).
 */
export interface AccountFlags {
  /** Whether the e-mail is confirmed; absent for `deleted`, which leaves it as it was. */
  readonly emailConfirmed?: boolean;
  /** Whether the active flag is on. */
  readonly active: boolean;
  /** Whether the account is deleted. */
  readonly deleted: boolean;
}

/**
 * The flags a state implies (see {@link AccountFlags}).
 *
 * @example
 * ```ts
 * import { accountFlags } from 'polity';
 *
 * accountFlags('pending_inactive'); // { emailConfirmed: false, active: false, deleted: false }
 * ```
 */
export function accountFlags(state: AccountState): AccountFlags {
  switch (state) {
    case 'pending_active':
      return { emailConfirmed: false, active: true, deleted: false };
    case 'pending_inactive':
      return { emailConfirmed: false, active: false, deleted: false };
    case 'confirmed_active':
      return { emailConfirmed: true, active: true, deleted: false };
    case 'confirmed_inactive':
      return { emailConfirmed: true, active: false, deleted: false };
    case 'deleted':
      return { active: false, deleted: true };
  }
}

/** The account fields a transition changes; a field that does not change is absent. */
export interface AccountPatch {
  /** Set to the time on confirmation, `null` when a changed e-mail must be confirmed again. */
  emailConfirmedAt?: Date | null;
  /** The new active flag. */
  active?: boolean;
  /** Set to the time on deletion. */
  deletedAt?: Date | null;
}

/**
 * The fields to write when an account moves from one state to another, stamped with `at` (the Clock's time,
 * passed in so this stays pure): `emailConfirmedAt` set on confirmation and cleared when a changed e-mail
 * must be confirmed again, `active` flipped, `deletedAt` set on deletion. Only changed fields appear.
 *
 * @param from - The state before, usually `accountState(user)`.
 * @param to - The state after, as `transition` returned it.
 * @param at - When it happened.
 *
 * @example
 * ```ts
 * import { accountPatch } from 'polity';
 *
 * accountPatch('confirmed_active', 'pending_active', new Date()); // { emailConfirmedAt: null }
 * accountPatch('confirmed_active', 'deleted', new Date()); // { active: false, deletedAt: <the date> }
 * ```
 */
export function accountPatch(from: AccountState, to: AccountState, at: Date): AccountPatch {
  const before = accountFlags(from);
  const after = accountFlags(to);
  const patch: AccountPatch = {};
  if (after.emailConfirmed !== undefined && after.emailConfirmed !== before.emailConfirmed) {
    patch.emailConfirmedAt = after.emailConfirmed ? at : null;
  }
  if (after.active !== before.active) patch.active = after.active;
  if (after.deleted !== before.deleted) patch.deletedAt = after.deleted ? at : null;
  return patch;
}
