/**
 * `actor.users` and `actor.account` (the accounts of organisations, and one's own), and the calls no user
 * makes: `polity.activation`, `polity.signIn`, `polity.bootstrapPlatformAdmin`.
 *
 * @module
 */
import type { User } from '../../domain/user';
import type { ServiceContext } from '../kernel/context';
import { bindAll, runAsSystem } from '../kernel/pipeline';
import { confirmActivation } from './activation';
import { addUser } from './add-user';
import { bootstrapPlatformAdmin } from './bootstrap';
import type {
  AcceptTermsInput,
  AddUserInput,
  AddUserResult,
  BootstrapInput,
  BootstrapResult,
  ChangeEmailInput,
  ConfirmActivationInput,
  ConfirmActivationResult,
  GetUserInput,
  ListUsersInput,
  ResendResult,
  SetWorkPhoneInput,
  SignInInput,
  SignInResult,
  UpdateUserInput,
  UserTargetInput,
  UsersPage,
} from './inputs';
import { changeEmail, deactivateUser, deleteUser, reactivateUser, resendActivation } from './lifecycle';
import { acceptTerms, resendOwnActivation } from './own-account';
import type { UserView } from './privacy';
import { signIn } from './sign-in';
import { getUser, listUsers, setWorkPhone, updateUser } from './users';

export {
  acceptTermsInputSchema,
  addUserInputSchema,
  bootstrapInputSchema,
  changeEmailInputSchema,
  confirmActivationInputSchema,
  getUserInputSchema,
  listUsersInputSchema,
  setWorkPhoneInputSchema,
  signInInputSchema,
  updateUserInputSchema,
  userTargetInputSchema,
  type AcceptTermsInput,
  type AddUserInput,
  type AddUserResult,
  type BootstrapInput,
  type BootstrapResult,
  type ChangeEmailInput,
  type ConfirmActivationInput,
  type ConfirmActivationResult,
  type GetUserInput,
  type ListUsersInput,
  type ResendResult,
  type SetWorkPhoneInput,
  type SignInInput,
  type SignInResult,
  type UpdateUserInput,
  type UserTargetInput,
  type UsersPage,
} from './inputs';
export { toUserReference, userReferenceFields, type FullUserView, type ReferenceUserView, type UserReference, type UserView } from './privacy';
export { userStateFilters } from './user-states';

