/**
 * Test support (imports vitest; never imported by library code): table-driven rule cases for a profile.
 * Each case becomes a test titled by its source ID (`EP-5: …`) that checks `check`, `explain`, `decide`
 * and the query plan agree, and that the rules it names did (or did not) match. A final test fails when a
 * rule of the profile has no case exercising it, or a conditioned rule has no near miss.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../domain/filter';
import { createPolicy, type Policy } from '../policy/policy';
import type { PolicyResource, Principal, PrincipalAssignment } from '../policy/principal';
import type { Profile } from './profile';

/** One expectation about one decision. */
export interface RuleCase {
  /** The RULES.md ID (or `*-open` / `*-real` source) the test is named by. */
  readonly source: string;
  readonly title: string;
  readonly principal: Principal;
  readonly action: string;
  readonly resource: PolicyResource;
  readonly expect: 'allow' | 'deny' | 'forbid';
  /** Rules that must match (allow rules for `allow`, forbid rules for `forbid`). */
  readonly matches?: readonly string[];
  /** Rules that must not match here: the case is a near miss of their condition or scope. */
  readonly misses?: readonly string[];
}

/** Assignment builders. */
export const at = {
  platform: (role: string, status = 'active'): PrincipalAssignment => ({ role, scopeType: 'platform', organisationId: null, unitId: null, productId: null, status }),
  organisation: (role: string, organisationId: string, status = 'active'): PrincipalAssignment => ({
    role,
    scopeType: 'organisation',
    organisationId,
    unitId: null,
    productId: null,
    status,
  }),
  unit: (role: string, organisationId: string, unitId: string, status = 'active'): PrincipalAssignment => ({
    role,
    scopeType: 'unit',
    organisationId,
    unitId,
    productId: null,
    status,
  }),
  product: (role: string, organisationId: string, productId: string, status = 'active'): PrincipalAssignment => ({
    role,
    scopeType: 'product',
    organisationId,
    unitId: null,
    productId,
    status,
  }),
};

/** A principal. */
export function who(id: string, assignments: readonly PrincipalAssignment[] = [], attributes?: Readonly<Record<string, unknown>>): Principal {
  return attributes === undefined ? { id, assignments } : { id, assignments, attributes };
}

/** Checks one case against a policy; returns nothing, fails through `expect`. */
export function verifyCase(policy: Policy, c: RuleCase): void {
  const allowed = policy.check(c.principal, c.action, c.resource);
  const explanation = policy.explain(c.principal, c.action, c.resource);
  const decision = policy.decide(c.principal, c.action, c.resource);
  const plan = policy.plan(c.principal, c.action, c.resource.kind);
  const expectedOutcome = c.expect === 'allow' ? 'allowed' : c.expect === 'forbid' ? 'forbidden' : 'not_permitted';
  expect({ allowed, outcome: explanation.outcome, summary: explanation.summary }).toMatchObject({ allowed: c.expect === 'allow', outcome: expectedOutcome });
  expect(decision.allowed).toBe(allowed);
  // A relation the principal carries no list for is a semi-join in the plan; in this world no record pairs
  // anyone with anything, which is what check assumes without the list.
  expect(matchesFilter(plan, c.resource, { related: () => new Set() })).toBe(allowed);
  const matched = [...explanation.allowedBy, ...explanation.forbiddenBy].map((m) => m.ruleId);
  for (const id of c.matches ?? []) expect(matched, `rule ${id} should match`).toContain(id);
  for (const id of c.misses ?? []) expect(matched, `rule ${id} should not match`).not.toContain(id);
  for (const id of c.matches ?? []) expect(explanation.sources).toContain(policy.definition.rules.find((rule) => rule.id === id)?.source);
}

/**
 * Registers a `describe` block: one test per case, then the coverage test.
 *
 * @param profile - The profile under test.
 * @param cases - Its cases.
 */
export function describeRuleCases(profile: Profile, cases: readonly RuleCase[]): void {
  const policy = createPolicy(profile);
  describe(`${profile.name}: every rule by its source`, () => {
    for (const c of cases) {
      it(`${c.source}: ${c.title}`, () => verifyCase(policy, c));
    }
    it(`every rule of ${profile.id} has a case named by its source, and every conditioned rule a near miss`, () => {
      const problems: string[] = [];
      for (const rule of profile.rules) {
        const positive = cases.some((c) => c.source === rule.source && (c.matches ?? []).includes(rule.id));
        if (!positive) problems.push(`${rule.id} (${rule.source}) has no case in which it matches`);
        const conditioned = rule.when !== undefined || rule.roles !== '*';
        if (conditioned && !cases.some((c) => (c.misses ?? []).includes(rule.id))) problems.push(`${rule.id} (${rule.source}) has no near miss`);
      }
      for (const c of cases) {
        for (const id of [...(c.matches ?? []), ...(c.misses ?? [])]) {
          if (!profile.rules.some((rule) => rule.id === id)) problems.push(`case "${c.source}: ${c.title}" names unknown rule ${id}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
}
