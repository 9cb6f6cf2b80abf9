/**
 * The ports: small interfaces through which polity reaches storage, time, ids, notifications and registries.
 *
 * @module
 */
export type * from './store';
export type * from './clock';
export type * from './ids';
export type * from './notifier';
export type * from './identity-registry';
