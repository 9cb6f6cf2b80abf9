/**
 * {@link trackCoverage}: a policy that records, for every question asked of it, which rules matched and
 * which way each condition branch went, and reports per rule ID and per branch what no test exercised.
 *
 * @module
 */
import type { Decision, Explanation, Policy, PolicyResource, Principal, PrincipalPolicy, Rule } from 'polity';
import { conditionBranches, type ConditionBranch } from './condition-branches';
import { policyOf, type PolicySubject } from './subject';
import { traceDecision } from './trace-decision';

/** How often one rule was reached and matched. */
export interface RuleCoverage {
  readonly ruleId: string;
  readonly source: string;
  readonly effect: Rule['effect'];
  readonly actions: readonly string[];
  /** Questions in which the rule matched (through any assignment, or for anyone). */
  readonly matched: number;
  /** Questions in which the rule was reached (role held, resource within reach) but its condition failed. */
  readonly nearMisses: number;
  /** Whether it matched at least once. */
  readonly covered: boolean;
  /** `false` when its condition can never hold (an `in` of an empty list …): a bug in the rule. */
  readonly canMatch: boolean;
}

/** How often one condition branch came out true and false. */
export interface BranchCoverage extends ConditionBranch {
  readonly ruleId: string;
  readonly source: string;
  readonly whenTrue: number;
  readonly whenFalse: number;
}

/** A branch outcome no question produced. */
export interface BranchGap {
  readonly ruleId: string;
  readonly source: string;
  readonly path: string;
  readonly condition: string;
  /** The outcome never seen. */
  readonly outcome: boolean;
}

/** Covered out of total, and the percentage (100 when there is nothing to cover). */
export interface CoverageTotal {
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
}

/** What {@link CoverageRecorder.report} returns. */
export interface CoverageReport {
  readonly profileId: string;
  /** Questions recorded (`check`, `decide`, `explain`, `assert` calls that returned an answer). */
  readonly questions: number;
  /** Every rule of the profile, in profile order. */
  readonly rules: readonly RuleCoverage[];
  /** Every condition branch of every rule, rule by rule, root first. */
  readonly branches: readonly BranchCoverage[];
  /** What nothing exercised: rules that never matched, branch outcomes never seen (impossible ones left out). */
  readonly uncovered: { readonly rules: readonly RuleCoverage[]; readonly branches: readonly BranchGap[] };
  /** Rules matched out of all rules; branch outcomes seen out of all possible outcomes. */
  readonly totals: { readonly rules: CoverageTotal; readonly branches: CoverageTotal };
  /**
   * Questions where the kit's trace and the engine disagreed (a bug in one of them; please report it).
   * Empty in a healthy run; {@link expectFullCoverage} fails on any.
   */
  readonly mismatches: readonly string[];
}

/** What a {@link CoveragePolicy} adds to the policy it wraps. */
export interface CoverageRecorder {
  /** The policy whose answers it returns. */
  readonly tracked: Policy;
  /** Coverage of every question asked so far. */
  report(): CoverageReport;
  /** Forgets every question asked so far. */
  reset(): void;
}

/** A `Policy` that records coverage; answers come from the wrapped policy, unchanged. */
export type CoveragePolicy = Policy & CoverageRecorder;

interface Counters {
  matched: number;
  nearMisses: number;
}

/**
 * Wraps a policy (or a profile, compiled first) so that every `check`, `decide`, `explain` and `assert` is
 * recorded, also through `forPrincipal` and `checker`. `plan` and grant questions are passed through
 * unrecorded: they decide no single resource. A question whose action the profile does not declare throws,
 * as the engine does, and is not recorded.
 *
 * Branch outcomes follow the engine's evaluation: `and` and `or` stop once decided, so a part after a
 * deciding one is not exercised by that question. A rule is counted once per question however many
 * assignments reached it.
 *
 * @param subject - The policy or profile to track. Wrapping a {@link CoveragePolicy} again records in both.
 * @throws {@link polity!PolityError} `invalid_input` when `subject` is neither a policy nor a valid profile.
 * @see docs/testing-policies.md
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { formatCoverage, trackCoverage } from 'polity/testing';
 *
 * const policy = trackCoverage(profiles.ePresence);
 * policy.check({ id: 'p1', assignments: [] }, 'meeting.join', { kind: 'meeting', id: 'm_1', organisationId: 'org_1', organiserId: 'p1' });
 * const report = policy.report();
 * report.uncovered.rules.map((r) => r.ruleId); // every rule but ep-3-join-own-or-invited
 * console.log(formatCoverage(report));
 * ```
 */
