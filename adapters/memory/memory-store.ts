/**
 * The memory Store adapter: every collection of the catalogue held in maps, with transactions that roll
 * back for real. For tests, demos and single-process apps that need no persistence.
 *
 * @module
 */
import { collectionNames, collections, type CollectionName, type EntityOf, type Store, type StoreSession, type TransactionOptions } from 'polity';
import { MemoryEngine, type TransactionContext } from './memory-engine';
import { memoryOutboxQueue } from './memory-outbox-queue';
import { MemoryRepository } from './memory-repository';
import { MemoryTable } from './memory-table';
import { toStoredRecord } from './stored-record';
import { UndoLog } from './undo-log';

/** Records to start a memory store with, by collection. */
export type MemoryStoreSeed = { readonly [N in CollectionName]?: readonly EntityOf<N>[] };

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Records the store starts with. They are validated and checked against the unique constraints like any
   * insert.
   */
  readonly seed?: MemoryStoreSeed;
}

type Tables = ReadonlyMap<CollectionName, MemoryTable>;

function createSession(engine: MemoryEngine, tables: Tables, context: TransactionContext | undefined): StoreSession {
  const repositories = new Map<CollectionName, MemoryRepository>();
  for (const [name, table] of tables) {
    repositories.set(name, new MemoryRepository(table, { run: (operation, kind) => engine.operate(operation, context, kind), assertLockable: (lock) => engine.assertLockable(lock, context) }, tables));
  }
  const outbox = repositories.get('outbox') as MemoryRepository;
  const session: Record<string, unknown> = Object.fromEntries(repositories);
  session['enqueue'] = async (messages: EntityOf<'outbox'> | readonly EntityOf<'outbox'>[]): Promise<void> => {
    await outbox.insertAll(Array.isArray(messages) ? messages : [messages as EntityOf<'outbox'>]);
  };
  session['transaction'] = <R>(fn: (tx: StoreSession) => Promise<R>, options?: TransactionOptions): Promise<R> =>
    engine.transaction((inner) => fn(inner === context ? (session as unknown as StoreSession) : createSession(engine, tables, inner)), context, options);
  // One generic repository serves every collection; its loosely typed methods are checked at run time
  // against each collection's schema, which is what the port's per-collection types promise.
  return session as unknown as StoreSession;
}

/**
 * Creates an in-memory {@link Store} that keeps every promise of the port, and passes the conformance suite:
 *
 * - Every written record is validated with its collection's schema (`invalid_input`), filters, orderings and
 *   changes may only name the entity's fields (`invalid_input`), and the catalogue's unique constraints hold
 *   (`conflict` naming the constraint), checked through index maps rather than scans.
 * - Records are copied in and out: nothing a caller holds is ever stored state.
 * - Top-level transactions run one at a time (an async lock, first come first served), and a call made
 *   directly on the store is a one-operation transaction through the same lock, so nothing ever reads
 *   uncommitted data: every isolation level holds, and a locking read never waits. A read-only transaction
 *   refuses writes (`internal`). Writes apply in place with an undo log: when the body throws, every write (records,
 *   unique indexes, outbox) is reverted and the error rethrown.
 * - Nested transactions, and calls on the store made from within a running transaction's async context
 *   (tracked with `AsyncLocalStorage`), join that transaction instead of waiting for it. A joined body or
 *   single call that throws is rolled back to its savepoint: only its own writes are reverted, and if the
 *   caller catches the error, the outer transaction goes on.
 *   Savepoints share one undo log, as on one SQL connection: await nested transactions one after the other
 *   (rolling one back also reverts what a sibling running alongside it wrote since it started).
 * - A session kept after its transaction ended refuses work (`internal`).
 * - `close()` is idempotent; afterwards every call rejects with `internal` "store is closed", including the
 *   later calls of a transaction still running (which therefore rolls back) and transactions still queued.
 * - `outboxQueue` claims and settles outbox messages in one operation each under the same lock, the
 *   equivalent of PostgreSQL's `FOR UPDATE SKIP LOCKED` claim.
 *
 * Data lives only as long as the store object. Texts order by UTF-16 code unit.
 *
 * @param options - See {@link MemoryStoreOptions}.
 * @throws {@link polity!PolityError} `invalid_input` / `conflict` when a seed record is invalid or duplicated.
 *
 * @example
 * ```ts
 * import { where } from 'polity';
 * import { memoryStore } from 'polity/adapters/memory';
 *
 * const store = memoryStore();
 * const pool = await store.licencePools.findOne(where.eq('organisationId', 'org_1'));
 * await store.transaction(async (tx) => {
 *   // Take a seat only while one is free: the filter is both selector and guard.
 *   const [taken] = await tx.licencePools.guardedUpdate({
 *     where: where.and(where.eq('id', pool?.id ?? ''), where.lt('used', where.field('allocated'))),
 *     increment: { used: 1 },
 *   });
 *   if (taken === undefined) throw new Error('no licence left');
 * });
 * await store.close();
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const engine = new MemoryEngine();
  const tables: Tables = new Map(collectionNames.map((name) => [name, new MemoryTable(collections[name])]));
  if (options.seed !== undefined) seedTables(tables, options.seed);
  const store: Store = Object.assign(createSession(engine, tables, undefined), {
    adapter: 'memory',
    outboxQueue: memoryOutboxQueue(tables.get('outbox') as MemoryTable, (operation) => engine.operate(operation, undefined, 'write')),
    close: async (): Promise<void> => engine.close(),
  });
  return store;
}

function seedTables(tables: Tables, seed: MemoryStoreSeed): void {
  const undo = new UndoLog();
  for (const name of collectionNames) {
    const table = tables.get(name) as MemoryTable;
    const records = seed[name] ?? [];
    // Written straight to the table, synchronously, so the factory stays synchronous.
    for (const record of records) table.write(undo, toStoredRecord(table.definition, record, 'seed'), 'insert');
  }
}
