/**
 * {@link expectNoNewAccess}: the CI gate for a profile change.
 *
 * @module
 */
import { describeChange, diffPolicies, type DiffPoliciesOptions, type PolicyChange, type PolicyDiff } from './diff-policies';
import type { PolicySubject } from './subject';

/**
 * What {@link expectNoNewAccess} throws: an assertion error listing every access gained, with witnesses.
 *
 * @example
 * ```ts
 * import { extendProfile, profiles } from 'polity';
 * import { expectNoNewAccess, NewAccessError } from 'polity/testing';
 *
 * const lax = extendProfile(profiles.megalis, {
 *   rules: [{ id: 'users-see-statistics', source: 'OURS-2', effect: 'allow', roles: ['user'], actions: ['statistics.read'], resource: 'statistics' }],
 * });
 * try {
 *   expectNoNewAccess(profiles.megalis, lax);
 * } catch (error) {
 *   if (error instanceof NewAccessError) console.log(error.gained.map((change) => change.witness));
 * }
 * ```
 */
export class NewAccessError extends Error {
  /** The changes where the new policy allows what the old one denied. */
  readonly gained: readonly PolicyChange[];

  constructor(diff: PolicyDiff) {
    super(
      `${diff.to} allows ${diff.gained.length} thing${diff.gained.length === 1 ? '' : 's'} ${diff.from} denied:\n` +
        diff.gained.map((change) => `  - ${describeChange(change)}`).join('\n'),
    );
    // Named as vitest and chai name failed assertions, so reporters show it as a failure, not a crash.
    this.name = 'AssertionError';
    this.gained = diff.gained;
  }
}

/**
 * Fails when `b` allows anything `a` denied, listing each gained role × action × condition with a witness.
 * Lost access passes (tightening a policy is what a forbid is for). Run it in CI when a profile change
 * lands, against the profile as released.
 *
 * @param a - The policy before (or its profile): what is released.
 * @param b - The policy after: the change under review.
 * @param options - As {@link diffPolicies}.
 * @returns The diff, for further checks (what was lost, say).
 * @throws {@link NewAccessError} listing every access gained.
 * @throws {@link polity!PolityError} `invalid_input` when either is neither a policy nor a valid profile.
 * @see docs/testing-policies.md
 *
 * @example
 * ```ts
 * import { it } from 'vitest';
 * import { extendProfile, profiles, when } from 'polity';
 * import { expectNoNewAccess } from 'polity/testing';
 *
 * // A forbid only removes access, so this passes.
 * const stricter = extendProfile(profiles.ePresence, {
 *   rules: [{ id: 'no-org-level-meetings', source: 'OURS-3', effect: 'forbid', roles: ['unit_coordinator'], actions: ['meeting.manage'], resource: 'meeting', when: when.isNull('resource.unitId') }],
 * });
 * it('OURS-3 grants nothing new', () => {
 *   expectNoNewAccess(profiles.ePresence, stricter);
 * });
 * ```
 */
export function expectNoNewAccess(a: PolicySubject, b: PolicySubject, options: DiffPoliciesOptions = {}): PolicyDiff {
  const diff = diffPolicies(a, b, options);
  if (diff.gained.length > 0) throw new NewAccessError(diff);
  return diff;
}
