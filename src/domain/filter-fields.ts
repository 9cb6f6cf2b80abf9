/**
 * Which fields a filter may name over a stored collection: those of the collection's entity, and, inside a
 * `related` node, a collection of the catalogue, its `key` field and, in its `where`, that collection's fields.
 * What adapters check before running a filter, and the policy engine before accepting a relation.
 *
 * @module
 */
import type { InputIssue } from '../errors';
import { collectionFields, collections, type CollectionDefinition } from './collections';
import { filterFields, type Filter } from './filter';

const fieldsByDefinition = new WeakMap<CollectionDefinition, ReadonlySet<string>>();

/** The field names of a collection's entity, as a set (computed once per definition). */
export function fieldSetOf(definition: CollectionDefinition): ReadonlySet<string> {
  let fields = fieldsByDefinition.get(definition);
  if (fields === undefined) {
    fields = new Set(collectionFields(definition));
    fieldsByDefinition.set(definition, fields);
  }
  return fields;
}

/** The catalogue's definition of a collection name, or `undefined` for a name it does not hold. */
export function collectionNamed(name: string): CollectionDefinition | undefined {
  return Object.hasOwn(collections, name) ? (collections[name as keyof typeof collections] as unknown as CollectionDefinition) : undefined;
}

/**
 * The problems of a filter over a collection: each field the record does not have, and for each `related`
 * node an unknown collection, an unknown key, or a field of its `where` the related collection lacks (checked
 * the same way, to any depth). Empty when the filter is sound. Pure.
 *
 * @param path - The issue path (`where`, `relations.invitedMeetingIds.where` …).
 */
export function filterFieldIssues(definition: CollectionDefinition, filter: Filter, path: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const known = fieldSetOf(definition);
  for (const field of filterFields(filter)) {
    if (!known.has(field)) issues.push({ path, message: `${definition.name} has no field "${field}"`, code: 'unknown_field' });
  }
  const visit = (node: Filter): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        node.filters.forEach(visit);
        return;
      case 'not':
        visit(node.filter);
        return;
      case 'related': {
        const related = collectionNamed(node.collection);
        if (related === undefined) {
          issues.push({ path, message: `a related filter names ${JSON.stringify(node.collection)}, which is no stored collection`, code: 'unknown_collection' });
          return;
        }
        if (!fieldSetOf(related).has(node.key)) issues.push({ path, message: `${related.name} has no field "${node.key}"`, code: 'unknown_field' });
        issues.push(...filterFieldIssues(related, node.where, path));
        return;
      }
      default:
        return;
    }
  };
  visit(filter);
  return issues;
}
