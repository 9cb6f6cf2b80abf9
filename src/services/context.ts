/**
 * What every service works with: the ports, the profile and its compiled policy. Built once by
 * `createPolity` and shared by all actors.
 *
 * @module
 */
import type { Policy } from '../policy/index';
import type { Clock } from '../ports/clock';
import type { IdentityRegistry } from '../ports/identity-registry';
import type { Ids } from '../ports/ids';
import type { Notifier } from '../ports/notifier';
import type { Store } from '../ports/store';
import type { Profile } from '../profiles/index';

/** The dependencies of every command. */
export interface ServiceContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly profile: Profile;
  readonly policy: Policy;
  readonly notifier: Notifier | undefined;
  readonly identityRegistry: IdentityRegistry | undefined;
}
