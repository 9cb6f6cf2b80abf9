/**
 * {@link traceDecision}: the decision for one question, rebuilt from the policy's rules with every rule
 * reached and every condition node evaluated on the way. Coverage is built on it.
 *
 * @module
 */
import { actionKind, PolityError, scopeViewOf, withinReach, type Policy, type PolicyResource, type Principal, type Rule, type ScopeView } from 'polity';
import { traceCondition } from './condition-trace';

/** One rule reached by one question: through an assignment (or, for `'*'` rules, through nobody). */
export interface RuleEvaluation {
  readonly ruleId: string;
  readonly source: string;
  readonly effect: Rule['effect'];
  /** The assignment's scope it was reached through; `null` for a rule that applies to any principal. */
  readonly scope: ScopeView | null;
  /** Whether its condition held (so the rule matched). */
  readonly matched: boolean;
}

/** The outcome of one condition node, for one rule reached through one scope. */
export interface BranchOutcome {
  readonly ruleId: string;
  /** From the rule: `when`, `when.all.0`, `when.any.1.condition` … */
  readonly path: string;
  readonly outcome: boolean;
}

/** What {@link traceDecision} found. */
export interface DecisionTrace {
  readonly action: string;
  /** `allowed`, `forbidden` (a forbid matched) or `not_permitted`, as the engine's explanation says. */
  readonly outcome: 'allowed' | 'forbidden' | 'not_permitted';
  readonly allowed: boolean;
  /** Every rule reached, in the engine's order of evaluation: rules for anyone, then per assignment. */
  readonly evaluations: readonly RuleEvaluation[];
  /** Every condition node evaluated, children before their parent. */
  readonly branches: readonly BranchOutcome[];
}

interface RuleIndex {
  readonly byAction: ReadonlyMap<string, readonly Rule[]>;
}

const indexes = new WeakMap<Policy, RuleIndex>();

function indexOf(policy: Policy): RuleIndex {
  let index = indexes.get(policy);
  if (index === undefined) {
    const byAction = new Map<string, Rule[]>();
    for (const rule of policy.definition.rules) {
      for (const action of rule.actions) {
        const list = byAction.get(action);
        if (list) list.push(rule);
        else byAction.set(action, [rule]);
      }
    }
    // Sorted by id, as the engine orders them, so traces read the same whatever the rule order.
    for (const list of byAction.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    index = { byAction };
    indexes.set(policy, index);
  }
  return index;
}

/**
 * Rebuilds a decision from the policy's rules (plain data), recording each rule reached and each condition
 * node evaluated. Agrees with `policy.check` and `policy.explain` (a property test holds it to that); it
 * is slower than both, so use it in tests, not in services.
 *
 * @param policy - The compiled policy (its `profile.rules` and `roles` are read).
 * @throws {@link polity!PolityError} `invalid_input` when the profile does not declare `action`, as the engine does.
 *
 * @example
 * ```ts
 * import { createPolicy, profiles } from 'polity';
 * import { traceDecision } from 'polity/testing';
 *
 * const policy = createPolicy(profiles.ePresence);
 * const uc = { id: 'uc1', assignments: [{ role: 'unit_coordinator', scopeType: 'unit', organisationId: 'org_1', unitId: 'u_2', productId: null, status: 'active' }] } as const;
 * const trace = traceDecision(policy, uc, 'meeting.manage', { kind: 'meeting', id: 'm_1', organisationId: 'org_1', unitId: 'u_2', organiserId: 'uc1' });
 * trace.outcome; // 'allowed'
 * trace.evaluations.filter((e) => e.matched).map((e) => e.ruleId); // ['ep-5-manage-own-meetings']
 * ```
 */
export function traceDecision(policy: Policy, principal: Principal, action: string, resource: PolicyResource): DecisionTrace {
  if (!policy.hasAction(action)) {
    const message = `unknown action ${String(action)} (${policy.definition.id} does not declare it)`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'action', message, code: 'unknown_action' }] } });
  }
  const evaluations: RuleEvaluation[] = [];
  const branches: BranchOutcome[] = [];
  if (resource.kind !== actionKind(action)) return { action, outcome: 'not_permitted', allowed: false, evaluations, branches };

  const rules = indexOf(policy).byAction.get(action) ?? [];
  const graph = policy.roles;
  const views: ScopeView[] = [];
  for (const assignment of principal.assignments) {
    if (assignment.status !== 'active' || !graph.has(assignment.role)) continue;
    const view = scopeViewOf(assignment);
    if (view !== null) views.push(view);
  }
  const evaluate = (rule: Rule, scope: ScopeView | null) => {
    const matched = traceCondition(rule.when, { principal, scope, resource }, (path, outcome) => branches.push({ ruleId: rule.id, path, outcome }));
    evaluations.push({ ruleId: rule.id, source: rule.source, effect: rule.effect, scope, matched });
  };
  // The engine's order: rules for anyone (allows, then forbids), then per assignment.
  for (const effect of ['allow', 'forbid'] as const) {
    for (const rule of rules) if (rule.roles === '*' && rule.effect === effect) evaluate(rule, null);
  }
  for (const view of views) {
    for (const effect of ['allow', 'forbid'] as const) {
      for (const rule of rules) {
        if (rule.roles === '*' || rule.effect !== effect) continue;
        if (!rule.roles.some((role) => graph.includes(view.role, role))) continue;
        if (!withinReach(view, rule.reach ?? 'scope', resource)) continue;
        evaluate(rule, view);
      }
    }
  }
  const forbidden = evaluations.some((e) => e.matched && e.effect === 'forbid');
  const allowed = !forbidden && evaluations.some((e) => e.matched && e.effect === 'allow');
  return { action, outcome: forbidden ? 'forbidden' : allowed ? 'allowed' : 'not_permitted', allowed, evaluations, branches };
}
