/**
 * Compilation: once per policy, rules are indexed by action and by the held role that reaches them
 * (inheritance expanded); once per (principal, action), the matching rules become one residual condition
 * over the resource and one closure. A warm check is a WeakMap look-up, a Map look-up and that closure.
 *
 * @module
 */
import { PolityError } from '../errors';
import type { Profile } from '../profiles/profile';
import { describeCondition } from './describe';
import type { PolicyResource, Principal, ScopeView } from './principal';
import { scopeViewOf } from './principal';
import { compileResidual, reachResidual, residualOf, rAnd, rNot, rOr, type Residual, type ResourcePredicate } from './residual';
import type { RoleGraph } from './role-graph';
import { actionKind, type Rule, type RuleReach } from './rule';

/** A rule with what the engine precomputes for it. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly reach: RuleReach;
  /** Whether it applies to any principal (`roles: '*'`). */
  readonly anyone: boolean;
  /** Its condition in words, or `null` when it has none. */
  readonly conditionText: string | null;
  /** The shape of its condition when it is one of the common, cheaply compiled ones. */
  readonly shape: ConditionShape;
}

/**
 * Conditions most rules use, compiled for a new principal without building a residual: none, one field
 * equal to the principal's id or to a constant, one field present. Anything else takes the general path.
 */
type ConditionShape =
  | { readonly t: 'none' }
  | { readonly t: 'principalId'; readonly field: string }
  | { readonly t: 'constant'; readonly field: string; readonly value: string | boolean }
  | { readonly t: 'present'; readonly field: string }
  | { readonly t: 'general' };

const slotFields = new Set(['organisationId', 'unitId', 'productId']);

function shapeOf(rule: Rule): ConditionShape {
  const condition = rule.when;
  if (condition === undefined) return { t: 'none' };
  const resourceField = (ref: string) => (ref.startsWith('resource.') && !slotFields.has(ref.slice(9)) ? ref.slice(9) : null);
  if (condition.op === 'eq') {
    const field = resourceField(condition.attr);
    if (field !== null) {
      const value = condition.value;
      if (typeof value === 'object' && value !== null && value.ref === 'principal.id') return { t: 'principalId', field };
      if (typeof value === 'string' || typeof value === 'boolean') return { t: 'constant', field, value };
    }
  }
  if (condition.op === 'not' && condition.condition.op === 'eq' && condition.condition.value === null) {
    const field = resourceField(condition.condition.attr);
    if (field !== null) return { t: 'present', field };
  }
  return { t: 'general' };
}

/** Everything the engine knows about one action. */
export interface ActionEntry {
  readonly action: string;
  readonly kind: string;
  /** Held role → allow rules it reaches (directly or by inheritance), ordered by rule id. */
  readonly allow: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Held role → forbid rules it reaches. */
  readonly forbid: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly anyoneAllow: readonly CompiledRule[];
  readonly anyoneForbid: readonly CompiledRule[];
  /** Every rule naming the action, ordered by id. */
  readonly rules: readonly CompiledRule[];
}

const byId = (a: CompiledRule, b: CompiledRule) => (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0);

/** Indexes a validated profile's rules by action. */
export function buildActionIndex(profile: Profile, graph: RoleGraph): Map<string, ActionEntry> {
  type Mutable = { allow: Map<string, CompiledRule[]>; forbid: Map<string, CompiledRule[]>; anyoneAllow: CompiledRule[]; anyoneForbid: CompiledRule[]; rules: CompiledRule[] };
  const building = new Map<string, Mutable>();
  for (const action of profile.actions) {
    building.set(action.name, { allow: new Map(), forbid: new Map(), anyoneAllow: [], anyoneForbid: [], rules: [] });
  }
  for (const rule of profile.rules) {
    const compiled: CompiledRule = {
      rule,
      reach: rule.reach ?? 'scope',
      anyone: rule.roles === '*',
      conditionText: rule.when === undefined ? null : describeCondition(rule.when, rule.resource),
      shape: shapeOf(rule),
    };
    for (const action of rule.actions) {
      const entry = building.get(action)!;
      entry.rules.push(compiled);
      if (rule.roles === '*') {
        (rule.effect === 'allow' ? entry.anyoneAllow : entry.anyoneForbid).push(compiled);
        continue;
      }
      const target = rule.effect === 'allow' ? entry.allow : entry.forbid;
      const holders = new Set(rule.roles.flatMap((role) => graph.holdersOf(role)));
      for (const holder of holders) {
        const list = target.get(holder);
        if (list) list.push(compiled);
        else target.set(holder, [compiled]);
      }
    }
  }
  const index = new Map<string, ActionEntry>();
  for (const [action, entry] of building) {
    for (const list of entry.allow.values()) list.sort(byId);
    for (const list of entry.forbid.values()) list.sort(byId);
    index.set(action, {
      action,
      kind: actionKind(action),
      allow: entry.allow,
      forbid: entry.forbid,
      anyoneAllow: entry.anyoneAllow.sort(byId),
      anyoneForbid: entry.anyoneForbid.sort(byId),
      rules: entry.rules.sort(byId),
    });
  }
  return index;
}

