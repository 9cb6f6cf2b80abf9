/**
 * Records in and out of the Postgres store: validation of what is written (the entity schema, the field
 * whitelist), values as bound parameters, and rows back as entities. The one place records cross the
 * boundary between JavaScript values and columns.
 *
 * @module
 */
import { PolityError, parseWith, toInputIssues } from 'polity';
import { assertKnownFields } from 'polity/store-kit';
import type { z } from 'zod';
import type { ColumnSpec, TableSpec } from './tables';

/** A record as the store writes and returns it: validated, keyed by field name. */
export type StoredRecord = Readonly<Record<string, unknown>> & { readonly id: string };

/** A record or patch as callers pass it (the port's signatures type it per collection). */
export type Fields = Readonly<Record<string, unknown>>;

/**
 * A copy of a validated record, so a caller never shares an object (a Date, an array, a JSON value) with
 * what the store returned. Column kinds say what needs copying; texts, numbers and booleans are values.
 */
export function copyRecord(table: TableSpec, record: StoredRecord): StoredRecord {
  const copy: Record<string, unknown> = { ...record };
  for (const column of table.columns) {
    const value = copy[column.field];
    if (value === null || typeof value !== 'object') continue;
    if (value instanceof Date) copy[column.field] = new Date(value.getTime());
    else copy[column.field] = structuredClone(value);
  }
  return copy as StoredRecord;
}

/**
 * Validates a whole record against its collection's schema and returns the parsed value (trimmed texts …).
 *
 * @param path - What the value was (`record`, `patch` …), the issue path of a non-object or of unknown fields.
 * @throws {@link PolityError} `invalid_input` when the value is not an object, names unknown fields, or fails the schema.
 */
export function validateRecord(table: TableSpec, value: unknown, path: string): StoredRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = `a ${table.collection} record must be an object`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path, message, code: 'invalid_type' }] } });
  }
  assertKnownFields(table.definition, Object.keys(value), path);
  return parseWith(table.definition.schema, value, `${table.collection} record`) as StoredRecord;
}

/**
 * Validates one field's value with that field's own schema (for a guarded update's `set`, whose cross-field
 * rules the database's check constraints enforce against the row as it is at the moment of the write).
 *
 * @throws {@link PolityError} `invalid_input` naming the field.
 */
export function validateField(table: TableSpec, field: string, value: unknown): unknown {
  const schema = (table.definition.schema.shape as unknown as Record<string, z.ZodType>)[field];
  if (schema === undefined) throw new PolityError('invalid_input', `${table.collection} has no field "${field}"`);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toInputIssues(result.error.issues).map((issue) => ({ ...issue, path: issue.path === '' ? field : `${field}.${issue.path}` }));
  throw new PolityError('invalid_input', `invalid ${table.collection} ${field}`, { details: { issues }, cause: result.error });
}

/** A field's value as the driver should bind it: JSON as text (node-postgres would turn an array into an SQL array). */
export function encodeValue(column: ColumnSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (column.kind === 'json') return JSON.stringify(value);
  return value;
}

/** The value of a case-insensitive key column: lower-cased by JavaScript, as the memory store compares. */
export function lowerKey(value: unknown): string | null {
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/**
 * A row read with the table's select list (keyed by field name) as an entity. The drivers already decode
 * every kind; values a host's custom type parsers may have left as text (dates, numbers, JSON) are decoded here.
 */
export function decodeRow(table: TableSpec, row: Record<string, unknown>): StoredRecord {
  for (const column of table.columns) {
    const value = row[column.field];
    if (typeof value !== 'string') continue;
    if (column.kind === 'timestamp') row[column.field] = new Date(value);
    else if (column.kind === 'integer' || column.kind === 'float') row[column.field] = Number(value);
    else if (column.kind === 'json') row[column.field] = JSON.parse(value) as unknown;
  }
  return row as StoredRecord;
}
