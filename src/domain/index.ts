/**
 * The domain: entities as zod schemas with their inferred types, the filter language, and pure invariants.
 * No I/O, no clock, no randomness.
 *
 * @module
 */
export * from './primitives';
export * from './compare';
export * from './filter';
export * from './validate';
export * from './scope';
export * from './organisation';
export * from './unit';
export * from './user';
export * from './role-assignment';
export * from './product';
export * from './group';
export * from './licence-pool';
export * from './licence-seat';
export * from './licence-request';
export * from './meeting';
export * from './attendance';
export * from './room';
export * from './contact';
export * from './resource';
export * from './role-change-request';
export * from './activation-token';
export * from './former-oversight';
export * from './mailbox';
export * from './audit-event';
export * from './outbox-message';
export * from './collections';
export * from './filter-fields';
export * from './filter-schema';
