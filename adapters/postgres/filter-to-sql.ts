/**
 * {@link filterToSql}: a {@link Filter} (a query plan from `policy.plan`, or one written with `where`)
 * as a parameterised PostgreSQL condition over a table of the host's own, compiled by the same compiler the
 * Postgres Store uses on its tables, so it selects exactly the rows `matchesFilter` accepts.
 *
 * @module
 */
import { PolityError, type Filter, type InputIssueCode } from 'polity';
import { compileFilter, type FilterTarget } from './filter-sql';
import { SqlParams } from './sql-params';
import { quoteIdent, type ColumnKind, type ColumnSpec } from './tables';

/**
 * The type of a column, which decides how its values are bound and compared:
 *
 * - `text` (`text`, `varchar`), `integer` (`int2`/`int4`/`int8`), `float` (`float4`/`float8`/`numeric`),
 *   `boolean`, `timestamp` (`timestamptz`): compared with values of their own family only;
 * - `json` (`jsonb`/`json`) and `text-array` (`text[]`): opaque, as `matchesFilter` sees no value in an object
 *   or an array: `eq(field, null)` is true, every other comparison unknown.
 */
export type FilterColumnType = 'text' | 'integer' | 'float' | 'boolean' | 'timestamp' | 'json' | 'text-array';

/** One field's column: its name (unquoted; it is quoted for you) and its type. */
export interface FilterColumn {
  readonly column: string;
  readonly type: FilterColumnType;
}

/** A table a `related` node may join: its name (and schema) and its typed columns. */
export interface FilterTable {
  /** The table's name, unquoted (it is quoted for you). */
  readonly table: string;
  /** Its schema, unquoted; the search path's when absent. */
  readonly schema?: string;
  /** Field → column of the table's records, as {@link FilterToSqlOptions.columns}. */
  readonly columns: Readonly<Record<string, FilterColumn>>;
}

/** Options of {@link filterToSql}. */
export interface FilterToSqlOptions {
  /** Field → column: the only columns the condition may name, each with its type. */
  readonly columns: Readonly<Record<string, FilterColumn>>;
  /**
   * The table or alias to qualify columns with (`m` gives `"m"."organiser_id"`), for a condition inside a
   * query that joins several tables; none by default. A lower-case SQL identifier. Required when the filter
   * holds a `related` node, whose `EXISTS` correlates to it.
   */
  readonly qualifier?: string;
  /**
   * The tables `related` nodes name, by collection (`{ participants: { table: 'participants', columns: … } }`):
   * the only ones the condition may join. A `related` node naming another is `invalid_input`.
   */
  readonly collections?: Readonly<Record<string, FilterTable>>;
  /**
   * The number of the first parameter, when the condition joins a query that already has parameters.
   * @defaultValue 1
   */
  readonly firstParam?: number;
}

/** A condition and its parameters, in order (`$1` is `params[0]` when `firstParam` is 1). */
export interface SqlFragment {
  readonly text: string;
  readonly params: unknown[];
}

// The adapter's own column kinds, one for one (checked by the compiler: a FilterColumnType is a ColumnKind).
const columnTypes: ReadonlySet<string> = new Set<FilterColumnType>(['text', 'integer', 'float', 'boolean', 'timestamp', 'json', 'text-array']);
const aliasPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function invalid(message: string, path: string, code: InputIssueCode): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [{ path, message, code }] } });
}

/** The column specs of the caller's whitelist, checked (`path`: where the whitelist is in the options). */
function columnSpecs(columns: FilterToSqlOptions['columns'], path = 'columns'): Map<string, ColumnSpec> {
  const specs = new Map<string, ColumnSpec>();
  for (const [field, spec] of Object.entries(columns)) {
    const column = (spec as Partial<FilterColumn> | undefined)?.column;
    const type = (spec as Partial<FilterColumn> | undefined)?.type;
    if (typeof column !== 'string' || column.length === 0 || column.length > 63 || column.includes('\0')) {
      throw invalid(`the column of field ${field} must be a name of 1–63 characters`, `${path}.${field}.column`, 'invalid_column');
    }
    if (typeof type !== 'string' || !columnTypes.has(type)) {
      throw invalid(`the type of field ${field} must be one of ${[...columnTypes].join(', ')}`, `${path}.${field}.type`, 'invalid_column_type');
    }
    const kind: ColumnKind = type as FilterColumnType;
    specs.set(field, { field, column, sql: quoteIdent(column), kind, nullable: true, opaque: kind === 'json' || kind === 'text-array', lower: null });
  }
  return specs;
}

