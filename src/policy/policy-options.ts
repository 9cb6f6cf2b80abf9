/**
 * The options of `createPolicy`, and their validation.
 *
 * @module
 */
import { PolityError } from '../errors';

/** Options of `createPolicy`. */
export interface PolicyOptions {
  /**
   * How many principals seen once the policy remembers (by id), waiting to be seen again. A principal object
   * checked again while remembered is compiled once more and kept from then on (in a WeakMap, collected with
   * the object): its later checks are warm. One forgotten before it comes back (more first sightings came in
   * between: the memory is cleared when full) is compiled as new every time: correct, but several times
   * slower. Make it at least the number of principals the application holds and checks in turn (its
   * signed-in users), so that checking them round-robin stays warm; each remembered principal costs one Map
   * entry (nothing compiled for it is kept until it moves to the WeakMap).
   * @defaultValue 65536
   */
  readonly principalCacheSize?: number;
}

/** {@link PolicyOptions.principalCacheSize} when it is not given: four times the 16,384 of earlier versions. */
export const defaultPrincipalCacheSize = 65_536;

/** The options with their defaults, checked. @throws {@link PolityError} `invalid_input` for a size that is not a positive integer. */
export function readPolicyOptions(options: PolicyOptions): Required<PolicyOptions> {
  const size = options.principalCacheSize ?? defaultPrincipalCacheSize;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    const message = `principalCacheSize must be a positive whole number, got ${String(size)}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'principalCacheSize', message, code: 'invalid_cache_size' }] } });
  }
  return { principalCacheSize: size };
}
