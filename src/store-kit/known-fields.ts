/**
 * The field whitelist every Store adapter applies: filters, orderings and patches may only name fields the
 * collection's entity has. For an SQL adapter this is also what keeps caller-chosen names out of SQL.
 *
 * @module
 */
import { collectionFields, type CollectionDefinition } from 'polity';
import { PolityError } from 'polity';

const fieldsByDefinition = new WeakMap<CollectionDefinition, ReadonlySet<string>>();

/** The field names of a collection's entity, as a set (computed once per definition). */
export function knownFields(definition: CollectionDefinition): ReadonlySet<string> {
  let fields = fieldsByDefinition.get(definition);
  if (fields === undefined) {
    fields = new Set(collectionFields(definition));
    fieldsByDefinition.set(definition, fields);
  }
  return fields;
}

/**
 * Checks that every named field exists on the collection's entity.
 *
 * @param definition - The collection, from the catalogue.
 * @param fields - The names a query or change uses.
 * @param path - Where they were used, reported as the issue path (`where`, `orderBy`, `set`, `increment`, `patch`).
 * @throws {@link PolityError} `invalid_input` with one `unknown_field` issue per unknown name.
 */
export function assertKnownFields(definition: CollectionDefinition, fields: Iterable<string>, path: string): void {
  const known = knownFields(definition);
  const unknown = [...new Set(fields)].filter((field) => !known.has(field));
  if (unknown.length === 0) return;
  const issues = unknown.map((field) => ({ path, message: `${definition.name} has no field "${field}"`, code: 'unknown_field' as const }));
  throw new PolityError('invalid_input', `unknown field${unknown.length > 1 ? 's' : ''} in ${path} of ${definition.name}: ${unknown.join(', ')}`, {
    details: { issues },
  });
}
