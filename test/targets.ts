/**
 * The stores every per-store suite runs on: the Store conformance suite (test/conformance/store.test.ts),
 * the services suite (test/services), the notification tests (test/notifications). Add a target as an entry
 * of {@link STORE_TARGETS}; set `POLITY_STORE_TARGETS` (comma-separated names, e.g. `memory,pglite`) to run
 * only some.
 *
 * - `memory`: the in-memory store.
 * - `pglite`: the Postgres adapter on embedded PGlite (PostgreSQL 18 in WebAssembly), one instance per test
 *   file, one fresh schema per store.
 * - `postgres`: the Postgres adapter on the server at `DATABASE_URL` (a `pg.Pool` of a few connections), one
 *   fresh schema per store. Without `DATABASE_URL` the target is left out, not skipped; `.ci/run` checks that
 *   tests titled `postgres: …` ran.
 *
 * A suite loops over {@link storeTargets} with one top-level `describe` per target whose title starts with the
 * target's name and a colon (`postgres: …`): `.ci/run` counts the tests passed per target by that prefix.
 */
import { afterAll, beforeAll } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import type { Store } from 'polity';
import type { StoreConformanceSkip } from 'polity/testing';
import { databaseUrl, endSharedClients, pgliteStore, serverStore, sharedPGlite } from './conformance/pg-targets';

/** The name of a store target, which leads the titles of its tests. */
export type StoreTargetName = 'memory' | 'pglite' | 'postgres';

/** A store the per-store suites run on. */
export interface StoreTarget {
  /** Leads every test title: `memory: …`. */
  readonly name: StoreTargetName;
  /** Whether the target can run here (a database server reachable, a driver installed). */
  readonly available: boolean;
  /** A fresh, empty store; closing it drops what it made (its schema on Postgres). */
  readonly create: () => Promise<Store>;
  /** Conformance topics the target is excused from (none today). */
  readonly skip?: readonly StoreConformanceSkip[];
}

export const STORE_TARGETS: readonly StoreTarget[] = [
  { name: 'memory', available: true, create: async () => memoryStore() },
  { name: 'pglite', available: true, create: pgliteStore },
  { name: 'postgres', available: databaseUrl !== undefined, create: serverStore },
];

const wanted = process.env['POLITY_STORE_TARGETS']?.split(',').map((name) => name.trim()).filter((name) => name !== '');

/** The targets to run here: the available ones, narrowed by `POLITY_STORE_TARGETS`. */
export const storeTargets: readonly StoreTarget[] = STORE_TARGETS.filter((target) => target.available && (wanted === undefined || wanted.includes(target.name)));
if (storeTargets.length === 0) throw new Error(`no store target to run: POLITY_STORE_TARGETS=${String(wanted)} matches none available`);

/**
 * Sets up a test file that runs on `targets`: starts the file's PGlite once, before the first test's clock
 * starts (it takes seconds on a busy machine), and ends the shared clients after the last test, once every
 * schema made on them is dropped. Call it once, at the top level of the file.
 */
export function useStoreTargets(targets: readonly StoreTarget[] = storeTargets): void {
  if (targets.some((target) => target.name === 'pglite')) beforeAll(() => sharedPGlite().then(() => undefined), 120_000);
  afterAll(endSharedClients, 120_000);
}

/**
 * How many runs a fast-check property makes on a target: `runs` on memory; on the Postgres targets, where
 * each run migrates a fresh schema of its own and every step is a round trip to the database,
 * `onPostgres` when given (fewer, for CI time: say why where it is used).
 */
export function propertyRuns(target: StoreTarget, runs: number, onPostgres = runs): number {
  return target.name === 'memory' ? runs : onPostgres;
}
