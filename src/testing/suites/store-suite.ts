/**
 * The shape of a conformance topic: named tests that each receive a fresh store. Kept as data, so the
 * entry point can validate skip lists and every adapter runs exactly the same tests.
 *
 * @module
 */
import type { CollectionName, Repository, Store, StoreSession } from 'polity';

/** One conformance test: `run` gets a fresh store, which the harness closes afterwards. */
export interface StoreTest {
  /** The test's title, unique within its topic. */
  readonly title: string;
  /** The test body, given a fresh store. */
  readonly run: (store: Store) => Promise<void>;
  /** A longer timeout in milliseconds, for the tests that write a thousand records. */
  readonly timeout?: number;
}

/** A topic of the conformance suite (`crud`, `uniqueness`, `transactions` …) and its tests. */
export interface StoreSuite {
  readonly topic: string;
  readonly tests: readonly StoreTest[];
}

/** Declares a conformance test. */
export function storeTest(title: string, run: (store: Store) => Promise<void>, timeout?: number): StoreTest {
  return timeout === undefined ? { title, run } : { title, run, timeout };
}

/** A record of any collection, as the generic {@link anyRepository} sees it. */
export type AnyRecord = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * A collection's repository with its entity type erased, for tests that loop over every collection. The
 * port types each repository precisely; a loop over names can only use their common shape.
 */
export function anyRepository(session: StoreSession, name: CollectionName): Repository<AnyRecord> {
  return session[name] as unknown as Repository<AnyRecord>;
}
