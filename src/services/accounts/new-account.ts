/**
 * Creating a pending account with its first role, the one path every new account takes (EP-9, EP-13,
 * KA-1, KA-8): the account enters the account machine through its creation transition, written pending
 * (e-mail not confirmed) and active, the role assigned, and an "Account activation" e-mail with a
 * single-use link goes out. Never a password (KA-8).
 *
 * @module
 */
import { z } from 'zod';
import { isGenericMailbox } from '../../domain/mailbox';
import { emailSchema, languageSchema, nameSchema, phoneSchema, timeZoneSchema } from '../../domain/primitives';
import type { RoleAssignment } from '../../domain/role-assignment';
import { scopeFields, type Scope } from '../../domain/scope';
import { taxCodeSchema, type User } from '../../domain/user';
import { conflict, invalidInput, isPolityError } from '../../errors';
import type { Profile } from '../../profiles/index';
import { accountMachine } from '../../workflows/account-machine';
import { enterOrThrow } from '../../workflows/machine';
import type { Work } from '../kernel/work';
import { applyAccountEffects } from './account-effects';
import { newUserRecord } from './user-record';

/** The personal fields given when an account is created by e-mail. */
export const newAccountShape = {
  /** The address the activation e-mail goes to; unique on the platform (EP-13). */
  email: emailSchema,
  givenName: nameSchema,
  familyName: nameSchema,
  taxCode: taxCodeSchema.optional(),
  /** Civility or title (MB-11). */
  title: z.string().trim().max(32, 'a title has at most 32 characters').optional(),
  phone: phoneSchema.optional(),
  /** Defaults to the profile's language. */
  language: languageSchema.optional(),
  /**
   * An IANA time zone (MB-11).
   * @defaultValue `UTC`
   */
  timeZone: timeZoneSchema.optional(),
} as const;

/** The personal fields of a new account, parsed. */
export interface NewAccount {
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly taxCode?: string | undefined;
  readonly title?: string | undefined;
  readonly phone?: string | undefined;
  readonly language?: User['language'] | undefined;
  readonly timeZone?: string | undefined;
}

/**
 * Refuses a generic (role) mailbox where the profile forbids them (SC-15); allowed where it allows them
 * (KA-13). Checked with the input, before anything is read.
 *
 * @throws {@link PolityError} `invalid_input` naming `path` with code `generic_mailbox`.
 */
export function assertMailboxAllowed(profile: Profile, email: string, path: string): void {
  if (profile.accounts.genericMailboxes === 'allowed' || !isGenericMailbox(email)) return;
  throw invalidInput(path, `a generic mailbox: ${profile.name} accounts need a personal address`, 'generic_mailbox');
}

/** What {@link createPendingAccount} needs besides the personal fields. */
export interface PendingAccountPlan {
  readonly account: NewAccount;
  readonly organisationId: string | null;
  readonly role: string;
  readonly scope: Scope;
  readonly managerId: string | null;
  /** Who granted the role; `null` for the system. */
  readonly grantedById: string | null;
  /** Data for the activation e-mail template. */
  readonly payload?: Readonly<Record<string, unknown>>;
}

/** What {@link createPendingAccount} wrote. */
export interface CreatedAccount {
  readonly user: User;
  readonly assignment: RoleAssignment;
  /** The address the activation e-mail goes to, or `null` when none was written. */
  readonly activationSentTo: string | null;
}

/**
 * Writes a pending account, its role and its activation link in the command's transaction: the account
 * machine's creation (`user.create`), whose effects send the link and, where the profile counts licences
 * and the role is licensed, reserve a named licence for the person until the link expires (MB-3, MB-12).
 *
 * @throws {@link PolityError} `conflict` "e-mail in use" (`details.constraint: 'users.email'`) when the
 *   address is registered (EP-13, KA-10): the command then rolls back, so nothing changes.
 *   `limit_exceeded` (with the pool's counts) when the role takes a licence and none is free.
 */
export async function createPendingAccount(work: Work, plan: PendingAccountPlan): Promise<CreatedAccount> {
  const { account } = plan;
  const { effects } = enterOrThrow(accountMachine, { context: { hasMeetings: false, identitySource: 'local' } });
  const user = await insertAccount(work, {
    organisationId: plan.organisationId,
    email: account.email,
    givenName: account.givenName,
    familyName: account.familyName,
    title: account.title,
    taxCode: account.taxCode,
    phone: account.phone,
    timeZone: account.timeZone,
    language: account.language,
    managerId: plan.managerId,
  });
  const assignment = await work.tx.assignments.insert({
    id: work.id('assignment'),
    userId: user.id,
    role: plan.role,
    ...scopeFields(plan.scope),
    // Active at once: until the owner confirms, the e-mail gate (EP-8) keeps the account from acting.
    status: 'active',
    grantedById: plan.grantedById,
    createdAt: work.now,
    updatedAt: work.now,
  });
  const sentTo = await applyAccountEffects(effects, { work, user, purpose: 'activation', fresh: true, role: plan.role, ...(plan.payload === undefined ? {} : { payload: plan.payload }) });
  return { user, assignment, activationSentTo: sentTo };
}

/**
 * Inserts a new account's record; an address already registered (whatever its case) is the "e-mail in
 * use" conflict of EP-13 / KA-10, naming no address.
 *
 * @throws {@link PolityError} `conflict` (`users.email`).
 */
export async function insertAccount(work: Work, fields: Parameters<typeof newUserRecord>[1]): Promise<User> {
  try {
    return await work.tx.users.insert(newUserRecord(work, fields));
  } catch (error) {
    // EP-13 / KA-10: the address has an account; nobody is added, nobody is reassigned.
    throw asEmailInUse(error, 'e-mail in use: the address already has an account (an existing user reaches a role through a request or the platform support)');
  }
}

/**
 * The "e-mail in use" conflict (EP-13, KA-10) for a store refusal of the `users.email` constraint, with a
 * message naming no address and `details.field: 'email'`; any other error as it is.
 */
export function asEmailInUse(error: unknown, message: string): unknown {
  if (isPolityError(error, 'conflict') && error.details?.constraint === 'users.email') return conflict('users.email', message, { field: 'email' }, error);
  return error;
}
