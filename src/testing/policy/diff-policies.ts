/**
 * {@link diffPolicies}: every role × action × condition whose answer differs between two policies, each
 * with a witness, a concrete principal and resource that the two policies answer differently.
 *
 * @module
 */
import type { Explanation, Policy, PolicyResource, Principal, RoleGraph, Rule, ScopeType } from 'polity';
import { actionCandidates } from './diff-candidates';
import { traceDecision } from './trace-decision';
import { principalWords } from './question-words';
import { policyOf, type PolicySubject } from './subject';

/** A role the witness principal holds, and at which kind of scope. */
export interface HeldRole {
  readonly role: string;
  readonly scopeType: ScopeType;
}

/** A rule that decided one side of a change. */
export interface DecidingRule {
  readonly ruleId: string;
  readonly source: string;
  /** Its condition in words, or `null` when it has none. */
  readonly condition: string | null;
}

/** One policy's answer to the witness question. */
export interface DiffSide {
  /** `undeclared`: the profile does not declare the action (a service asking would get `invalid_input`). */
  readonly outcome: Explanation['outcome'] | 'undeclared';
  /** The allowing rules (when allowed) or the forbidding ones (when forbidden); empty otherwise. */
  readonly rules: readonly DecidingRule[];
  /** The explanation's summary. */
  readonly summary: string;
}

/** One role × action × condition whose answer changed. */
export interface PolicyChange {
  readonly action: string;
  /** The roles the witness holds (empty: a principal without any role). */
  readonly roles: readonly HeldRole[];
  /** `gained`: `b` allows what `a` denied. `lost`: `b` denies what `a` allowed. */
  readonly change: 'gained' | 'lost';
  /** `a`'s answer to the witness. */
  readonly before: DiffSide;
  /** `b`'s answer to the witness. */
  readonly after: DiffSide;
  /** A principal and a resource that `a` and `b` answer differently: re-ask them to see it. */
  readonly witness: { readonly principal: Principal; readonly resource: PolicyResource };
  /** How many candidate questions showed this same change (same roles, same cause). */
  readonly witnesses: number;
}

/** What {@link diffPolicies} returns. */
export interface PolicyDiff {
  /** The profile ids of `a` and `b`. */
  readonly from: string;
  readonly to: string;
  /** Every change, by action, gained before lost. */
  readonly changes: readonly PolicyChange[];
  /** The changes where `b` allows what `a` denied. */
  readonly gained: readonly PolicyChange[];
  /** The changes where `b` denies what `a` allowed. */
  readonly lost: readonly PolicyChange[];
  /** Actions compared question by question (the others have the same rules and role graph in both). */
  readonly actionsCompared: readonly string[];
  /** Questions asked of each policy. */
  readonly questions: number;
  /** Whether some action had more candidate questions than the budget, so its combinations were sampled. */
  readonly truncated: boolean;
}

/** Options of {@link diffPolicies}. */
export interface DiffPoliciesOptions {
  /** Only these actions (default: every action either profile declares). */
  readonly actions?: readonly string[];
  /**
   * Compare every action, even those whose rules and role graph are the same in both (their answers cannot
   * differ, so this only costs time; tests of the kit use it).
   *
   * @default false
   */
  readonly exhaustive?: boolean;
  /**
   * Most questions asked per action. Real profiles stay far below it (a few thousand at most); past it,
   * attribute combinations are sampled deterministically and the diff says `truncated`.
   *
   * @default 20000
   */
  readonly maxQuestionsPerAction?: number;
}

/** A rule as far as answers go: what it says, not its id, description or other actions. */
function ruleMeaning(rule: Rule): string {
  const roles = rule.roles === '*' ? '*' : [...rule.roles].sort();
  return JSON.stringify([rule.effect, roles, rule.resource, rule.reach ?? 'scope', rule.when ?? null]);
}

function meaningOf(policy: Policy, action: string): string {
  if (!policy.hasAction(action)) return 'undeclared';
  return JSON.stringify(policy.definition.rules.filter((rule) => rule.actions.includes(action)).map(ruleMeaning).sort());
}

function sameGraph(a: RoleGraph, b: RoleGraph): boolean {
  const roles = new Set([...a.roles, ...b.roles]);
  for (const role of roles) {
    if (a.has(role) !== b.has(role)) return false;
    const pa = [...a.powersOf(role)].sort().join();
    const pb = [...b.powersOf(role)].sort().join();
    if (pa !== pb) return false;
  }
  return true;
}

function sideOf(policy: Policy, principal: Principal, action: string, resource: PolicyResource): DiffSide {
  if (!policy.hasAction(action)) return { outcome: 'undeclared', rules: [], summary: `${policy.definition.id} does not declare ${action}.` };
  const explanation = policy.explain(principal, action, resource);
  const matches = explanation.outcome === 'allowed' ? explanation.allowedBy : explanation.outcome === 'forbidden' ? explanation.forbiddenBy : [];
  const rules: DecidingRule[] = [];
  for (const m of matches) if (!rules.some((r) => r.ruleId === m.ruleId)) rules.push({ ruleId: m.ruleId, source: m.source, condition: m.condition });
  rules.sort((x, y) => (x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : 0));
  return { outcome: explanation.outcome, rules, summary: explanation.summary };
}

