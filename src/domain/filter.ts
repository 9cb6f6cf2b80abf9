/**
 * The filter language shared by the Store port and the policy engine's query plans: a small serialisable
 * condition tree over a record's own fields. The memory store evaluates it with {@link matchesFilter}; the
 * Postgres adapter compiles it to a parameterised `WHERE`. Because the two must agree, evaluation follows
 * SQL's three-valued logic: a comparison with `null` is *unknown*, `not` of unknown stays unknown, and a row
 * matches only when the whole tree is *true*.
 *
 * Values compare as `./compare` says (Dates by instant; anything but a string, number, boolean or Date is
 * `null`), the definition rule conditions share.
 *
 * One node reaches beyond the record: `related` ("some participant row has this meeting's id and my user
 * id"), a semi-join the Postgres adapter compiles to `EXISTS` and the memory store answers from its tables.
 *
 * @module
 */
import { PolityError } from '../errors';
import { comparable, compareValues, type ComparableValue, type ComparisonOperator } from './compare';

export type { ComparisonOperator } from './compare';

/** A value a filter compares with. Dates compare by instant. */
export type FilterValue = string | number | boolean | Date | null;

/** A reference to another field of the same record, for guards such as `used < allocated`. */
export interface FieldRef {
  readonly field: string;
}

/**
 * A condition over one record's fields.
 *
 * - `always` / `never`: constant true / false (a query plan that allows everything or nothing).
 * - `eq`: field equals a value or another field; `eq(field, null)` means "field is null".
 * - `in`: field equals one of the values (an empty list matches nothing).
 * - `cmp`: ordered comparison with a value or another field.
 * - `and` / `or` / `not`: the usual combinators (`and` of nothing is true, `or` of nothing is false).
 * - `related`: see {@link RelatedFilter}.
 */
export type Filter =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'eq'; readonly field: string; readonly value: FilterValue | FieldRef }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly FilterValue[] }
  | { readonly kind: 'cmp'; readonly field: string; readonly op: ComparisonOperator; readonly value: FilterValue | FieldRef }
  | { readonly kind: 'and'; readonly filters: readonly Filter[] }
  | { readonly kind: 'or'; readonly filters: readonly Filter[] }
  | { readonly kind: 'not'; readonly filter: Filter }
  | RelatedFilter;

/**
 * "Some record `r` of `collection` has `r[key]` equal to this record's `field` (both present) and satisfies
 * `where`": a semi-join, e.g. the meetings someone is invited to are the meetings whose `id` is the
 * `meetingId` of a `participants` record whose `userId` is theirs. Never *unknown*: true or false, so its
 * `not` is definite too (a null `field` is simply unrelated). `collection` names a Store collection and `key`
 * one of its fields; `where` is a filter over that collection's records (it may hold `related` nodes itself).
 */
export interface RelatedFilter {
  readonly kind: 'related';
  readonly field: string;
  readonly collection: string;
  readonly key: string;
  readonly where: Filter;
}

/**
 * The keys a {@link RelatedFilter} matches: every present value (as {@link comparable} gives it) of `key`
 * among the records of its `collection` that satisfy its `where`. A `Set` will do.
 */
export interface RelatedKeys {
  /** Whether some record of the collection, satisfying the node's `where`, has this `key` value. */
  has(key: ComparableValue): boolean;
}

/**
 * Answers the `related` nodes of a filter from the records they name (a Store's tables). Called with the node
 * itself, so a resolver may remember each node's keys for the duration of one query (it is asked once per
 * record evaluated otherwise).
 */
export type RelatedResolver = (node: RelatedFilter) => RelatedKeys;

/** Options of {@link matchesFilter}. */
export interface MatchFilterOptions {
  /** Answers `related` nodes; without it a filter holding one is refused. */
  readonly related?: RelatedResolver;
}

/**
 * Builders for {@link Filter} trees.
 *
 * @example
 * ```ts
 * import { where } from 'polity';
 *
 * // A seat may be taken while fewer are used than allocated.
 * const seatFree = where.and(where.eq('id', 'pool_1'), where.lt('used', where.field('allocated')));
 * ```
 */
