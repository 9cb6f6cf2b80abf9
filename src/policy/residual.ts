/**
 * Residual conditions: what is left of a rule once the principal and the assignment's scope are known, a
 * condition over the resource's own fields only. One residual per (principal, action) is compiled into the
 * hot-path closure ({@link compileResidual}) and turned into the query plan (see `plan.ts`), so `check` and
 * `plan` cannot drift apart.
 *
 * Semantics are the condition language's (two-valued): a comparison with a missing value is false. What a
 * value is and how two compare is `domain/compare`'s, shared with the filters.
 *
 * @module
 */
import { comparable, comparableOperand, compareValues } from '../domain/compare';
import type { ComparisonOp, Literal, RuleCondition } from './condition';
import { isAttributeOperand } from './condition';
import type { Principal, ScopeView } from './principal';
import type { RelationDefinition } from './relations';
import type { RuleReach } from './rule';

/** A non-missing constant, kept in its original form (a Date stays a Date, for SQL parameters). */
export type Scalar = string | number | boolean | Date;

/** A condition over one resource's fields. */
export type Residual =
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'missing'; readonly f: string }
  | { readonly k: 'eq'; readonly f: string; readonly v: Scalar }
  | { readonly k: 'eqf'; readonly f: string; readonly g: string }
  | { readonly k: 'in'; readonly f: string; readonly vs: readonly Scalar[] }
  | { readonly k: 'cmp'; readonly f: string; readonly op: ComparisonOp; readonly v: Scalar }
  | { readonly k: 'cmpf'; readonly f: string; readonly op: ComparisonOp; readonly g: string }
  /** Field `f` is a `valueField` of relation `rel` for principal `p`: a semi-join, answered by the Store. */
  | { readonly k: 'rel'; readonly f: string; readonly rel: RelationDefinition; readonly p: string }
  | { readonly k: 'and'; readonly xs: readonly Residual[] }
  | { readonly k: 'or'; readonly xs: readonly Residual[] }
  | { readonly k: 'not'; readonly x: Residual };

/** The constant true residual. */
export const TRUE: Residual = Object.freeze({ k: 'const', v: true });
/** The constant false residual. */
export const FALSE: Residual = Object.freeze({ k: 'const', v: false });

/** `and`, folding constants and flattening nested `and`s. */
export function rAnd(xs: readonly Residual[]): Residual {
  const out: Residual[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (!x.v) return FALSE;
    } else if (x.k === 'and') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? TRUE : out.length === 1 ? out[0]! : { k: 'and', xs: out };
}

/** `or`, folding constants and flattening nested `or`s. */
export function rOr(xs: readonly Residual[]): Residual {
  const out: Residual[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (x.v) return TRUE;
    } else if (x.k === 'or') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? FALSE : out.length === 1 ? out[0]! : { k: 'or', xs: out };
}

/** `not`, folding constants and double negation. */
export function rNot(x: Residual): Residual {
  if (x.k === 'const') return x.v ? FALSE : TRUE;
  if (x.k === 'not') return x.x;
  return { k: 'not', x };
}

const flip: Record<ComparisonOp, ComparisonOp> = { lt: 'gt', lte: 'gte', gt: 'lt', gte: 'lte' };

/** One side of a comparison after substitution: a resource field, or a known value. */
type Side = { readonly field: string } | { readonly value: unknown };

function sideOf(ref: string, principal: Principal, scope: ScopeView | null): Side {
  const dot = ref.indexOf('.');
  const root = ref.slice(0, dot);
  const name = ref.slice(dot + 1);
  if (root === 'resource') return { field: name };
  if (root === 'principal') return { value: name === 'id' ? principal.id : principal.attributes?.[name] };
  return { value: scope === null ? undefined : (scope as unknown as Record<string, unknown>)[name] };
}

/** A usable constant: present and not NaN (a NaN never equals or orders against anything). */
function scalarOf(value: unknown): Scalar | null {
  return comparableOperand(value) === null ? null : (value as Scalar);
}