/**
 * The rules a change comes from, found cheaply with the kit's trace (explanations come later, once per
 * change): the forbid that now applies or no longer does, else the allows that appeared or went. Other
 * rules that happen to match too (one's own account …) do not split a change in two.
 */
function causeOf(before: Policy, after: Policy, principal: Principal, action: string, resource: PolicyResource, gained: boolean): string {
  // The side that forbids, if one does, holds the cause; otherwise the side that allows.
  const sides = gained ? [before, after] : [after, before];
  for (const [policy, effect] of [
    [sides[0]!, 'forbid'],
    [sides[1]!, 'allow'],
  ] as const) {
    if (!policy.hasAction(action)) continue;
    const trace = traceDecision(policy, principal, action, resource);
    if (trace.outcome !== (effect === 'forbid' ? 'forbidden' : 'allowed')) continue;
    const ids = new Set<string>();
    for (const e of trace.evaluations) if (e.matched && e.effect === effect) ids.add(e.ruleId);
    return `${effect}:${[...ids].sort().join('+')}`;
  }
  return 'undeclared';
}

function ask(policy: Policy, principal: Principal, action: string, resource: PolicyResource): boolean {
  return policy.hasAction(action) && policy.check(principal, action, resource);
}

/**
 * Compares two policies question by question and lists every role × action × condition whose answer
 * changed, each with a witness. For each action it builds candidate principals from both profiles' roles
 * and the scopes they are assignable at (and pairs of roles where a role-scoped forbid meets an allow), and
 * candidate resources inside and outside those scopes, with every attribute value the action's conditions
 * mention, a value matching none of them, and a missing value. Changes are grouped by action, the roles
 * held and the cause (the forbid that now applies or no longer does, else the allow rules that appeared or
 * went): one entry per distinct reason. A change two roles held together show is left out when one of
 * them alone shows it.
 *
 * Only actions whose rules or role graph differ are compared (others cannot change), unless `exhaustive`.
 * The search is systematic, not a proof: a condition over values no rule mentions (a computed list …) may
 * hide a change. Every witness it does report is real.
 *
 * @param a - The policy before (or its profile).
 * @param b - The policy after (or its profile).
 * @param options - {@link DiffPoliciesOptions}.
 * @throws {@link polity!PolityError} `invalid_input` when either is neither a policy nor a valid profile.
 * @see {@link expectNoNewAccess} to fail CI when `b` allows something `a` denied.
 *
 * @example
 * ```ts
 * import { createPolicy, extendProfile, profiles, when } from 'polity';
 * import { diffPolicies } from 'polity/testing';
 *
 * const ours = extendProfile(profiles.ePresence, {
 *   id: 'our-presence',
 *   rules: [{ id: 'ours-unit-users', source: 'OURS-1', effect: 'allow', roles: ['unit_coordinator'], actions: ['user.read_profile'], resource: 'user', when: when.eq('resource.role', 'user') }],
 * });
 * const diff = diffPolicies(profiles.ePresence, ours);
 * diff.gained[0]?.after.rules[0]?.ruleId; // 'ours-unit-users'
 * const { principal, resource } = diff.gained[0]!.witness;
 * createPolicy(ours).check(principal, 'user.read_profile', resource); // true, and false under ePresence
 * ```
 */
