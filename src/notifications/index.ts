/**
 * Notifications: the outbox dispatcher, its templates and retention. Services write notifications into
 * the outbox in their transaction; a dispatcher sends them.
 *
 * @module
 */
export * from './backoff';
export * from './dispatcher';
export * from './purge-outbox';
export * from './render-message';
export * from './templates/index';
