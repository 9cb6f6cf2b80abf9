/**
 * The SQL of a keyset page: the filter as a `WHERE`, the keyset condition after the cursor, the total order,
 * and `LIMIT n + 1` to learn whether more follows.
 *
 * A disjunction ("meetings I organise, or of units I coordinate, or of my organisation") compiles to one
 * ordered, limited index scan per branch, merged (`UNION ALL` under an outer `ORDER BY … LIMIT`), the way
 * ../shared/bench/pg measured it: a bare `OR` makes PostgreSQL fetch every matching row and sort them, while
 * each branch scan stops after one page. A branch's `in` list is split further, one scan per value. A row
 * matching several branches is kept by the first only (`(earlier branch) IS NOT TRUE`), so no row comes
 * twice.
 *
 * @module
 */
import { PolityError, type Filter, type FilterValue } from 'polity';
import { type OrderKey, type OrderValue } from 'polity/store-kit';
import { compileFilter, matchableValues, splitParamType } from './filter-sql';
import { SqlParams } from './sql-params';
import { quoteIdent, sqlTypeOf, type ColumnSpec, type TableSpec } from './tables';

/** Up to this many values an `in` is split into inline branches (each its own ordered index scan). */
const INLINE_SPLIT = 8;
/** Above this many scans in all, the list falls back to one plain `WHERE` (the statement would grow too big). */
const MAX_SCANS = 32;

/** What a page asks for, checked by the repository. */
export interface PageQuery {
  readonly where: Filter | undefined;
  readonly keys: readonly OrderKey[];
  /** The cursor's order values, or `null` for the first page. */
  readonly after: readonly OrderValue[] | null;
  /** Rows to fetch (the page size plus one). */
  readonly fetch: number;
}

/** A statement and its parameters. */
export interface SqlStatement {
  readonly text: string;
  readonly values: unknown[];
}

function invalidCursor(message: string): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', `invalid cursor: ${message}`, {
    details: { issues: [{ path: 'after', message: `invalid cursor: ${message}`, code: 'invalid_cursor' }] },
  });
}

/** The columns of an ordering, refusing fields that hold no ordered value (JSON, arrays). */
export function orderColumns(table: TableSpec, keys: readonly OrderKey[]): ColumnSpec[] {
  return keys.map((key) => {
    const column = table.byField.get(key.field);
    if (column === undefined || column.opaque) {
      const message = `cannot order by "${key.field}": it does not hold a text, number, boolean or date`;
      throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'orderBy', message, code: 'unorderable_field' }] } });
    }
    return column;
  });
}

/** Checks that each cursor value fits its column (a forged cursor must not reach a cast error). */
function checkCursor(columns: readonly ColumnSpec[], values: readonly OrderValue[]): void {
  columns.forEach((column, index) => {
    const value = values[index] ?? null;
    if (value === null) {
      if (!column.nullable) throw invalidCursor(`it holds a null for ${column.field}`);
      return;
    }
    const ok =
      column.kind === 'text'
        ? typeof value === 'string'
        : column.kind === 'timestamp'
          ? value instanceof Date
          : column.kind === 'boolean'
            ? typeof value === 'boolean'
            : typeof value === 'number' && (column.kind === 'float' || Number.isInteger(value));
    if (!ok) throw invalidCursor(`it holds a value of the wrong kind for ${column.field}`);
  });
}

/**
 * The condition "after the cursor" in the total order, with PostgreSQL's null placement (last ascending,
 * first descending). Uniform directions over non-null columns use a row comparison, which an index on the
 * ordering columns serves as one range scan.
 */
