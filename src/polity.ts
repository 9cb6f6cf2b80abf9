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
import { createActor, type Actor } from './services/actor';
import { bootstrapPlatformAdmin, type BootstrapInput, type BootstrapResult } from './services/bootstrap';
import type { ServiceContext } from './services/context';

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
}

/**
 * Creates a polity over a store and a profile.
 *
 * @example
 * ```ts
 * import { createPolity, profiles } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const polity = createPolity({ store: memoryStore(), profile: profiles.ePresence });
 * const { user } = await polity.bootstrapPlatformAdmin({ email: 'admin@example.gov', givenName: 'Ada', familyName: 'Admin' });
 * const admin = polity.as(user.id);
 * console.log((await admin.me()).email); // admin@example.gov
 * ```
 */
export function createPolity(options: PolityOptions): Polity {
  const context: ServiceContext = {
    store: options.store,
    profile: options.profile,
    policy: createPolicy(options.profile),
    clock: options.clock ?? systemClock(),
    ids: options.ids ?? nanoidIds(),
    notifier: options.notifier,
    identityRegistry: options.identityRegistry,
  };
  return {
    profile: context.profile,
    policy: context.policy,
    store: context.store,
    clock: context.clock,
    ids: context.ids,
    as: (userId) => createActor(context, userId),
    bootstrapPlatformAdmin: (input) => bootstrapPlatformAdmin(context, input),
  };
}
