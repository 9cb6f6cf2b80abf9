/**
 * The statement of `findUnique`: the record holding a unique key, selected through the constraint's unique
 * index. A case-insensitive field is compared on its hidden `<column>_lower` key column (which the adapter
 * fills with JavaScript's `toLowerCase()`), never with SQL's `lower()`, so the lookup compares exactly as the
 * index and the memory store do.
 *
 * @module
 */
import { PolityError } from 'polity';
import { compileFilter } from './filter-sql';
import { encodeValue, lowerKey } from './records';
import { SqlParams } from './sql-params';
import { sqlTypeOf, type ColumnSpec, type TableSpec, type UniqueSpec } from './tables';

/** A unique key lookup of one constraint: its fixed text, and how a key's values are bound. */
export interface UniqueLookupStatement {
  readonly text: string;
  /** The parameters for one key, given as one value per field in the constraint's order (already parsed). */
  bind(values: readonly unknown[]): unknown[];
}

/** A value from the catalogue as an SQL literal. */
function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && Number.isFinite(value)) return `(${String(value)})`;
  // An E'' string reads backslashes the same whatever standard_conforming_strings says.
  if (typeof value === 'string') return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  throw new PolityError('internal', `a unique constraint's condition holds a value that has no SQL literal: ${String(value)}`);
}

/**
 * Writes a catalogue condition's values into the text instead of binding them. The planner uses a partial
 * unique index only when it can prove the query implies the index's predicate; with `status <> $2` it can
 * in a custom plan but not in the generic plan a prepared statement switches to, with `status <> 'deleted'`
 * it always can. The values come from the catalogue, never from a caller.
 */
class CatalogueLiterals extends SqlParams {
  override add(value: unknown, type?: string): string {
    return type === undefined ? literal(value) : `${literal(value)}::${type}`;
  }
}

/**
 * The lookup of one unique constraint: `SELECT … WHERE <key columns> = $1 … AND <the constraint's where>`,
 * the key columns and condition being those of the constraint's unique index.
 */
export function uniqueLookupStatement(table: TableSpec, unique: UniqueSpec): UniqueLookupStatement {
  const columns = unique.fields.map((field) => {
    const column = table.byField.get(field);
    if (column === undefined) throw new PolityError('internal', `the catalogue's ${unique.name} names ${field}, which ${table.collection} does not have`);
    return { column, lower: column.lower !== null && unique.caseInsensitive.has(field) };
  });
  const params = new SqlParams();
  const conditions = columns.map(({ column, lower }) =>
    lower ? `"${column.lower as string}" = ${params.add(null, 'text')}` : `${column.sql} = ${params.add(null, sqlTypeOf[column.kind])}`,
  );
  if (unique.where !== undefined) conditions.push(compileFilter(unique.where, table, new CatalogueLiterals()));
  return {
    text: `SELECT ${table.selectList} FROM ${table.qualified} WHERE ${conditions.join(' AND ')}`,
    bind: (values) => columns.map(({ column, lower }, index) => bindValue(column, lower, values[index])),
  };
}

function bindValue(column: ColumnSpec, lower: boolean, value: unknown): unknown {
  return lower ? lowerKey(value) : encodeValue(column, value);
}