function keysetCondition(columns: readonly ColumnSpec[], keys: readonly OrderKey[], after: readonly OrderValue[], params: SqlParams, qualifier = ''): string {
  checkCursor(columns, after);
  const bind = (column: ColumnSpec, value: Exclude<OrderValue, null>): string => params.add(value, sqlTypeOf[column.kind]);
  const direction = keys[0]?.direction ?? 'asc';
  const uniform = keys.every((key) => key.direction === direction) && columns.every((column) => !column.nullable);
  if (uniform) {
    const left = columns.map((column) => `${qualifier}${column.sql}`).join(', ');
    const right = columns.map((column, index) => bind(column, after[index] as Exclude<OrderValue, null>)).join(', ');
    return columns.length === 1 ? `${left} ${direction === 'asc' ? '>' : '<'} ${right}` : `(${left}) ${direction === 'asc' ? '>' : '<'} (${right})`;
  }
  // later(i): equal on keys before i, later on key i. The last key is the id, never null.
  const alternatives: string[] = [];
  for (let i = 0; i < columns.length; i += 1) {
    const parts: string[] = [];
    for (let j = 0; j < i; j += 1) {
      const column = columns[j] as ColumnSpec;
      const value = after[j] ?? null;
      parts.push(value === null ? `${qualifier}${column.sql} IS NULL` : `${qualifier}${column.sql} = ${bind(column, value)}`);
    }
    const column = columns[i] as ColumnSpec;
    const value = after[i] ?? null;
    const ascending = keys[i]?.direction !== 'desc';
    const ref = `${qualifier}${column.sql}`;
    let later: string | null;
    if (value === null) later = ascending ? null : `${ref} IS NOT NULL`; // nulls are last ascending, first descending
    else if (ascending) later = column.nullable ? `(${ref} > ${bind(column, value)} OR ${ref} IS NULL)` : `${ref} > ${bind(column, value)}`;
    else later = `${ref} < ${bind(column, value)}`;
    if (later === null) continue;
    parts.push(later);
    alternatives.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`);
  }
  return alternatives.length === 0 ? 'FALSE' : `(${alternatives.join(' OR ')})`;
}

/** `ORDER BY` over the ordering's columns (by their quoted column names, or by the field aliases of a subquery). */
function orderBy(columns: readonly ColumnSpec[], keys: readonly OrderKey[], byAlias = false): string {
  return columns
    .map((column, index) => `${byAlias ? `u.${quoteIdent(column.field)}` : column.sql} ${keys[index]?.direction === 'desc' ? 'DESC' : 'ASC'}`)
    .join(', ');
}

/** One branch of a disjunction, with the `in` it may be split on. */
interface Branch {
  readonly filter: Filter;
  /** The conjuncts other than the split `in`. */
  readonly rest: readonly Filter[];
  readonly split: { readonly column: ColumnSpec; readonly values: Exclude<FilterValue, null>[] } | null;
}

function conjuncts(filter: Filter): Filter[] {
  return filter.kind === 'and' ? filter.filters.flatMap(conjuncts) : [filter];
}

function disjuncts(filter: Filter): Filter[] {
  return filter.kind === 'or' ? filter.filters.flatMap(disjuncts) : [filter];
}

/** The branches of a filter (a top-level `or`, or an `and` with one `or` among its conjuncts), or `null`. */
function branchesOf(table: TableSpec, filter: Filter): Branch[] | null {
  const parts = conjuncts(filter);
  const orIndex = parts.findIndex((part) => part.kind === 'or');
  const common = orIndex === -1 ? parts : parts.filter((_, index) => index !== orIndex);
  const alternatives = orIndex === -1 ? [filter] : disjuncts(parts[orIndex] as Filter);
  const branches: Branch[] = [];
  for (const alternative of alternatives) {
    const all = orIndex === -1 ? parts : [...conjuncts(alternative), ...common];
    const inIndex = all.findIndex((part) => part.kind === 'in' && table.byField.get(part.field)?.opaque === false);
    const branchFilter: Filter = all.length === 1 ? (all[0] as Filter) : { kind: 'and', filters: all };
    if (inIndex === -1) {
      branches.push({ filter: branchFilter, rest: all, split: null });
      continue;
    }
    const inFilter = all[inIndex] as Extract<Filter, { kind: 'in' }>;
    const column = table.byField.get(inFilter.field) as ColumnSpec;
    const values = matchableValues(column, inFilter.values);
    // An `in` no value can satisfy makes the branch never true: drop it.
    if (values.length === 0) continue;
    branches.push({ filter: branchFilter, rest: all.filter((_, index) => index !== inIndex), split: { column, values } });
  }
  const scans = branches.reduce((total, branch) => total + (branch.split === null ? 1 : branch.split.values.length <= INLINE_SPLIT ? branch.split.values.length : 1), 0);
  if (scans < 2 || scans > MAX_SCANS) return branches.length === 0 ? [] : null;
  return branches;
}

/**
 * The page statement for a list query.
 *
 * @throws {@link PolityError} `invalid_input` for an unorderable key, a cursor that does not fit the columns,
 *   or a filter the compiler refuses.
 */
export function pageStatement(table: TableSpec, query: PageQuery): SqlStatement {
  const columns = orderColumns(table, query.keys);
  const params = new SqlParams();
  const limit = `LIMIT ${String(Math.trunc(query.fetch))}`;
  const branches = query.where === undefined ? null : branchesOf(table, query.where);

  if (branches === null) {
    const conditions: string[] = [];
    if (query.where !== undefined) conditions.push(compileFilter(query.where, table, params));
    if (query.after !== null) conditions.push(keysetCondition(columns, query.keys, query.after, params));
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    return { text: `SELECT ${table.selectList} FROM ${table.qualified}${where} ORDER BY ${orderBy(columns, query.keys)} ${limit}`, values: params.values };
  }
  if (branches.length === 0) {
    return { text: `SELECT ${table.selectList} FROM ${table.qualified} WHERE FALSE ${limit}`, values: params.values };
  }

  const scans: string[] = [];
  const order = orderBy(columns, query.keys);
  branches.forEach((branch, index) => {
    const exclusions = branches.slice(0, index).map((earlier) => `(${compileFilter(earlier.filter, table, params)}) IS NOT TRUE`);
    const conditionsWith = (first: string | null, qualifier = ''): string => {
      const parts: string[] = [];
      if (first !== null) parts.push(first);
      for (const part of branch.rest) parts.push(compileFilter(part, table, params, { qualifier }));
      parts.push(...exclusions);
      if (query.after !== null) parts.push(keysetCondition(columns, query.keys, query.after, params, qualifier));
      return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
    };
    const { split } = branch;
    if (split === null) {
      scans.push(`(SELECT ${table.selectList} FROM ${table.qualified} WHERE ${conditionsWith(null)} ORDER BY ${order} ${limit})`);
    } else if (split.values.length <= INLINE_SPLIT) {
      const type = splitParamType(split.column, split.values);
      for (const value of split.values) {
        scans.push(`(SELECT ${table.selectList} FROM ${table.qualified} WHERE ${conditionsWith(`${split.column.sql} = ${params.add(value, type)}`)} ORDER BY ${order} ${limit})`);
      }
    } else {
      // Many values: one lateral scan per value of an array parameter, so the text does not grow with the list.
      const values = params.add(split.values, `${splitParamType(split.column, split.values)}[]`);
      scans.push(
        `(SELECT m.* FROM unnest(${values}) AS k (v) CROSS JOIN LATERAL (SELECT ${table.selectList} FROM ${table.qualified} WHERE ${conditionsWith(`${split.column.sql} = k.v`)} ORDER BY ${order} ${limit}) AS m)`,
      );
    }
  });
  return {
    text: `SELECT * FROM (${scans.join(' UNION ALL ')}) AS u ORDER BY ${orderBy(columns, query.keys, true)} ${limit}`,
    values: params.values,
  };
}
