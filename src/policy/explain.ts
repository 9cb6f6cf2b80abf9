/**
 * Explanations: every rule that matched, the role and scope each came through, and for a denial whether
 * it was forbidden (by which rule) or simply not permitted (and which roles at which scope would have
 * allowed it). Built by the reference interpreter, off the hot path.
 *
 * @module
 */
import type { Scope } from '../domain/scope';
import type { ActionEntry, CompiledRule } from './compile';
import { entryOf } from './compile';
import { humanise, scopeOfView, scopeWords, viaWords } from './describe';
import { evaluateCondition, withinReach } from './evaluate';
import type { PolicyResource, Principal, ScopeView } from './principal';
import { scopeViewOf } from './principal';
import type { RoleGraph } from './role-graph';
import type { RuleEffect } from './rule';
import type { Profile, RoleDefinition } from '../profiles/profile';

/** The role and scope a rule matched through. */
export interface Via {
  /** The role held; `null` for a rule that applies to any principal. */
  readonly role: string | null;
  /** The rule's role it satisfied: the held role itself, or one it inherits. `null` as for `role`. */
  readonly asRole: string | null;
  /** The scope of the assignment; `null` for a rule that applies to any principal. */
  readonly scope: Scope | null;
  /** In words: `organisation coordinator of organisation org_1, which contains unit u_2`. */
  readonly text: string;
}

/** A rule that matched. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly source: string;
  readonly effect: RuleEffect;
  readonly via: Via;
  /** The rule's condition in words (it held), or `null` when the rule has none. */
  readonly condition: string | null;
}

/** A role and scope that would have allowed a denied action. */
export interface WouldAllow {
  readonly ruleId: string;
  readonly source: string;
  /** The rule's role (any role inheriting it would do too), or `'*'` for any principal. */
  readonly role: string;
  /** The narrowest scope of that role that reaches the resource; `null` for `'*'` rules. */
  readonly scope: Scope | null;
  /** In words: `unit coordinator of unit u_2 of organisation org_1, when the meeting's organiserId is them`. */
  readonly text: string;
  /** The rule's condition in words, or `null`. */
  readonly condition: string | null;
  /** Whether the condition would hold for this principal with that role. */
  readonly conditionHolds: boolean;
}

/** An assignment that granted nothing, and why. */
export interface IgnoredAssignment {
  readonly role: string;
  readonly scopeType: string;
  readonly status: string;
  readonly reason: 'not_active' | 'unknown_role' | 'malformed_scope';
}

/** The full account of a decision. */
export interface Explanation {
  readonly principalId: string;
  readonly action: string;
  readonly resourceKind: string;
  readonly resourceId: string | null;
  readonly allowed: boolean;
  /** `allowed`; `forbidden` (a forbid rule matched); `not_permitted` (no allow rule matched). */
  readonly outcome: 'allowed' | 'forbidden' | 'not_permitted';
  /** The sources of every matching rule, allow and forbid, distinct, in natural order (`EP-4` < `EP-11`). */
  readonly sources: readonly string[];
  readonly allowedBy: readonly RuleMatch[];
  readonly forbiddenBy: readonly RuleMatch[];
  /** For `not_permitted`: who would have been allowed. Empty otherwise. */
  readonly wouldAllow: readonly WouldAllow[];
  readonly ignored: readonly IgnoredAssignment[];
  /** One English sentence. */
  readonly summary: string;
}

/** Compares `EP-4` before `EP-11`: digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      let ei = i;
      let ej = j;
      while (ei < a.length && a.charCodeAt(ei) >= 48 && a.charCodeAt(ei) <= 57) ei++;
      while (ej < b.length && b.charCodeAt(ej) >= 48 && b.charCodeAt(ej) <= 57) ej++;
      const na = Number(a.slice(i, ei));
      const nb = Number(b.slice(j, ej));
      if (na !== nb) return na - nb;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareMatches(a: RuleMatch, b: RuleMatch): number {
  const directA = a.via.role === a.via.asRole ? 0 : 1;
  const directB = b.via.role === b.via.asRole ? 0 : 1;
  return (
    directA - directB ||
    naturalCompare(a.source, b.source) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.via.text < b.via.text ? -1 : a.via.text > b.via.text ? 1 : 0)
  );
}

const anyoneVia: Via = Object.freeze({ role: null, asRole: null, scope: null, text: 'any principal' });

/** What {@link explainDecision} needs from the policy. */
export interface ExplainContext {
  readonly profile: Profile;
  readonly roleDefinitions: ReadonlyMap<string, RoleDefinition>;
  readonly graph: RoleGraph;
  readonly index: ReadonlyMap<string, ActionEntry>;
}

