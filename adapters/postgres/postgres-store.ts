/**
 * The Postgres Store adapter: every collection of the catalogue as a table (see `migrate`), on a
 * `pg.Pool`, a `pg.Client` or an embedded PGlite.
 *
 * @module
 */
import { PolityError, collectionNames, type CollectionName, type EntityOf, type Store, type StoreSession, type TransactionOptions } from 'polity';
import { pgOutboxQueue } from './outbox-claim';
import { PgEngine, type RetryOptions, type TransactionContext } from './pg-engine';
import { PgRepository, tableRuntime } from './pg-repository';
import { connectionSource, type SqlClient } from './sql-client';
import { schemaNamePattern, tableSpecs } from './tables';

/** The schema the adapter uses when none is given. */
export const defaultSchema = 'polity';

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /**
   * The schema holding polity's tables, as created by `migrate(client, { schema })`: a plain lower-case
   * identifier. Every statement names it, so several stores (one per schema) can share one pool.
   * @defaultValue `'polity'`
   */
  readonly schema?: string;
  /**
   * Run statements as named (prepared) statements, parsed and planned once per connection. Only
   * node-postgres supports it.
   * @defaultValue `true` for node-postgres, `false` for PGlite and other clients
   */
  readonly preparedStatements?: boolean;
  /** How transactions run again after a serialization failure or a deadlock. */
  readonly retry?: RetryOptions;
  /**
   * Also end the client when the store closes (`end()` of a pool or client, `close()` of PGlite). By
   * default the client stays open: whoever created it ends it.
   * @defaultValue false
   */
  readonly closeClient?: boolean;
  /** The adapter name reported by `store.adapter`. @defaultValue `'postgres'` */
  readonly name?: string;
}

function createSession(engine: PgEngine, base: ReadonlyMap<CollectionName, PgRepository>, context: TransactionContext | undefined): StoreSession {
  const session: Record<string, unknown> = {};
  for (const [name, repository] of base) session[name] = context === undefined ? repository : repository.withTransaction(context);
  const outbox = session['outbox'] as PgRepository;
  session['enqueue'] = async (messages: EntityOf<'outbox'> | readonly EntityOf<'outbox'>[]): Promise<void> => {
    await outbox.insertAll(Array.isArray(messages) ? messages : [messages as EntityOf<'outbox'>]);
  };
  session['transaction'] = <R>(fn: (tx: StoreSession) => Promise<R>, options?: TransactionOptions): Promise<R> =>
    engine.transaction(context, (inner) => fn(inner === context ? (session as unknown as StoreSession) : createSession(engine, base, inner)), options);
  // One generic repository serves every collection; its loosely typed methods are checked at run time
  // against each collection's schema, which is what the port's per-collection types promise.
  return session as unknown as StoreSession;
}

async function endClient(client: SqlClient): Promise<void> {
  const closable = client as { end?: () => Promise<void>; close?: () => Promise<void> };
  if (typeof closable.end === 'function') await closable.end();
  else if (typeof closable.close === 'function') await closable.close();
}