/** `actor.users`: adding, reading, editing, deactivating and deleting accounts. */
export interface UsersApi {
  /**
   * Adds a user by e-mail with a role (EP-4, EP-9, EP-13, KA-3, MB-6, SC-4). An address already registered
   * answers `conflict` "e-mail in use" and changes nothing (EP-13, KA-10); otherwise the account is created
   * pending, the role assigned and an activation e-mail sent (never a password, KA-8). A manager's new user
   * is assigned to that manager, and both are told (KA-3, KA-8). Where the profile counts licences, a licensed
   * role reserves one of the organisation's named licences until the activation link expires (MB-3, MB-12).
   * Without `organisationId`, the role must be held at platform scope: the person joins the platform's staff
   * (a Mégalis concierge appointed by the operator, MB-6, MB-10) and belongs to no organisation.
   *
   * @throws {@link PolityError} `invalid_input` (bad fields, an unknown role or one not held at that scope, a
   *   generic mailbox where forbidden, KA-13; a missing manager for an ordinary 1KA user); `not_found` (the
   *   organisation, unit or product); `forbidden` unless the policy allows `user.create` and the grant rules
   *   let the actor give the role (no escalation, KA-2); `conflict` ("e-mail in use", a suspended organisation);
   *   `limit_exceeded` when no licence is free (`details`: `organisationId`, `allocated`, `used`, `reserved`,
   *   `requested`), and nothing is written.
   * @example
   * ```ts
   * const { user } = await polity.as(coordinatorId).users.add({
   *   organisationId, unitId, role: 'unit_coordinator',
   *   email: 'nikos@ministry.example', givenName: 'Nikos', familyName: 'Georgiou',
   * });
   * ```
   */
  add(input: AddUserInput): Promise<AddUserResult>;
  /**
   * A user as the actor may see them: the whole profile (`view: 'full'`) when the policy allows
   * `user.read_profile` (KA-5, EP-10, SC-16), else the reduced {@link UserReference} (`view: 'reference'`)
   * for those who add users to the user's organisation (EP-14).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` when the actor may see neither.
   */
  get(input: GetUserInput): Promise<UserView>;
  /**
   * The users of an organisation, each as the actor may see them (`full` or `reference`), optionally by state.
   * Where the profile counts licences and the actor may see the pool, the page also carries `licences`:
   * licensed users against allocated licences (MB-2), the same counts as `actor.licences.summary`.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` unless the actor may add users to the
   *   organisation or read its users' profiles.
   * @example
   * ```ts
   * const page = await polity.as(administratorId).users.list({ organisationId });
   * page.licences; // { allocated: 10, used: 7, reserved: 1, free: 2 }
   * ```
   */
  list(input: ListUsersInput): Promise<UsersPage>;
  /**
   * Edits profile fields (MB-11: title, names, phone, country, postcode, IANA time zone, language). Names need
   * `user.update_name` (SC-9: only while not verified by the identity provider), a tax code `user.change_tax_code`
   * (SC-9: never), the rest `user.update` (EP-11, KA-5, MB-9, own account). The organisation is fixed (MB-11).
   *
   * @throws {@link PolityError} `invalid_input` (a bad time zone, an unknown field such as `organisationId`);
   *   `not_found`; `forbidden` with the rule that refused.
   */
  update(input: UpdateUserInput): Promise<User>;
  /**
   * Changes the e-mail address (SC-9: one's own contact e-mail; EP-12: never for a single-sign-on identity).
   * The new address must be confirmed again (EP-8): a link goes there and the account is pending until then.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` (EP-12 among others); `conflict` "e-mail in use".
   */
  changeEmail(input: ChangeEmailInput): Promise<User>;
  /**
   * Sets or clears the work phone (SC-7: only by its owner, only while they hold an admin role).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden`.
   */
  setWorkPhone(input: SetWorkPhoneInput): Promise<User>;
  /**
   * Deactivates an account (EP-11, MB-5): in e:Presence the person can no longer sign in and gets no mail; in
   * Mégalis it only frees the licence, held or reserved (MB-12). An administrator or delegated organiser may
   * deactivate themselves, so consuming no licence, and keeps those powers (MB-4, MB-12). The e-mail
   * confirmation is kept (EP-9).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` (EP-17: a unit coordinator cannot);
   *   `invalid_transition` when already inactive.
   */
  deactivate(input: UserTargetInput): Promise<User>;
  /**
   * Reactivates a deactivated account (`user.activate`). Where the profile counts licences, the account takes a
   * licence again: held once confirmed, reserved until the activation link expires while pending (MB-3, MB-5).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden`; `invalid_transition` when already active;
   *   `limit_exceeded` (with the counts) when no licence is free (MB-3).
   */
  reactivate(input: UserTargetInput): Promise<User>;
  /**
   * Deletes an account (EP-16, MB-1): refused for anyone who created or joined a meeting, who may only be
   * deactivated (EP-11); nobody deletes themselves. The address may be registered again afterwards. A licence
   * the account held or had reserved is freed (MB-12).
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden` with the explanation (EP-11, EP-16, EP-17,
   *   MB-1; another organisation's user; one's own account).
   */
  delete(input: UserTargetInput): Promise<User>;
  /**
   * Sends the activation e-mail of a pending account again (EP-9); earlier links stop working. Throttled. A
   * licence reserved for the account is kept until the new link expires, or reserved again if it had lapsed.
   *
   * @throws {@link PolityError} `invalid_input`; `not_found`; `forbidden`; `invalid_transition` when confirmed;
   *   `rate_limited` within the resend interval; `limit_exceeded` when the reservation had lapsed and no
   *   licence is free.
   */
  resendActivation(input: UserTargetInput): Promise<ResendResult>;
}

