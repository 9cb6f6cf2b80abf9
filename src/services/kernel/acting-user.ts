/**
 * Who is acting: the checks every command makes on the acting user before it authorises anything (the
 * account exists and may sign in, EP-11 / MB-12; the e-mail gate, EP-8; the organisation is not
 * suspended), and the principal the policy engine is given, read in as few statements as the port allows:
 * the account, its active assignments, and the organisations they name (kept for the command).
 *
 * @module
 */
import { where } from '../../domain/filter';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import { emailUnconfirmed, forbidden, unauthenticated } from '../../errors';
import type { Principal, PrincipalAssignment } from '../../policy/index';
import type { ServiceContext } from './context';
import type { Work } from './work';

/** The acting user, loaded. */
export interface LoadedPrincipal {
  readonly user: User;
  /** The user's active assignments as stored (suspended, invited and removed ones grant nothing). */
  readonly assignments: readonly RoleAssignment[];
  /** Organisations among the assignments' that are suspended: their assignments grant nothing. */
  readonly suspendedOrganisationIds: readonly string[];
  /**
   * What the policy engine is given, before any attribute a rule reads is loaded: the assignments, and the
   * account's `organisationId` and `active`. The kernel adds the attributes an action needs when it asks.
   */
  readonly principal: Principal;
}

/** At most this many assignments are loaded for one person; more is a data problem, not a use case. */
const maxAssignments = 1000;

/**
 * The status an assignment is shown with while its organisation is suspended: not `active`, so the engine
 * ignores it (and lists it as ignored in explanations), while the stored assignment stays untouched.
 */
export const suspendedOrganisationStatus = 'organisation_suspended';

/** How a command treats the acting user. */
export interface ActingOptions {
  /** The command's action, named in a `forbidden` refusal. */
  readonly action: string;
  /**
   * Whether the e-mail gate applies (EP-8). Off only for what a pending person does on their own account
   * (accepting the terms, asking for a new link) and for reading their own account.
   * @defaultValue true
   */
  readonly gate?: boolean;
  /**
   * Whether the checks on the account apply at all: off only for `actor.me()` and `actor.principal()`,
   * which show a person what is left to do. An unknown or deleted account is refused either way.
   * @defaultValue true
   */
  readonly checks?: boolean;
}

/** Whether a profile makes deactivated users unable to sign in or act (EP-11; not MB-12). */
export function deactivationBlocks(context: Pick<ServiceContext, 'profile'>): boolean {
  return context.profile.accounts.deactivationBlocksSignIn;
}

/**
 * Loads the acting user and refuses those who may not act:
 *
 * - no account: `unauthenticated` (`unknown`); a deleted one: `unauthenticated` (`deleted`);
 * - deactivated, where the profile makes deactivation block sign-in (EP-11): `unauthenticated` (`deactivated`);
 * - e-mail not confirmed or terms not accepted, where the profile requires it (EP-8): `email_unconfirmed`
 *   (unless `gate: false`), the reason saying which step is missing first;
 * - a member of a suspended organisation: `forbidden` (`organisation_suspended`): its members cannot act;
 *   nothing is deleted.
 *
 * The organisations it reads (the user's and those of their assignments) are kept in the command's work.
 *
 * @throws {@link PolityError} `unauthenticated`, `email_unconfirmed` or `forbidden` as above.
 */
export async function loadActing(work: Work, userId: string, options: ActingOptions): Promise<LoadedPrincipal> {
  const { tx, context } = work;
  const user = await tx.users.get(userId);
  if (user === null) throw unauthenticated('unknown');
  if (user.deletedAt !== null) throw unauthenticated('deleted');
  const checks = options.checks !== false;
  if (checks && !user.active && deactivationBlocks(context)) throw unauthenticated('deactivated', 'EP-11');
  if (checks && options.gate !== false) {
    const emailPending = context.profile.accounts.requireConfirmedEmail === true && user.emailConfirmedAt === null;
    const termsPending = context.profile.accounts.requireTermsAcceptance === true && user.termsAcceptedAt === null;
    if (emailPending || termsPending) throw emailUnconfirmed(!emailPending, !termsPending);
  }
  const page = await tx.assignments.list({ where: where.and(where.eq('userId', userId), where.eq('status', 'active')), limit: maxAssignments });
  const assignments = page.items;
  const named = new Set<string>(assignments.map((a) => a.organisationId).filter((id): id is string => id !== null));
  if (user.organisationId !== null) named.add(user.organisationId);
  const suspended: string[] = [];
  if (named.size > 0) {
    const organisations = await tx.organisations.list({ where: where.in('id', [...named]), limit: maxAssignments });
    for (const organisation of organisations.items) {
      work.remember(organisation);
      if (organisation.status === 'suspended') suspended.push(organisation.id);
    }
  }
  if (checks && user.organisationId !== null && suspended.includes(user.organisationId)) {
    throw forbidden(options.action, 'organisation_suspended', { reason: 'organisation_suspended', organisationId: user.organisationId, summary: 'The organisation of the acting user is suspended: its members cannot act until it is resumed.' });
  }
  const seen: PrincipalAssignment[] = assignments.map((a) =>
    a.organisationId !== null && suspended.includes(a.organisationId) ? { ...a, status: suspendedOrganisationStatus } : a,
  );
  const principal: Principal = { id: user.id, assignments: seen, attributes: { organisationId: user.organisationId, active: user.active } };
  return { user, assignments, suspendedOrganisationIds: suspended.filter((id) => assignments.some((a) => a.organisationId === id)), principal };
}
