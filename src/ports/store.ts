/**
 * The Store port: one repository per collection of the domain catalogue, transactions, and the outbox.
 * Adapters (`polity/adapters/memory`, the Postgres adapter) implement it; every adapter passes the one
 * conformance suite in `polity/testing`.
 *
 * @module
 */
import type { CollectionName, EntityOf } from '../domain/collections';
import type { Filter } from '../domain/filter';
import type { OutboxMessage } from '../domain/outbox-message';

/** One ordering key of a list. Order only by fields that never change if paging must be stable. */
export interface OrderBy<T> {
  readonly field: keyof T & string;
  readonly direction?: 'asc' | 'desc';
}

/** What to list: a filter, an order, a page size and where to continue. */
export interface ListQuery<T> {
  /**
   * A condition the filter language cannot express, tested on each record the filter matched (a
   * case-insensitive search, a policy check per row). The page holds only records satisfying both, in keyset
   * order; `nextCursor` is set exactly when another such record follows, and continues just after the last
   * item returned. The adapter reads as many records as it needs to fill the page, in chunks, so a predicate
   * that rejects most records costs reads, never a short page. It MUST be pure and synchronous (it may be
   * called again on the same record when the transaction runs again) and MUST NOT call the store.
   */
  readonly matching?: (record: T) => boolean;
  /** Which records; all when absent. Usually built with `where` or produced by a policy query plan. */
  readonly where?: Filter;
  /** Ordering keys; `id` is always appended as the final tie-breaker, so the order is total. Default: by `id`. */
  readonly orderBy?: readonly OrderBy<T>[];
  /**
   * Page size, 1–1000.
   * @defaultValue 50
   */
  readonly limit?: number;
  /** The `nextCursor` of the previous page, to continue after it. */
  readonly after?: string | null;
}

/** One page of a list. A page never hides that more follows. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` to get the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Numeric fields of T (what {@link GuardedUpdate.increment} may change). */
export type NumericFields<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T] & string;

/**
 * A conditional update whose filter is both selector and guard: the change applies to exactly the records
 * matching `where` at the moment of the write, atomically. "Take a seat where used < allocated" under any
 * number of concurrent callers grants no more seats than there are.
 */
export interface GuardedUpdate<T> {
  readonly where: Filter;
  /** Fields to set to a value. `id` cannot change. */
  readonly set?: Partial<Omit<T, 'id'>>;
  /** Numeric fields to add to (negative to subtract). */
  readonly increment?: Partial<Record<NumericFields<T>, number>>;
}

/**
 * The key of a unique constraint, as {@link Repository.findUnique} takes it: a value for each of the
 * constraint's fields, typed as the entity types them (which fields a constraint has is checked when called).
 */
export type UniqueKey<T> = { readonly [K in keyof T]?: T[K] };

/**
 * How a read inside a transaction treats the records it returns (see {@link Repository.get}).
 */
export interface ReadOptions {
  /**
   * Lock what the read returns until the transaction ends:
   *
   * - `update`: for a record the transaction will change or decides on. Concurrent `update` lockers and
   *   writers of that record wait until this transaction ends, then read the newest committed version, so
   *   two transactions deciding on one record (approving one request) run one after the other.
   *   PostgreSQL: `FOR NO KEY UPDATE` (which does not block inserts referencing the record).
   * - `share`: the record must not change while the transaction relies on it; concurrent `share` lockers
   *   proceed, writers and `update` lockers wait. PostgreSQL: `FOR SHARE`.
   *
   * The memory store runs one transaction at a time, so its locks never wait. Outside a transaction a lock
   * would end at once: it is refused (`invalid_input`, code `lock_outside_transaction`).
   */
  readonly lock?: 'update' | 'share';
}

/**
 * The repository of one collection. Every method validates what it writes against the entity schema, and
 * refuses filters or orderings that name fields the entity does not have (`invalid_input`).
 */
