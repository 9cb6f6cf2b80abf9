/**
 * Explanations: every rule that matched, the role and scope each came through, and for a denial whether
 * it was forbidden (by which rule) or simply not permitted (and which roles at which scope would have
 * allowed it, and which of the principal's own roles came close: an allow rule in reach whose condition
 * failed). Built by the reference interpreter, off the hot path; what depends only on the action (who
 * could be allowed, in which order) is worked out once per action and reused.
 *
 * @module
 */
import type { Scope } from '../domain/scope';
import type { ActionEntry, CompiledRule } from './compile';
import type { PolicyDefinition, RoleDefinition } from './definition';
import { entryOf } from './compile';
import { isAttributeOperand, type Literal, type RuleCondition } from './condition';
import { describeCondition, humanise, scopeOfView, scopeWords, viaWords } from './describe';
import { evaluateCondition, readAttribute, withinReach } from './evaluate';
import type { PolicyResource, Principal, ScopeView } from './principal';
import { scopeViewOf } from './principal';
import { listOf } from './residual';
import type { RoleGraph } from './role-graph';
import type { RuleEffect } from './rule';

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

/**
 * A near miss: the principal holds a role, at a scope that reaches the resource, for which an allow rule
 * exists, but the rule's condition does not hold here (a unit coordinator asking to manage a meeting of
 * their unit that someone else organised: EP-5 allows it only when the meeting's organiserId is them).
 */
