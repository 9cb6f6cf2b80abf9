/**
 * {@link Filter} → parameterised SQL `WHERE` fragment for PostgreSQL. Values always travel as `$n`
 * parameters; column names come only from the caller's whitelist. SQL's three-valued logic is the
 * filter's own, so the fragment selects exactly the rows {@link matchesFilter} accepts.
 *
 * @module
 */
import { PolityError } from '../errors';
import type { Filter, FilterValue } from '../domain/filter';

/** Options of {@link filterToSql}. */
export interface FilterToSqlOptions {
  /**
   * Field → column: the only columns the fragment may name. Each is a plain or double-quoted identifier,
   * optionally qualified (`m.organisation_id`, `"Meeting"."organiserId"`).
   */
  readonly columns: Readonly<Record<string, string>>;
  /**
   * The number of the first parameter, when the fragment joins a query that already has parameters.
   * @defaultValue 1
   */
  readonly firstParam?: number;
}

/** A `WHERE` fragment and its parameters, in order. */
export interface SqlFragment {
  readonly text: string;
  readonly params: FilterValue[];
}

const identifier = /^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\0]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\0]|"")+"))*$/;

function invalid(message: string, path: string, code: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

const sqlOperators = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * Compiles a filter into a parameterised SQL fragment.
 *
 * - `always` → `TRUE`, `never` → `FALSE`; `and` of nothing → `TRUE`, `or` of nothing → `FALSE`.
 * - `eq(field, null)` → `col IS NULL`; `eq(field, value)` → `col = $n`; a field reference compares columns.
 * - `in(field, [])` → `FALSE`; otherwise `col IN ($n, …)`.
 *
 * @param filter - The filter, e.g. a query plan from `policy.plan(...)`.
 * @param options - The column whitelist and the first parameter number.
 * @throws {@link PolityError} `invalid_input` when the filter names a field absent from `columns`, a column
 *   name is not a safe identifier, or `firstParam` is not a positive integer.
 *
 * @example
 * ```ts
 * import { filterToSql, where } from 'polity';
 *
 * const { text, params } = filterToSql(
 *   where.or(where.eq('organiserId', 'u_1'), where.not(where.isNull('unitId'))),
 *   { columns: { organiserId: 'organiser_id', unitId: 'unit_id' } },
 * );
 * // text: (organiser_id = $1 OR NOT (unit_id IS NULL)), params: ['u_1']
 * ```
 */
export function filterToSql(filter: Filter, options: FilterToSqlOptions): SqlFragment {
  const first = options.firstParam ?? 1;
  if (!Number.isInteger(first) || first < 1) throw invalid('firstParam must be a positive integer', 'firstParam', 'invalid_param_number');
  const params: FilterValue[] = [];
  const column = (field: string): string => {
    if (!Object.prototype.hasOwnProperty.call(options.columns, field)) {
      throw invalid(`field ${field} has no column in the whitelist`, `columns.${field}`, 'unknown_field');
    }
    const name = options.columns[field]!;
    if (typeof name !== 'string' || !identifier.test(name)) {
      throw invalid(`column ${String(name)} for field ${field} is not a safe SQL identifier`, `columns.${field}`, 'unsafe_column');
    }
    return name;
  };
  const param = (value: FilterValue): string => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const operand = (value: FilterValue | { readonly field: string }): string =>
    typeof value === 'object' && value !== null && !(value instanceof Date) ? column(value.field) : param(value);

  const sql = (node: Filter): string => {
    switch (node.kind) {
      case 'always':
        return 'TRUE';
      case 'never':
        return 'FALSE';
      case 'eq':
        if (node.value === null) return `${column(node.field)} IS NULL`;
        return `${column(node.field)} = ${operand(node.value)}`;
      case 'in':
        if (node.values.length === 0) {
          column(node.field); // still refuse a field outside the whitelist
          return 'FALSE';
        }
        return `${column(node.field)} IN (${node.values.map(param).join(', ')})`;
      case 'cmp':
        return `${column(node.field)} ${sqlOperators[node.op]} ${operand(node.value)}`;
      case 'and':
      case 'or':
        if (node.filters.length === 0) return node.kind === 'and' ? 'TRUE' : 'FALSE';
        if (node.filters.length === 1) return sql(node.filters[0]!);
        return `(${node.filters.map(sql).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `NOT (${sql(node.filter)})`;
    }
  };
  return { text: sql(filter), params };
}
