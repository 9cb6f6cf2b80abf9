/**
 * {@link createPolicy}: a policy definition (or a profile, which is one) compiled once into the engine that
 * answers `check`, `decide`, `explain`, `assert`, `plan` and grant questions.
 *
 * @module
 */
import type { Filter } from '../domain/filter';
import type { Scope } from '../domain/scope';
import { PolityError, forbidden } from '../errors';
import { activeViews, actionResidual, buildActionIndex, CompiledCheck, compileInto, entryOf, evaluate, predicateOf, type ResourceCheck } from './compile';
import { decisionOf, type Decision } from './decide';
import { validatePolicyDefinition, type PolicyDefinition } from './definition';
import { readPolicyOptions, type PolicyOptions } from './policy-options';
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

/** A compiled policy definition. Pure: no I/O, no clock; safe to share between requests. */
export interface Policy {
  /**
   * The definition it was compiled from: the object given to {@link createPolicy} when that was frozen (a
   * profile from `defineProfile`, so `policy.definition === profile`), else its validated, frozen copy.
   */
  readonly definition: PolicyDefinition;
  /** The definition's role graph. */
  readonly roles: RoleGraph;
  /** Every declared action. */
  readonly actions: readonly string[];
  /**
   * May the principal do the action on the resource? The hot path: compiled per principal and action on
   * first use, then a couple of look-ups and a closure. Deny by default; a matching forbid beats any allow.
   *
   * @throws {@link PolityError} `invalid_input` when the action is not declared by the definition.
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
   * those `check` allows (`{ kind: 'always' }` / `{ kind: 'never' }` when constant). Hand it to a Store's
   * `list`, evaluate it with `matchesFilter`, or compile it to SQL over a table of your own with
   * {@link "polity/adapters/postgres"!filterToSql}.
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
  /** Whether the definition declares the action. */
  hasAction(action: string): boolean;
}

/**
 * Compiles a policy definition (a profile is one) into a {@link Policy}: validates it, indexes its rules by
 * action and by the roles that reach them, and caches per principal (by object identity) what it compiles on
 * first use: a principal object checked again is kept in a WeakMap (collected with the principal); one checked
 * only once waits among the last `principalCacheSize` first sightings (by id, replaced when the same id comes
 * with another object) and is dropped from there, so that principals built for a single question cost the
 * garbage collector nothing more.
 *
 * @param definition - A {@link PolicyDefinition}, or a profile (its part the engine reads is validated again
 *   here, so a hand-written one is checked too; the rest of a profile is `defineProfile`'s to check).
 * @param options - See {@link PolicyOptions}: how many principals seen once to remember.
 * @throws {@link PolityError} `invalid_input` when the definition is invalid: an unknown role or action in a
 *   rule, a duplicate rule id, a role-inheritance cycle, an escalating grant rule …; or when
 *   `principalCacheSize` is not a positive whole number.
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
 *
 * // A portal holding 100,000 signed-in users' principals and checking them in turn:
 * const portal = createPolicy(profiles.ePresence, { principalCacheSize: 131_072 });
 * ```
 */
