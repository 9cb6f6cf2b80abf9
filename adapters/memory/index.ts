/**
 * The memory adapters: a `Store` that keeps every promise of the port (transactions roll back,
 * constraints hold, concurrent callers are serialised) without a database, and an in-memory
 * `IdentityRegistry`. For tests, demos and single-process apps.
 *
 * @module polity/adapters/memory
 */
export { memoryStore, type MemoryStoreOptions, type MemoryStoreSeed } from './memory-store';
export { memoryIdentityRegistry } from './memory-identity-registry';
