/**
 * Principal attributes by declaration. Every `principal.<name>` a profile's rules read is answered by one
 * of three things, checked when `createPolity` starts (a rule reading an attribute nothing answers is
 * refused then, never silently `[]`):
 *
 * - the account itself: `principal.id`, `principal.organisationId`, `principal.active`;
 * - a **relation** declared by the policy definition (`relations`: "invited to this meeting", "oversees this
 *   owner"): pairs kept in a collection, answered for the resource at hand with one indexed look-up before a
 *   check, and carried by a query plan as a `related` filter (EXISTS), never by loading the actor's list;
 * - a **list loader**: a bounded list computed from the actor (`peerCoordinatorIds`: the other coordinators
 *   of their organisation), or one the host passes to `createPolity({ attributes })`.
 *
 * The kernel loads only what the rules of the action it asks about read, and only when it asks.
 *
 * @module
 */
import { where, type Filter } from '../../domain/filter';
import type { CollectionName } from '../../domain/collections';
import type { RoleAssignment } from '../../domain/role-assignment';
import type { User } from '../../domain/user';
import { invalidInput } from '../../errors';
import { conditionRefs, forEachComparison, isAttributeOperand, type RuleCondition } from '../../policy/condition';
import { relationRecords, type RelationDefinition } from '../../policy/relations';
import type { StoreSession } from '../../ports/store';
import type { Profile } from '../../profiles/index';
import { collectAll } from './paging';

/** What a list loader is given: the acting user and their active assignments. */
export interface AttributeSubject {
  readonly user: User;
  readonly assignments: readonly RoleAssignment[];
}

/**
 * Loads one list attribute of the acting principal (`principal.<name>`), inside the command's transaction.
 * Keep it bounded: it runs on every command whose action's rules read the attribute.
 */
export type AttributeLoader = (session: StoreSession, subject: AttributeSubject, profile: Profile) => Promise<readonly unknown[]>;

/** Attributes every principal carries from the account. */
const accountAttributes = new Set(['id', 'organisationId', 'active']);

/**
 * EP-4 and its open point: the people whose meetings held for a unit an organisation coordinator does not
 * supervise, for a person holding, at organisation scope, an admin role (one inheriting another: an
 * e:Presence organisation coordinator):
 *
 * - the other holders of such a role in an organisation where this person holds one (a peer organisation
 *   coordinator's meetings stay theirs, RULES.md open point);
 * - the holders of an admin role at platform scope (platform staff: the e:Presence platform admin), whose
 *   bookings in a unit are theirs, not the unit's coordinators'.
 *
 * So rule `ep-4-manage-unit-meetings` reads "held for a unit, and not organised by another coordinator or
 * platform staff". Empty, with no read, for anyone holding no organisation-scope admin role. Bounded by the
 * number of coordinators, not by history.
 */
const peerCoordinatorIds: AttributeLoader = async (session, { user, assignments }, profile) => {
  const isAdminRole = (role: Profile['roles'][number]) => (role.inherits ?? []).length > 0;
  const adminRoles = profile.roles.filter((role) => isAdminRole(role) && role.assignableAt.includes('organisation')).map((role) => role.name);
  const platformRoles = profile.roles.filter((role) => isAdminRole(role) && role.assignableAt.includes('platform')).map((role) => role.name);
  const isAdminHere = (a: Pick<RoleAssignment, 'scopeType' | 'role' | 'status'>) => a.scopeType === 'organisation' && a.status === 'active' && adminRoles.includes(a.role);
  const mine = [...new Set(assignments.filter(isAdminHere).map((a) => a.organisationId).filter((id): id is string => id !== null))];
  if (mine.length === 0) return [];
  const active = where.eq('status', 'active');
  const peers = where.and(where.in('organisationId', mine), where.eq('scopeType', 'organisation'), where.in('role', adminRoles), active);
  const staff = platformRoles.length === 0 ? null : where.and(where.eq('scopeType', 'platform'), where.in('role', platformRoles), active);
  const ids = await collectAll(session.assignments, staff === null ? peers : where.or(peers, staff), (a) => a.userId);
  return [...new Set(ids)].filter((id) => id !== user.id).sort();
};

/**
 * KA-6 (co-editors of one resource): polity stores no co-editors yet, so nobody co-edits through polity's
 * own data and the rule is enforced by the policy alone for principals a host builds. A host that keeps
 * co-editors passes its own loader as `createPolity({ attributes: { coEditedSurveyIds } })`.
 */
const noCoEditedSurveys: AttributeLoader = async () => [];

/** The list loaders polity ships, by attribute name. */
export const builtInAttributeLoaders: Readonly<Record<string, AttributeLoader>> = Object.freeze({
  peerCoordinatorIds,
  coEditedSurveyIds: noCoEditedSurveys,
});

/** What the rules of one action read of the principal. */
export interface ActionAttributes {
  /** List attributes to load. */
  readonly lists: readonly string[];
  /** Relation attributes, each with the resource fields the rules compare with it. */
  readonly relations: readonly { readonly name: string; readonly fields: readonly string[] }[];
}

