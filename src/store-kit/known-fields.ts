/**
 * The field whitelist every Store adapter applies: filters, orderings and patches may only name fields the
 * collection's entity has. For an SQL adapter this is also what keeps caller-chosen names out of SQL.
 *
 * @module
 */
import { fieldSetOf, filterFieldIssues, filterFields, PolityError, type CollectionDefinition, type Filter } from 'polity';

/** The field names of a collection's entity, as a set (computed once per definition). */
export function knownFields(definition: CollectionDefinition): ReadonlySet<string> {
  return fieldSetOf(definition);
}

/**
 * Checks that every named field exists on the collection's entity.
 *
 * @param definition - The collection, from the catalogue.
 * @param fields - The names a query or change uses.
 * @param path - Where they were used, reported as the issue path (`where`, `orderBy`, `set`, `increment`, `patch`).
 * @throws {@link polity!PolityError} `invalid_input` with one `unknown_field` issue per unknown name.
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

/**
 * Checks a filter over a collection: every field it names exists on the entity, and each `related` node
 * names a stored collection, one of its fields as `key`, and only that collection's fields in its `where`.
 *
 * @param path - Reported as the issue path (`where`).
 * @throws {@link polity!PolityError} `invalid_input` with one issue per problem (`unknown_field`, `unknown_collection`).
 */
export function assertFilterFields(definition: CollectionDefinition, filter: Filter, path: string): void {
  // The record's own fields first, with the message adapters always gave; then what related nodes name.
  assertKnownFields(definition, filterFields(filter), path);
  const issues = filterFieldIssues(definition, filter, path);
  if (issues.length === 0) return;
  const names = [...new Set(issues.map((issue) => issue.message))].join('; ');
  throw new PolityError('invalid_input', `invalid filter in ${path} of ${definition.name}: ${names}`, { details: { issues } });
}
