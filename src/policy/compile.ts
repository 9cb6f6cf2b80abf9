/**
 * Compilation: once per policy, rules are indexed by action and by the held role that reaches them
 * (inheritance expanded), each with the shape of its condition; once per (principal, action), the rules the
 * principal's assignments reach become a few flat grants (scope ids, one field equality) in a
 * {@link CompiledCheck}. A warm check is a WeakMap look-up and {@link evaluate} on that object's fields: no
 * closure per principal, nothing allocated.
 *
 * @module
 */
import { PolityError } from '../errors';
import { conditionRefs } from './condition';
import type { PolicyDefinition } from './definition';
import type { RelationDefinition } from './relations';
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
  /** The definition's relations when the rule reads one (its residual may then be a semi-join), else `undefined`. */
  readonly relations: Readonly<Record<string, RelationDefinition>> | undefined;
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

/**
 * The internalised copy of a string (V8 keeps one copy of each property name): field names and kinds cut
 * out of a rule (`'resource.organiserId'.slice(9)`) are fresh strings, and a keyed read `r[field]` or a
 * comparison with one is cheaper when the string is the internalised one.
 */
export function internalise(name: string): string {
  return Object.keys({ [name]: 0 })[0] ?? name;
}

function shapeOf(rule: Rule): ConditionShape {
  const condition = rule.when;
  if (condition === undefined) return { t: 'none' };
  const resourceField = (ref: string) => (ref.startsWith('resource.') && !slotFields.has(ref.slice(9)) ? internalise(ref.slice(9)) : null);
  if (condition.op === 'eq') {
    const field = resourceField(condition.attr);
    if (field !== null) {
      const value = condition.value;
      if (typeof value === 'object' && value !== null && value.ref === 'principal.id') return { t: 'principalId', field };
      if (typeof value === 'string' || typeof value === 'boolean') return { t: 'constant', field, value };
    }
  }
  if (condition.op === 'not' && condition.condition.op === 'eq' && condition.condition.value === null) {
    // Any field, scope slots included (EP-4: "held for a unit" is `unitId` present).
    const ref = condition.condition.attr;
    if (ref.startsWith('resource.')) return { t: 'present', field: internalise(ref.slice(9)) };
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

/** Indexes a validated definition's rules by action. */
export function buildActionIndex(definition: PolicyDefinition, graph: RoleGraph): Map<string, ActionEntry> {
  type Mutable = { allow: Map<string, CompiledRule[]>; forbid: Map<string, CompiledRule[]>; anyoneAllow: CompiledRule[]; anyoneForbid: CompiledRule[]; rules: CompiledRule[] };
  const building = new Map<string, Mutable>();
  for (const action of definition.actions) {
    building.set(action.name, { allow: new Map(), forbid: new Map(), anyoneAllow: [], anyoneForbid: [], rules: [] });
  }
  const relations = definition.relations;
  const readsRelation = (rule: Rule) =>
    relations !== undefined && rule.when !== undefined && conditionRefs(rule.when).some((ref) => ref.startsWith('principal.') && Object.hasOwn(relations, ref.slice(10)));
  for (const rule of definition.rules) {
    const compiled: CompiledRule = {
      rule,
      reach: rule.reach ?? 'scope',
      anyone: rule.roles === '*',
      conditionText: rule.when === undefined ? null : describeCondition(rule.when, rule.resource),
      shape: shapeOf(rule),
      relations: readsRelation(rule) ? relations : undefined,
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
      kind: internalise(actionKind(action)),
      allow: entry.allow,
      forbid: entry.forbid,
      anyoneAllow: entry.anyoneAllow.sort(byId),
      anyoneForbid: entry.anyoneForbid.sort(byId),
      rules: entry.rules.sort(byId),
    });
  }
  return index;
}

/** The entry of an action, or `invalid_input` for an action the definition does not declare. */
export function entryOf(index: ReadonlyMap<string, ActionEntry>, action: string, definitionId: string): ActionEntry {
  const entry = index.get(action);
  if (entry === undefined) {
    const message = `unknown action ${String(action)} (${definitionId} does not declare it)`;
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

/** A compiled check of one action for one principal, as a predicate. */
export type ResourceCheck = (resource: PolicyResource) => boolean;

/**
 * One way a principal may be allowed (or forbidden) an action, flattened for the hot path: the scope
 * ids the resource must carry, at most one plain equality on another field, one field that must be present,
 * and a closure for whatever else the condition says. Grants share one shape, so reading them stays
 * monomorphic.
 */
interface Grant {
  readonly o: string | null;
  readonly u: string | null;
  readonly p: string | null;
  /** A field that must equal {@link Grant.v}. */
  readonly f: string | null;
  readonly v: string | boolean | null;
  /** A field that must be present (`when.isSet`, EP-4's "held for a unit"). */
  readonly q: string | null;
  readonly rest: ResourcePredicate | null;
}

/**
 * What a compiled check does: deny everything, match one grant held inline, allow (the kind) always, try a
 * list, or match one of two grants held inline (a role inheriting another often reaches two rules: an
 * organisation coordinator's EP-4 and EP-5), which spares the hot path two dependent memory reads.
 */
const NEVER = 0;
const ONE = 1;
const ALWAYS = 2;
const MANY = 3;
const TWO = 4;

/**
 * The compiled check of one action for one principal, flat: no closure per principal, just the fields that
 * one shared function ({@link evaluate}) reads. The engine's per-principal state is one of these (holding
 * the last action asked, the usual case: one action over many rows); a principal asking several actions
 * keeps one per action and copies the one asked into its state.
 *
 * A class, so that every instance shares one hidden class and the hot path's reads stay monomorphic.
 */
export class CompiledCheck {
  /** The action these fields answer (`null` before the first compile). */
  action: string | null = null;
  /** The resource kind the action acts on; any other kind is denied. */
  kind = '';
  mode = NEVER;
  // The grant held inline (mode ONE).
  o: string | null = null;
  u: string | null = null;
  p: string | null = null;
  f: string | null = null;
  v: string | boolean | null = null;
  q: string | null = null;
  rest: ResourcePredicate | null = null;
  // A second grant held inline (mode TWO: two plain grants, the usual count for a role that inherits another).
  o2: string | null = null;
  u2: string | null = null;
  f2: string | null = null;
  v2: string | boolean | null = null;
  q2: string | null = null;
  /** Allow grants (mode MANY). */
  allows: readonly Grant[] | null = null;
  /** Forbid grants, tried first; `null` when none applies. */
  forbids: readonly Grant[] | null = null;
  /** The predicate handed out by `checker`, made on demand. */
  predicate: ResourceCheck | null = null;
  // Per-principal bookkeeping, used on a principal's state only (one class for both keeps the hot path monomorphic).
  /** Compiled checks by action, kept from a principal's second action on. */
  checks: Map<string, CompiledCheck> | null = null;
  /** The principal's active scopes, made on demand (query plans). */
  views: readonly ScopeView[] | null = null;
  /** The principal's `forPrincipal` object, made on demand. */
  bound: object | null = null;

  /** Copies another compiled check's answer (not its per-principal bookkeeping). */
  assign(from: CompiledCheck): void {
    this.action = from.action;
    this.kind = from.kind;
    this.mode = from.mode;
    this.o = from.o;
    this.u = from.u;
    this.p = from.p;
    this.f = from.f;
    this.v = from.v;
    this.q = from.q;
    this.rest = from.rest;
    this.o2 = from.o2;
    this.u2 = from.u2;
    this.f2 = from.f2;
    this.v2 = from.v2;
    this.q2 = from.q2;
    this.allows = from.allows;
    this.forbids = from.forbids;
    this.predicate = from.predicate;
  }
}

/** Not missing, as conditions see it: a string, number, boolean or Date. */
function isPresent(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}

function grantMatches(g: Grant, r: PolicyResource): boolean {
  return (
    (g.o === null || r.organisationId === g.o) &&
    (g.u === null || r.unitId === g.u) &&
    (g.p === null || r.productId === g.p) &&
    (g.f === null || r[g.f] === g.v) &&
    (g.q === null || isPresent(r[g.q])) &&
    (g.rest === null || g.rest(r))
  );
}

function anyMatches(grants: readonly Grant[], r: PolicyResource): boolean {
  for (let i = 0; i < grants.length; i++) if (grantMatches(grants[i]!, r)) return true;
  return false;
}

/**
 * The hot path: a compiled check applied to a resource. A kind test, the forbids (usually none), then the
 * inline grant: a handful of field reads and `===`.
 *
 * @param kind - `r.kind`, when the caller read it already (early, so that the resource's memory is fetched
 *   while the principal's state is looked up).
 */
export function evaluate(c: CompiledCheck, r: PolicyResource, kind: unknown = r.kind): boolean {
  if (kind !== c.kind) return false;
  if (c.forbids !== null && anyMatches(c.forbids, r)) return false;
  const mode = c.mode;
  if (mode === ONE) {
    return (
      (c.o === null || r.organisationId === c.o) &&
      (c.u === null || r.unitId === c.u) &&
      (c.p === null || r.productId === c.p) &&
      (c.f === null || r[c.f] === c.v) &&
      (c.q === null || isPresent(r[c.q])) &&
      (c.rest === null || c.rest(r))
    );
  }
  if (mode === NEVER) return false;
  if (mode === ALWAYS) return true;
  if (mode === TWO) {
    return (
      ((c.o === null || r.organisationId === c.o) && (c.u === null || r.unitId === c.u) && (c.f === null || r[c.f] === c.v) && (c.q === null || isPresent(r[c.q]))) ||
      ((c.o2 === null || r.organisationId === c.o2) && (c.u2 === null || r.unitId === c.u2) && (c.f2 === null || r[c.f2] === c.v2) && (c.q2 === null || isPresent(r[c.q2])))
    );
  }
  return anyMatches(c.allows!, r);
}

/** Flattens a residual into a grant, or `null` when it can never hold. */
function grantOf(residual: Residual): Grant | null {
  if (residual.k === 'const') return residual.v ? { o: null, u: null, p: null, f: null, v: null, q: null, rest: null } : null;
  let o: string | null = null;
  let u: string | null = null;
  let p: string | null = null;
  let f: string | null = null;
  let v: string | boolean | null = null;
  let q: string | null = null;
  const rest: Residual[] = [];
  for (const part of residual.k === 'and' ? residual.xs : [residual]) {
    if (part.k === 'eq' && typeof part.v === 'string' && (part.f === 'organisationId' || part.f === 'unitId' || part.f === 'productId')) {
      const held: string | null = part.f === 'organisationId' ? o : part.f === 'unitId' ? u : p;
      if (held !== null && held !== part.v) return null; // two different ids: never
      if (part.f === 'organisationId') o = part.v;
      else if (part.f === 'unitId') u = part.v;
      else p = part.v;
    } else if (part.k === 'eq' && f === null && (typeof part.v === 'string' || typeof part.v === 'boolean')) {
      f = internalise(part.f);
      v = part.v;
    } else if (part.k === 'not' && part.x.k === 'missing' && q === null) {
      q = internalise(part.x.f);
    } else rest.push(part);
  }
  return { o, u, p, f, v, q, rest: rest.length === 0 ? null : compileResidual(rest.length === 1 ? rest[0]! : { k: 'and', xs: rest }) };
}

function isUnconditional(g: Grant): boolean {
  return g.o === null && g.u === null && g.p === null && g.f === null && g.q === null && g.rest === null;
}

/** The residual of one rule reached through one assignment (or, for `'*'` rules, through nobody). */
function ruleResidual(compiled: CompiledRule, principal: Principal, view: ScopeView | null): Residual {
  const condition = residualOf(compiled.rule.when, principal, view, compiled.relations);
  return view === null ? condition : rAnd([reachResidual(view, compiled.reach), condition]);
}

/**
 * The grant of a rule through an assignment's scope (`type === null` for `'*'` rules): built directly for
 * the common condition shapes, else through the residual. `null`: it can never hold.
 */
function grantFor(
  compiled: CompiledRule,
  principal: Principal,
  type: ScopeView['type'] | null,
  organisationId: string | null,
  unitId: string | null,
  productId: string | null,
  role: string,
): Grant | null {
  const shape = compiled.shape;
  let f: string | null = null;
  let v: string | boolean | null = null;
  let q: string | null = null;
  switch (shape.t) {
    case 'none':
      break;
    case 'principalId':
      if (typeof principal.id !== 'string') return general(compiled, principal, type, organisationId, unitId, productId, role);
      f = shape.field;
      v = principal.id;
      break;
    case 'constant':
      f = shape.field;
      v = shape.value;
      break;
    case 'present':
      q = shape.field;
      break;
    default:
      return general(compiled, principal, type, organisationId, unitId, productId, role);
  }
  let o: string | null = null;
  let u: string | null = null;
  let p: string | null = null;
  if (type !== null && type !== 'platform' && compiled.reach !== 'anywhere') {
    o = organisationId;
    if (compiled.reach === 'scope') {
      u = unitId;
      p = productId;
    }
  }
  return { o, u, p, f, v, q, rest: null };
}

function general(
  compiled: CompiledRule,
  principal: Principal,
  type: ScopeView['type'] | null,
  organisationId: string | null,
  unitId: string | null,
  productId: string | null,
  role: string,
): Grant | null {
  const view: ScopeView | null = type === null ? null : { type, organisationId, unitId, productId, role };
  return grantOf(ruleResidual(compiled, principal, view));
}

/** Collects grants while compiling: the first allow is kept inline, the rest go to lists made on demand. */
class Collector {
  first: Grant | null = null;
  allows: Grant[] | null = null;
  forbids: Grant[] | null = null;
  always = false;

  allow(g: Grant | null): void {
    if (g === null || this.always) return;
    if (isUnconditional(g)) {
      this.always = true;
      return;
    }
    if (this.first === null) this.first = g;
    else (this.allows ??= [this.first]).push(g);
  }

  forbid(g: Grant | null): void {
    if (g !== null) (this.forbids ??= []).push(g);
  }
}

/**
 * Compiles the hot-path check of an action for a principal into `into`: forbid grants first, then allow
 * grants, each a few field comparisons (an organisation coordinator's check is `organisationId === 'org_1'
 * && …`). Reads the assignments directly (active ones, of a known role, with a well-formed scope, as
 * {@link activeViews}), and the per-role rule lists of the action index, shared by every principal. Built
 * from the same per-rule residuals as the query plan ({@link actionResidual}) where a condition is not one
 * of the common shapes, and property-tested against the plan and the interpreter.
 */
export function compileInto(into: CompiledCheck, entry: ActionEntry, principal: Principal, action: string): void {
  const c = new Collector();
  for (const compiled of entry.anyoneAllow) c.allow(grantFor(compiled, principal, null, null, null, null, ''));
  for (const compiled of entry.anyoneForbid) c.forbid(grantFor(compiled, principal, null, null, null, null, ''));
  const assignments = principal.assignments;
  for (let i = 0; i < assignments.length; i++) {
    const a = assignments[i]!;
    if (a.status !== 'active') continue;
    const role = a.role;
    const allowRules = entry.allow.get(role);
    const forbidRules = entry.forbid.get(role);
    if (allowRules === undefined && forbidRules === undefined) continue;
    // The scope as scopeViewOf reads it: ids that do not belong to the scope type are dropped; a malformed one grants nothing.
    const type = a.scopeType;
    const organisationId = type === 'platform' ? null : (a.organisationId ?? null);
    const unitId = type === 'unit' ? (a.unitId ?? null) : null;
    const productId = type === 'product' ? (a.productId ?? null) : null;
    if (type === 'platform') {
      // nothing to check
    } else if (organisationId === null) continue;
    else if (type === 'unit' ? unitId === null : type === 'product' ? productId === null : type !== 'organisation') continue;
    if (allowRules !== undefined) for (const compiled of allowRules) c.allow(grantFor(compiled, principal, type, organisationId, unitId, productId, role));
    if (forbidRules !== undefined) for (const compiled of forbidRules) c.forbid(grantFor(compiled, principal, type, organisationId, unitId, productId, role));
  }
  into.action = action;
  into.kind = entry.kind;
  into.forbids = c.forbids;
  into.allows = null;
  into.predicate = null;
  // Two plain grants (no product, no other condition) are held inline too.
  const two = !c.always && c.allows !== null && c.allows.length === 2 && isPlain(c.allows[0]!) && isPlain(c.allows[1]!) ? c.allows : null;
  const g = c.always ? null : c.allows === null ? c.first : two !== null ? two[0]! : null;
  const h = two === null ? null : two[1]!;
  into.mode = c.always ? ALWAYS : two !== null ? TWO : c.allows !== null ? MANY : g !== null ? ONE : NEVER;
  if (c.allows !== null && two === null) into.allows = c.allows;
  into.o = g === null ? null : g.o;
  into.u = g === null ? null : g.u;
  into.p = g === null ? null : g.p;
  into.f = g === null ? null : g.f;
  into.v = g === null ? null : g.v;
  into.q = g === null ? null : g.q;
  into.rest = g === null ? null : g.rest;
  into.o2 = h === null ? null : h.o;
  into.u2 = h === null ? null : h.u;
  into.f2 = h === null ? null : h.f;
  into.v2 = h === null ? null : h.v;
  into.q2 = h === null ? null : h.q;
}

/** A grant of scope ids, one equality and one presence test at most: what mode TWO holds inline. */
function isPlain(g: Grant): boolean {
  return g.p === null && g.rest === null;
}

const never: ResourceCheck = () => false;

/**
 * A compiled check as a predicate, for `checker`: a closure specialised to the usual shapes, so a page of
 * rows is tested with three or four comparisons each.
 */
export function predicateOf(c: CompiledCheck): ResourceCheck {
  const kind = c.kind;
  if (c.forbids !== null || c.mode === MANY || c.mode === TWO) return (r) => evaluate(c, r);
  if (c.mode === NEVER) return never;
  if (c.mode === ALWAYS) return (r) => r.kind === kind;
  const { o, u, p, f, v, q, rest } = c;
  if (o !== null && p === null && q === null && rest === null) {
    if (u === null && f === null) return (r) => r.kind === kind && r.organisationId === o;
    if (u === null && f !== null) return (r) => r.kind === kind && r.organisationId === o && r[f] === v;
    if (u !== null && f === null) return (r) => r.kind === kind && r.organisationId === o && r.unitId === u;
    if (u !== null && f !== null) return (r) => r.kind === kind && r.organisationId === o && r.unitId === u && r[f] === v;
  }
  if (o !== null && u === null && p === null && f === null && q !== null && rest === null) return (r) => r.kind === kind && r.organisationId === o && isPresent(r[q]);
  if (o === null && u === null && p === null && f !== null && q === null && rest === null) return (r) => r.kind === kind && r[f] === v;
  return (r) => evaluate(c, r);
}
