/**
 * What the memory store keeps: validated, private copies of records. The one place records enter (parsed
 * and copied) and leave (copied) the store.
 *
 * @module
 */
import { PolityError, parseWith, type CollectionDefinition } from 'polity';
import { assertKnownFields } from 'polity/store-kit';

/** A record as the memory store holds it: validated and owned by the store. */
export type StoredRecord = Readonly<Record<string, unknown>> & { readonly id: string };

/** A deep copy (Dates stay Dates), so a caller never shares an object with the store. */
export function copyRecord<T>(record: T): T {
  return structuredClone(record);
}

/**
 * Validates a whole record against its collection's schema and returns a private copy of the parsed value.
 *
 * @param path - What the value was (`record`, `patch`, `set` …), reported as the issue path of a non-object
 *   or of fields the entity does not have.
 * @throws {@link PolityError} `invalid_input` when the value is not an object, names unknown fields, or fails
 *   the schema (`details.issues` names each field).
 */
export function toStoredRecord(definition: CollectionDefinition, value: unknown, path: string): StoredRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = `a ${definition.name} record must be an object`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path, message, code: 'invalid_type' }] } });
  }
  assertKnownFields(definition, Object.keys(value), path);
  return copyRecord(parseWith(definition.schema, value, `${definition.name} record`)) as StoredRecord;
}