/** The attributes of a profile, resolved once by `createPolity`. */
export interface AttributeRegistry {
  readonly loaders: ReadonlyMap<string, AttributeLoader>;
  /** The definition's relations (`PolicyDefinition.relations`), by attribute name. */
  readonly relations: ReadonlyMap<string, RelationDefinition>;
  /** Every list attribute some rule of the profile reads. */
  readonly readLists: readonly string[];
  /** What an action's rules read. */
  forAction(action: string): ActionAttributes;
}

const none: ActionAttributes = Object.freeze({ lists: [], relations: [] });

/** The principal attributes a condition reads, and for each relation-style use the resource field compared. */
function readsOf(condition: RuleCondition, found: Map<string, Set<string>>): void {
  forEachComparison(condition, (node) => {
    if (node.op === 'in' && isAttributeOperand(node.values) && node.values.ref.startsWith('principal.') && node.attr.startsWith('resource.')) {
      const name = node.values.ref.slice('principal.'.length);
      const fields = found.get(name) ?? new Set<string>();
      fields.add(node.attr.slice('resource.'.length));
      found.set(name, fields);
      return;
    }
    for (const ref of conditionRefs(node)) {
      if (!ref.startsWith('principal.')) continue;
      const name = ref.slice('principal.'.length);
      if (!found.has(name)) found.set(name, new Set());
    }
  });
}

/**
 * Resolves what answers each principal attribute a profile's rules read, and what each action needs.
 *
 * @param loaders - The host's own list loaders (they win over polity's of the same name).
 * @throws {@link PolityError} `invalid_input` (`unknown_attribute`, path `attributes.<name>`) for a rule that
 *   reads an attribute nothing answers; for a relation attribute read other than as the list of
 *   `resource.<field> ∈ principal.<name>` (a relation answers only that question).
 */
export function attributeRegistry(profile: Profile, loaders: Readonly<Record<string, AttributeLoader>> = {}): AttributeRegistry {
  const lists = new Map<string, AttributeLoader>(Object.entries({ ...builtInAttributeLoaders, ...loaders }));
  // A host's loader of a relation's name answers it as a list instead.
  const relations = new Map<string, RelationDefinition>(Object.entries(profile.relations ?? {}).filter(([name]) => !(name in loaders)));
  const byAction = new Map<string, { lists: Set<string>; relations: Map<string, Set<string>> }>();
  for (const rule of profile.rules) {
    if (rule.when === undefined) continue;
    const found = new Map<string, Set<string>>();
    readsOf(rule.when, found);
    for (const [name, fields] of found) {
      if (accountAttributes.has(name)) continue;
      const relation = relations.has(name);
      if (!relation && !lists.has(name)) {
        throw invalidInput(`attributes.${name}`, `rule ${rule.id} reads principal.${name}, which nothing loads: pass a loader in createPolity({ attributes })`, 'unknown_attribute');
      }
      if (relation && fields.size === 0) {
        throw invalidInput(`attributes.${name}`, `rule ${rule.id} reads the relation principal.${name} other than as "resource.<field> in principal.${name}"`, 'unknown_attribute');
      }
      for (const action of rule.actions) {
        const entry = byAction.get(action) ?? { lists: new Set<string>(), relations: new Map<string, Set<string>>() };
        if (relation) entry.relations.set(name, new Set([...(entry.relations.get(name) ?? []), ...fields]));
        else entry.lists.add(name);
        byAction.set(action, entry);
      }
    }
  }
  const resolved = new Map<string, ActionAttributes>();
  for (const [action, entry] of byAction) {
    resolved.set(
      action,
      Object.freeze({
        lists: [...entry.lists].sort(),
        relations: [...entry.relations].map(([name, fields]) => ({ name, fields: [...fields].sort() })),
      }),
    );
  }
  const readLists = [...new Set([...resolved.values()].flatMap((entry) => entry.lists))].sort();
  return { loaders: lists, relations, readLists, forAction: (action) => resolved.get(action) ?? none };
}

/**
 * Answers a relation for some values (the resource fields at hand): the subset of `values` related to the
 * principal, by one indexed look-up (`valueField IN values AND principalField = principal`).
 */
export async function relatedValues(session: StoreSession, relation: RelationDefinition, principalId: string, values: readonly string[]): Promise<string[]> {
  if (values.length === 0) return [];
  const filter = where.and(where.in(relation.valueField, [...values]), relationRecords(relation, principalId));
  // The definition's validation checked the collection against the catalogue.
  const repository = session[relation.collection as CollectionName] as unknown as { list(query: { where: Filter; limit: number; after: string | null }): Promise<{ items: readonly Record<string, unknown>[]; nextCursor: string | null }> };
  const found = new Set<string>();
  let after: string | null = null;
  // Bounded by the resources at hand (a page of candidates), never by the principal's history.
  do {
    const page = await repository.list({ where: filter, limit: 1000, after });
    for (const record of page.items) if (typeof record[relation.valueField] === 'string') found.add(record[relation.valueField] as string);
    after = page.nextCursor;
  } while (after !== null);
  return [...found];
}
