/**
 * {@link Filter} → parameterised SQL condition over one table, selecting exactly the rows `matchesFilter`
 * accepts. Values always travel as `$n` parameters (cast to the column's type); column names come only from
 * the table's catalogue-derived columns, so no caller text ever reaches the SQL.
 *
 * Where the memory store's JavaScript comparison and SQL could part ways, the compiler follows
 * `matchesFilter`:
 *
 * - JSON and array fields compare as `null` (`matchesFilter` sees no comparable value in them): `eq(f, null)`
 *   is true, any other comparison unknown.
 * - A value of another type than the field (a number for a text field) is never equal: `eq` is false, or
 *   unknown when the field is null; such values in an `in` list never match.
 * - `in` compiles to `col = ANY($n)`, whose three-valued result is `matchesFilter`'s: false for an empty
 *   list even on a null field, unknown when nothing matched and the list or the field holds a null.
 *
 * Ordered comparisons (`lt` …) between different types, or with a non-finite number or an invalid date, are
 * refused (`invalid_input`) rather than given JavaScript's coercing meaning.
 *
 * A `related` node is a correlated semi-join, `EXISTS (SELECT 1 FROM <table> AS polity_r1 WHERE
 * polity_r1.<key> = <outer>.<field> AND <where over polity_r1>)`: never NULL, as `matchesFilter` never finds
 * it unknown; `FALSE` when the two columns' types cannot be equal (or one is JSON). The outer table is named
 * by the qualifier, else by its qualified name, which is what every statement of the store puts in its `FROM`
 * (and what each branch scan of a list repeats), so the correlation holds inside `UNION ALL` branches too.
 *
 * @module
 */
import { invalidInput, type FieldRef, type Filter, type FilterValue, type InputIssueCode, type PolityError, type RelatedFilter } from 'polity';
import type { SqlParams } from './sql-params';
import { sqlTypeOf, type ColumnKind, type ColumnSpec, type TableSpec } from './tables';

/** What the compiler needs of the table a filter is over: its typed columns by field (a {@link TableSpec} is one). */
export interface FilterTarget {
  /** Named in error messages. */
  readonly collection: string;
  readonly byField: ReadonlyMap<string, ColumnSpec>;
  /**
   * How the statement names the table in its `FROM` (`"polity"."meetings"`), which a `related` node's
   * `EXISTS` correlates to when no qualifier is given.
   */
  readonly qualified?: string;
  /** The table of another collection, for `related` nodes (`undefined`: no such table). */
  readonly relatedTable?: (collection: string) => (FilterTarget & { readonly qualified: string }) | undefined;
}

const operators = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** Kinds that compare with each other: both integer and float columns hold numbers. */
type Family = 'text' | 'number' | 'boolean' | 'timestamp';

function familyOf(kind: ColumnKind): Family | null {
  switch (kind) {
    case 'text':
      return 'text';
    case 'integer':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'timestamp';
    default:
      return null;
  }
}

function invalid(message: string, code: InputIssueCode, path = 'where'): PolityError<'invalid_input'> {
  return invalidInput(path, message, code);
}

