/**
 * Profiles: five real platforms as ready data (e:Presence, PagoPA selfcare, data.gov.cy, 1KA, Mégalis),
 * the {@link Profile} type, {@link defineProfile} to write your own and {@link extendProfile} to derive one.
 *
 * @module
 */
import { dataGovCy } from './data-gov-cy';
import { ePresence } from './e-presence';
import { megalis } from './megalis';
import { oneKa } from './one-ka';
import type { Profile } from './profile';
import { selfcare } from './selfcare';

export * from './profile';
export { profileMatrix } from './profile-matrix';
export * from './actions';
export { ePresence } from './e-presence';
export { selfcare } from './selfcare';
export { dataGovCy } from './data-gov-cy';
export { oneKa } from './one-ka';
export { megalis } from './megalis';

/**
 * Every shipped profile by name.
 *
 * @example
 * ```ts
 * import { createPolicy, profiles } from 'polity';
 *
 * const policy = createPolicy(profiles.megalis);
 * ```
 */
export const profiles = Object.freeze({ ePresence, selfcare, dataGovCy, oneKa, megalis }) satisfies Readonly<Record<string, Profile>>;
