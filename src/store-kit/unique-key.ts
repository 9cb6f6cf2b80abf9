/**
 * How every Store adapter reads the arguments of `Repository.findUnique`, so they refuse and accept exactly
 * the same keys: the constraint must be one of the collection's in the catalogue, the key must give a value
 * for each of its fields and for no other, and each value is parsed with its field's schema, as a write
 * parses it (trimmed …). The lookup therefore finds exactly the record an insert of those values would
 * clash with.
 *
 * @module
 */
import type { z } from 'zod';
import type { CollectionDefinition, UniqueConstraint } from 'polity';
import { toInputIssues } from 'polity';
import { PolityError, type InputIssue } from 'polity';

/** A unique key once read: the constraint, and one parsed value per field of it. */
export interface UniqueKeyLookup {
  readonly constraint: UniqueConstraint;
  /**
   * The key's values in the order of `constraint.fields`, as the field schemas output them, never `null`.
   * Not lower-cased: each adapter lowers case-insensitive fields exactly as it does when it writes them.
   */
  readonly values: readonly unknown[];
}

function refused(message: string, issues: readonly InputIssue[], cause?: unknown): PolityError<'invalid_input'> {
  return new PolityError('invalid_input', message, { details: { issues: [...issues] }, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Reads a `findUnique` call's constraint name and key against a collection's catalogue entry.
 *
 * @param definition - The collection, from the catalogue.
 * @param constraint - The name of one of its unique constraints (`users.email`).
 * @param key - A value for each of the constraint's fields; an `undefined` value counts as absent.
 * @throws {@link polity!PolityError} `invalid_input` with issue path `constraint` (code `unknown_constraint`) for a
 *   name the collection has no constraint by, `key` (`invalid_type`) when the key is not an object, and
 *   `key.<field>` for a missing field (`missing_field`), a field the constraint does not have
 *   (`unknown_field`), a `null` (`null_key`: as in SQL a null is never part of a unique key, so no record
 *   could hold it), or a value the field's schema refuses (zod's code).
 */
export function readUniqueKey(definition: CollectionDefinition, constraint: unknown, key: unknown): UniqueKeyLookup {
  const unique = typeof constraint === 'string' ? definition.uniques.find((candidate) => candidate.name === constraint) : undefined;
  if (unique === undefined) {
    const known = definition.uniques.map((candidate) => candidate.name);
    const message = `${definition.name} has no unique constraint ${JSON.stringify(constraint) ?? String(constraint)} (${known.length === 0 ? 'it has none' : `it has ${known.join(', ')}`})`;
    throw refused(message, [{ path: 'constraint', message, code: 'unknown_constraint' }]);
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    const message = `the key of ${unique.name} must be an object with ${unique.fields.join(', ')}`;
    throw refused(message, [{ path: 'key', message, code: 'invalid_type' }]);
  }
  const given = key as Readonly<Record<string, unknown>>;
  const shape = definition.schema.shape as unknown as Readonly<Record<string, z.ZodType>>;
  const issues: InputIssue[] = [];
  let cause: unknown;
  for (const field of Object.keys(given)) {
    if (given[field] !== undefined && !unique.fields.includes(field)) {
      issues.push({ path: `key.${field}`, message: `${field} is not a field of ${unique.name} (${unique.fields.join(', ')})`, code: 'unknown_field' });
    }
  }
  const values = unique.fields.map((field) => {
    const value = given[field];
    const path = `key.${field}`;
    if (value === undefined) issues.push({ path, message: `the key of ${unique.name} needs ${field}`, code: 'missing_field' });
    else if (value === null) issues.push({ path, message: `${field} is null: a null is never part of a unique key`, code: 'null_key' });
    else {
      const schema = shape[field];
      if (schema === undefined) throw new PolityError('internal', `the catalogue's ${unique.name} names ${field}, which ${definition.name} does not have`);
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      cause ??= result.error;
      for (const issue of toInputIssues(result.error.issues)) issues.push({ ...issue, path: issue.path === '' ? path : `${path}.${issue.path}` });
    }
    return null;
  });
  if (issues.length > 0) throw refused(`invalid key of ${unique.name}: ${[...new Set(issues.map((issue) => issue.path))].join(', ')}`, issues, cause);
  return { constraint: unique, values };
}
