/**
 * polity: administration for public-sector portals. Organisations and units, accounts and invitations,
 * scoped hierarchical roles, named licences, meetings with limits, approval workflows, audit and
 * notifications, with every decision explained by the rule that made it.
 *
 * @module polity
 */
export * from './errors';
export * from './domain/index';
export type * from './ports/index';
export * from './workflows/index';
export * from './store-kit/index';
export * from './policy/index';
export * from './profiles/index';
export * from './runtime/index';
export * from './polity';
export type { Actor } from './services/actor';
export { bootstrapInputSchema, type BootstrapInput, type BootstrapResult } from './services/bootstrap';
export type { LoadedPrincipal } from './services/principal';