export const where = {
  /** Matches every record. */
  always: (): Filter => ({ kind: 'always' }),
  /** Matches no record. */
  never: (): Filter => ({ kind: 'never' }),
  /** Refers to another field of the same record. */
  field: (field: string): FieldRef => ({ field }),
  /** `field = value` (`field IS NULL` when value is `null`). */
  eq: (field: string, value: FilterValue | FieldRef): Filter => ({ kind: 'eq', field, value }),
  /** `field IS NULL`. */
  isNull: (field: string): Filter => ({ kind: 'eq', field, value: null }),
  /** `field IN (values)`. */
  in: (field: string, values: readonly FilterValue[]): Filter => ({ kind: 'in', field, values }),
  /** `field < value`. */
  lt: (field: string, value: FilterValue | FieldRef): Filter => ({ kind: 'cmp', field, op: 'lt', value }),
  /** `field <= value`. */
  lte: (field: string, value: FilterValue | FieldRef): Filter => ({ kind: 'cmp', field, op: 'lte', value }),
  /** `field > value`. */
  gt: (field: string, value: FilterValue | FieldRef): Filter => ({ kind: 'cmp', field, op: 'gt', value }),
  /** `field >= value`. */
  gte: (field: string, value: FilterValue | FieldRef): Filter => ({ kind: 'cmp', field, op: 'gte', value }),
  /** All of the filters (true when none are given). */
  and: (...filters: Filter[]): Filter => ({ kind: 'and', filters }),
  /** Any of the filters (false when none are given). */
  or: (...filters: Filter[]): Filter => ({ kind: 'or', filters }),
  /** The negation of a filter. */
  not: (filter: Filter): Filter => ({ kind: 'not', filter }),
  /**
   * `field` related to a record of `collection` through its `key`, among those satisfying `where` (all by
   * default): `where.related('id', 'participants', 'meetingId', where.eq('userId', 'u_1'))` is "meetings u_1
   * is invited to". See {@link RelatedFilter}.
   */
  related: (field: string, collection: string, key: string, filter: Filter = { kind: 'always' }): Filter => ({ kind: 'related', field, collection, key, where: filter }),
} as const;

/** SQL's truth values: `null` stands for *unknown*. */
type Truth = boolean | null;

function isFieldRef(value: FilterValue | FieldRef): value is FieldRef {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

function resolve(record: Readonly<Record<string, unknown>>, value: FilterValue | FieldRef): ComparableValue | null {
  return comparable(isFieldRef(value) ? record[value.field] : value);
}

function unresolved(node: RelatedFilter): PolityError<'invalid_input'> {
  const message = `a related filter (${node.field} in ${node.collection}.${node.key}) needs a resolver: evaluate it through a Store, or pass options.related`;
  return new PolityError('invalid_input', message, { details: { issues: [{ path: 'where', message, code: 'unresolved_relation' }] } });
}

function evaluate(filter: Filter, record: Readonly<Record<string, unknown>>, resolver: RelatedResolver | undefined): Truth {
  switch (filter.kind) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'eq': {
      const left = comparable(record[filter.field]);
      if (!isFieldRef(filter.value) && filter.value === null) return left === null;
      const right = resolve(record, filter.value);
      return left === null || right === null ? null : left === right;
    }
    case 'in': {
      const left = comparable(record[filter.field]);
      if (left === null) return filter.values.length === 0 ? false : null;
      let unknown = false;
      for (const candidate of filter.values) {
        const right = comparable(candidate);
        if (right === null) unknown = true;
        else if (right === left) return true;
      }
      return unknown ? null : false;
    }
    case 'cmp': {
      const left = comparable(record[filter.field]);
      const right = resolve(record, filter.value);
      return left === null || right === null ? null : compareValues(left, right, filter.op);
    }
    case 'and': {
      let result: Truth = true;
      for (const part of filter.filters) {
        const truth = evaluate(part, record, resolver);
        if (truth === false) return false;
        if (truth === null) result = null;
      }
      return result;
    }
    case 'or': {
      let result: Truth = false;
      for (const part of filter.filters) {
        const truth = evaluate(part, record, resolver);
        if (truth === true) return true;
        if (truth === null) result = null;
      }
      return result;
    }
    case 'not': {
      const truth = evaluate(filter.filter, record, resolver);
      return truth === null ? null : !truth;
    }
    case 'related': {
      if (resolver === undefined) throw unresolved(filter);
      const value = comparable(record[filter.field]);
      // A missing or NaN value is related to nothing (NaN equals nothing, and a Set would say it has NaN).
      if (value === null || (typeof value === 'number' && Number.isNaN(value))) return false;
      return resolver(filter).has(value);
    }
  }
}