/** The elements of a list attribute (an array or a Set); anything else is an empty list. */
export function listOf(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return [];
}

function distinctScalars(values: readonly unknown[]): Scalar[] {
  const seen = new Set<string | number | boolean>();
  const out: Scalar[] = [];
  for (const value of values) {
    const scalar = scalarOf(value);
    if (scalar === null) continue;
    const key = comparable(scalar)!;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(scalar);
  }
  return out;
}

/**
 * Substitutes the principal and scope into a condition, leaving a residual over the resource's fields.
 *
 * @param condition - The rule's condition; `undefined` is "always".
 * @param scope - The assignment's scope, or `null` for rules that apply to any principal.
 * @param relations - The definition's relations, when the rule reads one: `resource.F in principal.R` for a
 *   relation R the principal carries no value for becomes a `rel` residual (a list it carries is used as is).
 */
export function residualOf(
  condition: RuleCondition | undefined,
  principal: Principal,
  scope: ScopeView | null,
  relations?: Readonly<Record<string, RelationDefinition>>,
): Residual {
  if (condition === undefined) return TRUE;
  switch (condition.op) {
    case 'and':
      return rAnd(condition.all.map((c) => residualOf(c, principal, scope, relations)));
    case 'or':
      return rOr(condition.any.map((c) => residualOf(c, principal, scope, relations)));
    case 'not':
      return rNot(residualOf(condition.condition, principal, scope, relations));
    case 'eq': {
      const left = sideOf(condition.attr, principal, scope);
      if (condition.value === null) {
        // The literal null asks "is it missing?"; a reference that resolves to null is just missing.
        return 'field' in left ? { k: 'missing', f: left.field } : comparable(left.value) === null ? TRUE : FALSE;
      }
      const right: Side = isAttributeOperand(condition.value) ? sideOf(condition.value.ref, principal, scope) : { value: condition.value };
      if ('field' in left && 'field' in right) return { k: 'eqf', f: left.field, g: right.field };
      if ('field' in left || 'field' in right) {
        const field = 'field' in left ? left.field : (right as { field: string }).field;
        const value = scalarOf('value' in left ? left.value : (right as { value: unknown }).value);
        return value === null ? FALSE : { k: 'eq', f: field, v: value };
      }
      const l = scalarOf(left.value);
      const r = scalarOf(right.value);
      return l !== null && r !== null && comparable(l) === comparable(r) ? TRUE : FALSE;
    }
    case 'in': {
      const left = sideOf(condition.attr, principal, scope);
      // A list reference never names the resource (the schema refuses it), so it resolves to a value.
      const listSide = isAttributeOperand(condition.values) ? sideOf(condition.values.ref, principal, scope) : null;
      if (relations !== undefined && listSide !== null && 'value' in listSide && listSide.value === undefined) {
        const ref = (condition.values as { ref: string }).ref;
        const name = ref.slice('principal.'.length);
        const relation = ref.startsWith('principal.') && Object.hasOwn(relations, name) ? relations[name] : undefined;
        // Validation keeps relations to `resource.<field> in principal.<relation>`; anything else reads as empty.
        if (relation !== undefined && typeof principal.id === 'string') return 'field' in left ? { k: 'rel', f: left.field, rel: relation, p: principal.id } : FALSE;
      }
      const list = distinctScalars(
        listSide === null ? (condition.values as readonly Literal[]) : 'value' in listSide ? listOf(listSide.value) : [],
      );
      if ('field' in left) return list.length === 0 ? FALSE : { k: 'in', f: left.field, vs: list };
      const l = scalarOf(left.value);
      if (l === null) return FALSE;
      const key = comparable(l);
      return list.some((v) => comparable(v) === key) ? TRUE : FALSE;
    }
    default: {
      const op = condition.op;
      const left = sideOf(condition.attr, principal, scope);
      const right: Side = isAttributeOperand(condition.value) ? sideOf(condition.value.ref, principal, scope) : { value: condition.value };
      if ('field' in left && 'field' in right) return { k: 'cmpf', f: left.field, op, g: right.field };
      if ('field' in left) {
        const value = scalarOf((right as { value: unknown }).value);
        return value === null ? FALSE : { k: 'cmp', f: left.field, op, v: value };
      }
      if ('field' in right) {
        const value = scalarOf(left.value);
        return value === null ? FALSE : { k: 'cmp', f: right.field, op: flip[op], v: value };
      }
      const l = scalarOf(left.value);
      const r = scalarOf(right.value);
      return l !== null && r !== null && compareValues(comparable(l)!, comparable(r)!, op) ? TRUE : FALSE;
    }
  }
}