/** The entry of an action, or `invalid_input` for an action the profile does not declare. */
export function entryOf(index: ReadonlyMap<string, ActionEntry>, action: string, profileId: string): ActionEntry {
  const entry = index.get(action);
  if (entry === undefined) {
    const message = `unknown action ${String(action)} (profile ${profileId} does not declare it)`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'action', message, code: 'unknown_action' }] } });
  }
  return entry;
}

/** The scopes of a principal's assignments that grant something: active, of a known role, well-formed. */
export function activeViews(principal: Principal, graph: RoleGraph): ScopeView[] {
  const views: ScopeView[] = [];
  for (const assignment of principal.assignments) {
    if (assignment.status !== 'active' || !graph.has(assignment.role)) continue;
    const view = scopeViewOf(assignment);
    if (view !== null) views.push(view);
  }
  return views;
}

/**
 * The residual of an action for a principal: (some allow rule reaches the resource through some
 * assignment and its condition holds) and no forbid rule does. Order of rules and assignments does not
 * matter: this is a disjunction and a negated disjunction.
 */
export function actionResidual(entry: ActionEntry, principal: Principal, views: readonly ScopeView[]): Residual {
  const allows: Residual[] = [];
  const forbids: Residual[] = [];
  for (const compiled of entry.anyoneAllow) allows.push(ruleResidual(compiled, principal, null));
  for (const compiled of entry.anyoneForbid) forbids.push(ruleResidual(compiled, principal, null));
  for (const view of views) {
    const allowRules = entry.allow.get(view.role);
    if (allowRules !== undefined) for (const compiled of allowRules) allows.push(ruleResidual(compiled, principal, view));
    const forbidRules = entry.forbid.get(view.role);
    if (forbidRules !== undefined) for (const compiled of forbidRules) forbids.push(ruleResidual(compiled, principal, view));
  }
  return rAnd([rOr(allows), rNot(rOr(forbids))]);
}

/** A compiled check of one action for one principal. */
export type ResourceCheck = (resource: PolicyResource) => boolean;

/**
 * One way a principal may be allowed (or forbidden) an action, flattened for the hot path: the scope
 * ids the resource must carry, at most one plain equality on another field, and a closure for whatever
 * else the condition says. Grants share one shape, so reading them stays monomorphic.
 */
interface Grant {
  readonly organisationId: string | null;
  readonly unitId: string | null;
  readonly productId: string | null;
  readonly field: string | null;
  readonly value: string | boolean | null;
  /** A field that must be present (`when.isSet`, EP-4's "held for a unit"). */
  readonly present: string | null;
  readonly rest: ResourcePredicate | null;
}

const slots = { organisationId: 0, unitId: 1, productId: 2 } as const;

/** Flattens a residual into a grant, or `null` when it can never hold. */
function grantOf(residual: Residual): Grant | null {
  if (residual.k === 'const') return residual.v ? { organisationId: null, unitId: null, productId: null, field: null, value: null, present: null, rest: null } : null;
  const ids: [string | null, string | null, string | null] = [null, null, null];
  let field: string | null = null;
  let value: string | boolean | null = null;
  let present: string | null = null;
  const rest: Residual[] = [];
  for (const part of residual.k === 'and' ? residual.xs : [residual]) {
    if (part.k === 'eq' && typeof part.v === 'string' && Object.prototype.hasOwnProperty.call(slots, part.f)) {
      const slot = slots[part.f as keyof typeof slots];
      const held = ids[slot];
      if (held !== null && held !== part.v) return null; // two different ids: never
      ids[slot] = part.v;
    } else if (part.k === 'eq' && field === null && (typeof part.v === 'string' || typeof part.v === 'boolean')) {
      field = part.f;
      value = part.v;
    } else if (part.k === 'not' && part.x.k === 'missing' && present === null) {
      present = part.x.f;
    } else rest.push(part);
  }
  return {
    organisationId: ids[0],
    unitId: ids[1],
    productId: ids[2],
    field,
    value,
    present,
    rest: rest.length === 0 ? null : compileResidual(rest.length === 1 ? rest[0]! : { k: 'and', xs: rest }),
  };
}

function grantMatches(grant: Grant, r: PolicyResource): boolean {
  return (
    (grant.organisationId === null || r.organisationId === grant.organisationId) &&
    (grant.unitId === null || r.unitId === grant.unitId) &&
    (grant.productId === null || r.productId === grant.productId) &&
    (grant.field === null || r[grant.field] === grant.value) &&
    (grant.present === null || isPresent(r[grant.present])) &&
    (grant.rest === null || grant.rest(r))
  );
}

/** Not missing, as conditions see it: a string, number, boolean or Date. */
function isPresent(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}

function isUnconditional(grant: Grant): boolean {
  return (
    grant.organisationId === null && grant.unitId === null && grant.productId === null && grant.field === null && grant.present === null && grant.rest === null
  );
}