export interface UnmetCondition {
  readonly ruleId: string;
  readonly source: string;
  /** The role held and the scope it reaches the resource through, as in {@link RuleMatch.via}. */
  readonly via: Via;
  /** The rule's condition in words, as written (`the meeting's organiserId is them`). */
  readonly condition: string;
  /**
   * The condition with this principal's and this scope's values in place of their references
   * (`the meeting's organiserId is "user_2"`): what the resource would need for the rule to allow.
   */
  readonly required: string;
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
  /**
   * For `not_permitted`: the allow rules the principal's own roles reach the resource with, whose condition
   * failed (the near misses), ordered as {@link Explanation.allowedBy}. Empty otherwise.
   */
  readonly unmetConditions: readonly UnmetCondition[];
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

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareVias(a: Via, sourceA: string, idA: string, b: Via, sourceB: string, idB: string): number {
  const directA = a.role === a.asRole ? 0 : 1;
  const directB = b.role === b.asRole ? 0 : 1;
  return directA - directB || (sourceA === sourceB ? 0 : naturalCompare(sourceA, sourceB)) || byText(idA, idB) || byText(a.text, b.text);
}

function compareMatches(a: RuleMatch | UnmetCondition, b: RuleMatch | UnmetCondition): number {
  return compareVias(a.via, a.source, a.ruleId, b.via, b.source, b.ruleId);
}

const anyoneVia: Via = Object.freeze({ role: null, asRole: null, scope: null, text: 'any principal' });

/** What {@link explainDecision} needs from the policy. */
export interface ExplainContext {
  readonly definition: PolicyDefinition;
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

function viaOf(context: ExplainContext, view: ScopeView, compiled: CompiledRule, resource: PolicyResource): Via {
  const asRole = asRoleOf(context.graph, view.role, compiled);
  return { role: view.role, asRole, scope: scopeOfView(view), text: viaWords(view.role, asRole, view, compiled.reach, resource) };
}

/**
 * One "would be allowed to …" line of an action, worked out once per action: an allow rule and one of its
 * roles (or `'*'`), the rule's condition as a suffix, and the scope types the role may be held at.
 */
interface Candidate {
  readonly compiled: CompiledRule;
  readonly role: string;
  readonly suffix: string;
  readonly atUnit: boolean;
  readonly atProduct: boolean;
  readonly atOrganisation: boolean;
  readonly atPlatform: boolean;
}

/** Per action entry (each belongs to one policy): its candidates, sorted by source (natural order), then rule id. */
const candidateLists = new WeakMap<ActionEntry, readonly Candidate[]>();

function candidatesOf(context: ExplainContext, entry: ActionEntry): readonly Candidate[] {
  let list = candidateLists.get(entry);
  if (list !== undefined) return list;
  const rules = entry.rules
    .filter((compiled) => compiled.rule.effect === 'allow')
    .sort((a, b) => naturalCompare(a.rule.source, b.rule.source) || byText(a.rule.id, b.rule.id));
  const out: Candidate[] = [];
  for (const compiled of rules) {
    const suffix = compiled.conditionText === null ? '' : `, when ${compiled.conditionText}`;
    if (compiled.anyone) {
      out.push({ compiled, role: '*', suffix, atUnit: false, atProduct: false, atOrganisation: false, atPlatform: false });
      continue;
    }
    for (const role of compiled.rule.roles as readonly string[]) {
      const definition = context.roleDefinitions.get(role);
      if (!definition) continue;
      const at = definition.assignableAt;
      out.push({ compiled, role, suffix, atUnit: at.includes('unit'), atProduct: at.includes('product'), atOrganisation: at.includes('organisation'), atPlatform: at.includes('platform') });
    }
  }
  list = out;
  candidateLists.set(entry, list);
  return list;
}

/**
 * Who would have been allowed: each allow rule's roles at the narrowest scope that reaches the resource
 * (a unit, a product, its organisation, the platform: the first the role may be held at), those whose
 * condition would hold for this principal first, then by source, rule id and text.
 */
function wouldAllowOf(context: ExplainContext, entry: ActionEntry, principal: Principal, resource: PolicyResource): WouldAllow[] {
  const candidates = candidatesOf(context, entry);
  const organisationId = typeof resource.organisationId === 'string' ? resource.organisationId : null;
  const unitId = typeof resource.unitId === 'string' ? resource.unitId : null;
  const productId = typeof resource.productId === 'string' ? resource.productId : null;
  const holding: WouldAllow[] = [];
  const failing: WouldAllow[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const rule = c.compiled.rule;
    const condition = c.compiled.conditionText;
    if (c.role === '*') {
      const holds = evaluateCondition(rule.when, principal, null, resource);
      (holds ? holding : failing).push({ ruleId: rule.id, source: rule.source, role: '*', scope: null, text: `any principal${c.suffix}`, condition, conditionHolds: holds });
      continue;
    }
    // A view built from the resource's own ids always reaches it: the first scope type the role may be held at wins.
    let view: ScopeView;
    if (organisationId !== null && unitId !== null && c.atUnit) view = { type: 'unit', organisationId, unitId, productId: null, role: c.role };
    else if (organisationId !== null && productId !== null && c.atProduct) view = { type: 'product', organisationId, unitId: null, productId, role: c.role };
    else if (organisationId !== null && c.atOrganisation) view = { type: 'organisation', organisationId, unitId: null, productId: null, role: c.role };
    else if (c.atPlatform) view = { type: 'platform', organisationId: null, unitId: null, productId: null, role: c.role };
    else continue;
    const holds = evaluateCondition(rule.when, principal, view, resource);
    (holds ? holding : failing).push({
      ruleId: rule.id,
      source: rule.source,
      role: c.role,
      scope: scopeOfView(view),
      text: `${viaWords(c.role, c.role, view, c.compiled.reach, resource)}${c.suffix}`,
      condition,
      conditionHolds: holds,
    });
  }
  // Candidates come in (source, rule id) order; the roles of one rule are ordered by their text.
  sortRuns(holding);
  sortRuns(failing);
  if (failing.length === 0) return holding;
  if (holding.length === 0) return failing;
  for (const w of failing) holding.push(w);
  return holding;
}

/** Sorts each run of one rule's lines by text (stable insertion sort; runs are a few lines at most). */
function sortRuns(list: WouldAllow[]): void {
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    if (list[j]!.ruleId !== item.ruleId || list[j]!.text <= item.text) continue;
    while (j >= 0 && list[j]!.ruleId === item.ruleId && list[j]!.text > item.text) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Adds the rules of `rules` that match through `view` to `out` (made on the first match); returns `out`. */
function collect(
  context: ExplainContext,
  rules: readonly CompiledRule[] | undefined,
  view: ScopeView,
  principal: Principal,
  resource: PolicyResource,
  out: RuleMatch[] | null,
): RuleMatch[] | null {
  if (rules === undefined) return out;
  for (const compiled of rules) {
    if (!withinReach(view, compiled.reach, resource) || !evaluateCondition(compiled.rule.when, principal, view, resource)) continue;
    (out ??= []).push(matchOf(compiled, viaOf(context, view, compiled, resource)));
  }
  return out;
}

/** A value a condition can print as a constant: a JSON scalar (a Date as its ISO string); `undefined` otherwise. */
function literalOf(value: unknown): Literal | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}

const MAX_LISTED_VALUES = 10;

/**
 * A condition with the principal's and the scope's values put in place of their references, so that it
 * reads as what the resource would need (`the meeting's organiserId is "user_2"`). A reference whose value
 * cannot be printed as a constant (missing, an object, a long list) stays as it is.
 */
function substitute(condition: RuleCondition, principal: Principal, scope: ScopeView | null): RuleCondition {
  switch (condition.op) {
    case 'and':
      return { op: 'and', all: condition.all.map((part) => substitute(part, principal, scope)) };
    case 'or':
      return { op: 'or', any: condition.any.map((part) => substitute(part, principal, scope)) };
    case 'not':
      return { op: 'not', condition: substitute(condition.condition, principal, scope) };
    case 'in': {
      const values = condition.values;
      if (!isAttributeOperand(values) || values.ref.startsWith('resource.')) return condition;
      const held = readAttribute(values.ref, principal, scope, {});
      // Not given (a relation the Store answers, or an attribute nobody loaded): say what it is, not "none of ()".
      if (held === undefined) return condition;
      const list = listOf(held);
      if (list.length > MAX_LISTED_VALUES) return condition;
      const literals: Literal[] = [];
      for (const item of list) {
        const literal = literalOf(item);
        if (literal === undefined) return condition;
        literals.push(literal);
      }
      return { op: 'in', attr: condition.attr, values: literals };
    }
    default: {
      const value = condition.value;
      if (!isAttributeOperand(value) || value.ref.startsWith('resource.')) return condition;
      const literal = literalOf(readAttribute(value.ref, principal, scope, {}));
      return literal === undefined ? condition : ({ ...condition, value: literal } as RuleCondition);
    }
  }
}

/**
 * The near misses of a denial: allow rules that the principal's own assignments (or, for `'*'` rules, any
 * principal) reach the resource with, whose condition failed. Only called when no allow rule matched, so
 * every rule in reach is one.
 */
function unmetConditionsOf(context: ExplainContext, entry: ActionEntry, principal: Principal, views: readonly ScopeView[], resource: PolicyResource): UnmetCondition[] {
  const out: UnmetCondition[] = [];
  for (const compiled of entry.anyoneAllow) out.push(unmetOf(compiled, anyoneVia, principal, null));
  for (const view of views) {
    const rules = entry.allow.get(view.role);
    if (rules === undefined) continue;
    for (const compiled of rules) {
      if (withinReach(view, compiled.reach, resource)) out.push(unmetOf(compiled, viaOf(context, view, compiled, resource), principal, view));
    }
  }
  if (out.length > 1) out.sort(compareMatches);
  return out;
}

function unmetOf(compiled: CompiledRule, via: Via, principal: Principal, view: ScopeView | null): UnmetCondition {
  const when = compiled.rule.when;
  const condition = compiled.conditionText ?? 'always';
  const required = when === undefined ? condition : requiredWords(compiled, when, principal, view);
  return { ruleId: compiled.rule.id, source: compiled.rule.source, via, condition, required };
}

/** Marks where the principal's id goes in a {@link requiredTemplates} entry. */
const ID_MARK = '\u0000';

/**
 * For rules whose condition is `resource.<field> = principal.id` (the usual "their own …"), the words before
 * and after the id, worked out once per rule (`null`: not that shape, or the words do not hold the id as is).
 */
const requiredTemplates = new WeakMap<CompiledRule, readonly [string, string] | null>();

/** {@link UnmetCondition.required}: the condition in words with the principal's and the scope's values. */
function requiredWords(compiled: CompiledRule, when: RuleCondition, principal: Principal, view: ScopeView | null): string {
  if (compiled.shape.t === 'principalId' && typeof principal.id === 'string') {
    let template = requiredTemplates.get(compiled);
    if (template === undefined) {
      const marked = describeCondition(substitute(when, { id: ID_MARK, assignments: [] }, null), compiled.rule.resource);
      const at = marked.indexOf(ID_MARK);
      template = at >= 0 && marked.indexOf(ID_MARK, at + 1) < 0 ? [marked.slice(0, at), marked.slice(at + 1)] : null;
      requiredTemplates.set(compiled, template);
    }
    if (template !== null && !principal.id.includes(ID_MARK)) return template[0] + principal.id + template[1];
  }
  return describeCondition(substitute(when, principal, view), compiled.rule.resource);
}

function sourcesOf(allowedBy: readonly RuleMatch[], forbiddenBy: readonly RuleMatch[]): readonly string[] {
  if (allowedBy.length === 0 && forbiddenBy.length === 0) return none;
  const sources: string[] = [];
  for (const match of allowedBy) if (!sources.includes(match.source)) sources.push(match.source);
  for (const match of forbiddenBy) if (!sources.includes(match.source)) sources.push(match.source);
  return sources.length > 1 ? sources.sort(naturalCompare) : sources;
}

function explanation(
  principal: Principal,
  action: string,
  resource: PolicyResource,
  outcome: Explanation['outcome'],
  sources: readonly string[],
  allowedBy: readonly RuleMatch[],
  forbiddenBy: readonly RuleMatch[],
  wouldAllow: readonly WouldAllow[],
  unmetConditions: readonly UnmetCondition[],
  ignored: readonly IgnoredAssignment[],
  summary: string,
): Explanation {
  return {
    principalId: principal.id,
    action,
    resourceKind: String(resource.kind),
    resourceId: typeof resource.id === 'string' ? resource.id : null,
    allowed: outcome === 'allowed',
    outcome,
    sources,
    allowedBy,
    forbiddenBy,
    wouldAllow,
    unmetConditions,
    ignored,
    summary,
  };
}

const none: readonly never[] = Object.freeze([]);

/** `, because <condition>` for a match with a condition. */
function because(match: RuleMatch): string {
  return match.condition === null ? '' : `, because ${match.condition}`;
}

/**
 * Explains what the policy decides for a principal, an action and a resource.
 *
 * @throws {@link PolityError} `invalid_input` when the action is not declared by the definition.
 */
export function explainDecision(context: ExplainContext, principal: Principal, action: string, resource: PolicyResource): Explanation {
  const entry = entryOf(context.index, action, context.definition.id);
  let ignored: IgnoredAssignment[] | null = null;
  const views: ScopeView[] = [];
  const assignments = principal.assignments;
  for (let i = 0; i < assignments.length; i++) {
    const assignment = assignments[i]!;
    const reason = assignment.status !== 'active' ? 'not_active' : !context.graph.has(assignment.role) ? 'unknown_role' : null;
    const view = reason === null ? scopeViewOf(assignment) : null;
    if (view !== null) views.push(view);
    else (ignored ??= []).push({ role: assignment.role, scopeType: assignment.scopeType, status: assignment.status, reason: reason ?? 'malformed_scope' });
  }
  const ignoredList = ignored ?? [];

  if (resource.kind !== entry.kind) {
    const summary = `Not permitted: ${action} acts on a ${entry.kind}, and this resource is a ${String(resource.kind)}.`;
    return explanation(principal, action, resource, 'not_permitted', none, none, none, none, none, ignoredList, summary);
  }

  // Made on the first match: most explanations have few, a denial none.
  let allowing: RuleMatch[] | null = null;
  let forbidding: RuleMatch[] | null = null;
  for (const compiled of entry.anyoneAllow) {
    if (evaluateCondition(compiled.rule.when, principal, null, resource)) (allowing ??= []).push(matchOf(compiled, anyoneVia));
  }
  for (const compiled of entry.anyoneForbid) {
    if (evaluateCondition(compiled.rule.when, principal, null, resource)) (forbidding ??= []).push(matchOf(compiled, anyoneVia));
  }
  for (const view of views) {
    allowing = collect(context, entry.allow.get(view.role), view, principal, resource, allowing);
    forbidding = collect(context, entry.forbid.get(view.role), view, principal, resource, forbidding);
  }
  const allowedBy: readonly RuleMatch[] = allowing === null ? none : allowing.length > 1 ? allowing.sort(compareMatches) : allowing;
  const forbiddenBy: readonly RuleMatch[] = forbidding === null ? none : forbidding.length > 1 ? forbidding.sort(compareMatches) : forbidding;
  const sources = sourcesOf(allowedBy, forbiddenBy);

  if (forbiddenBy.length > 0) {
    const first = forbiddenBy[0]!;
    const summary = `Forbidden by ${first.source} (rule ${first.ruleId}) for ${first.via.text}${because(first)}.`;
    return explanation(principal, action, resource, 'forbidden', sources, allowedBy, forbiddenBy, none, none, ignoredList, summary);
  }
  if (allowedBy.length > 0) {
    const first = allowedBy[0]!;
    const summary = `Allowed by ${first.source} (rule ${first.ruleId}) as ${first.via.text}${because(first)}.`;
    return explanation(principal, action, resource, 'allowed', sources, allowedBy, forbiddenBy, none, none, ignoredList, summary);
  }
  const wouldAllow = wouldAllowOf(context, entry, principal, resource);
  const unmet = views.length === 0 && entry.anyoneAllow.length === 0 ? none : unmetConditionsOf(context, entry, principal, views, resource);
  let held = '';
  for (const view of views) held += `${held === '' ? 'holds ' : ', '}${humanise(view.role)} of ${scopeWords(scopeOfView(view))}`;
  if (held === '') held = 'holds no active role';
  let close = '';
  for (let i = 0; i < unmet.length && i < 3; i++) close += `; ${unmet[i]!.source} (rule ${unmet[i]!.ruleId}) allows ${unmet[i]!.via.text} only when ${unmet[i]!.required}`;
  if (unmet.length > 3) close += `; and ${unmet.length - 3} more near misses`;
  let summary: string;
  if (wouldAllow.length === 0) {
    // No role could be given the permission here, though one the principal holds (at a scope it may not be assigned at) came close.
    summary = close === '' ? `Not permitted: no rule of ${context.definition.id} allows ${action}; ${principal.id} ${held}.` : `Not permitted: ${principal.id} ${held}${close}.`;
  } else {
    let shown = 0;
    let listed = '';
    const anyHolds = wouldAllow[0]!.conditionHolds; // those whose condition holds come first
    for (const w of wouldAllow) {
      if (anyHolds && !w.conditionHolds) break;
      if (shown < 3) listed += `${shown === 0 ? '' : '; '}${w.text} (${w.source})`;
      shown++;
    }
    if (shown > 3) listed += `; and ${shown - 3} more`;
    summary = `Not permitted: ${principal.id} ${held}${close}; ${action} would be allowed to ${listed}.`;
  }
  return explanation(principal, action, resource, 'not_permitted', sources, allowedBy, forbiddenBy, wouldAllow, unmet, ignoredList, summary);
}
