/**
 * Authorisation through the policy engine, the one way services decide who may do what.
 *
 * @module
 */
import type { PolicyResource } from '../policy/index';
import type { ServiceContext } from './context';
import type { LoadedPrincipal } from './principal';

/**
 * Asserts that the actor may do `action` on a resource, seen as any of its variants (a user is asked about
 * once per product or unit they hold a role in, SC-9: "an admin of any product the user holds a role on").
 * Returns the first variant the policy allows.
 *
 * @throws {@link PolityError} `forbidden` with the policy's explanation (of the first variant) in `details`.
 */
export function authorise(context: ServiceContext, actor: LoadedPrincipal, action: string, variants: PolicyResource | readonly PolicyResource[]): PolicyResource {
  const list = Array.isArray(variants) ? (variants as readonly PolicyResource[]) : [variants as PolicyResource];
  for (const resource of list) if (context.policy.check(actor.principal, action, resource)) return resource;
  // Not allowed: let the engine build the explanation and throw `forbidden`.
  context.policy.assert(actor.principal, action, list[0]!);
  /* c8 ignore next */
  return list[0]!;
}

/** Whether the actor may do `action` on any variant of a resource (no explanation, no throw). */
export function allows(context: ServiceContext, actor: LoadedPrincipal, action: string, variants: PolicyResource | readonly PolicyResource[]): boolean {
  const list = Array.isArray(variants) ? (variants as readonly PolicyResource[]) : [variants as PolicyResource];
  return list.some((resource) => context.policy.check(actor.principal, action, resource));
}