function matchOf(compiled: CompiledRule, via: Via): RuleMatch {
  return { ruleId: compiled.rule.id, source: compiled.rule.source, effect: compiled.rule.effect, via, condition: compiled.conditionText };
}

function asRoleOf(graph: RoleGraph, held: string, compiled: CompiledRule): string {
  const roles = compiled.rule.roles as readonly string[];
  if (roles.includes(held)) return held;
  // The nearest inherited role the rule names.
  for (const power of graph.powersOf(held)) if (roles.includes(power)) return power;
  return held;
}

/** The narrowest scope of a role that reaches the resource, for "would be allowed as …". */
function hypotheticalScope(context: ExplainContext, role: string, compiled: CompiledRule, resource: PolicyResource): ScopeView | null {
  const definition = context.roleDefinitions.get(role);
  if (!definition) return null;
  const organisationId = typeof resource.organisationId === 'string' ? resource.organisationId : null;
  const unitId = typeof resource.unitId === 'string' ? resource.unitId : null;
  const productId = typeof resource.productId === 'string' ? resource.productId : null;
  const candidates: ScopeView[] = [];
  if (organisationId !== null && unitId !== null) candidates.push({ type: 'unit', organisationId, unitId, productId: null, role });
  if (organisationId !== null && productId !== null) candidates.push({ type: 'product', organisationId, unitId: null, productId, role });
  if (organisationId !== null) candidates.push({ type: 'organisation', organisationId, unitId: null, productId: null, role });
  candidates.push({ type: 'platform', organisationId: null, unitId: null, productId: null, role });
  return candidates.find((view) => definition.assignableAt.includes(view.type) && withinReach(view, compiled.reach, resource)) ?? null;
}

