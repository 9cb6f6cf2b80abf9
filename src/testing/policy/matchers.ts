/**
 * Vitest matchers for policies: `toAllow`, `toDeny`, `toBeAllowedBy`, `toBeForbiddenBy`. Registered by
 * {@link installPolicyMatchers}, never on import: the package declares `sideEffects: false`, and an
 * explicit call in a setup file says where the matchers come from.
 *
 * @module
 */
import { expect, type MatcherState } from 'vitest';
import type { PolicyResource, Principal } from 'polity';
import { assessDecision, type ExpectedDecision } from './assess-decision';
import { policyOf, type PolicySubject } from './subject';

/** `true` when `T` is `any`, a `Policy` or a `Profile`: what the policy matchers accept. */
export type AcceptsPolicyMatchers<T> = 0 extends 1 & T ? true : [T] extends [PolicySubject] ? true : false;

/**
 * A matcher that exists only on `expect(policy)` and `expect(profile)`: on anything else its type is
 * `never`, so `expect(42).toAllow(…)` does not compile.
 */
export type PolicyMatcher<T, Args extends unknown[]> = AcceptsPolicyMatchers<T> extends true ? (...args: Args) => void : never;

/**
 * The policy matchers' types, merged into vitest's `Matchers` (so into every `expect(…)`) by importing
 * `polity/testing`. Register the implementations with {@link installPolicyMatchers}.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { createPolicy, profiles, type PolicyResource, type Principal } from 'polity';
 * import { installPolicyMatchers } from 'polity/testing';
 *
 * installPolicyMatchers();
 * const policy = createPolicy(profiles.ePresence);
 * const uc: Principal = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', status: 'active' }] };
 * const own: PolicyResource = { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' };
 *
 * it('EP-5: a unit coordinator manages the meetings they organised', () => {
 *   expect(policy).toAllow(uc, 'meeting.manage', own);
 *   expect(policy).toBeAllowedBy('EP-5', uc, 'meeting.manage', own);
 *   expect(policy).toDeny(uc, 'meeting.manage', { ...own, organiserId: 'someone' });
 * });
 * ```
 */
export interface PolicyMatchers<T = unknown> {
  /**
   * Passes when the policy allows the principal the action on the resource. The failure message prints the
   * explanation's summary (who would have been allowed, or the forbidding rule).
   */
  toAllow: PolicyMatcher<T, [principal: Principal, action: string, resource: PolicyResource]>;
  /**
   * Passes when the policy denies (forbidden or not permitted).
   */
  toDeny: PolicyMatcher<T, [principal: Principal, action: string, resource: PolicyResource]>;
  /**
   * Passes when the policy allows, and a rule with this source (`EP-5`) or id (`ep-5-manage-own-meetings`)
   * is among the allowing rules (another rule may allow too).
   */
  toBeAllowedBy: PolicyMatcher<T, [source: string, principal: Principal, action: string, resource: PolicyResource]>;
  /**
   * Passes when the policy forbids, and a forbid rule with this source or id matched.
   */
  toBeForbiddenBy: PolicyMatcher<T, [source: string, principal: Principal, action: string, resource: PolicyResource]>;
}

declare module 'vitest' {
  // Every declaration of Matchers must have the same type parameters as vitest's: `T = any`.
  interface Matchers<T = any> extends PolicyMatchers<T> {}
}

/** What a policy matcher returns to vitest. */
export interface PolicyMatcherResult {
  /** Whether the expectation held (vitest inverts it under `.not`). */
  readonly pass: boolean;
  /** The failure message: the question, the answer, and the explanation's summary. */
  readonly message: () => string;
}

function judge(state: MatcherState, name: string, received: unknown, principal: Principal, action: string, resource: PolicyResource, expected: ExpectedDecision): PolicyMatcherResult {
  const assessment = assessDecision(policyOf(received as PolicySubject, name), principal, action, resource, expected);
  return { pass: assessment.pass, message: () => assessment.message(state.isNot) };
}

/**
 * The matcher implementations, for `expect.extend(policyMatchers)` (what {@link installPolicyMatchers}
 * does). Each asks `check` for the answer and `explain` for the rules; a question about an undeclared
 * action fails with the engine's `invalid_input` error.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { policyMatchers } from 'polity/testing';
 *
 * expect.extend(policyMatchers);
 * ```
 */
export const policyMatchers = {
  /** See {@link PolicyMatchers.toAllow}. */
  toAllow(this: MatcherState, received: unknown, principal: Principal, action: string, resource: PolicyResource): PolicyMatcherResult {
    return judge(this, 'toAllow', received, principal, action, resource, { allow: true });
  },
  /** See {@link PolicyMatchers.toDeny}. */
  toDeny(this: MatcherState, received: unknown, principal: Principal, action: string, resource: PolicyResource): PolicyMatcherResult {
    return judge(this, 'toDeny', received, principal, action, resource, { allow: false });
  },
  /** See {@link PolicyMatchers.toBeAllowedBy}. */
  toBeAllowedBy(this: MatcherState, received: unknown, source: string, principal: Principal, action: string, resource: PolicyResource): PolicyMatcherResult {
    return judge(this, 'toBeAllowedBy', received, principal, action, resource, { allow: true, by: source });
  },
  /** See {@link PolicyMatchers.toBeForbiddenBy}. */
  toBeForbiddenBy(this: MatcherState, received: unknown, source: string, principal: Principal, action: string, resource: PolicyResource): PolicyMatcherResult {
    return judge(this, 'toBeForbiddenBy', received, principal, action, resource, { allow: false, by: source });
  },
};

/**
 * Registers {@link policyMatchers} with vitest's `expect`. Call it once per test file, or once in a
 * `setupFiles` module; calling it again is harmless. The types come with any import of `polity/testing`.
 *
 * @example
 * ```ts
 * // vitest.setup.ts, listed in vitest.config.ts `test.setupFiles`
 * import { installPolicyMatchers } from 'polity/testing';
 *
 * installPolicyMatchers();
 * ```
 */
export function installPolicyMatchers(): void {
  expect.extend(policyMatchers);
}
