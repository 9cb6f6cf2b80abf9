/**
 * The checks every command makes on who is acting, before it authorises anything: the account exists and
 * may sign in (EP-11 / MB-12), the e-mail gate (EP-8), and the organisation is not suspended.
 *
 * @module
 */
import { PolityError } from '../errors';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';
import { loadPrincipal, type LoadedPrincipal } from './principal';

/** How a command treats the acting user. */
export interface ActingOptions {
  /** The command's action, named in `forbidden` details. */
  readonly action: string;
  /**
   * Whether the e-mail gate applies (EP-8). Off only for confirming, resending the activation e-mail and
   * accepting the terms.
   * @defaultValue true
   */
  readonly gate?: boolean;
}

/** Whether a profile makes deactivated users unable to sign in or act (EP-11; not MB-12). */
export function deactivationBlocks(context: Pick<ServiceContext, 'profile'>): boolean {
  return context.profile.accounts.deactivationBlocksSignIn;
}

/**
 * Loads the acting user and refuses those who may not act:
 *
 * - no account, or a deleted one: `unauthenticated`;
 * - deactivated, where the profile makes deactivation block sign-in (EP-11): `unauthenticated`;
 * - e-mail not confirmed or terms not accepted, where the profile requires it (EP-8): `email_unconfirmed`
 *   (unless `gate: false`);
 * - a member of a suspended organisation: `forbidden` (its members cannot act; nothing is deleted).
 *
 * @throws {@link PolityError} `unauthenticated`, `email_unconfirmed` or `forbidden` as above.
 */
export async function loadActor(session: StoreSession, context: ServiceContext, userId: string, options: ActingOptions): Promise<LoadedPrincipal> {
  const loaded = await loadPrincipal(session, userId, context.profile);
  const { user } = loaded;
  if (!user.active && deactivationBlocks(context)) {
    throw new PolityError('unauthenticated', `account ${user.id} is deactivated and may not sign in (EP-11)`, {
      details: { userId: user.id, reason: 'deactivated', source: 'EP-11' },
    });
  }
  if (options.gate !== false) {
    const emailPending = context.profile.accounts.requireConfirmedEmail === true && user.emailConfirmedAt === null;
    const termsPending = context.profile.accounts.requireTermsAcceptance === true && user.termsAcceptedAt === null;
    if (emailPending || termsPending) {
      const missing = [emailPending ? 'confirm the e-mail address' : '', termsPending ? 'accept the terms and privacy statement' : ''].filter(Boolean).join(' and ');
      throw new PolityError('email_unconfirmed', `account ${user.id} must first ${missing} (EP-8)`, {
        details: { userId: user.id, emailConfirmed: !emailPending, termsAccepted: !termsPending, source: 'EP-8' },
      });
    }
  }
  if (user.organisationId !== null) {
    const organisation = await session.organisations.get(user.organisationId);
    if (organisation !== null && organisation.status === 'suspended') {
      throw new PolityError('forbidden', `organisation ${organisation.id} is suspended: its members cannot act`, {
        details: { action: options.action, explanation: { reason: 'organisation_suspended', organisationId: organisation.id } },
      });
    }
  }
  return loaded;
}

/**
 * Runs a command: one transaction in which the acting user is loaded and checked ({@link loadActor}) and
 * the body authorises, checks invariants, writes, audits and enqueues. Anything thrown rolls everything back.
 */
export function runCommand<T>(
  context: ServiceContext,
  actorId: string,
  options: ActingOptions,
  body: (tx: StoreSession, actor: LoadedPrincipal) => Promise<T>,
): Promise<T> {
  return context.store.transaction(async (tx) => body(tx, await loadActor(tx, context, actorId, options)));
}
