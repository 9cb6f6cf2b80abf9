/**
 * Deep freezing, for what validation hands back: a validated definition or profile is shared by every
 * request, so nobody may change it under the engine that compiled it.
 *
 * @module
 */

/** Freezes a value and everything reachable from it, in place; returns it. Already frozen parts are skipped. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
