/**
 * What every service works with: the ports, the profile and its compiled policy, and the account
 * settings. Built once by `createPolity` and shared by all actors.
 *
 * @module
 */
import type { Policy } from '../../policy/index';
import type { Clock } from '../../ports/clock';
import type { IdentityRegistry } from '../../ports/identity-registry';
import type { Ids } from '../../ports/ids';
import type { Notifier } from '../../ports/notifier';
import type { Store } from '../../ports/store';
import type { Profile } from '../../profiles/index';
import type { AttributeRegistry } from './attributes';

/** Account timings and the activation link, as `createPolity` resolved them (every default filled in). */
export interface AccountRuntimeSettings {
  /** How long an activation link works, in milliseconds. */
  readonly activationTokenTtlMs: number;
  /** The shortest wait between two activation e-mails to one account, in milliseconds. */
  readonly activationResendIntervalMs: number;
  /** Accounts never confirmed this long after creation are purged by housekeeping, in milliseconds. */
  readonly unconfirmedAccountMaxAgeMs: number;
  /** Builds the link the activation e-mail carries from the secret token. */
  readonly activationUrl: (token: string) => string;
}

/** The dependencies of every command. */
export interface ServiceContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly profile: Profile;
  readonly policy: Policy;
  readonly notifier: Notifier | undefined;
  readonly identityRegistry: IdentityRegistry | undefined;
  readonly accounts: AccountRuntimeSettings;
  /** What answers each principal attribute the profile's rules read, resolved once. */
  readonly attributes: AttributeRegistry;
}

const day = 24 * 60 * 60 * 1000;

/** The defaults of {@link AccountRuntimeSettings}: links work 7 days, one resend per 5 minutes, purge after 90 days. */
export const defaultAccountSettings: Omit<AccountRuntimeSettings, 'activationUrl'> = Object.freeze({
  activationTokenTtlMs: 7 * day,
  activationResendIntervalMs: 5 * 60 * 1000,
  unconfirmedAccountMaxAgeMs: 90 * day,
});

/**
 * The activation link used when the host gives none: a relative `activate?token=…`. Hosts should pass
 * `activationUrl` to `createPolity` so the link points at their own page.
 */
export function defaultActivationUrl(token: string): string {
  return `activate?token=${encodeURIComponent(token)}`;
}