export interface Repository<T extends { id: string }> {
  /**
   * The record with this id, or `null` when there is none.
   * @param options - {@link ReadOptions}: lock the record inside a transaction.
   */
  get(id: string, options?: ReadOptions): Promise<T | null>;
  /**
   * The first record matching the filter in id order, or `null`. With a lock, the first matching record is
   * locked; under a concurrent change it is the first that still matches once locked.
   * @param options - {@link ReadOptions}.
   */
  findOne(where: Filter, options?: ReadOptions): Promise<T | null>;
  /**
   * The record holding a unique key, compared the way its unique constraint compares: the one record an
   * insert of the same values would clash with. Filters compare exactly; this is the lookup to use where
   * the constraint does not, as for e-mail addresses.
   *
   * - `constraint` names one of this collection's unique constraints in the catalogue (`collections`).
   * - `key` gives a value for each field of the constraint and for no other. Each value is read with its
   *   field's schema, as a write reads it (texts trimmed …).
   * - Fields the constraint lists as case-insensitive compare lower-cased with JavaScript's `toLowerCase()`,
   *   as every adapter stores and compares them; the other fields compare exactly.
   * - A partial constraint only holds the records matching its `where`: an address is not found on a
   *   deleted account, which no longer holds it.
   *
   * Inside a transaction it sees the transaction's own writes, like {@link Repository.get}. The Postgres
   * adapter answers it from the constraint's unique index.
   *
   * @param constraint - A catalogue constraint of this collection, e.g. `users.email`.
   * @param key - The constraint's fields and their values, e.g. `{ email: 'eleni.petrou@gov.gr' }`.
   * @param options - {@link ReadOptions}: lock the record found inside a transaction.
   * @returns The record, or `null` when no record holds the key.
   * @throws `invalid_input` for a constraint the collection does not have (issue path `constraint`), a key
   *   that is not an object, a field missing from the key or not in the constraint, a `null` value (never
   *   part of a unique key), or a value its field's schema refuses (issue path `key.<field>`).
   *
   * @example
   * ```ts
   * // Registered as "Eleni.Petrou@Gov.gr": found, as the address is unique whatever its case.
   * const account = await store.users.findUnique('users.email', { email: 'eleni.petrou@gov.gr' });
   * ```
   */
  findUnique(constraint: string, key: UniqueKey<T>, options?: ReadOptions): Promise<T | null>;
  /**
   * Adds a record.
   * @throws `conflict` when the id exists or a unique constraint would break (`details.constraint` names it).
   * @throws `invalid_input` when the record does not satisfy the entity schema.
   */
  insert(record: T): Promise<T>;
  /**
   * Changes fields of a record and returns the new version.
   * @throws `not_found` when there is no record with this id.
   * @throws `conflict` / `invalid_input` as for {@link Repository.insert}.
   */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T>;
  /**
   * Applies a guarded change atomically to every record matching its filter and returns the new versions;
   * an empty array when no record matched (the guard refused). Under concurrent calls each record is
   * changed by one caller at a time, and the filter is re-checked against the latest version.
   */
  guardedUpdate(change: GuardedUpdate<T>): Promise<T[]>;
  /**
   * Removes a record.
   * @returns whether a record was removed.
   */
  delete(id: string): Promise<boolean>;
  /** Removes every record matching the filter (housekeeping) and returns how many. */
  deleteWhere(where: Filter): Promise<number>;
  /**
   * One page of the records matching the filter, in keyset order. Records that existed when paging began and
   * still match are returned exactly once across pages, whatever is inserted meanwhile, provided the ordering
   * fields do not change.
   */
  list(query?: ListQuery<T>): Promise<Page<T>>;
  /** How many records match the filter. */
  count(where?: Filter): Promise<number>;
}

/** A repository for every collection of the domain catalogue. */
export type Repositories = { readonly [N in CollectionName]: Repository<EntityOf<N>> };

/**
 * How a transaction is isolated from concurrent ones.
 *
 * - `read committed`: each statement sees what was committed before it began. Invariants that races could
 *   break are the caller's to hold, with guarded writes, unique constraints and locking reads
 *   ({@link ReadOptions.lock}). The body runs again only after a deadlock.
 * - `repeatable read`: one snapshot for the whole transaction, so several reads agree with each other. With
 *   `readOnly` it never has to run again.
 * - `serializable`: the outcome is that of some order of the concurrent transactions one after the other;
 *   for a body that must hold a predicate over records it does not lock ("fewer than three rooms"). The
 *   body may run again after a serialization failure.
 */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** Options of {@link StoreSession.transaction}. */
export interface TransactionOptions {
  /**
   * The isolation the body needs (see {@link IsolationLevel}). Left out, the adapter picks one under which
   * whatever the body reads still holds at its commit (the Postgres adapter: READ COMMITTED while the body
   * writes records by id only, SERIALIZABLE from its first read, running the body again if it must).
   */
  readonly isolation?: IsolationLevel;
  /**
   * The body only reads: a write is refused (`internal`, a bug in the caller). On PostgreSQL, `READ ONLY`.
   * @defaultValue false
   */
  readonly readOnly?: boolean;
}