export function createPolicy(definition: PolicyDefinition, options: PolicyOptions = {}): Policy {
  const { principalCacheSize } = readPolicyOptions(options);
  const { definition: validated, graph } = validatePolicyDefinition(definition);
  const exposed = Object.isFrozen(definition) ? definition : validated;
  const index = buildActionIndex(validated, graph);
  const context = { definition: validated, graph, index, roleDefinitions: new Map(validated.roles.map((role) => [role.name, role])) };
  // Per principal (by identity, so a principal that is dropped is collected with what was compiled for it):
  // the compiled check of the last action asked, and the others in a Map once there are several.
  const cache = new WeakMap<Principal, CompiledCheck>();
  // The last principal checked and its state: rows of a page are checked for one principal in a row, and an
  // identity test is cheaper than the WeakMap. Holds on to that one principal until another is checked.
  let lastPrincipal: Principal | null = null;
  let lastState = new CompiledCheck();

  // First sightings, by principal id. A WeakMap entry whose key is a young object is costly for the garbage
  // collector (every minor GC processes it, and it lingers until a major one), so a principal checked once and
  // dropped (built for one question) never enters the WeakMap: it is only remembered here (what was compiled
  // for it serves the checks that follow in a row, through the last-principal slot), and it moves to the
  // WeakMap when the same object is checked again later. Holds at most principalCacheSize principals; cleared
  // when full (a whole generation forgotten at once: no per-entry bookkeeping on the cold path).
  let recent = new Map<string, Principal>();
  const stateOf = (principal: Principal): CompiledCheck => {
    let state = cache.get(principal);
    if (state === undefined) {
      state = principal === lastPrincipal ? lastState : new CompiledCheck();
      if (recent.get(principal.id) === principal) recent.delete(principal.id);
      cache.set(principal, state);
    }
    return state;
  };
  /** Makes `state` answer `action` (compiling it on first use). */
  function prepare(state: CompiledCheck, principal: Principal, action: string): void {
    if (state.action === null) {
      compileInto(state, entryOf(index, action, validated.id), principal, action);
      return;
    }
    let checks = state.checks;
    let compiled = checks?.get(action);
    if (compiled === undefined) {
      const entry = entryOf(index, action, validated.id);
      if (checks === null) {
        // A second action: keep every compiled check from now on, not just the last one.
        const first = new CompiledCheck();
        first.assign(state);
        checks = state.checks = new Map([[first.action!, first]]);
      }
      compiled = new CompiledCheck();
      compileInto(compiled, entry, principal, action);
      checks!.set(action, compiled);
    }
    state.assign(compiled);
  }
  /** A principal neither the last one checked nor in the WeakMap: seen once before, or never. */
  function checkCold(principal: Principal, action: string, resource: PolicyResource): boolean {
    const entry = entryOf(index, action, validated.id);
    const state = new CompiledCheck();
    compileInto(state, entry, principal, action);
    const id = principal.id;
    if (recent.get(id) === principal) {
      // Checked before: from now on in the WeakMap.
      recent.delete(id);
      cache.set(principal, state);
    } else {
      if (recent.size >= principalCacheSize) recent = new Map();
      recent.set(id, principal);
    }
    lastPrincipal = principal;
    lastState = state;
    return evaluate(state, resource);
  }
  /** A compiled check that stays as it is (the state's fields follow the last action asked). */
  function checkerOf(state: CompiledCheck, principal: Principal, action: string): ResourceCheck {
    if (state.action !== action) prepare(state, principal, action);
    let compiled = state.checks?.get(action);
    if (compiled === undefined) {
      compiled = new CompiledCheck();
      compiled.assign(state);
      state.checks = new Map([[action, compiled]]);
    }
    return (compiled.predicate ??= predicateOf(compiled));
  }

  const check = (principal: Principal, action: string, resource: PolicyResource): boolean => {
    // Read first: the resource's memory is fetched while the principal's state is looked up.
    const kind = resource.kind;
    let state = lastState;
    if (principal !== lastPrincipal) {
      const cached = cache.get(principal);
      if (cached === undefined) return checkCold(principal, action, resource);
      lastPrincipal = principal;
      lastState = state = cached;
    }
    if (state.action !== action) prepare(state, principal, action);
    return evaluate(state, resource, kind);
  };
  const explain = (principal: Principal, action: string, resource: PolicyResource): Explanation => explainDecision(context, principal, action, resource);
  const decide = (principal: Principal, action: string, resource: PolicyResource): Decision => decisionOf(explain(principal, action, resource));
  const assert = (principal: Principal, action: string, resource: PolicyResource): void => {
    if (check(principal, action, resource)) return;
    const explanation = explain(principal, action, resource);
    // The message names no principal, resource or rule: the explanation in `details` does.
    throw forbidden(action, explanation.outcome === 'forbidden' ? 'forbidden_by_rule' : 'not_permitted', explanation);
  };
  const plan = (principal: Principal, action: string, resourceKind: string): Filter => {
    const entry = entryOf(index, action, validated.id);
    if (resourceKind !== entry.kind) return { kind: 'never' };
    const state = stateOf(principal);
    return residualToFilter(actionResidual(entry, principal, (state.views ??= activeViews(principal, graph))));
  };
  const grant = (principal: Principal, role: string, scope: Scope): GrantDecision => decideGrant(validated, graph, principal, role, scope);
  const assertGrant = (principal: Principal, role: string, scope: Scope) => {
    const decision = grant(principal, role, scope);
    if (decision.allowed) return decision;
    throw forbidden('role.grant', 'grant_denied', decision);
  };

  const forPrincipal = (principal: Principal): PrincipalPolicy => {
    const state = stateOf(principal);
    if (state.bound !== null) return state.bound as PrincipalPolicy;
    // Methods that never read `this`, so they can be passed around (`const { check } = policy.forPrincipal(p)`).
    const bound: PrincipalPolicy = {
      principal,
      check(action, resource) {
        const kind = resource.kind; // read first, as in `check`
        if (state.action !== action) prepare(state, principal, action);
        return evaluate(state, resource, kind);
      },
      checker(action) {
        return checkerOf(state, principal, action);
      },
      decide(action, resource) {
        return decide(principal, action, resource);
      },
      explain(action, resource) {
        return explain(principal, action, resource);
      },
      assert(action, resource) {
        assert(principal, action, resource);
      },
      plan(action, resourceKind) {
        return plan(principal, action, resourceKind);
      },
      canGrant(role, scope) {
        return grant(principal, role, scope).allowed;
      },
    };
    state.bound = bound;
    return bound;
  };

  const actions = Object.freeze(validated.actions.map((a) => a.name));
  return Object.freeze({
    definition: exposed,
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
