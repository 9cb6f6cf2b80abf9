/**
 * Query plans: the residual of an action for a principal, as a {@link Filter} over the resource's fields
 * that the Store evaluates ({@link matchesFilter}) or compiles to SQL (the Postgres adapter, and its
 * {@link "polity/adapters/postgres"!filterToSql} for tables of your own). "List the meetings I can manage"
 * never loads every meeting.
 *
 * The filter language follows SQL's three-valued logic while rules are two-valued (a comparison with a
 * missing value is false). Negations are therefore pushed down to the comparisons, and each negated
 * comparison is guarded with "or the field is null", so the filter matches exactly the resources `check`
 * allows, in memory and in SQL. A relation the principal carries no list for becomes a `related` node ("some
 * participant record has this meeting's id and their user id"), which the Store answers as a semi-join.
 *
 * @module
 */
import type { Filter, FilterValue } from '../domain/filter';
import { relationRecords } from './relations';
import type { Residual } from './residual';

function isConst(filter: Filter, kind: 'always' | 'never'): boolean {
  return filter.kind === kind;
}

const ALWAYS: Filter = { kind: 'always' };
const NEVER: Filter = { kind: 'never' };

/** A key telling filters apart, with value types tagged (a Date is not its ISO string). */
function keyOf(filter: Filter): string {
  const value = (v: FilterValue | { readonly field: string }): string => {
    if (v === null) return 'n';
    if (v instanceof Date) return `d${v.getTime()}`;
    if (typeof v === 'object') return `f${JSON.stringify(v.field)}`;
    return `${(typeof v)[0]}${JSON.stringify(v)}`;
  };
  switch (filter.kind) {
    case 'always':
    case 'never':
      return filter.kind;
    case 'eq':
      return `eq(${JSON.stringify(filter.field)},${value(filter.value)})`;
    case 'in':
      return `in(${JSON.stringify(filter.field)},${filter.values.map(value).join(',')})`;
    case 'cmp':
      return `${filter.op}(${JSON.stringify(filter.field)},${value(filter.value)})`;
    case 'and':
    case 'or':
      return `${filter.kind}(${filter.filters.map(keyOf).join(',')})`;
    case 'not':
      return `not(${keyOf(filter.filter)})`;
    case 'related':
      return `related(${JSON.stringify(filter.field)},${JSON.stringify(filter.collection)},${JSON.stringify(filter.key)},${keyOf(filter.where)})`;
  }
}

function combine(kind: 'and' | 'or', parts: readonly Filter[]): Filter {
  const absorbing = kind === 'and' ? 'never' : 'always';
  const neutral = kind === 'and' ? 'always' : 'never';
  const out: Filter[] = [];
  const seen = new Set<string>();
  const push = (part: Filter) => {
    const key = keyOf(part);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(part);
    }
  };
  for (const part of parts) {
    if (isConst(part, absorbing)) return absorbing === 'never' ? NEVER : ALWAYS;
    if (isConst(part, neutral)) continue;
    if (part.kind === kind) part.filters.forEach(push);
    else push(part);
  }
  if (out.length === 0) return neutral === 'always' ? ALWAYS : NEVER;
  if (out.length === 1) return out[0]!;
  return kind === 'or' ? factorOr(out) : { kind, filters: out };
}

/**
 * `(a ∧ b) ∨ (a ∧ c)` → `a ∧ (b ∨ c)`: the conjuncts every branch shares (typically the organisation of
 * the principal's assignment) are pulled out, so the SQL tests them once and an index on them applies.
 * Distributivity holds in three-valued logic too, so the filter's meaning is unchanged.
 */
function factorOr(branches: readonly Filter[]): Filter {
  const conjuncts = branches.map((branch) => (branch.kind === 'and' ? branch.filters : [branch]));
  const keys = conjuncts.map((list) => new Set(list.map(keyOf)));
  const common = conjuncts[0]!.filter((part) => keys.every((set) => set.has(keyOf(part))));
  if (common.length === 0) return { kind: 'or', filters: branches };
  const commonKeys = new Set(common.map(keyOf));
  const rest = conjuncts.map((list) => combine('and', list.filter((part) => !commonKeys.has(keyOf(part)))));
  return combine('and', [...common, combine('or', rest)]);
}

const isNull = (field: string): Filter => ({ kind: 'eq', field, value: null });

/** A filter true exactly when the residual holds (unknown only where the residual is false). */
function positive(residual: Residual): Filter {
  switch (residual.k) {
    case 'const':
      return residual.v ? ALWAYS : NEVER;
    case 'missing':
      return isNull(residual.f);
    case 'eq':
      return { kind: 'eq', field: residual.f, value: residual.v };
    case 'eqf':
      return { kind: 'eq', field: residual.f, value: { field: residual.g } };
    case 'in':
      return { kind: 'in', field: residual.f, values: residual.vs };
    case 'cmp':
      return { kind: 'cmp', field: residual.f, op: residual.op, value: residual.v };
    case 'cmpf':
      return { kind: 'cmp', field: residual.f, op: residual.op, value: { field: residual.g } };
    case 'and':
      return combine('and', residual.xs.map(positive));
    case 'or':
      return combine('or', residual.xs.map(positive));
    case 'not':
      return negative(residual.x);
    case 'rel':
      return { kind: 'related', field: residual.f, collection: residual.rel.collection, key: residual.rel.valueField, where: relationRecords(residual.rel, residual.p) };
  }
}

/** A filter true exactly when the residual does not hold, never unknown where that matters. */
function negative(residual: Residual): Filter {
  const not = (filter: Filter): Filter => ({ kind: 'not', filter });
  switch (residual.k) {
    case 'const':
      return residual.v ? NEVER : ALWAYS;
    case 'missing':
      return not(isNull(residual.f));
    case 'eq':
    case 'in':
    case 'cmp':
      // With the field present the comparison is definite, so NOT is exact; a missing field makes the
      // comparison false in a rule, so its negation true.
      return combine('or', [isNull(residual.f), not(positive(residual))]);
    case 'eqf':
    case 'cmpf':
      return combine('or', [isNull(residual.f), isNull(residual.g), not(positive(residual))]);
    case 'and':
      return combine('or', residual.xs.map(negative));
    case 'or':
      return combine('and', residual.xs.map(negative));
    case 'not':
      return positive(residual.x);
    case 'rel':
      // Never unknown (a missing field is related to nothing), so NOT is exact, as in the rule.
      return not(positive(residual));
  }
}

/**
 * Turns a residual into a simplified {@link Filter}: `{ kind: 'always' }` / `{ kind: 'never' }` when it is
 * constant, a condition tree otherwise.
 */
export function residualToFilter(residual: Residual): Filter {
  return positive(residual);
}
