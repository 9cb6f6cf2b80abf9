/**
 * Notifications: the outbox dispatcher, its templates and retention. Services write notifications into
 * the outbox in their transaction; a dispatcher sends them, claiming through the Store's optional
 * `OutboxQueue` capability or the generic fallback.
 *
 * @module
 */
export * from './backoff';
export * from './dispatcher';
export * from './generic-queue';
export * from './outbox-queue';
export * from './purge-outbox';
export * from './render-message';
export * from './templates/index';
