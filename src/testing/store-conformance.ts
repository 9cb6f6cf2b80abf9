/**
 * The Store conformance suite: what every adapter of the Store port MUST do, as vitest tests. The memory
 * adapter and the Postgres adapter run it; so does any adapter an integrator writes. It only uses the port,
 * and the fixtures keep references valid, so it runs on stores with foreign keys. This entry imports vitest:
 * it is ESM-only.
 *
 * @module
 */
import { describe, it } from 'vitest';
import type { Store } from 'polity';
import { concurrencySuite } from './suites/concurrency';
import { crudSuite } from './suites/crud';
import { filtersSuite } from './suites/filters';
import { outboxQueueSuite } from './suites/outbox-queue';
import { isolationSuite } from './suites/isolation';
import { pagingSuite } from './suites/paging';
import { predicatePagingSuite } from './suites/predicate-paging';
import { queryPlanSuite } from './suites/query-plan';
import type { StoreSuite } from './suites/store-suite';
import { transactionsSuite } from './suites/transactions';
import { uniqueLookupSuite } from './suites/unique-lookup';
import { uniquenessSuite } from './suites/uniqueness';

/** Tests an adapter does not run, and why. Every skip needs a reason a reader can judge. */
export interface StoreConformanceSkip {
  /** Why the adapter cannot pass these tests, e.g. "the driver cannot roll back DDL". */
  readonly reason: string;
  /** Test titles, as `"<topic> > <title>"` or the bare title (see {@link storeConformanceTests}). */
  readonly tests: readonly string[];
}

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** The target's name, leading every title: `memory`, `pglite`, `postgres`. */
  readonly name: string;
  /**
   * Makes a fresh, empty store. Called once per test; the suite closes the store when the test ends (also
   * when the test already closed it, so `close` MUST be idempotent).
   */
  readonly create: () => Promise<Store>;
  /**
   * Tests to skip, each group with its reason. Naming a test that does not exist throws, so a renamed test
   * is never skipped by accident.
   */
  readonly skip?: readonly StoreConformanceSkip[];
}

/** The topics of the suite, in the order they run. */
export const storeConformanceSuites: readonly StoreSuite[] = [
  crudSuite,
  uniquenessSuite,
  uniqueLookupSuite,
  transactionsSuite,
  isolationSuite,
  pagingSuite,
  predicatePagingSuite,
  concurrencySuite,
  filtersSuite,
  queryPlanSuite,
  outboxQueueSuite,
];

/** Every test of the suite by its full name, `"<topic> > <title>"`: the names a skip list may use. */
export function storeConformanceTests(): string[] {
  return storeConformanceSuites.flatMap((suite) => suite.tests.map((test) => `${suite.topic} > ${test.title}`));
}

/** The reason each skipped test is skipped, keyed by full name; throws on names that match no test. */
function skipReasons(skips: readonly StoreConformanceSkip[]): Map<string, string> {
  const all = storeConformanceTests();
  const reasons = new Map<string, string>();
  for (const { reason, tests } of skips) {
    if (reason.trim() === '') throw new Error('describeStoreConformance: every skip needs a reason');
    for (const name of tests) {
      const matches = all.filter((full) => full === name || full.slice(full.indexOf(' > ') + 3) === name);
      if (matches.length === 0) throw new Error(`describeStoreConformance: no conformance test is named "${name}"`);
      for (const full of matches) reasons.set(full, reason);
    }
  }
  return reasons;
}

/**
 * Declares the Store conformance suite for one adapter, as vitest `describe` blocks titled
 * `"<name>: store conformance"`, one per topic: `crud`, `uniqueness`, `unique lookup`, `transactions`,
 * `isolation` (isolation levels, read-only transactions, locking reads), `paging`, `predicate paging` (lists
 * with `matching`), `concurrency`, `filters`, `query-plan` (`related` filters, the semi-joins of relations in
 * query plans), `outbox queue` (the optional `OutboxQueue` capability, and the generic fallback
 * a dispatcher uses on a store without it). Each test gets its own store from `create` and closes it, so rollback is observable
 * on any adapter.
 *
 * @param options - See {@link StoreConformanceOptions}.
 * @throws Error when a skip names no test or gives no reason.
 *
 * @example
 * ```ts
 * // test/conformance/my-store.test.ts
 * import { describeStoreConformance } from 'polity/testing';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * describeStoreConformance({ name: 'memory', create: async () => memoryStore() });
 * ```
 */
export function describeStoreConformance(options: StoreConformanceOptions): void {
  const reasons = skipReasons(options.skip ?? []);
  describe(`${options.name}: store conformance`, () => {
    for (const suite of storeConformanceSuites) {
      describe(suite.topic, () => {
        for (const test of suite.tests) {
          const reason = reasons.get(`${suite.topic} > ${test.title}`);
          if (reason !== undefined) {
            it.skip(`${test.title} (skipped: ${reason})`, () => undefined);
            continue;
          }
          it(
            test.title,
            async () => {
              const store = await options.create();
              try {
                await test.run(store);
              } finally {
                await store.close();
              }
            },
            test.timeout,
          );
        }
      });
    }
  });
}
