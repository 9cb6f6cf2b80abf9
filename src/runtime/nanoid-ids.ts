/**
 * The default {@link Ids}: nanoid for ids and secrets.
 *
 * @module
 */
import { nanoid } from 'nanoid';
import type { Ids } from '../ports/ids';

/**
 * {@link Ids} backed by nanoid (cryptographically random, URL-safe): ids read `<kind>_<21 characters>`,
 * secrets are 32 characters (≈190 bits).
 */
export function nanoidIds(): Ids {
  return {
    id: (kind) => `${kind}_${nanoid()}`,
    secret: () => nanoid(32),
  };
}
