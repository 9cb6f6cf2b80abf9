/**
 * {@link createPolicy}: a profile compiled once into the engine that answers `check`, `decide`, `explain`,
 * `assert`, `plan` and grant questions.
 *
 * @module
 */
import type { Filter } from '../domain/filter';
import type { Scope } from '../domain/scope';
import { PolityError } from '../errors';
import { validateProfile, type Profile } from '../profiles/profile';
import { activeViews, actionResidual, buildActionIndex, compileCheck, entryOf, type ResourceCheck } from './compile';
import { decisionOf, type Decision } from './decide';
import { explainDecision, type Explanation } from './explain';
import { decideGrant, type GrantDecision } from './grants';
import { residualToFilter } from './plan';
import type { PolicyResource, Principal, ScopeView } from './principal';
import type { RoleGraph } from './role-graph';

/** A policy bound to one principal: the same questions without repeating who asks. */
export interface PrincipalPolicy {
  readonly principal: Principal;
  /** {@link Policy.check} for this principal. */
  check(action: string, resource: PolicyResource): boolean;
  /**
   * The compiled check of one action, as a predicate: the fastest way to test many resources (rows of a
   * page, items of a list) for one principal and action.
   *
   * @throws {@link PolityError} `invalid_input` for an undeclared action.
   */
  checker(action: string): (resource: PolicyResource) => boolean;
  /** {@link Policy.decide} for this principal. */
  decide(action: string, resource: PolicyResource): Decision;
  /** {@link Policy.explain} for this principal. */
  explain(action: string, resource: PolicyResource): Explanation;
  /** {@link Policy.assert} for this principal. */
  assert(action: string, resource: PolicyResource): void;
  /** {@link Policy.plan} for this principal. */
  plan(action: string, resourceKind: string): Filter;
  /** {@link Policy.canGrant} for this principal. */
  canGrant(role: string, scope: Scope): boolean;
}

/** A compiled profile. Pure: no I/O, no clock; safe to share between requests. */
export interface Policy {
  /** The profile it was compiled from. */
  readonly profile: Profile;
  /** The profile's role graph. */
  readonly roles: RoleGraph;
  /** Every declared action. */
  readonly actions: readonly string[];
  /**
   * May the principal do the action on the resource? The hot path: compiled per principal and action on
   * first use, then a couple of look-ups and a closure. Deny by default; a matching forbid beats any allow.
   *
   * @throws {@link PolityError} `invalid_input` when the action is not declared by the profile.
   */
  check(principal: Principal, action: string, resource: PolicyResource): boolean;
  /**
   * The decision with the deciding rule, or for a denial the forbidding rule or who would have been allowed.
   *
   * @throws {@link PolityError} `invalid_input` for an undeclared action.
   */
  decide(principal: Principal, action: string, resource: PolicyResource): Decision;
  /**
   * The full explanation: every matching rule, the role and scope each came through, ignored assignments.
   *
   * @throws {@link PolityError} `invalid_input` for an undeclared action.
   */
  explain(principal: Principal, action: string, resource: PolicyResource): Explanation;
  /**
   * Returns when allowed.
   *
   * @throws {@link PolityError} `forbidden` with `details: { action, explanation }` when denied.
   * @throws {@link PolityError} `invalid_input` for an undeclared action.
   */
  assert(principal: Principal, action: string, resource: PolicyResource): void;
  /**
   * The query plan: a {@link Filter} over the fields of resources of `resourceKind` that matches exactly
   * those `check` allows (`{ kind: 'always' }` / `{ kind: 'never' }` when constant). Evaluate with
   * `matchesFilter`, or compile with {@link filterToSql}.
   *
   * @throws {@link PolityError} `invalid_input` for an undeclared action.
   */
  plan(principal: Principal, action: string, resourceKind: string): Filter;
  /** A checker bound to one principal (and cached with it). */
  forPrincipal(principal: Principal): PrincipalPolicy;
  /**
   * May the principal grant `role` at `scope` (by assignment or invitation)?
   *
   * @throws {@link PolityError} `invalid_input` when the role is unknown or not assignable at that scope type.
   */
  decideGrant(principal: Principal, role: string, scope: Scope): GrantDecision;
  /** `decideGrant(...).allowed`. */
  canGrant(principal: Principal, role: string, scope: Scope): boolean;
  /**
   * Returns the allowing grant decision.
   *
   * @throws {@link PolityError} `forbidden` (details: `{ action: 'role.grant', explanation }`) when denied;
   *   `invalid_input` as {@link Policy.decideGrant}.
   */
  assertGrant(principal: Principal, role: string, scope: Scope): Extract<GrantDecision, { allowed: true }>;
  /** Whether the profile declares the action. */
  hasAction(action: string): boolean;
}

const denyAll: ResourceCheck = () => false;

interface PrincipalState {
  readonly views: readonly ScopeView[];
  /** Checks compiled so far, by action; created with the second action (most principals ask one). */
  checks: Map<string, ResourceCheck> | null;
  /** The last action asked and its check: callers ask the same action over and over (one per row). */
  lastAction: string | null;
  lastCheck: ResourceCheck;
  bound?: PrincipalPolicy;
}

