/**
 * How each collection of the domain catalogue maps onto a table: table and column names (snake_case of the
 * collection and field names), each column's kind, read from the entity's zod schema, and the hidden
 * `<column>_lower` key columns behind case-insensitive unique constraints. Derived, not hand-listed, so a new
 * aggregate needs only its migration; `tables.test.ts` checks every migration against this mapping.
 *
 * @module
 */
import { collectionNames, collections, filterFields, type CollectionDefinition, type CollectionName, type Filter } from 'polity';

/**
 * The kind of a column, which decides its SQL type and how filters compare it:
 *
 * - `text` (`text COLLATE "C"`), `integer` (`int4`), `float` (`float8`), `boolean`, `timestamp` (`timestamptz`);
 * - `json` (`jsonb`) and `text-array` (`text[]`): stored and returned whole; filters treat them as `null`,
 *   exactly as `matchesFilter` does (it only compares texts, numbers, booleans and dates).
 */
export type ColumnKind = 'text' | 'integer' | 'float' | 'boolean' | 'timestamp' | 'json' | 'text-array';

/** The SQL type each kind is stored as (and cast to when bound as a parameter). */
export const sqlTypeOf: Readonly<Record<ColumnKind, string>> = {
  text: 'text',
  integer: 'int4',
  float: 'float8',
  boolean: 'bool',
  timestamp: 'timestamptz',
  json: 'jsonb',
  'text-array': 'text[]',
};

/** One field of an entity as a column. */
export interface ColumnSpec {
  readonly field: string;
  /** The column name, unquoted. */
  readonly column: string;
  /** The column name, quoted for SQL. */
  readonly sql: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** Filters cannot see inside it (json, arrays): it compares as `null`. */
  readonly opaque: boolean;
  /** The hidden column holding the lower-cased value, when a case-insensitive unique constraint uses the field. */
  readonly lower: string | null;
}

/** A unique constraint of the catalogue, as the table enforces it. */
export interface UniqueSpec {
  /** The catalogue's name, which is also the unique index's name (`users.email`). */
  readonly name: string;
  readonly fields: readonly string[];
  readonly caseInsensitive: ReadonlySet<string>;
  readonly where: Filter | undefined;
  /** Every field whose change can create or resolve a clash (the key and the condition's fields). */
  readonly touches: ReadonlySet<string>;
}

/** One collection as a table. */
export interface TableSpec {
  readonly collection: CollectionName;
  readonly definition: CollectionDefinition;
  /** The table name, unquoted. */
  readonly table: string;
  /** The table, schema-qualified and quoted: `"polity"."users"`. */
  readonly qualified: string;
  readonly columns: readonly ColumnSpec[];
  readonly byField: ReadonlyMap<string, ColumnSpec>;
  readonly uniques: readonly UniqueSpec[];
  /** Every field some unique constraint depends on. */
  readonly uniqueFields: ReadonlySet<string>;
  /** `"organisation_id" AS "organisationId", …`: rows come back keyed by field name, no mapping in JS. */
  readonly selectList: string;
  /** The table of another collection in the same schema (what a `related` filter node joins). */
  readonly relatedTable: (collection: string) => TableSpec | undefined;
}

/** `organisationId` → `organisation_id`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Quotes an identifier that the adapter itself chose (from the catalogue or a checked schema name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A schema name the adapter accepts: a plain lower-case SQL identifier, so it never needs escaping tricks. */
export const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

interface ZodNode {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: ZodNode; readonly in?: ZodNode; readonly element?: ZodNode; readonly checks?: readonly ZodNode[]; readonly check?: string; readonly format?: string } };
}

/** The kind and nullability of a field, read from its zod schema (unwrapping nullable, optional, default and pipes). */
export function fieldKind(schema: unknown): { kind: ColumnKind; nullable: boolean } {
  let node = schema as ZodNode;
  let nullable = false;
  for (let depth = 0; depth < 10; depth += 1) {
    const def = node._zod.def;
    if (def.type === 'nullable' || def.type === 'optional' || def.type === 'default' || def.type === 'nullish') {
      if (def.type !== 'default') nullable = true;
      node = def.innerType as ZodNode;
    } else if (def.type === 'pipe') {
      node = def.in as ZodNode;
    } else break;
  }
  const def = node._zod.def;
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'literal':
      return { kind: 'text', nullable };
    case 'number': {
      const integer = (def.checks ?? []).some((check) => {
        const checkDef = check._zod.def;
        return checkDef.check === 'number_format' && (checkDef.format === 'safeint' || checkDef.format === 'int32');
      });
      return { kind: integer ? 'integer' : 'float', nullable };
    }
    case 'boolean':
      return { kind: 'boolean', nullable };
    case 'date':
      return { kind: 'timestamp', nullable };
    case 'array': {
      const element = def.element === undefined ? undefined : fieldKind(def.element);
      return { kind: element?.kind === 'text' && !element.nullable ? 'text-array' : 'json', nullable };
    }
    default:
      return { kind: 'json', nullable };
  }
}

function buildTable(collection: CollectionName, schema: string, relatedTable: (collection: string) => TableSpec | undefined): TableSpec {
  const definition = collections[collection] as unknown as CollectionDefinition;
  const table = snakeCase(collection);
  const ciFields = new Set(definition.uniques.flatMap((unique) => unique.caseInsensitive ?? []));
  const columns: ColumnSpec[] = Object.entries(definition.schema.shape).map(([field, fieldSchema]) => {
    const { kind, nullable } = fieldKind(fieldSchema);
    const column = snakeCase(field);
    return {
      field,
      column,
      sql: quoteIdent(column),
      kind,
      nullable,
      opaque: kind === 'json' || kind === 'text-array',
      lower: ciFields.has(field) && kind === 'text' ? `${column}_lower` : null,
    };
  });
  const uniques: UniqueSpec[] = definition.uniques.map((unique) => ({
    name: unique.name,
    fields: unique.fields,
    caseInsensitive: new Set(unique.caseInsensitive ?? []),
    where: unique.where,
    touches: new Set([...unique.fields, ...(unique.where === undefined ? [] : filterFields(unique.where))]),
  }));
  return {
    collection,
    definition,
    table,
    qualified: `${quoteIdent(schema)}.${quoteIdent(table)}`,
    columns,
    byField: new Map(columns.map((column) => [column.field, column])),
    uniques,
    uniqueFields: new Set(uniques.flatMap((unique) => [...unique.touches])),
    selectList: columns.map((column) => `${column.sql} AS ${quoteIdent(column.field)}`).join(', '),
    relatedTable,
  };
}

/** Every collection's table in one schema. */
export function tableSpecs(schema: string): ReadonlyMap<CollectionName, TableSpec> {
  const tables = new Map<string, TableSpec>();
  const relatedTable = (collection: string) => tables.get(collection);
  for (const name of collectionNames) tables.set(name, buildTable(name, schema, relatedTable));
  return tables as ReadonlyMap<CollectionName, TableSpec>;
}
