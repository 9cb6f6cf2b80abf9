/**
 * The memory store's repository, one class for every collection of the catalogue: validation against the
 * entity schema and the field whitelist, filters evaluated with `matchesFilter` (its `related` nodes answered
 * from the store's other tables as they stand in the operation), unique keys looked up in the
 * table's unique indexes, keyset pages, and copies in and out so no caller ever holds stored state.
 *
 * @module
 */
import { notFound, matchesFilter, relatedKeys, type ComparableValue, type Filter, type MatchFilterOptions, type RelatedFilter } from 'polity';
import { definedEntries, guardedChangeEntries, invalidField as invalid, type LooseFields as Fields, type LooseGuardedUpdate, type LooseListQuery, assertFilterFields, assertKnownFields, compareOrderKeys, decodeCursor, encodeCursor, orderKeys, orderValues, pageLimit, readUniqueKey, type OrderInput, type OrderValue } from 'polity/store-kit';
import type { MemoryTable } from './memory-table';
import type { Operation, OperationKind } from './memory-engine';
import { copyRecord as copy, toStoredRecord, type StoredRecord } from './stored-record';

/** How a repository reaches its engine (see `MemoryEngine`). */
export interface RepositoryEngine {
  /** Runs an operation atomically (`MemoryEngine.operate`); `write` ones are refused in a read-only transaction. */
  run<R>(operation: Operation<R>, kind?: OperationKind): Promise<R>;
  /** Refuses a lock outside a transaction (`MemoryEngine.assertLockable`). */
  assertLockable(lock: unknown): void;
}

/** The `options` of a read, as the port types them. */
interface LooseReadOptions {
  readonly lock?: unknown;
}


/** Every table of the store, by collection name: what `related` filter nodes read. */
export type MemoryTables = ReadonlyMap<string, MemoryTable>;

/**
 * The options `matchesFilter` needs for one operation: `related` nodes answered from the tables as they are
 * (inside a transaction, with its own writes), each node's keys collected once for the whole operation rather
 * than once per record. Make it inside the operation, so no other transaction's writes can come in between.
 */
export function matchOptions(tables: MemoryTables): MatchFilterOptions {
  const keys = new Map<RelatedFilter, Set<ComparableValue>>();
  const options: MatchFilterOptions = {
    related: (node) => {
      let found = keys.get(node);
      if (found === undefined) {
        // The collection was checked against the catalogue before the operation ran.
        found = relatedKeys(node, (tables.get(node.collection) as MemoryTable).rows(), options);
        keys.set(node, found);
      }
      return found;
    },
  };
  return options;
}

/** The memory store's repository of one collection; see the `Repository` port for each method's contract. */
export class MemoryRepository {
  readonly #table: MemoryTable;
  readonly #engine: RepositoryEngine;
  readonly #tables: MemoryTables;

  constructor(table: MemoryTable, engine: RepositoryEngine, tables: MemoryTables) {
    this.#table = table;
    this.#engine = engine;
    this.#tables = tables;
  }