function isFieldRef(value: FilterValue | FieldRef): value is FieldRef {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** The family of a filter value, or `null` for a value no column holds (a non-finite number, an invalid date). */
function valueFamily(value: Exclude<FilterValue, null>): Family | 'bad' {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'bad';
  return Number.isNaN(value.getTime()) ? 'bad' : 'timestamp';
}

/** The SQL type a value is bound as when compared with a column. */
function paramType(column: ColumnSpec, value: Exclude<FilterValue, null>): string {
  if (typeof value === 'number') {
    // int8 keeps `int4_col = $1::int8` in the column's btree operator family, so the index still serves it.
    // Only safe integers: a larger one (1e20) is out of int8's range, and compares exactly as a float8.
    return Number.isSafeInteger(value) && column.kind === 'integer' ? 'int8' : 'float8';
  }
  return sqlTypeOf[column.kind];
}

/** `NULL` when the column is null, otherwise `FALSE`: a comparison that can never be true. */
function neverTrue(columnSql: string): string {
  return `(CASE WHEN ${columnSql} IS NULL THEN NULL::bool ELSE FALSE END)`;
}

/** Options of {@link compileFilter}. */
export interface CompileFilterOptions {
  /** A prefix for column references, e.g. `m.`; none by default. */
  readonly qualifier?: string;
  /** The issue path of refused filters. */
  readonly path?: string;
}

/** One compilation: the table, the parameters and the options, shared by the recursive methods. */
class FilterCompiler {
  constructor(
    private readonly table: FilterTarget,
    private readonly params: SqlParams,
    private readonly qualifier: string,
    private readonly path: string,
    /** How many `related` subqueries enclose this one: names each alias apart (`polity_r1`, `polity_r2` …). */
    private readonly depth = 0,
  ) {}

  compile(node: Filter): string {
    switch (node.kind) {
      case 'always':
        return 'TRUE';
      case 'never':
        return 'FALSE';
      case 'eq':
        return this.eq(node.field, node.value);
      case 'in':
        return this.in(node.field, node.values);
      case 'cmp':
        return this.cmp(node.field, node.op, node.value);
      case 'and':
      case 'or': {
        if (node.filters.length === 0) return node.kind === 'and' ? 'TRUE' : 'FALSE';
        if (node.filters.length === 1) return this.compile(node.filters[0] as Filter);
        const parts: string[] = [];
        for (const part of node.filters) parts.push(this.compile(part));
        return `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `(NOT ${this.compile(node.filter)})`;
      case 'related':
        return this.related(node);
    }
  }

  private related(node: RelatedFilter): string {
    const left = this.column(node.field);
    const inner = this.table.relatedTable?.(node.collection);
    if (inner === undefined) throw invalid(`a related filter names ${JSON.stringify(node.collection)}, which has no table here`, 'unknown_collection', this.path);
    const key = inner.byField.get(node.key);
    if (key === undefined) throw invalid(`${inner.collection} has no field "${node.key}"`, 'unknown_field', this.path);
    const outer = this.qualifier !== '' ? this.qualifier : this.table.qualified === undefined ? null : `${this.table.qualified}.`;
    if (outer === null) throw invalid('a related filter needs the outer table named (a qualifier) to correlate with', 'unqualified_related', this.path);
    // Values of two families are never equal, and JSON holds no value: no row can be related.
    if (left.opaque || key.opaque || familyOf(left.kind) !== familyOf(key.kind)) return 'FALSE';
    const alias = `"polity_r${String(this.depth + 1)}"`;
    const condition = new FilterCompiler(inner, this.params, `${alias}.`, this.path, this.depth + 1).compile(node.where);
    const where = condition === 'TRUE' ? '' : ` AND ${condition}`;
    return `EXISTS (SELECT 1 FROM ${inner.qualified} AS ${alias} WHERE ${alias}.${key.sql} = ${outer}${left.sql}${where})`;
  }

  private column(field: string): ColumnSpec {
    const spec = this.table.byField.get(field);
    if (spec === undefined) throw invalid(`${this.table.collection} has no field "${field}"`, 'unknown_field', this.path);
    return spec;
  }

  private ref(spec: ColumnSpec): string {
    return this.qualifier === '' ? spec.sql : `${this.qualifier}${spec.sql}`;
  }

  private eq(field: string, value: FilterValue | FieldRef): string {
    const left = this.column(field);
    if (isFieldRef(value)) {
      const right = this.column(value.field);
      if (left.opaque || right.opaque) return 'NULL::bool';
      if (familyOf(left.kind) !== familyOf(right.kind)) return `(CASE WHEN ${this.ref(left)} IS NULL OR ${this.ref(right)} IS NULL THEN NULL::bool ELSE FALSE END)`;
      return `${this.ref(left)} = ${this.ref(right)}`;
    }
    if (value === null) return left.opaque ? 'TRUE' : `${this.ref(left)} IS NULL`;
    if (left.opaque) return 'NULL::bool';
    if (valueFamily(value) !== familyOf(left.kind)) return neverTrue(this.ref(left));
    return `${this.ref(left)} = ${this.params.add(value, paramType(left, value))}`;
  }

  private in(field: string, values: readonly FilterValue[]): string {
    const left = this.column(field);
    if (values.length === 0) return 'FALSE';
    if (left.opaque) return 'NULL::bool';
    const family = familyOf(left.kind);
    const kept = values.filter((value) => value === null || valueFamily(value) === family);
    if (kept.length === 0) return neverTrue(this.ref(left));
    const allIntegers = kept.every((value) => value === null || (typeof value === 'number' && Number.isSafeInteger(value)));
    const type = family === 'number' ? (left.kind === 'integer' && allIntegers ? 'int8' : 'float8') : sqlTypeOf[left.kind];
    return `${this.ref(left)} = ANY(${this.params.add(kept, `${type}[]`)})`;
  }

  private cmp(field: string, op: keyof typeof operators, value: FilterValue | FieldRef): string {
    const left = this.column(field);
    if (isFieldRef(value)) {
      const right = this.column(value.field);
      if (left.opaque || right.opaque) return 'NULL::bool';
      if (familyOf(left.kind) !== familyOf(right.kind)) {
        throw invalid(`cannot order-compare ${field} (${left.kind}) with ${value.field} (${right.kind})`, 'mismatched_types', this.path);
      }
      return `${this.ref(left)} ${operators[op]} ${this.ref(right)}`;
    }
    if (value === null || left.opaque) return 'NULL::bool';
    if (valueFamily(value) !== familyOf(left.kind)) {
      throw invalid(`cannot order-compare ${field} (${left.kind}) with the value ${String(value)}`, 'mismatched_types', this.path);
    }
    return `${this.ref(left)} ${operators[op]} ${this.params.add(value, paramType(left, value))}`;
  }
}

/**
 * Compiles a filter to an SQL boolean expression, adding its values to `params`. The caller has already
 * checked that every field the filter names exists (`assertFilterFields`); a field without a column is
 * refused all the same.
 *
 * @throws {@link PolityError} `invalid_input` for an ordered comparison across types, or with a non-finite
 *   number or an invalid date.
 */
export function compileFilter(filter: Filter, table: FilterTarget, params: SqlParams, options: CompileFilterOptions = {}): string {
  return new FilterCompiler(table, params, options.qualifier ?? '', options.path ?? 'where').compile(filter);
}

/** Whether every field a filter names (behind field references too) is one of the table's, without allocating. */
export function knowsAllFields(table: FilterTarget, filter: Filter): boolean {
  switch (filter.kind) {
    case 'always':
    case 'never':
      return true;
    case 'eq':
    case 'cmp':
      return table.byField.has(filter.field) && (!isFieldRef(filter.value) || table.byField.has(filter.value.field));
    case 'in':
      return table.byField.has(filter.field);
    case 'and':
    case 'or':
      for (const part of filter.filters) if (!knowsAllFields(table, part)) return false;
      return true;
    case 'not':
      return knowsAllFields(table, filter.filter);
    case 'related':
      // Another table's fields: left to the full check (assertFilterFields), which knows the catalogue.
      return false;
  }
}

/**
 * The values of an `in` filter that can make it true, as they are bound: nulls and values of another type
 * dropped (they can never equal the field), duplicates removed. Used to split an `in` into one ordered index
 * scan per value.
 */
export function matchableValues(column: ColumnSpec, values: readonly FilterValue[]): Exclude<FilterValue, null>[] {
  const family = familyOf(column.kind);
  if (family === null) return [];
  const seen = new Set<string | number | boolean>();
  const kept: Exclude<FilterValue, null>[] = [];
  for (const value of values) {
    if (value === null || valueFamily(value) !== family) continue;
    const key = value instanceof Date ? value.getTime() : value;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(value);
  }
  return kept;
}

/** The SQL type the values of an `in` split are bound as (see {@link matchableValues}). */
export function splitParamType(column: ColumnSpec, values: readonly Exclude<FilterValue, null>[]): string {
  if (familyOf(column.kind) === 'number') {
    return column.kind === 'integer' && values.every((value) => Number.isSafeInteger(value)) ? 'int8' : 'float8';
  }
  return sqlTypeOf[column.kind];
}