/** `actor.account`: the actor's own account, before and after the e-mail gate. */
export interface AccountApi {
  /**
   * Records that the actor accepted the terms and the privacy statement (EP-8). Allowed before the e-mail is
   * confirmed; accepting twice changes nothing.
   *
   * @throws {@link PolityError} `invalid_input`; `unauthenticated` for an unknown, deleted or (EP-11) deactivated account.
   * @example
   * ```ts
   * await polity.as(userId).account.acceptTerms({ version: '2025-01' });
   * ```
   */
  acceptTerms(input?: AcceptTermsInput): Promise<User>;
  /**
   * Sends the actor a new activation link, while their e-mail is pending (EP-9). Earlier links stop working;
   * resends are throttled.
   *
   * @throws {@link PolityError} `unauthenticated`; `invalid_transition` when the e-mail is already confirmed;
   *   `rate_limited` (with `details.retryAfterMs`) within the resend interval.
   */
  resendActivation(): Promise<ResendResult>;
}

/** `polity.activation`: the activation link's landing call. */
export interface ActivationApi {
  /**
   * Confirms the e-mail address the link was sent to (EP-8, EP-9): the account leaves `pending`, the link is
   * used up, and every other link of the account stops working. With `acceptTerms: true` the acceptance of the
   * terms is recorded too. Where the profile counts licences, the licence reserved when the person was invited
   * becomes a held one (MB-12); this never fails for lack of licences. An active account with a licensed role
   * and no reservation (none is made for a role given later) takes a free licence instead.
   *
   * @throws {@link PolityError} `invalid_input` on `token`: `token_invalid` for a link that is unknown, used,
   *   replaced by a newer one or for an address the account no longer has; `token_expired` for an expired one
   *   (the person may ask for a new link); `limit_exceeded` only for an account that needs a licence, holds no
   *   reservation, and finds none free (MB-3).
   * @example
   * ```ts
   * // In the host's route for the link built by activationUrl(token):
   * const { user } = await polity.activation.confirm({ token, acceptTerms: true });
   * ```
   */
  confirm(input: ConfirmActivationInput): Promise<ConfirmActivationResult>;
}

/** The namespaces of this area, as an actor carries them. */
export interface AccountNamespaces {
  readonly users: UsersApi;
  readonly account: AccountApi;
}

/** Builds `actor.users` and `actor.account` for one acting user. */
export function accountsArea(context: ServiceContext, actorId: string): AccountNamespaces {
  const own = bindAll(context, actorId, { acceptTerms, resendActivation: resendOwnActivation });
  return {
    users: bindAll(context, actorId, {
      add: addUser,
      get: getUser,
      list: listUsers,
      update: updateUser,
      changeEmail,
      setWorkPhone,
      deactivate: deactivateUser,
      reactivate: reactivateUser,
      delete: deleteUser,
      resendActivation,
    }),
    account: {
      acceptTerms: (input) => own.acceptTerms(input),
      resendActivation: () => own.resendActivation(undefined),
    },
  };
}

/** The calls of this area no user makes: what a link proves, what the host's sign-in reports, the bootstrap. */
export interface AccountsSystem {
  readonly activation: ActivationApi;
  /** See `Polity.signIn`. */
  signIn(input: SignInInput): Promise<SignInResult>;
  /** See `Polity.bootstrapPlatformAdmin`. */
  bootstrapPlatformAdmin(input: BootstrapInput): Promise<BootstrapResult>;
}

/** Builds `polity.activation`, `polity.signIn` and `polity.bootstrapPlatformAdmin`. */
export function accountsSystem(context: ServiceContext): AccountsSystem {
  return {
    activation: { confirm: (input) => runAsSystem(context, confirmActivation, input) },
    signIn: (input) => runAsSystem(context, signIn, input),
    bootstrapPlatformAdmin: (input) => runAsSystem(context, bootstrapPlatformAdmin, input),
  };
}