export function trackCoverage(subject: PolicySubject): CoveragePolicy {
  const inner = policyOf(subject, 'trackCoverage');
  const rules = inner.definition.rules;
  const branchesOf = new Map(rules.map((rule) => [rule.id, conditionBranches(rule)]));
  let questions = 0;
  let ruleCounts = new Map<string, Counters>();
  let branchCounts = new Map<string, { t: number; f: number }>();
  let mismatches: string[] = [];

  const record = (principal: Principal, action: string, resource: PolicyResource, allowed: boolean): void => {
    const trace = traceDecision(inner, principal, action, resource);
    questions++;
    // Kept to the first hundred: one is already a bug report, and a loop must not grow without bound.
    if (trace.allowed !== allowed && mismatches.length < 100) {
      mismatches.push(`${principal.id} ${action} ${String(resource.kind)} ${String(resource.id ?? '')}: the engine says ${allowed}, the trace ${trace.allowed}`.trim());
    }
    // Once per question per rule: matched wins over a near miss through another assignment.
    const seen = new Map<string, boolean>();
    for (const evaluation of trace.evaluations) seen.set(evaluation.ruleId, (seen.get(evaluation.ruleId) ?? false) || evaluation.matched);
    for (const [ruleId, matched] of seen) {
      let counters = ruleCounts.get(ruleId);
      if (counters === undefined) ruleCounts.set(ruleId, (counters = { matched: 0, nearMisses: 0 }));
      if (matched) counters.matched++;
      else counters.nearMisses++;
    }
    for (const branch of trace.branches) {
      const key = `${branch.ruleId}\u0000${branch.path}`;
      let counts = branchCounts.get(key);
      if (counts === undefined) branchCounts.set(key, (counts = { t: 0, f: 0 }));
      if (branch.outcome) counts.t++;
      else counts.f++;
    }
  };

  const report = (): CoverageReport => {
    const ruleRows: RuleCoverage[] = [];
    const branchRows: BranchCoverage[] = [];
    const gaps: BranchGap[] = [];
    let outcomes = 0;
    let seenOutcomes = 0;
    for (const rule of rules) {
      const counters = ruleCounts.get(rule.id) ?? { matched: 0, nearMisses: 0 };
      const branches = branchesOf.get(rule.id) ?? [];
      ruleRows.push({
        ruleId: rule.id,
        source: rule.source,
        effect: rule.effect,
        actions: rule.actions,
        matched: counters.matched,
        nearMisses: counters.nearMisses,
        covered: counters.matched > 0,
        canMatch: branches[0]?.canBeTrue ?? true,
      });
      for (const branch of branches) {
        const counts = branchCounts.get(`${rule.id}\u0000${branch.path}`) ?? { t: 0, f: 0 };
        branchRows.push({ ruleId: rule.id, source: rule.source, ...branch, whenTrue: counts.t, whenFalse: counts.f });
        for (const [outcome, can, count] of [
          [true, branch.canBeTrue, counts.t],
          [false, branch.canBeFalse, counts.f],
        ] as const) {
          if (!can) continue;
          outcomes++;
          if (count > 0) seenOutcomes++;
          else gaps.push({ ruleId: rule.id, source: rule.source, path: branch.path, condition: branch.condition, outcome });
        }
      }
    }
    const uncoveredRules = ruleRows.filter((row) => !row.covered);
    return {
      profileId: inner.definition.id,
      questions,
      rules: ruleRows,
      branches: branchRows,
      uncovered: { rules: uncoveredRules, branches: gaps },
      totals: { rules: total(ruleRows.length - uncoveredRules.length, ruleRows.length), branches: total(seenOutcomes, outcomes) },
      mismatches: [...mismatches],
    };
  };

  const check = (principal: Principal, action: string, resource: PolicyResource): boolean => {
    const allowed = inner.check(principal, action, resource);
    record(principal, action, resource, allowed);
    return allowed;
  };
  const decide = (principal: Principal, action: string, resource: PolicyResource): Decision => {
    const decision = inner.decide(principal, action, resource);
    record(principal, action, resource, decision.allowed);
    return decision;
  };
  const explain = (principal: Principal, action: string, resource: PolicyResource): Explanation => {
    const explanation = inner.explain(principal, action, resource);
    record(principal, action, resource, explanation.allowed);
    return explanation;
  };
  const assert = (principal: Principal, action: string, resource: PolicyResource): void => {
    // Asked of `check` first so an undeclared action throws before anything is recorded.
    record(principal, action, resource, inner.check(principal, action, resource));
    inner.assert(principal, action, resource);
  };
  const bound = new WeakMap<Principal, PrincipalPolicy>();
  const forPrincipal = (principal: Principal): PrincipalPolicy => {
    let view = bound.get(principal);
    if (view !== undefined) return view;
    const base = inner.forPrincipal(principal);
    view = {
      principal,
      check: (action, resource) => check(principal, action, resource),
      checker: (action) => {
        const compiled = base.checker(action);
        return (resource) => {
          const allowed = compiled(resource);
          record(principal, action, resource, allowed);
          return allowed;
        };
      },
      decide: (action, resource) => decide(principal, action, resource),
      explain: (action, resource) => explain(principal, action, resource),
      assert: (action, resource) => assert(principal, action, resource),
      plan: (action, resourceKind) => base.plan(action, resourceKind),
      canGrant: (role, scope) => base.canGrant(role, scope),
    };
    bound.set(principal, view);
    return view;
  };

  return Object.freeze({
    definition: inner.definition,
    roles: inner.roles,
    actions: inner.actions,
    check,
    decide,
    explain,
    assert,
    plan: inner.plan,
    forPrincipal,
    decideGrant: inner.decideGrant,
    canGrant: inner.canGrant,
    assertGrant: inner.assertGrant,
    hasAction: inner.hasAction,
    tracked: inner,
    report,
    reset: () => {
      questions = 0;
      ruleCounts = new Map();
      branchCounts = new Map();
      mismatches = [];
    },
  });
}

function total(covered: number, all: number): CoverageTotal {
  return { covered, total: all, percent: all === 0 ? 100 : Math.round((covered / all) * 1000) / 10 };
}