/**
 * Compiles a filter to a parameterised PostgreSQL condition over the caller's columns, with the Postgres
 * Store's own compiler: the condition selects exactly the rows {@link polity!matchesFilter} accepts (SQL's
 * three-valued logic is the filter's own).
 *
 * - Values always travel as `$n` parameters, cast to the column's type (`$1::text`); column names come only
 *   from `columns` and are quoted.
 * - A value of another type than its column (the string `'5'` for an `integer` column, a number for a
 *   `text` one) never matches: `eq` is false (unknown on a null column), so `not(eq)` is true there; in an
 *   `in` list such values are dropped. Postgres would otherwise cast `'5'` to 5.
 * - `json` and `text-array` columns are opaque: `eq(f, null)` is `TRUE` whatever they hold, every other
 *   comparison unknown, as `matchesFilter` sees no value in an object or an array.
 * - `always` → `TRUE`, `never` → `FALSE`, `and` of nothing → `TRUE`, `or` of nothing → `FALSE`,
 *   `in(f, [])` → `FALSE`.
 * - Texts order by the column's collation: declare it `COLLATE "C"` for `matchesFilter`'s order (by code
 *   point; JavaScript's only differs above U+FFFF).
 * - A `related` node (a relation in a plan) is `EXISTS (SELECT 1 FROM <table> AS "polity_r1" WHERE
 *   "polity_r1".<key> = <qualifier>.<field> AND …)` over a table of `collections`, correlated to `qualifier`;
 *   never NULL, as `matchesFilter` never finds it unknown. Index the key and the principal's field.
 *
 * @param filter - The filter, e.g. `policy.plan(principal, 'meeting.manage', 'meeting')`.
 * @param options - The typed column whitelist, an optional qualifier and the first parameter number.
 * @throws {@link polity!PolityError} `invalid_input` when the filter names a field absent from `columns`
 *   (`unknown_field`), a column, table or qualifier is malformed, a `related` node names a collection absent
 *   from `collections` (`unknown_collection`) or comes without a qualifier (`unqualified_related`), `firstParam` is not a positive integer, or an
 *   ordered comparison (`lt` …) mixes types or uses a non-finite number or an invalid date (`mismatched_types`).
 *
 * @example
 * ```ts
 * import { where } from 'polity';
 * import { filterToSql } from 'polity/adapters/postgres';
 *
 * const { text, params } = filterToSql(where.or(where.eq('organiserId', 'u_1'), where.not(where.isNull('unitId'))), {
 *   columns: { organiserId: { column: 'organiser_id', type: 'text' }, unitId: { column: 'unit_id', type: 'text' } },
 *   qualifier: 'm',
 * });
 * // text: ("m"."organiser_id" = $1::text OR (NOT "m"."unit_id" IS NULL)), params: ['u_1']
 * ```
 */
export function filterToSql(filter: Filter, options: FilterToSqlOptions): SqlFragment {
  const first = options.firstParam ?? 1;
  if (!Number.isInteger(first) || first < 1) throw invalid('firstParam must be a positive integer', 'firstParam', 'invalid_param_number');
  const qualifier = options.qualifier;
  if (qualifier !== undefined && !aliasPattern.test(qualifier)) {
    throw invalid('qualifier must be a lower-case SQL identifier (letters, digits, "_")', 'qualifier', 'invalid_qualifier');
  }
  const tables = new Map<string, FilterTarget & { readonly qualified: string }>();
  for (const [collection, spec] of Object.entries(options.collections ?? {})) {
    const name = (spec as Partial<FilterTable> | undefined)?.table;
    const schema = (spec as Partial<FilterTable> | undefined)?.schema;
    for (const [part, value] of [['table', name], ['schema', schema]] as const) {
      if (part === 'schema' && value === undefined) continue;
      if (typeof value !== 'string' || value.length === 0 || value.length > 63 || value.includes('\0')) {
        throw invalid(`the ${part} of collection ${collection} must be a name of 1–63 characters`, `collections.${collection}.${part}`, 'invalid_table');
      }
    }
    const qualified = `${schema === undefined ? '' : `${quoteIdent(schema)}.`}${quoteIdent(name as string)}`;
    tables.set(collection, { collection, qualified, byField: columnSpecs(spec.columns ?? {}, `collections.${collection}.columns`), relatedTable });
  }
  function relatedTable(collection: string) {
    return tables.get(collection);
  }
  const target: FilterTarget = { collection: 'the column whitelist', byField: columnSpecs(options.columns), relatedTable };
  const params = new SqlParams(first);
  const text = compileFilter(filter, target, params, { qualifier: qualifier === undefined ? '' : `${quoteIdent(qualifier)}.`, path: 'filter' });
  return { text, params: params.values };
}