/** The residual saying "the resource lies within this assignment's reach". */
export function reachResidual(scope: ScopeView, reach: RuleReach): Residual {
  if (reach === 'anywhere' || scope.type === 'platform') return TRUE;
  const inOrganisation: Residual = { k: 'eq', f: 'organisationId', v: scope.organisationId! };
  if (reach === 'organisation' || scope.type === 'organisation') return inOrganisation;
  if (scope.type === 'unit') return { k: 'and', xs: [inOrganisation, { k: 'eq', f: 'unitId', v: scope.unitId! }] };
  return { k: 'and', xs: [inOrganisation, { k: 'eq', f: 'productId', v: scope.productId! }] };
}

/** A compiled residual: true when the resource satisfies it. */
export type ResourcePredicate = (resource: Readonly<Record<string, unknown>>) => boolean;

const alwaysTrue: ResourcePredicate = () => true;
const alwaysFalse: ResourcePredicate = () => false;

/**
 * Compiles a residual into a closure. Constants are specialised by type so that the common case, a string
 * id compared with a field, is one property read and one `===`.
 */
export function compileResidual(residual: Residual): ResourcePredicate {
  switch (residual.k) {
    case 'const':
      return residual.v ? alwaysTrue : alwaysFalse;
    case 'missing': {
      const f = residual.f;
      return (r) => comparable(r[f]) === null;
    }
    case 'eq': {
      const f = residual.f;
      const v = residual.v;
      if (typeof v === 'string' || typeof v === 'boolean') return (r) => r[f] === v;
      const n = typeof v === 'number' ? v : v.getTime();
      return (r) => {
        const x = r[f];
        return x === n || (x instanceof Date && x.getTime() === n);
      };
    }
    case 'eqf': {
      const { f, g } = residual;
      return (r) => {
        const a = comparable(r[f]);
        if (a === null) return false;
        return a === comparable(r[g]);
      };
    }
    case 'in': {
      const f = residual.f;
      const keys = new Set(residual.vs.map((v) => comparable(v)!));
      if (residual.vs.every((v) => typeof v === 'string')) return (r) => keys.has(r[f] as string);
      return (r) => {
        const a = comparable(r[f]);
        return a !== null && keys.has(a);
      };
    }
    case 'cmp': {
      const { f, op } = residual;
      const v = comparable(residual.v)!;
      return (r) => {
        const a = comparable(r[f]);
        return a !== null && compareValues(a, v, op);
      };
    }
    case 'cmpf': {
      const { f, g, op } = residual;
      return (r) => {
        const a = comparable(r[f]);
        const b = comparable(r[g]);
        return a !== null && b !== null && compareValues(a, b, op);
      };
    }
    case 'and': {
      const parts = residual.xs.map(compileResidual);
      if (parts.length === 2) {
        const [a, b] = parts as [ResourcePredicate, ResourcePredicate];
        return (r) => a(r) && b(r);
      }
      return (r) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i]!(r)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = residual.xs.map(compileResidual);
      if (parts.length === 2) {
        const [a, b] = parts as [ResourcePredicate, ResourcePredicate];
        return (r) => a(r) || b(r);
      }
      return (r) => {
        for (let i = 0; i < parts.length; i++) if (parts[i]!(r)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileResidual(residual.x);
      return (r) => !inner(r);
    }
    case 'rel':
      // A check holds no Store: without the principal's list the comparison is false (fail closed); the
      // kernel answers a relation for the resource at hand before checking.
      return alwaysFalse;
  }
}