/**
 * Tells whether a record satisfies a filter, with SQL's semantics (a row matches only when the condition is
 * true, not unknown). Pure (the resolver, when given, is the caller's).
 *
 * @param options - `related`: how to answer {@link RelatedFilter} nodes (a Store passes one reading its tables).
 * @throws {@link PolityError} `invalid_input` (`unresolved_relation`) when the filter holds a `related` node
 *   (one that the record meets: `and` and `or` stop once decided) and no resolver is given.
 */
export function matchesFilter(filter: Filter, record: Readonly<Record<string, unknown>>, options?: MatchFilterOptions): boolean {
  return evaluate(filter, record, options?.related) === true;
}

/**
 * The keys a {@link RelatedFilter} matches among `records`: the present `key` values of those satisfying its
 * `where` (evaluated with the same options, so nested `related` nodes resolve too). What a resolver computes
 * once per node and query.
 */
export function relatedKeys(node: RelatedFilter, records: Iterable<Readonly<Record<string, unknown>>>, options?: MatchFilterOptions): Set<ComparableValue> {
  const keys = new Set<ComparableValue>();
  const where = node.where;
  const always = where.kind === 'always';
  for (const record of records) {
    const key = comparable(record[node.key]);
    if (key === null || (typeof key === 'number' && Number.isNaN(key))) continue;
    if (always || matchesFilter(where, record, options)) keys.add(key);
  }
  return keys;
}

/**
 * Every field of the record a filter mentions, including those behind {@link FieldRef}s; of a `related` node
 * only its `field` (its `key` and `where` are about the other collection's records: `filterFieldIssues` checks them).
 */
export function filterFields(filter: Filter): Set<string> {
  const fields = new Set<string>();
  const visit = (node: Filter): void => {
    switch (node.kind) {
      case 'always':
      case 'never':
        return;
      case 'eq':
      case 'cmp':
        fields.add(node.field);
        if (isFieldRef(node.value)) fields.add(node.value.field);
        return;
      case 'in':
      case 'related':
        fields.add(node.field);
        return;
      case 'and':
      case 'or':
        node.filters.forEach(visit);
        return;
      case 'not':
        visit(node.filter);
        return;
    }
  };
  visit(filter);
  return fields;
}

/**
 * The same filter over renamed fields (`{ organisationId: 'id' }` turns a plan about an organisation's
 * statistics into a filter on the organisations themselves). Fields not in `renames` keep their names; a
 * `related` node's `field` is renamed, its `key` and `where` (over the other collection) are not. Pure.
 *
 * @example
 * ```ts
 * import { renameFilterFields, where } from 'polity';
 *
 * renameFilterFields(where.in('organisationId', ['org_1']), { organisationId: 'id' }); // where.in('id', ['org_1'])
 * ```
 */
export function renameFilterFields(filter: Filter, renames: Readonly<Record<string, string>>): Filter {
  const name = (field: string): string => renames[field] ?? field;
  switch (filter.kind) {
    case 'always':
    case 'never':
      return filter;
    case 'eq':
    case 'cmp':
      return { ...filter, field: name(filter.field), value: isFieldRef(filter.value) ? { field: name(filter.value.field) } : filter.value };
    case 'in':
    case 'related':
      return { ...filter, field: name(filter.field) };
    case 'and':
    case 'or':
      return { ...filter, filters: filter.filters.map((inner) => renameFilterFields(inner, renames)) };
    case 'not':
      return { kind: 'not', filter: renameFilterFields(filter.filter, renames) };
  }
}