/**
 * What a transaction body works with: the repositories, the outbox, and nested transactions that join it.
 */
export interface StoreSession extends Repositories {
  /**
   * Writes notifications into the outbox as part of the current transaction: committed with the change,
   * or discarded with it.
   */
  enqueue(messages: OutboxMessage | readonly OutboxMessage[]): Promise<void>;
  /**
   * Runs `fn` in a transaction: every write inside commits together, or none does when `fn` throws (the
   * error is rethrown). Called on a session that is already in a transaction, it joins that transaction
   * rather than waiting for it (a savepoint, with the outer transaction's isolation: `options` are then
   * ignored). Concurrent top-level transactions never see each other's uncommitted writes. Without options,
   * invariants checked inside one hold at its commit; with an {@link TransactionOptions.isolation}, what that
   * level promises.
   *
   * The body may run more than once (after a deadlock, a serialization failure, or to move to a stricter
   * isolation): keep its effects inside the store.
   *
   * @param options - See {@link TransactionOptions}.
   */
  transaction<R>(fn: (tx: StoreSession) => Promise<R>, options?: TransactionOptions): Promise<R>;
}

/** What {@link OutboxQueue.claim} is asked for. */
export interface OutboxClaimRequest {
  /** The instant that decides what is due and which leases have run out. */
  readonly now: Date;
  /** The lease to write: the claim holds until this instant, which must be later than `now`. */
  readonly leaseUntil: Date;
  /** The most messages to lease, 1–1000. */
  readonly limit: number;
}

/**
 * The outcome a dispatcher records for a message it leased:
 *
 * - `sent`: `status` becomes `sent` and `sentAt` is `at`; `payload`, when given, replaces the stored one
 *   (secret fields redacted);
 * - `retry`: stays `pending`, one more attempt, due again at `availableAt`, `lastError` is `error`;
 * - `failed`: parked as `failed`, one more attempt, `availableAt` is `at` (the parking time), `lastError` is `error`.
 *
 * Each also clears the lease.
 */
export type OutboxSettlement =
  | { readonly type: 'sent'; readonly id: string; readonly at: Date; readonly payload?: OutboxMessage['payload'] }
  | { readonly type: 'retry'; readonly id: string; readonly availableAt: Date; readonly error: string }
  | { readonly type: 'failed'; readonly id: string; readonly at: Date; readonly error: string };

/**
 * An optional Store capability: the outbox as a work queue, claimed and settled in one atomic step each
 * (on PostgreSQL one statement: `FOR UPDATE SKIP LOCKED`). The dispatcher uses it when a store offers it
 * and falls back to `list` + `guardedUpdate` otherwise; both mean the same, so an adapter may leave it out.
 * The lease it writes, not a row lock, is what protects a message while it is sent: no transaction stays
 * open between the calls.
 */
export interface OutboxQueue {
  /**
   * Leases up to `limit` claimable messages (pending, `availableAt <= now`, no lease or one that ended
   * before `now`), the longest due first (by `availableAt`, then `id`), by setting `leaseUntil`, and returns
   * them as leased. Concurrent callers lease disjoint sets; an empty result means nothing was claimable.
   * @throws `invalid_input` for a limit outside 1–1000 or a lease that does not end after `now`.
   */
  claim(request: OutboxClaimRequest): Promise<OutboxMessage[]>;
  /**
   * Records outcomes, each only where the message is still pending and still carries the lease
   * `leaseUntil` (a lease that ran out and was taken by another claim changes nothing), all together, and
   * returns the ids recorded, in id order.
   * @throws `invalid_input` for a settlement the outbox schema refuses (an error over 2,000 characters …) or
   *   an invalid lease; nothing of the batch is recorded then.
   */
  settle(leaseUntil: Date, settlements: readonly OutboxSettlement[]): Promise<string[]>;
}

/** A store: a session outside any transaction, plus lifecycle. Each call made directly on it is atomic. */
export interface Store extends StoreSession {
  /** The adapter's name, for messages and test titles (`memory`, `postgres`, `pglite`). */
  readonly adapter: string;
  /**
   * The outbox as a work queue in one atomic step per claim and per settlement, when the adapter offers it
   * (the memory and Postgres adapters do). Optional: see {@link OutboxQueue}.
   */
  readonly outboxQueue?: OutboxQueue;
  /** Releases what the store holds (connections); the store is unusable afterwards. */
  close(): Promise<void>;
}