export function diffPolicies(a: PolicySubject, b: PolicySubject, options: DiffPoliciesOptions = {}): PolicyDiff {
  const before = policyOf(a, 'diffPolicies');
  const after = policyOf(b, 'diffPolicies');
  const budget = options.maxQuestionsPerAction ?? 20_000;
  const graphsAgree = sameGraph(before.roles, after.roles);
  const actions = options.actions ?? [...new Set([...before.actions, ...after.actions])];
  const groups = new Map<string, PolicyChange & { witnesses: number; cause: string }>();
  const compared: string[] = [];
  let questions = 0;
  let truncated = false;

  for (const action of actions) {
    if (!options.exhaustive && graphsAgree && meaningOf(before, action) === meaningOf(after, action)) continue;
    compared.push(action);
    const candidates = actionCandidates(action, before, after, budget);
    truncated ||= candidates.truncated;
    for (const principal of candidates.principals) {
      for (const resource of candidates.resources) {
        questions++;
        const was = ask(before, principal, action, resource);
        if (was === ask(after, principal, action, resource)) continue;
        const roles = principal.assignments.map((x) => ({ role: x.role, scopeType: x.scopeType }));
        // The direction is part of the cause: a rule whose condition changed gains some questions and loses others.
        const cause = `${was ? 'lost' : 'gained'}:${causeOf(before, after, principal, action, resource, !was)}`;
        const key = [action, roles.map((r) => `${r.role}@${r.scopeType}`).join('+'), cause].join('|');
        const group = groups.get(key);
        if (group !== undefined) group.witnesses++;
        else {
          // Explained once per group: explanations (with "who would be allowed") cost far more than checks.
          const sideBefore = sideOf(before, principal, action, resource);
          const sideAfter = sideOf(after, principal, action, resource);
          groups.set(key, { action, roles, change: was ? 'lost' : 'gained', before: sideBefore, after: sideAfter, witness: { principal, resource }, witnesses: 1, cause });
        }
      }
    }
  }

  // The simplest witness wins: a change two roles together show is dropped when one of them alone shows it.
  const all = [...groups.values()];
  const single = new Set(all.filter((g) => g.roles.length === 1).map((g) => `${g.action}|${g.cause}|${g.roles[0]!.role}@${g.roles[0]!.scopeType}`));
  const kept = all.filter((g) => g.roles.length < 2 || !g.roles.some((r) => single.has(`${g.action}|${g.cause}|${r.role}@${r.scopeType}`)));
  const order = new Map(actions.map((action, i) => [action, i]));
  const changes: PolicyChange[] = kept.map(({ cause: _cause, ...change }) => change).sort(
    (x, y) => order.get(x.action)! - order.get(y.action)! || (x.change === y.change ? 0 : x.change === 'gained' ? -1 : 1),
  );
  return {
    from: before.definition.id,
    to: after.definition.id,
    changes,
    gained: changes.filter((c) => c.change === 'gained'),
    lost: changes.filter((c) => c.change === 'lost'),
    actionsCompared: compared,
    questions,
    truncated,
  };
}

function sideWords(side: DiffSide): string {
  const rules = side.rules.map((r) => `${r.source} (rule ${r.ruleId}${r.condition === null ? '' : `, when ${r.condition}`})`).join(', ');
  switch (side.outcome) {
    case 'allowed':
      return `allowed by ${rules}`;
    case 'forbidden':
      return `forbidden by ${rules}`;
    case 'undeclared':
      return 'undeclared';
    default:
      return 'not permitted';
  }
}

function valueWords(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * One change in words: who, which action, what decided before and after, and the witness.
 *
 * @example
 * ```ts
 * import { extendProfile, profiles } from 'polity';
 * import { describeChange, diffPolicies } from 'polity/testing';
 *
 * const lax = extendProfile(profiles.megalis, {
 *   rules: [{ id: 'users-see-statistics', source: 'OURS-2', effect: 'allow', roles: ['user'], actions: ['statistics.read'], resource: 'statistics' }],
 * });
 * diffPolicies(profiles.megalis, lax).gained.map(describeChange);
 * // ['gained: user at organisation may now statistics.read (allowed by OURS-2 (rule users-see-statistics); before: not permitted); witness: p_1 [user at org_1] on statistics r_1 {"organisationId":"org_1",…}', …]
 * ```
 */
export function describeChange(change: PolicyChange): string {
  const who = change.roles.length === 0 ? 'a principal without a role' : change.roles.map((r) => `${r.role} at ${r.scopeType}`).join(' + ');
  const { kind, id, ...fields } = change.witness.resource;
  const principal = principalWords(change.witness.principal);
  const attributes = change.witness.principal.attributes === undefined ? '' : ` with ${valueWords(change.witness.principal.attributes)}`;
  return (
    `${change.change}: ${who} ${change.change === 'gained' ? 'may now' : 'may no longer'} ${change.action} ` +
    `(${sideWords(change.after)}; before: ${sideWords(change.before)}); ` +
    `witness: ${principal}${attributes} on ${String(kind)}${id === undefined ? '' : ` ${valueWords(id)}`} ${valueWords(fields)}`
  );
}

/**
 * A diff in words, one change per line, for a CI log.
 *
 * @example
 * ```ts
 * import { profiles } from 'polity';
 * import { diffPolicies, formatPolicyDiff } from 'polity/testing';
 *
 * formatPolicyDiff(diffPolicies(profiles.ePresence, profiles.ePresence)); // 'e-presence → e-presence: no change in 0 actions compared.'
 * ```
 */
export function formatPolicyDiff(diff: PolicyDiff): string {
  const head = `${diff.from} → ${diff.to}: `;
  if (diff.changes.length === 0) return `${head}no change in ${diff.actionsCompared.length} action${diff.actionsCompared.length === 1 ? '' : 's'} compared.`;
  const lines = [`${head}${diff.gained.length} gained, ${diff.lost.length} lost (${diff.questions} questions${diff.truncated ? ', sampled' : ''}):`];
  for (const change of diff.changes) lines.push(`- ${describeChange(change)}`);
  return lines.join('\n');
}
