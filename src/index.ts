/**
 * polity: administration for public-sector portals. Organisations and units, accounts and invitations,
 * scoped hierarchical roles, named licences, meetings with limits, approval workflows, audit and
 * notifications, with every decision explained by the rule that made it.
 *
 * @module
 */
export * from './errors';
export * from './domain/index';
export type * from './ports/index';
export * from './workflows/index';
export * from './store-kit/index';
