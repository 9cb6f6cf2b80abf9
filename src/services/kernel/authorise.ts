/**
 * Authorisation through the policy engine, the one way commands decide who may do what. The principal is
 * completed for each question with what the action's rules read: list attributes loaded once per command,
 * relations answered for the resources at hand (one indexed look-up, never the actor's whole history).
 *
 * @module
 */
import type { Filter } from '../../domain/filter';
import { forbidden } from '../../errors';
import type { Decision, Explanation, PolicyResource, Principal } from '../../policy/index';
import type { LoadedPrincipal } from './acting-user';
import { relatedValues, type AttributeRegistry } from './attributes';
import type { Work } from './work';

/** A resource, or the variants it is asked about as (a user once per unit or product they hold a role in, SC-9). */
export type ResourceVariants = PolicyResource | readonly PolicyResource[];

/** The policy's answers for one acting user within one command. */
export interface Decider {
  /** The principal as the engine sees it for `action` on these resources. */
  principalFor(action: string, resources: readonly PolicyResource[]): Promise<Principal>;
  /** The principal with every list attribute the profile's rules read (relations are per resource: none). */
  principalWithLists(): Promise<Principal>;
  /**
   * Asserts that the actor may do `action` on the resource, seen as any of its variants; returns the first
   * variant allowed.
   * @throws {@link PolityError} `forbidden` (`not_permitted` or `forbidden_by_rule`) with the engine's
   *   explanation of the first variant in `details.explanation`; the message names no ids or rules.
   */
  authorise(action: string, variants: ResourceVariants): Promise<PolicyResource>;
  /** Whether the actor may do `action` on any variant (no explanation, no throw). */
  allows(action: string, variants: ResourceVariants): Promise<boolean>;
  /** The decision on one resource, with the rule that made it. */
  decide(action: string, resource: PolicyResource): Promise<Decision>;
  /** The full explanation of the decision on one resource. */
  explain(action: string, resource: PolicyResource): Promise<Explanation>;
  /** The query plan of `action` over resources of `kind`: a filter matching exactly those the actor may. */
  plan(action: string, kind: string): Promise<Filter>;
}

function listOf(variants: ResourceVariants): readonly PolicyResource[] {
  return Array.isArray(variants) ? (variants as readonly PolicyResource[]) : [variants as PolicyResource];
}

/**
 * The policy's answers for the acting user of one command. List attributes are loaded at most once per
 * command; a question whose action's rules read nothing beyond the account reuses one principal object,
 * so the engine compiles it once.
 */
export function decider(work: Work, acting: LoadedPrincipal, registry: AttributeRegistry): Decider {
  const { policy, profile } = work.context;
  const lists = new Map<string, Promise<readonly unknown[]>>();
  const base = acting.principal;
  const loadList = (name: string): Promise<readonly unknown[]> => {
    let loading = lists.get(name);
    if (loading === undefined) {
      const loader = registry.loaders.get(name);
      loading = loader === undefined ? Promise.resolve([]) : loader(work.tx, acting, profile);
      lists.set(name, loading);
    }
    return loading;
  };

  async function principalFor(action: string, resources: readonly PolicyResource[], forPlan = false): Promise<Principal> {
    const needs = registry.forAction(action);
    if (needs.lists.length === 0 && needs.relations.length === 0) return base;
    const attributes: Record<string, unknown> = { ...base.attributes };
    for (const name of needs.lists) attributes[name] = await loadList(name);
    for (const { name, fields } of needs.relations) {
      const relation = registry.relations.get(name);
      // A plan carries the relation itself (a `related` filter): the attribute stays absent.
      if (relation === undefined || forPlan) continue;
      const values = new Set<string>();
      for (const resource of resources) for (const field of fields) if (typeof resource[field] === 'string') values.add(resource[field] as string);
      attributes[name] = await relatedValues(work.tx, relation, base.id, [...values]);
    }
    return { id: base.id, assignments: base.assignments, attributes };
  }

  return {
    principalFor: (action, resources) => principalFor(action, resources),
    async principalWithLists() {
      if (registry.readLists.length === 0) return base;
      const attributes: Record<string, unknown> = { ...base.attributes };
      for (const name of registry.readLists) attributes[name] = await loadList(name);
      return { id: base.id, assignments: base.assignments, attributes };
    },
    async authorise(action, variants) {
      const list = listOf(variants);
      const principal = await principalFor(action, list);
      for (const resource of list) if (policy.check(principal, action, resource)) return resource;
      const explanation = policy.explain(principal, action, list[0]!);
      throw forbidden(action, explanation.outcome === 'forbidden' ? 'forbidden_by_rule' : 'not_permitted', explanation);
    },
    async allows(action, variants) {
      const list = listOf(variants);
      const principal = await principalFor(action, list);
      return list.some((resource) => policy.check(principal, action, resource));
    },
    async decide(action, resource) {
      return policy.decide(await principalFor(action, [resource]), action, resource);
    },
    async explain(action, resource) {
      return policy.explain(await principalFor(action, [resource]), action, resource);
    },
    async plan(action, kind) {
      return policy.plan(await principalFor(action, [], true), action, kind);
    },
  };
}
