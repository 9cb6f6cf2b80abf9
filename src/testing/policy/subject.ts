/**
 * What the policy testing kit accepts: a compiled {@link Policy} or the {@link PolicyDefinition} (a profile
 * will do) it comes from.
 *
 * @module
 */
import { createPolicy, PolityError, type Policy, type PolicyDefinition } from 'polity';

/** A compiled policy, or a definition (a profile) the kit compiles (once per object) with `createPolicy`. */
export type PolicySubject = Policy | PolicyDefinition;

// Compiled once per definition object: fixtures and matchers ask many questions of the same profile.
const compiled = new WeakMap<PolicyDefinition, Policy>();

/** Whether a value is a compiled policy rather than a profile: only a policy has `check`. */
export function isPolicy(subject: unknown): subject is Policy {
  return typeof subject === 'object' && subject !== null && typeof (subject as { check?: unknown }).check === 'function';
}

function isDefinition(subject: unknown): subject is PolicyDefinition {
  return typeof subject === 'object' && subject !== null && Array.isArray((subject as { rules?: unknown }).rules) && Array.isArray((subject as { roles?: unknown }).roles);
}

/**
 * The policy of a subject: itself, or the definition compiled with `createPolicy` (cached per object).
 *
 * @param subject - A policy, or a definition or profile.
 * @param what - Who asks, for the error message (`toAllow`, `describePolicy` …).
 * @throws {@link polity!PolityError} `invalid_input` when `subject` is neither a policy nor a definition, or when
 *   the definition is invalid (as `createPolicy`).
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { policyOf } from 'polity/testing';
 *
 * const policy = policyOf(profiles.ePresence);
 * policy === policyOf(profiles.ePresence); // true: compiled once
 * ```
 */
export function policyOf(subject: PolicySubject, what = 'polity/testing'): Policy {
  if (isPolicy(subject)) return subject;
  if (!isDefinition(subject)) {
    const message = `${what} needs a Policy (createPolicy(definition)) or a PolicyDefinition (a Profile will do), got ${subject === null ? 'null' : typeof subject}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: '', message, code: 'not_a_policy' }] } });
  }
  let policy = compiled.get(subject);
  if (policy === undefined) {
    policy = createPolicy(subject);
    compiled.set(subject, policy);
  }
  return policy;
}
