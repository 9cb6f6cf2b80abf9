/**
 * The entry point: {@link createPolity} wires the ports, the profile and its policy together.
 *
 * @module
 */
import { createPolicy, type Policy } from './policy/index';
import type { Clock } from './ports/clock';
import type { IdentityRegistry } from './ports/identity-registry';
import type { Ids } from './ports/ids';
import type { Notifier } from './ports/notifier';
import type { Store } from './ports/store';
import type { Profile } from './profiles/index';
import { nanoidIds } from './runtime/nanoid-ids';
import { systemClock } from './runtime/system-clock';
import { accountsSystem, type ActivationApi, type BootstrapInput, type BootstrapResult, type SignInInput, type SignInResult } from './services/accounts/api';
import { createActor, type Actor } from './services/actor';
import { housekeepingApi, type HousekeepingApi } from './services/housekeeping/api';
import { attributeRegistry, type AttributeLoader } from './services/kernel/attributes';
import { defaultAccountSettings, defaultActivationUrl, type ServiceContext } from './services/kernel/context';
import { meetingEventsApi, type MeetingEventsApi } from './services/meetings/api';
import { invalidInput } from './errors';

/** Account timings of {@link PolityOptions.accounts}. */
export interface AccountOptions {
  /**
   * How long an activation link works, in milliseconds.
   * @defaultValue 7 days
   */
  readonly activationTokenTtlMs?: number;
  /**
   * The shortest wait between two activation e-mails to one account, in milliseconds: a resend sooner is
   * `rate_limited`, so nobody floods an inbox.
   * @defaultValue 5 minutes
   */
  readonly activationResendIntervalMs?: number;
  /**
   * Accounts whose e-mail was never confirmed this long after creation are deleted by `housekeeping.run()`
   * (as e:Presence does), in milliseconds.
   * @defaultValue 90 days
   */
  readonly unconfirmedAccountMaxAgeMs?: number;
}

/** Options of {@link createPolity}. */
export interface PolityOptions {
  /** Where everything is kept: `memoryStore()` from `polity/adapters/memory`, or the Postgres adapter. */
  readonly store: Store;
  /** The platform's roles, rules, limits and labels: one of `profiles`, or your own. */
  readonly profile: Profile;
  /** How notifications leave, used by the outbox dispatcher. Commands never call it directly. */
  readonly notifier?: Notifier;
  /**
   * Where the time comes from.
   * @defaultValue the system clock
   */
  readonly clock?: Clock;
  /**
   * Where ids and secrets come from.
   * @defaultValue nanoid
   */
  readonly ids?: Ids;
  /** The official registry that certifies civil servants (EP-7), if the platform has one. */
  readonly identityRegistry?: IdentityRegistry;
  /**
   * Builds the link of the "Account activation" e-mail from its secret token; the host's page receiving it
   * calls `polity.activation.confirm({ token })`. The link is written into the outbox message (the token
   * itself is stored only hashed).
   * @defaultValue `activate?token=<token>` (relative: pass your own)
   */
  readonly activationUrl?: (token: string) => string;
  /** Activation-link lifetime, resend throttle and purge age. */
  readonly accounts?: AccountOptions;
  /**
   * Loaders of principal attributes the profile's rules read that polity does not keep itself
   * (`principal.<name>`): each returns the list for the acting user, inside the command's transaction, and
   * runs only for actions whose rules read it. One of polity's own names replaces polity's loader.
   */
  readonly attributes?: Readonly<Record<string, AttributeLoader>>;
}

/** A configured polity. */
export interface Polity {
  readonly profile: Profile;
  /** The profile's rules compiled once: `check`, `explain`, `plan`. */
  readonly policy: Policy;
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: Ids;
  /**
   * polity as seen by one user: every call made through the actor is authorised as that user.
   * @throws {@link PolityError} `invalid_input` when the id is malformed.
   */
  as(userId: string): Actor;
  /**
   * Gives an empty platform its first administrator: the one act that no role authorises. Call it once,
   * from a set-up script or an operator's command, never from a request a stranger can make.
   * @throws {@link PolityError} `conflict` once the platform has an administrator.
   */
  bootstrapPlatformAdmin(input: BootstrapInput): Promise<BootstrapResult>;
  /** The activation link's landing call: `polity.activation.confirm({ token })` (EP-8, EP-9). */
  readonly activation: ActivationApi;
  /**
   * Records a sign-in the host authenticated; answers `unauthenticated` for an unknown or deleted account, or a
   * deactivated one where the profile says so (EP-11, not MB-12). An `sso` sign-in makes the names verified (SC-9).
   * @throws {@link PolityError} `invalid_input`, `unauthenticated`, `conflict` (another tax code, SC-9).
   */
  signIn(input: SignInInput): Promise<SignInResult>;
  /** Scheduled clean-up: expired links and never-confirmed accounts. */
  readonly housekeeping: HousekeepingApi;
  /**
   * What the host's video platform reports about meetings: started, joined, left, ended. Not tied to an
   * acting user (call it from the host's back end); polity never guesses these, and the statistics read them.
   */
  readonly meetingEvents: MeetingEventsApi;
}

function positiveMs(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw invalidInput(`accounts.${name}`, `${name} must be a positive number of milliseconds`, 'too_small');
  return value;
}

/**
 * Creates a polity over a store and a profile.
 *
 * @throws {@link PolityError} `invalid_input` for an invalid profile, a non-positive account timing, or a
 *   rule reading a principal attribute nothing loads (`unknown_attribute`, path `attributes.<name>`).
 * @example
 * ```ts
 * import { createPolity, profiles } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const polity = createPolity({
 *   store: memoryStore(),
 *   profile: profiles.ePresence,
 *   activationUrl: (token) => `https://presence.example.gov/activate?token=${encodeURIComponent(token)}`,
 * });
 * const { user } = await polity.bootstrapPlatformAdmin({ email: 'admin@example.gov', givenName: 'Ada', familyName: 'Admin' });
 * const admin = polity.as(user.id);
 * console.log((await admin.me()).email); // admin@example.gov
 * ```
 */
export function createPolity(options: PolityOptions): Polity {
  const accounts = options.accounts ?? {};
  const context: ServiceContext = {
    store: options.store,
    profile: options.profile,
    policy: createPolicy(options.profile),
    clock: options.clock ?? systemClock(),
    ids: options.ids ?? nanoidIds(),
    notifier: options.notifier,
    identityRegistry: options.identityRegistry,
    accounts: {
      activationTokenTtlMs: positiveMs(accounts.activationTokenTtlMs, 'activationTokenTtlMs', defaultAccountSettings.activationTokenTtlMs),
      activationResendIntervalMs: positiveMs(accounts.activationResendIntervalMs, 'activationResendIntervalMs', defaultAccountSettings.activationResendIntervalMs),
      unconfirmedAccountMaxAgeMs: positiveMs(accounts.unconfirmedAccountMaxAgeMs, 'unconfirmedAccountMaxAgeMs', defaultAccountSettings.unconfirmedAccountMaxAgeMs),
      activationUrl: options.activationUrl ?? defaultActivationUrl,
    },
    attributes: attributeRegistry(options.profile, options.attributes),
  };
  const system = accountsSystem(context);
  return {
    profile: context.profile,
    policy: context.policy,
    store: context.store,
    clock: context.clock,
    ids: context.ids,
    as: (userId) => createActor(context, userId),
    bootstrapPlatformAdmin: system.bootstrapPlatformAdmin,
    activation: system.activation,
    signIn: system.signIn,
    housekeeping: housekeepingApi(context),
    meetingEvents: meetingEventsApi(context),
  };
}