function wouldAllowOf(context: ExplainContext, entry: ActionEntry, principal: Principal, resource: PolicyResource): WouldAllow[] {
  const out: WouldAllow[] = [];
  for (const compiled of entry.rules) {
    if (compiled.rule.effect !== 'allow') continue;
    const condition = compiled.conditionText;
    const suffix = condition === null ? '' : `, when ${condition}`;
    if (compiled.anyone) {
      const holds = evaluateCondition(compiled.rule.when, principal, null, resource);
      out.push({ ruleId: compiled.rule.id, source: compiled.rule.source, role: '*', scope: null, text: `any principal${suffix}`, condition, conditionHolds: holds });
      continue;
    }
    for (const role of compiled.rule.roles as readonly string[]) {
      const view = hypotheticalScope(context, role, compiled, resource);
      if (view === null) continue;
      const holds = evaluateCondition(compiled.rule.when, principal, view, resource);
      out.push({
        ruleId: compiled.rule.id,
        source: compiled.rule.source,
        role,
        scope: scopeOfView(view),
        text: `${viaWords(role, role, view, compiled.reach, resource)}${suffix}`,
        condition,
        conditionHolds: holds,
      });
    }
  }
  // Those whose condition would hold come first: they are the useful answer to "who could do this?".
  return out.sort(
    (a, b) =>
      Number(b.conditionHolds) - Number(a.conditionHolds) ||
      naturalCompare(a.source, b.source) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
}

function collect(
  context: ExplainContext,
  rules: readonly CompiledRule[] | undefined,
  view: ScopeView,
  principal: Principal,
  resource: PolicyResource,
  out: RuleMatch[],
): void {
  if (rules === undefined) return;
  for (const compiled of rules) {
    if (!withinReach(view, compiled.reach, resource) || !evaluateCondition(compiled.rule.when, principal, view, resource)) continue;
    const asRole = asRoleOf(context.graph, view.role, compiled);
    out.push(matchOf(compiled, { role: view.role, asRole, scope: scopeOfView(view), text: viaWords(view.role, asRole, view, compiled.reach, resource) }));
  }
}

function sourcesOf(allowedBy: readonly RuleMatch[], forbiddenBy: readonly RuleMatch[]): string[] {
  const sources: string[] = [];
  for (const list of [allowedBy, forbiddenBy]) for (const match of list) if (!sources.includes(match.source)) sources.push(match.source);
  return sources.length > 1 ? sources.sort(naturalCompare) : sources;
}

function explanation(
  principal: Principal,
  action: string,
  resource: PolicyResource,
  outcome: Explanation['outcome'],
  parts: Pick<Explanation, 'sources' | 'allowedBy' | 'forbiddenBy' | 'wouldAllow' | 'ignored' | 'summary'>,
): Explanation {
  return {
    principalId: principal.id,
    action,
    resourceKind: String(resource.kind),
    resourceId: typeof resource.id === 'string' ? resource.id : null,
    allowed: outcome === 'allowed',
    outcome,
    sources: parts.sources,
    allowedBy: parts.allowedBy,
    forbiddenBy: parts.forbiddenBy,
    wouldAllow: parts.wouldAllow,
    ignored: parts.ignored,
    summary: parts.summary,
  };
}

const none: readonly never[] = Object.freeze([]);

/**
 * Explains what the policy decides for a principal, an action and a resource.
 *
 * @throws {@link PolityError} `invalid_input` when the action is not declared by the profile.
 */
export function explainDecision(context: ExplainContext, principal: Principal, action: string, resource: PolicyResource): Explanation {
  const entry = entryOf(context.index, action, context.profile.id);
  const ignored: IgnoredAssignment[] = [];
  const views: ScopeView[] = [];
  for (const assignment of principal.assignments) {
    const reason = assignment.status !== 'active' ? 'not_active' : !context.graph.has(assignment.role) ? 'unknown_role' : null;
    const view = reason === null ? scopeViewOf(assignment) : null;
    if (view !== null) views.push(view);
    else ignored.push({ role: assignment.role, scopeType: assignment.scopeType, status: assignment.status, reason: reason ?? 'malformed_scope' });
  }

  if (resource.kind !== entry.kind) {
    return explanation(principal, action, resource, 'not_permitted', {
      sources: none,
      allowedBy: none,
      forbiddenBy: none,
      wouldAllow: none,
      ignored,
      summary: `Not permitted: ${action} acts on a ${entry.kind}, and this resource is a ${String(resource.kind)}.`,
    });
  }

  const allowedBy: RuleMatch[] = [];
  const forbiddenBy: RuleMatch[] = [];
  for (const compiled of entry.anyoneAllow) {
    if (evaluateCondition(compiled.rule.when, principal, null, resource)) allowedBy.push(matchOf(compiled, anyoneVia));
  }
  for (const compiled of entry.anyoneForbid) {
    if (evaluateCondition(compiled.rule.when, principal, null, resource)) forbiddenBy.push(matchOf(compiled, anyoneVia));
  }
  for (const view of views) {
    collect(context, entry.allow.get(view.role), view, principal, resource, allowedBy);
    collect(context, entry.forbid.get(view.role), view, principal, resource, forbiddenBy);
  }
  if (allowedBy.length > 1) allowedBy.sort(compareMatches);
  if (forbiddenBy.length > 1) forbiddenBy.sort(compareMatches);
  const sources = sourcesOf(allowedBy, forbiddenBy);
  const because = (match: RuleMatch) => (match.condition === null ? '' : `, because ${match.condition}`);

  if (forbiddenBy.length > 0) {
    const first = forbiddenBy[0]!;
    return explanation(principal, action, resource, 'forbidden', {
      sources,
      allowedBy,
      forbiddenBy,
      wouldAllow: none,
      ignored,
      summary: `Forbidden by ${first.source} (rule ${first.ruleId}) for ${first.via.text}${because(first)}.`,
    });
  }
  if (allowedBy.length > 0) {
    const first = allowedBy[0]!;
    return explanation(principal, action, resource, 'allowed', {
      sources,
      allowedBy,
      forbiddenBy,
      wouldAllow: none,
      ignored,
      summary: `Allowed by ${first.source} (rule ${first.ruleId}) as ${first.via.text}${because(first)}.`,
    });
  }
  const wouldAllow = wouldAllowOf(context, entry, principal, resource);
  let shown = 0;
  let listed = '';
  const holding = wouldAllow.some((w) => w.conditionHolds);
  for (const w of wouldAllow) {
    if (holding && !w.conditionHolds) continue;
    if (shown < 3) listed += `${shown === 0 ? '' : '; '}${w.text} (${w.source})`;
    shown++;
  }
  if (shown > 3) listed += `; and ${shown - 3} more`;
  let held = '';
  for (const view of views) held += `${held === '' ? 'holds ' : ', '}${humanise(view.role)} of ${scopeWords(scopeOfView(view))}`;
  if (held === '') held = 'holds no active role';
  return explanation(principal, action, resource, 'not_permitted', {
    sources,
    allowedBy,
    forbiddenBy,
    wouldAllow,
    ignored,
    summary:
      wouldAllow.length === 0
        ? `Not permitted: no rule of ${context.profile.id} allows ${action}; ${principal.id} ${held}.`
        : `Not permitted: ${principal.id} ${held}; ${action} would be allowed to ${listed}.`,
  });
}