  #run<R>(operation: Operation<R>, kind: OperationKind = 'read'): Promise<R> {
    return this.#engine.run(operation, kind);
  }

  get #definition() {
    return this.#table.definition;
  }

  async get(id: string, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    this.#engine.assertLockable(options.lock);
    return this.#run(() => {
      const record = this.#table.get(id);
      return record === undefined ? null : copy(record);
    });
  }

  async findOne(where: Filter, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    this.#checkFilter(where);
    this.#engine.assertLockable(options.lock);
    return this.#run(() => {
      const options = matchOptions(this.#tables);
      let first: StoredRecord | undefined;
      for (const record of this.#table.rows()) {
        if ((first === undefined || record.id < first.id) && matchesFilter(where, record, options)) first = record;
      }
      return first === undefined ? null : copy(first);
    });
  }

  async findUnique(constraint: string, key: Fields, options: LooseReadOptions = {}): Promise<StoredRecord | null> {
    const lookup = readUniqueKey(this.#definition, constraint, key);
    this.#engine.assertLockable(options.lock);
    return this.#run(() => {
      const record = this.#table.holderOf(lookup.constraint.name, lookup.values);
      return record === undefined ? null : copy(record);
    });
  }

  async insert(record: Fields): Promise<StoredRecord> {
    const stored = this.#validate(record, 'record');
    return this.#run((undo) => {
      this.#table.write(undo, stored, 'insert');
      return copy(stored);
    }, 'write');
  }

  /** Inserts several records, all or none (used by `enqueue`). */
  async insertAll(records: readonly Fields[]): Promise<void> {
    const stored = records.map((record) => this.#validate(record, 'record'));
    return this.#run((undo) => {
      for (const record of stored) this.#table.write(undo, record, 'insert');
    }, 'write');
  }

  async update(id: string, patch: Fields): Promise<StoredRecord> {
    const entries = this.#checkChange(definedEntries(patch), 'patch');
    return this.#run((undo) => {
      const current = this.#table.get(id);
      if (current === undefined) {
        throw notFound('record', id, { collection: this.#definition.name });
      }
      const next = this.#validate({ ...current, ...Object.fromEntries(entries) }, 'patch');
      this.#table.write(undo, next, 'replace');
      return copy(next);
    }, 'write');
  }

  async guardedUpdate(change: LooseGuardedUpdate): Promise<StoredRecord[]> {
    this.#checkFilter(change.where);
    const { sets, increments } = guardedChangeEntries(change, (entries, path) => this.#checkChange(entries, path));
    return this.#run((undo) => {
      const options = matchOptions(this.#tables);
      const matched = [...this.#table.rows()].filter((record) => matchesFilter(change.where, record, options));
      matched.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // Every match is written before any is returned; a failure on one reverts all (the operation's savepoint).
      return matched.map((current) => {
        const next: Record<string, unknown> = { ...current, ...Object.fromEntries(sets) };
        for (const [field, delta] of increments) {
          const value = current[field];
          // As in SQL, `null + n` stays null.
          if (value === null) continue;
          if (typeof value !== 'number') throw invalid('increment', `"${field}" of ${this.#definition.name} is not a number`, 'not_a_number');
          next[field] = value + (delta as number);
        }
        const stored = this.#validate(next, 'guarded update');
        this.#table.write(undo, stored, 'replace');
        return copy(stored);
      });
    }, 'write');
  }

  async delete(id: string): Promise<boolean> {
    return this.#run((undo) => this.#table.remove(undo, id), 'write');
  }

  async deleteWhere(where: Filter): Promise<number> {
    this.#checkFilter(where);
    return this.#run((undo) => {
      const options = matchOptions(this.#tables);
      const doomed = [...this.#table.rows()].filter((record) => matchesFilter(where, record, options));
      for (const record of doomed) this.#table.remove(undo, record.id);
      return doomed.length;
    }, 'write');
  }

  async list(query: LooseListQuery = {}): Promise<{ items: StoredRecord[]; nextCursor: string | null }> {
    const keys = orderKeys(query.orderBy);
    assertKnownFields(this.#definition, keys.map((key) => key.field), 'orderBy');
    if (query.where !== undefined) this.#checkFilter(query.where);
    const limit = pageLimit(query.limit);
    const after = query.after === undefined || query.after === null ? null : decodeCursor(query.after, keys);
    const { where } = query;
    const matching = query.matching as ((record: StoredRecord) => boolean) | undefined;
    if (matching !== undefined && typeof matching !== 'function') throw invalid('matching', 'matching is a function of a record', 'invalid_type');
    return this.#run(() => {
      const options = matchOptions(this.#tables);
      const candidates: { record: StoredRecord; values: OrderValue[] }[] = [];
      for (const record of this.#table.rows()) {
        if (where !== undefined && !matchesFilter(where, record, options)) continue;
        // The predicate sees a copy: it cannot change stored state, whatever it does.
        if (matching !== undefined && !matching(copy(record))) continue;
        const values = orderValues(record, keys);
        if (after !== null && compareOrderKeys(values, after, keys) <= 0) continue;
        candidates.push({ record, values });
      }
      candidates.sort((a, b) => compareOrderKeys(a.values, b.values, keys));
      const page = candidates.slice(0, limit);
      const last = page.at(-1);
      // A page says whether more follows: there is a next cursor exactly when a record lies beyond this page.
      const nextCursor = candidates.length > limit && last !== undefined ? encodeCursor(keys, last.values) : null;
      return { items: page.map((candidate) => copy(candidate.record)), nextCursor };
    });
  }

  async count(where?: Filter): Promise<number> {
    if (where !== undefined) this.#checkFilter(where);
    return this.#run(() => {
      const options = matchOptions(this.#tables);
      let count = 0;
      for (const record of this.#table.rows()) if (where === undefined || matchesFilter(where, record, options)) count += 1;
      return count;
    });
  }

  #checkFilter(where: Filter): void {
    assertFilterFields(this.#definition, where, 'where');
  }

  /** Checks the fields a change names: all known, and never `id`. */
  #checkChange<V>(entries: [string, V][], path: string): [string, V][] {
    assertKnownFields(this.#definition, entries.map(([field]) => field), path);
    if (entries.some(([field]) => field === 'id')) throw invalid(path, 'the id of a record cannot change', 'immutable_id');
    return entries;
  }

  #validate(record: unknown, path: string): StoredRecord {
    return toStoredRecord(this.#definition, record, path);
  }
}
