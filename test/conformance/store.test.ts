/**
 * Runs the Store conformance suite on every target. Add a target as an entry of `STORE_TARGETS`; set
 * `POLITY_STORE_TARGETS` (comma-separated names, e.g. `memory,pglite`) to run only some.
 *
 * - `memory`: the in-memory store.
 * - `pglite`: the Postgres adapter on embedded PGlite (PostgreSQL 18 in WebAssembly), one instance for this
 *   file, one schema per test.
 * - `postgres`: the Postgres adapter on the server at `DATABASE_URL` (a `pg.Pool` of a few connections), one
 *   schema per test. Without `DATABASE_URL` the target is left out, not skipped; `.ci/run` checks that tests
 *   titled `postgres: …` ran.
 */
import { afterAll, beforeAll } from 'vitest';
import { memoryStore } from 'polity/adapters/memory';
import type { Store } from 'polity';
import { describeStoreConformance, type StoreConformanceSkip } from 'polity/testing';
import { databaseUrl, endSharedClients, pgliteStore, serverStore, sharedPGlite } from './pg-targets';

/** A store the conformance suite runs on. */
interface StoreTarget {
  /** Leads every test title: `memory: …`. */
  readonly name: string;
  /** Whether the target can run here (a database server reachable, a driver installed). */
  readonly available: boolean;
  readonly create: () => Promise<Store>;
  readonly skip?: readonly StoreConformanceSkip[];
}

const STORE_TARGETS: readonly StoreTarget[] = [
  { name: 'memory', available: true, create: async () => memoryStore() },
  { name: 'pglite', available: true, create: pgliteStore },
  { name: 'postgres', available: databaseUrl !== undefined, create: serverStore },
];

const wanted = process.env['POLITY_STORE_TARGETS']?.split(',').map((name) => name.trim()).filter((name) => name !== '');
const targets = STORE_TARGETS.filter((target) => target.available && (wanted === undefined || wanted.includes(target.name)));
if (targets.length === 0) throw new Error(`no store target to run: POLITY_STORE_TARGETS=${String(wanted)} matches none available`);

for (const target of targets) {
  describeStoreConformance(target.skip === undefined ? { name: target.name, create: target.create } : target);
}

// Starting PGlite takes seconds on a busy machine: do it once, before the first test's clock starts.
if (targets.some((target) => target.name === 'pglite')) beforeAll(() => sharedPGlite().then(() => undefined), 120_000);
afterAll(endSharedClients);
