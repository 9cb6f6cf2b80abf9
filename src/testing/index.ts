/**
 * `polity/testing`: what integrators import to test their adapters and policies without a database.
 * **ESM only**: it imports vitest, which cannot be `require()`d.
 *
 * @module polity/testing
 */
export * from './store-conformance';
export * from './fixtures';
export type { StoreSuite, StoreTest } from './suites/store-suite';
export * from './test-clock';
export * from './test-ids';
export * from './policy/index';
