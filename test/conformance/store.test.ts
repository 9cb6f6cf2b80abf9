/**
 * Runs the Store conformance suite on every target. Add a target as an entry of `STORE_TARGETS`; set
 * `POLITY_STORE_TARGETS` (comma-separated names, e.g. `memory,pglite`) to run only some.
 */
import { memoryStore } from 'polity/adapters/memory';
import type { Store } from 'polity';
import { describeStoreConformance, type StoreConformanceSkip } from 'polity/testing';

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
  // Later: { name: 'pglite', available: true, create: … }, and
  // { name: 'postgres', available: process.env['DATABASE_URL'] !== undefined, create: … }.
];

const wanted = process.env['POLITY_STORE_TARGETS']?.split(',').map((name) => name.trim()).filter((name) => name !== '');
const targets = STORE_TARGETS.filter((target) => target.available && (wanted === undefined || wanted.includes(target.name)));
if (targets.length === 0) throw new Error(`no store target to run: POLITY_STORE_TARGETS=${String(wanted)} matches none available`);

for (const target of targets) {
  describeStoreConformance(target.skip === undefined ? { name: target.name, create: target.create } : target);
}