/**
 * Compiles a profile into a {@link Policy}: validates it, indexes its rules by action and by the roles that
 * reach them, and caches per principal (by object identity, in a WeakMap) what it compiles on first use.
 *
 * @param profile - A profile (validated again here, so a hand-written one is checked too).
 * @throws {@link PolityError} `invalid_input` when the profile is invalid: an unknown role or action in a
 *   rule, a duplicate rule id, a role-inheritance cycle, an escalating grant rule …
 *
 * @example
 * ```ts
 * import { createPolicy, profiles } from 'polity';
 *
 * const policy = createPolicy(profiles.ePresence);
 * const principal = {
 *   id: 'u_9',
 *   assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', productId: null, status: 'active' }],
 * } as const;
 * const meeting = { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'u_9' };
 * policy.check(principal, 'meeting.manage', meeting); // true (EP-5)
 * policy.explain(principal, 'meeting.manage', meeting).summary;
 * // "Allowed by EP-5 (rule ep-5-manage-own-meetings) as unit coordinator of unit u_2 of organisation org_1, because …"
 * ```
 */
export function createPolicy(profile: Profile): Policy {
  const { profile: validated, graph } = validateProfile(profile);
  const exposed = Object.isFrozen(profile) ? profile : validated;
  const index = buildActionIndex(validated, graph);
  const context = { profile: validated, graph, index, roleDefinitions: new Map(validated.roles.map((role) => [role.name, role])) };
  const cache = new WeakMap<Principal, PrincipalState>();

  const stateOf = (principal: Principal): PrincipalState => {
    let state = cache.get(principal);
    if (state === undefined) {
      state = { views: activeViews(principal, graph), checks: null, lastAction: null, lastCheck: denyAll };
      cache.set(principal, state);
    }
    return state;
  };
  const checkOf = (state: PrincipalState, principal: Principal, action: string): ResourceCheck => {
    if (state.lastAction === action) return state.lastCheck;
    let compiled = state.checks?.get(action);
    if (compiled === undefined) {
      compiled = compileCheck(entryOf(index, action, validated.id), principal, state.views);
      if (state.lastAction !== null) {
        // A second action: keep every compiled check from now on, not just the last one.
        state.checks ??= new Map([[state.lastAction, state.lastCheck]]);
        state.checks.set(action, compiled);
      }
    }
    state.lastAction = action;
    state.lastCheck = compiled;
    return compiled;
  };

  const check = (principal: Principal, action: string, resource: PolicyResource): boolean => {
    const state = cache.get(principal) ?? stateOf(principal);
    return (state.lastAction === action ? state.lastCheck : checkOf(state, principal, action))(resource);
  };
  const explain = (principal: Principal, action: string, resource: PolicyResource): Explanation => explainDecision(context, principal, action, resource);
  const decide = (principal: Principal, action: string, resource: PolicyResource): Decision => decisionOf(explain(principal, action, resource));
  const assert = (principal: Principal, action: string, resource: PolicyResource): void => {
    if (check(principal, action, resource)) return;
    const explanation = explain(principal, action, resource);
    const what = typeof resource.id === 'string' ? `${String(resource.kind)} ${resource.id}` : `this ${String(resource.kind)}`;
    throw new PolityError('forbidden', `${principal.id} may not ${action} on ${what}: ${explanation.summary}`, { details: { action, explanation } });
  };
  const plan = (principal: Principal, action: string, resourceKind: string): Filter => {
    const entry = entryOf(index, action, validated.id);
    if (resourceKind !== entry.kind) return { kind: 'never' };
    return residualToFilter(actionResidual(entry, principal, stateOf(principal).views));
  };
  const grant = (principal: Principal, role: string, scope: Scope): GrantDecision => decideGrant(validated, graph, principal, role, scope);
  const assertGrant = (principal: Principal, role: string, scope: Scope) => {
    const decision = grant(principal, role, scope);
    if (decision.allowed) return decision;
    throw new PolityError('forbidden', `${principal.id} may not grant ${role}: ${decision.summary}`, { details: { action: 'role.grant', explanation: decision } });
  };

  const forPrincipal = (principal: Principal): PrincipalPolicy => {
    const state = stateOf(principal);
    if (state.bound) return state.bound;
    const bound: PrincipalPolicy = {
      principal,
      check: (action, resource) => (state.lastAction === action ? state.lastCheck : checkOf(state, principal, action))(resource),
      checker: (action) => checkOf(state, principal, action),
      decide: (action, resource) => decide(principal, action, resource),
      explain: (action, resource) => explain(principal, action, resource),
      assert: (action, resource) => assert(principal, action, resource),
      plan: (action, resourceKind) => plan(principal, action, resourceKind),
      canGrant: (role, scope) => grant(principal, role, scope).allowed,
    };
    state.bound = bound;
    return bound;
  };

  const actions = Object.freeze(validated.actions.map((a) => a.name));
  return Object.freeze({
    profile: exposed,
    roles: graph,
    actions,
    check,
    decide,
    explain,
    assert,
    plan,
    forPrincipal,
    decideGrant: grant,
    canGrant: (principal: Principal, role: string, scope: Scope) => grant(principal, role, scope).allowed,
    assertGrant,
    hasAction: (action: string) => index.has(action),
  });
}
