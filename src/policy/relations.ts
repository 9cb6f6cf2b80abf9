/**
 * Relations: principal attributes declared as pairs held by a Store collection rather than lists carried by
 * the principal ("the meetings they are invited to" are the `meetingId`s of the `participants` records whose
 * `userId` is theirs). A rule reads one as `resource.<field> in principal.<relation>`; the engine answers it
 * from the principal's list when the principal carries one, and otherwise as a `related` filter in a plan
 * (an `EXISTS` in SQL) and as false in a check (the kernel looks the pair up for the resource at hand).
 *
 * @module
 */
import { z } from 'zod';
import { collectionNamed, fieldSetOf, filterFieldIssues } from '../domain/filter-fields';
import { filterSchema } from '../domain/filter-schema';
import { where, type Filter } from '../domain/filter';
import type { InputIssue, InputIssueCode } from '../errors';
import { isAttributeOperand, type RuleCondition } from './condition';
import type { Rule } from './rule';

/**
 * A principal attribute answered by a Store collection: the attribute's values are the `valueField`s of the
 * records of `collection` whose `principalField` is the principal's id (and that match `where`).
 *
 * @example
 * ```ts
 * import { where, type RelationDefinition } from 'polity';
 *
 * // EP-3: principal.invitedMeetingIds, the meetings whose participants include them.
 * const invited: RelationDefinition = { collection: 'participants', valueField: 'meetingId', principalField: 'userId' };
 * // KA-5: principal.overseenUserIds, the accounts (not deleted) whose manager they are.
 * const overseen: RelationDefinition = { collection: 'users', valueField: 'id', principalField: 'managerId', where: where.isNull('deletedAt') };
 * ```
 */
export interface RelationDefinition {
  /** The Store collection holding the pairs, by its name on the Store (`participants`, `users` …). */
  readonly collection: string;
  /** The field of its records holding the value a rule compares the resource's field with (`meetingId`). */
  readonly valueField: string;
  /** The field of its records holding the principal's id (`userId`). */
  readonly principalField: string;
  /** Only the records matching it count (`where.isNull('deletedAt')`); all of them when absent. */
  readonly where?: Filter;
}

const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a relation is named like a principal attribute (letters, digits, "_")');

/** Schema of a definition's `relations`: attribute name → {@link RelationDefinition}. */
export const relationsSchema = z.record(
  attributeName,
  z.strictObject({
    collection: z.string().min(1).max(100),
    valueField: z.string().min(1).max(100),
    principalField: z.string().min(1).max(100),
    where: filterSchema.optional(),
  }),
);

/**
 * The filter over `relation.collection` selecting the principal's records: its `where` and
 * `principalField = principalId`. What a plan's `related` node carries.
 */
export function relationRecords(relation: RelationDefinition, principalId: string): Filter {
  const mine = where.eq(relation.principalField, principalId);
  return relation.where === undefined || relation.where.kind === 'always' ? mine : where.and(relation.where, mine);
}

/** Every node of a condition with its path from the rule (`when`, `when.any.1` …). */
function nodesOf(condition: RuleCondition, path: string, out: [RuleCondition, string][] = []): [RuleCondition, string][] {
  out.push([condition, path]);
  if (condition.op === 'and') condition.all.forEach((part, i) => nodesOf(part, `${path}.all.${i}`, out));
  else if (condition.op === 'or') condition.any.forEach((part, i) => nodesOf(part, `${path}.any.${i}`, out));
  else if (condition.op === 'not') nodesOf(condition.condition, `${path}.condition`, out);
  return out;
}

/**
 * The problems of a definition's relations: a relation named `id`, a collection the Store does not hold,
 * a field its records lack (in `valueField`, `principalField` or `where`), and a rule reading a relation
 * otherwise than as `resource.<field> in principal.<relation>` (as a scalar, on the left of `in`, against
 * the principal's or the scope's own attribute): only that form has a query plan, a semi-join.
 */
export function relationIssues(relations: Readonly<Record<string, RelationDefinition>> | undefined, rules: readonly Rule[]): InputIssue[] {
  if (relations === undefined) return [];
  const issues: InputIssue[] = [];
  const issue = (path: string, message: string, code: InputIssueCode) => issues.push({ path, message, code });
  for (const [name, relation] of Object.entries(relations)) {
    const at = `relations.${name}`;
    if (name === 'id') issue(at, 'principal.id is the principal\'s id, never a relation', 'relation_name');
    const definition = collectionNamed(relation.collection);
    if (definition === undefined) {
      issue(`${at}.collection`, `relation ${name} names ${JSON.stringify(relation.collection)}, which is no stored collection`, 'unknown_collection');
      continue;
    }
    const fields = fieldSetOf(definition);
    for (const key of ['valueField', 'principalField'] as const) {
      if (!fields.has(relation[key])) issue(`${at}.${key}`, `relation ${name}: ${definition.name} has no field "${relation[key]}"`, 'unknown_field');
    }
    if (relation.where !== undefined) issues.push(...filterFieldIssues(definition, relation.where, `${at}.where`));
  }
  const isRelation = (ref: string) => ref.startsWith('principal.') && Object.hasOwn(relations, ref.slice('principal.'.length));
  rules.forEach((rule, i) => {
    if (rule.when === undefined) return;
    for (const [node, path] of nodesOf(rule.when, `rules.${i}.when`)) {
      if (node.op === 'and' || node.op === 'or' || node.op === 'not') continue;
      const refs = [node.attr, ...(node.op === 'in' ? (isAttributeOperand(node.values) ? [node.values.ref] : []) : isAttributeOperand(node.value) ? [node.value.ref] : [])];
      const read = refs.filter(isRelation);
      if (read.length === 0) continue;
      const wellFormed = node.op === 'in' && node.attr.startsWith('resource.') && isAttributeOperand(node.values) && read.length === 1 && read[0] === node.values.ref;
      if (!wellFormed) {
        issue(path, `rule ${rule.id} reads relation ${read[0]!.slice('principal.'.length)} other than as "resource.<field> in ${read[0]}"`, 'relation_misuse');
      }
    }
  });
  return issues;
}