/** The residual of one rule reached through one assignment (or, for `'*'` rules, through nobody). */
function ruleResidual(compiled: CompiledRule, principal: Principal, view: ScopeView | null): Residual {
  const condition = residualOf(compiled.rule.when, principal, view);
  return view === null ? condition : rAnd([reachResidual(view, compiled.reach), condition]);
}

/**
 * The grant of a rule through an assignment, built directly for the common condition shapes; `undefined`
 * sends the caller down the general path (residual, then {@link grantOf}).
 */
function quickGrant(compiled: CompiledRule, principal: Principal, view: ScopeView | null): Grant | undefined {
  const shape = compiled.shape;
  let field: string | null = null;
  let value: string | boolean | null = null;
  let present: string | null = null;
  switch (shape.t) {
    case 'none':
      break;
    case 'principalId':
      if (typeof principal.id !== 'string') return undefined;
      field = shape.field;
      value = principal.id;
      break;
    case 'constant':
      field = shape.field;
      value = shape.value;
      break;
    case 'present':
      present = shape.field;
      break;
    default:
      return undefined;
  }
  let organisationId: string | null = null;
  let unitId: string | null = null;
  let productId: string | null = null;
  if (view !== null && compiled.reach !== 'anywhere' && view.type !== 'platform') {
    organisationId = view.organisationId;
    if (compiled.reach === 'scope') {
      unitId = view.unitId;
      productId = view.productId;
    }
  }
  return { organisationId, unitId, productId, field, value, present, rest: null };
}

const never: ResourceCheck = () => false;

/**
 * Compiles the hot-path check of an action for a principal: forbid grants first, then allow grants, each
 * a few field comparisons (specialised closures for the usual shapes, so an organisation coordinator's check
 * is `organisationId === 'org_1' && …`). Built from the same per-rule residuals as the query plan
 * ({@link actionResidual}), and property-tested against it and against the interpreter.
 */
export function compileCheck(entry: ActionEntry, principal: Principal, views: readonly ScopeView[]): ResourceCheck {
  const allows: Grant[] = [];
  const forbids: Grant[] = [];
  let always = false;
  const add = (list: Grant[], compiled: CompiledRule, view: ScopeView | null, isAllow: boolean) => {
    const grant = quickGrant(compiled, principal, view) ?? grantOf(ruleResidual(compiled, principal, view));
    if (grant === null) return;
    if (isAllow && isUnconditional(grant)) always = true;
    else list.push(grant);
  };
  for (const compiled of entry.anyoneAllow) add(allows, compiled, null, true);
  for (const compiled of entry.anyoneForbid) add(forbids, compiled, null, false);
  for (const view of views) {
    const allowRules = entry.allow.get(view.role);
    if (allowRules !== undefined) for (const compiled of allowRules) add(allows, compiled, view, true);
    const forbidRules = entry.forbid.get(view.role);
    if (forbidRules !== undefined) for (const compiled of forbidRules) add(forbids, compiled, view, false);
  }
  const kind = entry.kind;
  if (forbids.length > 0) {
    return (r) => {
      if (r.kind !== kind) return false;
      for (let i = 0; i < forbids.length; i++) if (grantMatches(forbids[i]!, r)) return false;
      if (always) return true;
      for (let i = 0; i < allows.length; i++) if (grantMatches(allows[i]!, r)) return true;
      return false;
    };
  }
  if (always) return (r) => r.kind === kind;
  if (allows.length === 0) return never;
  const matchers = allows.map((grant) => matcherOf(grant, kind));
  if (matchers.length === 1) return matchers[0]!;
  if (matchers.length === 2) {
    const [m0, m1] = matchers as [ResourceCheck, ResourceCheck];
    return (r) => m0(r) || m1(r);
  }
  return (r) => {
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(r)) return true;
    return false;
  };
}

/**
 * A closure for one grant, resource kind included, specialised to the shapes rules usually take, so the
 * common check is a single closure of three or four comparisons.
 */
function matcherOf(grant: Grant, kind: string): ResourceCheck {
  const { organisationId: o, unitId: u, productId: p, field: f, value: v, present: q, rest } = grant;
  if (o !== null && p === null && q === null && rest === null) {
    if (u === null && f === null) return (r) => r.kind === kind && r.organisationId === o;
    if (u === null && f !== null) return (r) => r.kind === kind && r.organisationId === o && r[f] === v;
    if (u !== null && f === null) return (r) => r.kind === kind && r.organisationId === o && r.unitId === u;
    if (u !== null && f !== null) return (r) => r.kind === kind && r.organisationId === o && r.unitId === u && r[f] === v;
  }
  if (o !== null && u === null && p === null && f === null && q !== null && rest === null) return (r) => r.kind === kind && r.organisationId === o && isPresent(r[q]);
  if (o === null && u === null && p === null && f !== null && q === null && rest === null) return (r) => r.kind === kind && r[f] === v;
  return (r) => r.kind === kind && grantMatches(grant, r);
}