/**
 * Creates a {@link Store} on PostgreSQL (15 or later) or PGlite, which keeps every promise of the port and
 * passes the conformance suite. Run {@link migrate} on the same schema first.
 *
 * - **Clients.** A `pg.Pool`: each transaction checks out one connection for its whole life (never `BEGIN`
 *   through `pool.query`), single calls use any. A `pg.Client` or PGlite (one connection): transactions and
 *   single calls take turns, first come first served, so one caller never joins another's transaction.
 * - **Writes.** Every record is validated with its collection's schema (`invalid_input`); filters,
 *   orderings and changes may only name the entity's fields. Unique constraints are unique indexes named
 *   after the catalogue (`conflict`, `details.constraint`); case-insensitive ones compare the value
 *   lower-cased by JavaScript, as the memory store does, whatever the server's locale. Check constraints
 *   mirror the schemas' rules across fields (`used + reserved <= allocated`, `endsAt > startsAt` …).
 * - **Single calls** are one autocommit statement each, at READ COMMITTED. A `guardedUpdate` is one
 *   `UPDATE … WHERE guard RETURNING`: PostgreSQL re-checks the guard on the newest row version under the row
 *   lock, so concurrent seat claims never oversubscribe, with no retry. An `update` is one `UPDATE … RETURNING`
 *   too: each value is validated on its own, the rules across fields are check constraints evaluated on the
 *   locked row.
 * - **Transactions** run on one connection, at the isolation what they do needs: while they only write
 *   records named by id (insert, update, delete, enqueue, a guarded update pinned to ids) READ COMMITTED, whose
 *   row locks serialise them; from their first read (get, findOne, findUnique, list, count) or write over a condition,
 *   SERIALIZABLE, so a read-check-write (count, then insert) holds under any number of concurrent callers.
 *   A serialization failure or deadlock rolls the transaction back and runs the body again (up to
 *   `retry.attempts`, after a random pause), and so does a read after writes at READ COMMITTED (at
 *   SERIALIZABLE then): **a transaction body may run more than once** and must keep its effects inside the
 *   store (write notifications to the outbox). Nested transactions, and store calls made inside a running
 *   transaction's async context, join it as savepoints.
 * - **A refused write inside a transaction.** A unique clash on insert or enqueue, and on an update or
 *   guarded update that changes a uniquely constrained field, is refused without aborting the transaction:
 *   catch the `conflict` and go on. Any other statement the database refuses (a foreign key, a check
 *   constraint) aborts the PostgreSQL transaction: it can then only roll back, and does, with that error.
 *   Wrap such a call in a nested `transaction` to catch it and go on.
 * - **Lists** compile the filter (a policy plan included) to a parameterised `WHERE`, page by keyset with
 *   the store-kit's opaque cursors, and turn a disjunction into one ordered index scan per branch. Texts
 *   order by `COLLATE "C"` (code point order), as the memory store orders them.
 * - **The outbox queue** (`store.outboxQueue`, what the dispatcher claims through): a claim is one
 *   `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING`, a batch's outcomes one
 *   `UPDATE … FROM jsonb_to_recordset(…)`; both autocommit, so no row stays locked while mail is sent.
 * - `close()` is idempotent; afterwards every call rejects with `internal` "store is closed", including the
 *   later calls of a running transaction (which therefore rolls back). It ends the client only with
 *   `closeClient`.
 *
 * @param client - A `pg.Pool`, `pg.Client` or PGlite instance (`pg` and `@electric-sql/pglite` are optional
 *   peer dependencies: install the one you use).
 * @param options - See {@link PostgresStoreOptions}.
 * @throws `PolityError` `invalid_input` when the schema name is not a plain lower-case identifier.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { where } from 'polity';
 * import { migrate, postgresStore } from 'polity/adapters/postgres';
 *
 * const db = await PGlite.create();
 * await migrate(db);
 * const store = postgresStore(db);
 * const [seat] = await store.licencePools.guardedUpdate({
 *   where: where.and(where.eq('organisationId', 'org_1'), where.lt('used', where.field('allocated'))),
 *   increment: { used: 1 },
 * });
 * if (seat === undefined) console.log('no licence left');
 * await store.close();
 * ```
 */
export function postgresStore(client: SqlClient, options: PostgresStoreOptions = {}): Store {
  const schema = options.schema ?? defaultSchema;
  if (!schemaNamePattern.test(schema)) {
    const message = `schema must be a lower-case SQL identifier (letters, digits, "_"), got ${JSON.stringify(schema)}`;
    throw new PolityError('invalid_input', message, { details: { issues: [{ path: 'schema', message, code: 'invalid_schema' }] } });
  }
  const source = connectionSource(client, options.preparedStatements === undefined ? {} : { preparedStatements: options.preparedStatements });
  const engine = new PgEngine(source, options.retry);
  const tables = tableSpecs(schema);
  const base = new Map(collectionNames.map((name) => [name, new PgRepository(tableRuntime(tables.get(name)!, engine), undefined)] as const));
  let closing: Promise<void> | null = null;
  return Object.assign(createSession(engine, base, undefined), {
    adapter: options.name ?? 'postgres',
    outboxQueue: pgOutboxQueue(tables.get('outbox')!, engine),
    close: (): Promise<void> => {
      engine.close();
      closing ??= options.closeClient === true ? endClient(client) : Promise.resolve();
      return closing;
    },
  });
}
